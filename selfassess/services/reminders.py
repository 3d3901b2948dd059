"""Reminders to everyone invited or active for a round who has not submitted: who they are,
how far each has got, and sending, at most once per person, round and UK day.

Each reminder is claimed by inserting its (round, e-mail, UK day) row, and its e-mail put
in the outbox, in one transaction; the unique key means of two sends at the same moment
(two consumers, or a lead and the periodic job) only one inserts it, so only one mails.
The outbox job delivers it after the commit, retrying while the mail server is down. With
no mail server the message is only logged and the claim not kept, so a later send can try.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from selfassess import clock
from selfassess.domain.organisation import RESPONDENT
from selfassess.domain.reminders import ReminderFacts, due
from selfassess.extensions import db
from selfassess.models import (
    OPEN,
    SUBMITTED,
    Answer,
    Invitation,
    Partner,
    Response,
    Round,
    User,
)
from selfassess.models.followup import Reminder
from selfassess.policy import Actor
from selfassess.services import Invalid, audit, mail, round_mail
from selfassess.services.invitations import waiting_respondents
from selfassess.services.questionnaires import snapshot_of
from selfassess.services.rounds import managed_round
from selfassess.services.transactions import end_read, writes

# ((name, e-mail), partner id, statements answered, invited): one person to remind.
_Person = tuple[tuple[str, str], int, int, bool]


@dataclass(frozen=True)
class Addressee:
    facts: ReminderFacts
    reminded_today: bool


@dataclass(frozen=True)
class ReminderPlan:
    """Who a reminder of the round would go to today."""

    round_id: int
    trust_id: int
    round_name: str
    is_open: bool
    addressees: tuple[Addressee, ...]

    @property
    def to_remind(self) -> tuple[ReminderFacts, ...]:
        return tuple(a.facts for a in self.addressees if not a.reminded_today)


@dataclass(frozen=True)
class ReminderOutcome:
    """E-mail addresses reminded, not e-mailed (no mail set up, or refused), and skipped
    because they were reminded today already."""

    sent: tuple[str, ...] = ()
    not_sent: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def plan(actor: Actor, round_id: int) -> ReminderPlan:
    """Active respondents without a submitted response, then open invitations, by partner."""
    round_ = managed_round(actor, round_id)
    total = sum(1 for _ in snapshot_of(round_.questionnaire_version).statements())
    partners = {
        p.pk: p.name
        for p in db.session.scalars(
            select(Partner).where(Partner.trust_id == round_.trust_id, Partner.removed_at.is_(None))
        )
    }
    today = clock.uk_today()
    reminded = set(
        db.session.scalars(
            select(Reminder.email).where(Reminder.round_id == round_id, Reminder.sent_on == today)
        )
    )
    found = [
        ReminderFacts(
            *person,
            round_.trust.name,
            round_.name,
            partners[partner],
            round_.closes_on,
            answered,
            total,
            invited,
        )
        for person, partner, answered, invited in _people(round_, partners)
    ]
    found.sort(key=lambda f: (f.partner, f.invited, f.name.casefold(), f.email))
    return ReminderPlan(
        round_.pk,
        round_.trust_id,
        round_.name,
        round_.status == OPEN,
        tuple(Addressee(f, f.email in reminded) for f in found),
    )


def _people(round_: Round, partners: dict[int, str]) -> list[_Person]:
    """((name, email), partner id, statements answered, invited) of everyone to remind."""
    submitted = select(Response.user_id).where(
        Response.round_id == round_.pk, Response.status == SUBMITTED, Response.user_id.is_not(None)
    )
    answered = dict(
        db.session.execute(
            select(Response.user_id, func.count(Answer.pk))
            .join(Answer, Answer.response_id == Response.pk)
            .where(Response.round_id == round_.pk, Response.user_id.is_not(None))
            .group_by(Response.user_id)
        ).all()
    )
    users = db.session.scalars(
        select(User).where(
            User.trust_id == round_.trust_id,
            User.role == RESPONDENT,
            User.active,
            User.pk.not_in(submitted),
        )
    ).all()
    people = [
        ((u.name, u.email), u.partner_id, answered.get(u.pk, 0), False)
        for u in users
        if u.partner_id in partners
    ]
    known = {u.email for u in users}
    invitations = db.session.scalars(
        select(Invitation).where(waiting_respondents(round_.trust_id))
    ).all()
    people += [
        ((i.name, i.email), i.partner_id, 0, True)
        for i in invitations
        if i.partner_id in partners and i.email not in known
    ]
    return people


def send(actor: Actor, round_id: int, link: str, dry_run: bool = False) -> ReminderOutcome:
    """Remind everyone of the plan not reminded today; with ``dry_run``, only say who
    would be (as ``sent``) and send nothing.

    :raises Invalid: the round is closed.
    """
    found = plan(actor, round_id)
    if not found.is_open:
        raise Invalid("The round is closed: there is nothing left to remind people about")
    skipped = [a.facts.email for a in found.addressees if a.reminded_today]
    end_read()
    if dry_run:
        return ReminderOutcome(tuple(f.email for f in found.to_remind), (), tuple(skipped))
    sent, not_sent = [], []
    today = clock.uk_today()
    for facts in found.to_remind:
        if not mail.configured():
            round_mail.send_reminder(facts, link)  # logged: the log is the only copy
            not_sent.append(facts.email)
        elif _claim(actor, round_id, facts, link, today):
            sent.append(facts.email)
        else:
            skipped.append(facts.email)
    if sent:
        _audit(actor, round_id, len(sent))
    return ReminderOutcome(tuple(sent), tuple(not_sent), tuple(skipped))


@writes
def _claim(actor: Actor, round_id: int, facts: ReminderFacts, link: str, day: dt.date) -> bool:
    """Record the reminder and queue its e-mail in one transaction; False if it is recorded
    already (by a send that ran at the same moment: the unique key refuses the second row,
    and the rollback drops its e-mail too)."""
    db.session.add(
        Reminder(round_id=round_id, email=facts.email, sent_on=day, sent_by=actor.user_id or None)
    )
    key = f"reminder:{round_id}:{facts.email}:{day.isoformat()}"
    try:
        db.session.flush()
        round_mail.send_reminder(facts, link, key=key, round_id=round_id)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


@writes
def _audit(actor: Actor, round_id: int, count: int) -> None:
    audit.record("reminders_sent", actor, target=f"round {round_id}", detail=f"{count} people")
    db.session.commit()


def due_rounds(today: dt.date) -> list[int]:
    """Open rounds whose closing date is 7 or 2 days after ``today`` (a UK date)."""
    rows = db.session.execute(
        select(Round.pk, Round.closes_on)
        .where(Round.status == OPEN, Round.closes_on.is_not(None))
        .order_by(Round.pk)
    ).all()
    return [pk for pk, closes_on in rows if due(closes_on, today)]
