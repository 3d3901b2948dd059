"""Work that outlives a request: e-mails waiting to be sent (the outbox) and the stored
board PDFs of each round. Jobs (selfassess/jobs) act on these rows; the rows make each job
idempotent (a unique key per message, a claim before sending, a fingerprint per file)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.extensions import db
from selfassess.models.survey import utcnow


class OutboxMessage(db.Model):  # type: ignore[name-defined]
    """One e-mail to send. ``key`` is unique, so the same message is never queued twice
    (e.g. one reminder per person, round and day); ``claimed_at`` is taken by one consumer
    at a time and ``sent_at`` is set once the SMTP server accepted it."""

    __tablename__ = "outbox_message"

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    # The round the message is about, if any: its status page lists what failed for good.
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_round.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The kind of the last error only (never the message text, which may hold a link).
    last_error: Mapped[str | None] = mapped_column(String(100))
    failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class BoardFile(db.Model):  # type: ignore[name-defined]
    """The stored board PDF of a round, one per variant ("full" with evidence notes,
    "summary" without, for readers who may not read answers). ``stale`` is set in the
    transaction that changes the round's figures, actions, validation or sign-off; the
    job that rebuilds it clears it."""

    __tablename__ = "board_file"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_round.id", ondelete="CASCADE"), primary_key=True
    )
    variant: Mapped[str] = mapped_column(String(20), primary_key=True)
    stored_key: Mapped[str | None] = mapped_column(String(200))
    etag: Mapped[str | None] = mapped_column(String(64))
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    built_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    stale: Mapped[bool] = mapped_column(Boolean, default=True)
    # Raised by every change: a build records it only if no change came while it drew.
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # How many times the PDF was drawn (a change that alters nothing draws nothing).
    builds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
