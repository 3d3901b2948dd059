"""Response status of a round per partner, so a trust lead can chase; reopening responses
(with the lead's reason, which the respondent sees and which :class:`Reopened` hands to
whoever e-mails it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Row, func, select

from selfassess import clock
from selfassess.domain import lifecycle
from selfassess.domain.organisation import RESPONDENT
from selfassess.domain.text import InvalidText, clean_text
from selfassess.extensions import db
from selfassess.models import (
    DRAFT,
    SUBMITTED,
    Answer,
    Invitation,
    Partner,
    Response,
    Round,
    User,
    utcnow,
)
from selfassess.policy import Actor
from selfassess.services import Invalid, NotFound, audit
from selfassess.services.invitations import waiting_respondents
from selfassess.services.rounds import managed_round, round_open
from selfassess.services.transactions import writes


@dataclass(frozen=True)
class PersonStatus:
    """One respondent (or import label) of a partner in the round."""

    name: str
    state: str  # invited, not started, in progress, submitted
    last_activity: dt.datetime | None
    response_id: int | None


@dataclass(frozen=True)
class PartnerStatus:
    """Invited, started and submitted counts of one partner, with who is missing."""

    name: str
    invited: int
    started: int
    submitted: int
    last_activity: dt.datetime | None
    people: tuple[PersonStatus, ...]
    # Answers saved as carried from the last round and kept unchanged (docs/scoring.md §10).
    carried_unchanged: int = 0

    @property
    def missing(self) -> tuple[PersonStatus, ...]:
        return tuple(p for p in self.people if p.state != "submitted")


@dataclass(frozen=True)
class RoundStatus:
    round_id: int
    trust_id: int
    name: str
    is_open: bool
    closes_on: dt.date | None
    partners: tuple[PartnerStatus, ...]
    opens_on: dt.date | None = None
    # Open by its status but past its closing date: extending the date opens it again.
    closed_by_date: bool = False
    carried_from: bool = False  # started from the last round's answers (§10)


def _pending_invitations(trust_id: int) -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).where(waiting_respondents(trust_id))))


def _kept_per_partner(round_id: int) -> dict[int, int]:
    """Answers saved as carried from the last round and unchanged, by partner (§10)."""
    rows = db.session.execute(
        select(Response.partner_id, func.count(Answer.pk))
        .join(Answer, Answer.response_id == Response.pk)
        .where(Response.round_id == round_id, Answer.carried)
        .group_by(Response.partner_id)
    )
    return dict(rows.all())


def round_status(actor: Actor, round_id: int) -> RoundStatus:
    """Per partner: invited, started, submitted, last activity and who is missing."""
    round_ = managed_round(actor, round_id)
    partners = db.session.scalars(
        select(Partner).where(Partner.trust_id == round_.trust_id).order_by(Partner.name)
    ).all()
    responses = db.session.execute(
        select(Response, User.name)
        .outerjoin(User, Response.user_id == User.pk)
        .where(Response.round_id == round_id)
    ).all()
    users = db.session.scalars(
        select(User).where(User.trust_id == round_.trust_id, User.role == RESPONDENT, User.active)
    ).all()
    invitations = _pending_invitations(round_.trust_id)
    kept = _kept_per_partner(round_id)
    rows = []
    for partner in partners:
        people = _people(partner.pk, responses, users, invitations)
        if partner.removed_at and not any(p.response_id for p in people):
            continue
        activity = [p.last_activity for p in people if p.last_activity]
        rows.append(
            PartnerStatus(
                partner.name,
                len(people),
                sum(1 for p in people if p.state in ("in progress", "submitted")),
                sum(1 for p in people if p.state == "submitted"),
                max(activity) if activity else None,
                tuple(people),
                kept.get(partner.pk, 0),
            )
        )
    return RoundStatus(
        round_.pk,
        round_.trust_id,
        round_.name,
        round_open(round_),
        round_.closes_on,
        tuple(rows),
        round_.opens_on,
        lifecycle.closed_by_date(round_.status, round_.closes_on, clock.uk_today()),
        round_.carried_from_id is not None,
    )


def _people(
    partner_id: int,
    responses: Sequence[Row[Response, str]],
    users: Sequence[User],
    invitations: Sequence[Invitation],
) -> list[PersonStatus]:
    mine = [(r, name) for r, name in responses if r.partner_id == partner_id]
    answered = {r.user_id for r, _ in mine}
    people = [
        PersonStatus(
            name or r.respondent,
            "submitted" if r.status == SUBMITTED else "in progress",
            r.updated_at,
            r.pk,
        )
        for r, name in mine
    ]
    people += [
        PersonStatus(u.name, "not started", None, None)
        for u in users
        if u.partner_id == partner_id and u.pk not in answered
    ]
    people += [
        PersonStatus(f"{i.name} (invitation not accepted)", "invited", i.created_at, None)
        for i in invitations
        if i.partner_id == partner_id
    ]
    return sorted(people, key=lambda p: (p.state == "submitted", p.name))


REASON_LENGTH = 2_000


@dataclass(frozen=True)
class Reopened:
    """A response reopened by the lead: what the respondent is told, and where."""

    round_id: int
    round_name: str
    response_id: int
    respondent_name: str | None
    respondent_email: str | None
    partner_name: str
    reason: str


def reopen_preview(actor: Actor, response_id: int) -> Reopened:
    """What reopening would do (the confirmation page), before any reason is given."""
    response, round_ = _managed_response(actor, response_id)
    return _reopened(response, round_, "")


def _managed_response(actor: Actor, response_id: int) -> tuple[Response, Round]:
    response = db.session.get(Response, response_id)
    if response is None:
        raise NotFound(f"no response {response_id}")
    return response, managed_round(actor, response.round_id)


def _reopened(response: Response, round_: Round, reason: str) -> Reopened:
    user = db.session.get(User, response.user_id) if response.user_id else None
    partner = db.session.get(Partner, response.partner_id)
    return Reopened(
        round_.pk,
        round_.name,
        response.pk,
        user.name if user else response.respondent,
        user.email if user else None,
        partner.name if partner else "",
        reason,
    )


@writes
def reopen_response(actor: Actor, response_id: int, reason: str) -> Reopened:
    """Let a respondent correct a submitted response, saying why (the respondent sees the
    reason on their assessment; the returned value carries it for an e-mail).

    :raises Invalid: no reason, a closed round, or a response that is not submitted.
    """
    response, round_ = _managed_response(actor, response_id)
    try:
        reason = clean_text(reason, REASON_LENGTH)
    except InvalidText as exc:
        raise Invalid(f"The reason must be {REASON_LENGTH:,} characters or fewer") from exc
    if not reason:
        raise Invalid("Give the respondent a reason for reopening their response")
    if not round_open(round_):
        raise Invalid("Reopen the round first: a closed round accepts no changes")
    if response.status != SUBMITTED:
        raise Invalid("This response is not submitted")
    response.status, response.submitted_at = DRAFT, None
    response.updated_at = response.reopened_at = utcnow()
    response.reopen_reason = reason
    audit.record("response_reopened", actor, target=f"response {response_id}")
    db.session.commit()
    return _reopened(response, round_, reason)
