"""A round's report: results with coverage, agreed actions, sign-off and evidence notes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from selfassess.domain.actions import ActionStatus
from selfassess.domain.organisation import RESPONDENT
from selfassess.domain.report import Coverage, RoundReport, SignoffView
from selfassess.domain.results import RoundResults
from selfassess.domain.text import InvalidText, clean_text
from selfassess.extensions import db
from selfassess.models import (
    SUBMITTED,
    Answer,
    ItemNote,
    Partner,
    PriorityAction,
    Response,
    Round,
    Signoff,
    User,
    utcnow,
)
from selfassess.policy import Actor, can_manage_trust, can_read_evidence, can_read_results
from selfassess.services import Invalid, NotFound, actions, audit
from selfassess.services.agreement import load_agreed
from selfassess.services.invitations import waiting_respondents
from selfassess.services.progress import previous_round_id
from selfassess.services.questionnaires import snapshot_of
from selfassess.services.results import score_rounds
from selfassess.services.rounds import managed_round
from selfassess.services.transactions import reads, writes
from selfassess.services.validation import load_validations


@reads
def round_report(actor: Actor, round_id: int, evidence: bool = True) -> RoundReport:
    """The report of a round, for people who may read the trust's results; evidence notes
    only for those who may read them (never advisors). The command line and jobs act as
    ``SYSTEM`` (jobs say ``evidence`` for the variant of the board PDF they build)."""
    # With its version: the previous round is found by the questionnaire's slug.
    round_ = db.session.get(Round, round_id, options=[joinedload(Round.questionnaire_version)])
    if round_ is None or not can_read_results(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    previous = previous_round_id(round_id)
    scored = score_rounds([round_id] if previous is None else [round_id, previous])
    results = scored[round_id]
    before = None if previous is None else scored[previous]
    signoff = db.session.get(Signoff, round_id)
    readable = evidence and can_read_evidence(actor, round_.trust_id)
    return RoundReport(
        trust_id=round_.trust_id,
        results=results,
        coverage=_coverage(round_, results),
        actions=actions.action_views(round_id),
        signoff=SignoffView(signoff.ratified_on, signoff.minute_reference) if signoff else None,
        evidence=_evidence(round_id, results) if readable else None,
        can_edit=can_manage_trust(actor, round_.trust_id),
        previous=before,
        last_actions=actions.last_round(previous, before, results),
        validation=load_validations(round_id),
        agreed=load_agreed(round_id),
    )


@reads
def readable_results(round_id: int, actor: Actor) -> RoundResults:
    """Just the figures of a round (for charts), for people who may read its results."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can_read_results(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    return score_rounds([round_id])[round_id]


def _coverage(round_: Round, results: RoundResults) -> Coverage:
    """Invited respondents: those with a response, respondents without one, open invitations
    (three counts in one statement)."""
    answered_users = select(Response.user_id).where(
        Response.round_id == round_.pk, Response.user_id.is_not(None)
    )
    with_response = select(func.count()).where(Response.round_id == round_.pk)
    silent = select(func.count()).where(
        User.trust_id == round_.trust_id,
        User.role == RESPONDENT,
        User.active,
        User.pk.not_in(answered_users),
    )
    pending = select(func.count()).where(waiting_respondents(round_.trust_id))
    counted = db.session.execute(
        select(with_response.scalar_subquery(), silent.scalar_subquery(), pending.scalar_subquery())
    ).one()
    invited = sum(count or 0 for count in counted)
    submitted = sum(p.respondents_submitted for p in results.partners)
    return Coverage(
        partners_submitted=sum(1 for p in results.partners if p.respondents_submitted),
        partners_total=len(results.partners),
        respondents_submitted=submitted,
        respondents_invited=max(invited, submitted),
    )


def _evidence(round_id: int, results: RoundResults) -> dict[str, dict[str, tuple[str, ...]]]:
    """Evidence notes of submitted responses, per item and partner, without respondents."""
    item_of = results.questionnaire.item_of_statement
    grouped: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    notes = db.session.execute(
        select(ItemNote.item, Partner.name, ItemNote.text)
        .join(Response, ItemNote.response_id == Response.pk)
        .join(Partner, Response.partner_id == Partner.pk)
        .where(Response.round_id == round_id, Response.status == SUBMITTED)
    ).all()
    imported = db.session.execute(
        select(Answer.statement, Partner.name, Answer.evidence)
        .join(Response, Answer.response_id == Response.pk)
        .join(Partner, Response.partner_id == Partner.pk)
        .where(
            Response.round_id == round_id,
            Response.status == SUBMITTED,
            Answer.evidence.is_not(None),
        )
    ).all()
    for item, partner, text in notes:
        grouped[item][partner].append(text)
    for statement, partner, evidence in imported:
        if statement in item_of and evidence:
            grouped[item_of[statement]][partner].append(evidence)
    return {
        item: {p: tuple(sorted(t)) for p, t in sorted(by.items())} for item, by in grouped.items()
    }


@writes
def set_action(
    actor: Actor,
    round_id: int,
    item: str,
    action: str,
    owner: str,
    due_on: dt.date | None,
    status: ActionStatus = ActionStatus.NOT_STARTED,
    note: str = "",
) -> None:
    """Record (or, with an empty action, remove) the agreed action for a priority: its
    owner, due date and status, and a dated progress note when one is given. The lead
    may update it while the round is open and afterwards."""
    round_ = managed_round(actor, round_id)
    items = {i.slug for i in snapshot_of(round_.questionnaire_version).items}
    if item not in items:
        raise NotFound(f"no item {item}")
    try:
        action, owner = clean_text(action, 2_000), clean_text(owner, 200, single_line=True)
    except InvalidText as exc:
        raise Invalid(f"Action or owner {exc}") from exc
    existing = db.session.get(PriorityAction, (round_.pk, item))
    if not action:
        if existing is not None:
            db.session.delete(existing)
            audit.record("action_changed", actor, target=f"round {round_id}", detail=item)
        db.session.commit()
        return
    if existing is None:
        existing = PriorityAction(round_id=round_.pk, item=item)
        db.session.add(existing)
    existing.action, existing.owner, existing.due_on = action, owner, due_on
    existing.status, existing.updated_at = status, utcnow()
    db.session.flush()  # the action exists before a note refers to it
    actions.add_note(actor, existing, note)
    audit.record(
        "action_changed", actor, target=f"round {round_id}", detail=f"{item} {status.value}"
    )
    db.session.commit()


@writes
def record_signoff(actor: Actor, round_id: int, ratified_on: dt.date, minute: str) -> None:
    """Record that the board ratified the self-assessment (date and minute reference)."""
    round_ = managed_round(actor, round_id)
    try:
        minute = clean_text(minute, 200, single_line=True)
    except InvalidText as exc:
        raise Invalid(f"Minute reference {exc}") from exc
    if not minute:
        raise Invalid("Enter the minute reference of the board's decision")
    existing = db.session.get(Signoff, round_.pk)
    if existing is None:
        db.session.add(
            Signoff(
                round_id=round_.pk,
                ratified_on=ratified_on,
                minute_reference=minute,
                recorded_by=actor.user_id,
            )
        )
    else:
        existing.ratified_on, existing.minute_reference = ratified_on, minute
        existing.recorded_by, existing.recorded_at = actor.user_id, utcnow()
    audit.record("signed_off", actor, target=f"round {round_id}", detail=minute)
    db.session.commit()
