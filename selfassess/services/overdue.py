"""Reminders to the owners of overdue actions: one the day after the due date, and one a
week after that, while the action is neither done nor dropped.

An action's owner is free text (a name or an address). When it names an active person of
the trust, by e-mail address or by name, they are reminded; otherwise the trust's leads
are, so that an overdue action never reminds nobody. Each reminder's outbox key (round,
item, due date, first or second) makes the periodic job idempotent: run twice, or by two
consumers at once, it queues each reminder once; a new due date starts afresh.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from selfassess import clock
from selfassess.domain.actions import ActionStatus
from selfassess.domain.organisation import LEAD
from selfassess.domain.reminders import long_date
from selfassess.extensions import db
from selfassess.models import PriorityAction, Round, User, utcnow
from selfassess.models.outbox import OutboxMessage
from selfassess.policy import Actor, is_admin
from selfassess.services import Forbidden, mail, round_mail
from selfassess.services.transactions import end_read, writes

AGAIN_AFTER = dt.timedelta(days=7)
OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


def remind(actor: Actor, today: dt.date, link: str) -> int:
    """Queue the reminders due ``today`` (a UK date); how many were queued."""
    if not is_admin(actor):
        raise Forbidden("only the job queue reminds action owners")
    if not mail.configured():
        return 0
    late = db.session.execute(
        select(PriorityAction.round_id, PriorityAction.item, PriorityAction.due_on).where(
            PriorityAction.due_on < today, PriorityAction.status.in_(OPEN_STATUSES)
        )
    ).all()
    end_read()
    return sum(
        int(_remind_one(round_id, item, due_on, today, link))
        for round_id, item, due_on in late
        if due_on is not None
    )


def key(round_id: int, item: str, due_on: dt.date, which: int) -> str:
    return f"overdue:{round_id}:{item}:{due_on.isoformat()}:{which}"


@writes
def _remind_one(round_id: int, item: str, due_on: dt.date, today: dt.date, link: str) -> int:
    first = db.session.scalar(
        select(OutboxMessage.created_at).where(OutboxMessage.key == key(round_id, item, due_on, 1))
    )
    if first is None:
        which = 1
    elif clock.to_uk(first).date() + AGAIN_AFTER <= today and not _queued(
        key(round_id, item, due_on, 2)
    ):
        which = 2
    else:
        return 0
    action = db.session.get(PriorityAction, (round_id, item))
    round_ = db.session.get(Round, round_id)
    if action is None or round_ is None:  # removed since it was listed
        return 0
    try:
        for name, email in _owners(round_, action.owner):
            subject, paragraphs = _words(round_, action, name, which)
            marker = key(round_id, item, due_on, which)
            round_mail.send_notice(email, subject, paragraphs, link, f"{marker}:{email}", round_id)
        # The marker row: this reminder is done for every addressee.
        db.session.add(
            OutboxMessage(
                key=key(round_id, item, due_on, which),
                recipient="",
                subject="(marker)",
                text="",
                round_id=round_id,
                sent_at=utcnow(),
            )
        )
        db.session.commit()
    except IntegrityError:  # another consumer queued it at the same moment
        db.session.rollback()
        return 0
    return 1


def _queued(marker: str) -> bool:
    found = db.session.scalar(select(OutboxMessage.pk).where(OutboxMessage.key == marker))
    return found is not None


def _owners(round_: Round, owner: str) -> list[tuple[str, str]]:
    """(name, address) of the owner if they are a person of the trust, else its leads."""
    people = db.session.scalars(
        select(User).where(User.trust_id == round_.trust_id, User.active).order_by(User.pk)
    ).all()

    def plain(text: str) -> str:
        return " ".join(text.split()).casefold()

    named = [u for u in people if plain(owner) in (plain(u.email), plain(u.name))]
    chosen = named[:1] or [u for u in people if u.role == LEAD]
    return [(u.name, u.email) for u in chosen]


def _words(round_: Round, action: PriorityAction, name: str, which: int) -> tuple[str, list[str]]:
    due = long_date(action.due_on) if action.due_on else ""
    again = "still " if which == 2 else ""
    return (
        f"Action {again}overdue: {round_.name}",
        [
            f"Dear {name},",
            f"An action agreed for \u201c{round_.name}\u201d (owner: {action.owner}) was due on "
            f"{due} and is {again}not marked as done:",
            action.action,
            "Sign in to update its status, or to agree a new date with your trust lead.",
        ],
    )
