"""The outbox: e-mails recorded in the transaction that causes them, delivered by a job.

``queue`` adds a row (unique ``key``) and defers the job ``deliver`` until the commit, so a
rolled-back change mails nobody. ``deliver`` claims the row with one conditional UPDATE
(only one consumer can take an unsent, unclaimed row), talks to the SMTP server, then marks
it sent: a job run twice, or by two consumers at once, sends one mail. A refusal releases
the claim and the job retries with back-off; after MAX_ATTEMPTS the message has failed for
good and is listed on its round's status page.
"""

from __future__ import annotations

import datetime as dt
import enum
import smtplib
import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select, update

from selfassess.extensions import db
from selfassess.models import utcnow
from selfassess.models.outbox import OutboxMessage
from selfassess.policy import Actor, is_admin
from selfassess.services import Forbidden, mail
from selfassess.services.deferred import defer
from selfassess.services.rounds import managed_round
from selfassess.services.transactions import changed, in_write, reads, writes

# A claim older than this is taken to be from a consumer that died mid-conversation
# (the SMTP timeout is 20 s), so another may try.
LEASE = dt.timedelta(minutes=5)
# With BACKOFF below, 12 attempts span about 17 hours: an outage of an hour costs nothing.
MAX_ATTEMPTS = 12


class Delivery(enum.StrEnum):
    SENT = "sent"
    ALREADY = "already"  # sent, failed or being sent by another consumer: nothing to do
    RETRY = "retry"
    FAILED = "failed"


def backoff(attempts: int) -> int:
    """Seconds before the next attempt: 30 s, 1, 2, 4, 8, 16 minutes ..., at most 4 hours."""
    return int(min(30 * 2 ** max(attempts - 1, 0), 4 * 3600))


def queue(
    to: str,
    subject: str,
    text: str,
    html: str | None,
    key: str | None = None,
    round_id: int | None = None,
) -> int:
    """Record a message and queue its delivery after the commit; the id of its row (the
    existing row when ``key`` is taken already: a message is queued once)."""
    if in_write():
        return _add(to, subject, text, html, key, round_id)
    return _queue_alone(to, subject, text, html, key, round_id)


@writes
def _queue_alone(
    to: str, subject: str, text: str, html: str | None, key: str | None, round_id: int | None
) -> int:
    pk = _add(to, subject, text, html, key, round_id)
    db.session.commit()
    return pk


def _add(
    to: str, subject: str, text: str, html: str | None, key: str | None, round_id: int | None
) -> int:
    key = key or f"message:{uuid.uuid4().hex}"
    existing = db.session.scalar(select(OutboxMessage.pk).where(OutboxMessage.key == key))
    if existing is not None:
        return int(existing)
    message = OutboxMessage(
        key=key, recipient=to, subject=subject, text=text, html=html, round_id=round_id
    )
    db.session.add(message)
    db.session.flush()
    defer("deliver", int(message.pk))
    return int(message.pk)


def deliver(actor: Actor, message_id: int) -> Delivery:
    """Send message ``message_id`` unless it is sent, failed or claimed by another run."""
    if not is_admin(actor):
        raise Forbidden("only the job queue delivers mail")
    claimed = _claim(message_id)
    if claimed is None:
        return Delivery.ALREADY
    try:
        mail.deliver(claimed.recipient, claimed.subject, claimed.text, claimed.html)
    except (OSError, smtplib.SMTPException) as exc:
        # The kind of error only: the body may carry a sign-in link.
        return _release(message_id, type(exc).__name__)
    _mark_sent(message_id)
    return Delivery.SENT


@dataclass(frozen=True)
class Claimed:
    recipient: str
    subject: str
    text: str
    html: str | None


@writes
def _claim(message_id: int) -> Claimed | None:
    now = utcnow()
    taken = changed(
        update(OutboxMessage)
        .where(
            OutboxMessage.pk == message_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < now - LEASE),
        )
        .values(claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if taken != 1:
        db.session.rollback()
        return None
    row = db.session.execute(
        select(
            OutboxMessage.recipient, OutboxMessage.subject, OutboxMessage.text, OutboxMessage.html
        ).where(OutboxMessage.pk == message_id)
    ).one()
    db.session.commit()
    return Claimed(*row)


@writes
def _mark_sent(message_id: int) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.pk == message_id)
        .values(sent_at=utcnow(), last_error=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


@writes
def _release(message_id: int, error: str) -> Delivery:
    message = db.session.get(OutboxMessage, message_id)
    if message is None:  # claimed a moment ago: only a round's deletion removes it
        return Delivery.ALREADY
    message.claimed_at = None
    message.last_error = error[:100]
    outcome = Delivery.RETRY
    if message.attempts >= MAX_ATTEMPTS:
        message.failed_at = utcnow()
        outcome = Delivery.FAILED
    db.session.commit()
    return outcome


@reads
def attempts(message_id: int) -> int:
    """How many times the message was tried (the job's back-off reads it)."""
    return int(
        db.session.scalar(select(OutboxMessage.attempts).where(OutboxMessage.pk == message_id)) or 0
    )


@dataclass(frozen=True)
class FailedMail:
    recipient: str
    subject: str
    error: str
    failed_at: dt.datetime


@reads
def failures(actor: Actor, round_id: int) -> list[FailedMail]:
    """Messages about the round that failed for good, newest first (for its managers)."""
    managed_round(actor, round_id)
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.round_id == round_id, OutboxMessage.failed_at.is_not(None))
        .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.pk)
    )
    return [
        FailedMail(m.recipient, m.subject, m.last_error or "", m.failed_at)
        for m in rows
        if m.failed_at is not None
    ]
