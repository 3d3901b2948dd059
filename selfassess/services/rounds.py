"""Assessment rounds: open, close, reopen, closing dates, targets.

Whether a round is open is decided in one place, :func:`round_open` (by
:func:`selfassess.domain.lifecycle.is_open`): a round past the end of its closing date, UK
time, counts as closed everywhere without a background job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from selfassess import clock
from selfassess.domain import Questionnaire, lifecycle
from selfassess.domain.priorities import FOCUS_MAX, FOCUS_MIN
from selfassess.domain.scale import DEFAULT_TARGET, LEVELS
from selfassess.extensions import db
from selfassess.models import (
    CLOSED,
    OPEN,
    SUBMITTED,
    QuestionnaireVersion,
    Response,
    Round,
    Target,
    utcnow,
)
from selfassess.policy import Actor, can_manage_trust, can_read_trust
from selfassess.services import Invalid, NotFound, audit
from selfassess.services import questionnaires as questionnaire_service
from selfassess.services.transactions import writes
from selfassess.services.trusts import clean_name, find_trust


def get_round(round_id: int) -> Round:
    """The round with this id.

    :raises NotFound: when there is none.
    """
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise NotFound(f"no round {round_id}")
    return round_


@writes
def open_round(
    actor: Actor,
    trust_ref: str,
    questionnaire: str,
    name: str,
    targets: Mapping[str, int] | None = None,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    carry_forward: bool = False,
) -> int:
    """Open a round on the current version of a questionnaire; returns the round id.
    Only someone who manages the trust may (the command line acts as ``SYSTEM``). With
    ``carry_forward``, respondents start from their answers to the trust's last round of
    this questionnaire (docs/scoring.md §10).

    :raises Invalid: for a duplicate name, unknown items or levels outside 1-4.
    """
    trust = find_trust(trust_ref)
    if not can_manage_trust(actor, trust.pk):
        raise NotFound(f"no trust '{trust_ref}'")
    version = questionnaire_service.current_version(questionnaire)
    content = questionnaire_service.snapshot_of(version)
    name = clean_name(name, "round name")
    errors = _target_errors(targets or {}, {i.slug for i in content.items})
    errors += lifecycle.date_problems(opens_on or clock.uk_today(), closes_on, clock.uk_today())
    taken = select(func.count()).where(Round.trust_id == trust.pk, Round.name == name)
    if db.session.scalar(taken):
        errors.append(f"'{trust.name}' already has a round named '{name}'")
    carried_from = _last_answered_round(trust.pk, questionnaire) if carry_forward else None
    if carry_forward and carried_from is None:
        errors.append(f"'{trust.name}' has no earlier round of this questionnaire to start from")
    if errors:
        raise Invalid(errors[0], errors)
    round_ = Round(
        carried_from_id=carried_from,
        trust_id=trust.pk,
        questionnaire_version_id=version.pk,
        name=name,
        opens_on=opens_on or clock.uk_today(),
        closes_on=closes_on,
        status=OPEN,
        targets=[Target(item=i, level=level) for i, level in (targets or {}).items()],
    )
    db.session.add(round_)
    db.session.flush()
    audit.record("round_opened", actor, target=f"round {round_.pk}", detail=name)
    db.session.commit()
    return round_.pk


def _last_answered_round(trust_id: int, slug: str) -> int | None:
    """The trust's latest round of this questionnaire (any version) with a submitted response."""
    answered = exists().where(Response.round_id == Round.pk, Response.status == SUBMITTED)
    return db.session.scalars(
        select(Round.pk)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.pk)
        .where(Round.trust_id == trust_id, QuestionnaireVersion.slug == slug, answered)
        .order_by(Round.opens_on.desc(), Round.pk.desc())
        .limit(1)
    ).first()


def round_open(round_: Round) -> bool:
    """Does the round accept answers now (open, and not past its closing date, UK time)?"""
    return lifecycle.is_open(round_.status, round_.closes_on, clock.uk_today())


def closed_clause() -> ColumnElement[bool]:
    """SQL for "this round counts as closed today" (the same rule as :func:`round_open`)."""
    return or_(
        Round.status != OPEN,
        and_(Round.closes_on.is_not(None), Round.closes_on < clock.uk_today()),
    )


def _target_errors(targets: Mapping[str, int], items: set[str]) -> list[str]:
    errors = []
    for item, level in targets.items():
        if item not in items:
            errors.append(f"unknown item '{item}' in targets")
        elif level not in LEVELS:
            errors.append(f"target for '{item}' must be 1, 2, 3 or 4, not {level}")
    return errors


@writes
def close_round(actor: Actor, round_id: int) -> None:
    """Close a round: no more answers are accepted; results stop being provisional.
    Only someone who manages the round's trust may (the command line acts as ``SYSTEM``)."""
    round_ = managed_round(actor, round_id)
    if round_.status == CLOSED:
        raise Invalid(f"round {round_id} is already closed")
    # A round past its date is closed already; closing it now just records when.
    round_.status = CLOSED
    round_.closed_at = utcnow()
    audit.record("round_closed", actor, target=f"round {round_id}")
    db.session.commit()


@writes
def reopen_round(actor: Actor, round_id: int) -> None:
    """Reopen a closed round: only someone who manages its trust."""
    round_ = managed_round(actor, round_id)
    if round_.status == OPEN:
        raise Invalid(f"round {round_id} is already open")
    if lifecycle.closed_by_date(OPEN, round_.closes_on, clock.uk_today()):
        raise Invalid("Its closing date has passed: set a new closing date to reopen it")
    round_.status = OPEN
    round_.closed_at = None
    audit.record("round_reopened", actor, target=f"round {round_id}")
    db.session.commit()


@writes
def set_closing_date(actor: Actor, round_id: int, closes_on: dt.date) -> None:
    """Extend (or move) a round's closing date; a round closed only by its date opens again.

    :raises Invalid: a date in the past or before the opening date.
    """
    round_ = managed_round(actor, round_id)
    problems = lifecycle.date_problems(round_.opens_on, closes_on, clock.uk_today())
    if problems:
        raise Invalid(problems[0], problems)
    before = round_.closes_on
    round_.closes_on = closes_on
    audit.record(
        "closing_date_changed", actor, target=f"round {round_id}", detail=f"{before} -> {closes_on}"
    )
    db.session.commit()


def managed_round(actor: Actor, round_id: int) -> Round:
    """A round of a trust the person manages (NotFound otherwise, never 'forbidden')."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can_manage_trust(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    return round_


@dataclass(frozen=True)
class RoundRow:
    """A round in a trust's list."""

    round_id: int
    name: str
    questionnaire: str
    status: str
    opens_on: dt.date
    closes_on: dt.date | None
    submitted: int


def list_rounds(actor: Actor, trust_id: int) -> list[RoundRow]:
    """The rounds of a trust, newest first, with submitted responses counted."""
    if not can_read_trust(actor, trust_id):
        raise NotFound(f"no trust {trust_id}")
    submitted = dict(
        db.session.execute(
            select(Response.round_id, func.count())
            .join(Round)
            .where(Round.trust_id == trust_id, Response.status == SUBMITTED)
            .group_by(Response.round_id)
        ).all()
    )
    rows = db.session.execute(
        select(Round, QuestionnaireVersion.title)
        .join(QuestionnaireVersion)
        .where(Round.trust_id == trust_id)
        .order_by(Round.opens_on.desc(), Round.pk.desc())
    ).all()
    return [
        RoundRow(
            r.pk,
            r.name,
            title,
            lifecycle.effective_status(r.status, r.closes_on, clock.uk_today()),
            r.opens_on,
            r.closes_on,
            submitted.get(r.pk, 0),
        )
        for r, title in rows
    ]


def check_manages(actor: Actor, round_id: int) -> None:
    """Raise NotFound unless the person manages this round's trust (before reading input)."""
    managed_round(actor, round_id)


def target_form(actor: Actor, round_id: int) -> tuple[str, Questionnaire, dict[str, int], int]:
    """What the targets page shows: round name, its questionnaire, current targets and K,
    the number of focus priorities."""
    round_ = managed_round(actor, round_id)
    content = questionnaire_service.snapshot_of(round_.questionnaire_version)
    return round_.name, content, targets_of(round_id), round_.focus_count


@writes
def set_targets(
    actor: Actor, round_id: int, targets: Mapping[str, int], focus: int | None = None
) -> None:
    """Replace a round's targets (items left out keep the default of 3) and, when given, K:
    how many priorities its results lead with (3-10)."""
    round_ = managed_round(actor, round_id)
    items = {i.slug for i in questionnaire_service.snapshot_of(round_.questionnaire_version).items}
    errors = _target_errors(targets, items)
    if focus is not None and not FOCUS_MIN <= focus <= FOCUS_MAX:
        errors.append(f"the number of focus priorities must be {FOCUS_MIN} to {FOCUS_MAX}")
    if errors:
        raise Invalid(errors[0], errors)
    round_.targets = [Target(item=i, level=v) for i, v in targets.items() if v != DEFAULT_TARGET]
    audit.record("targets_changed", actor, target=f"round {round_id}")
    if focus is not None:
        round_.focus_count = focus
    db.session.commit()


def targets_of(round_id: int) -> dict[str, int]:
    """Targets set for a round (items without one use the default of 3)."""
    rows = db.session.execute(select(Target.item, Target.level).where(Target.round_id == round_id))
    return dict(rows.all())
