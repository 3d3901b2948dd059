"""Tables of the round's follow-up: progress notes on agreed actions, and the reminders
e-mailed to people who have not submitted. Kept beside models.py so each module stays small.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.extensions import db
from selfassess.models.survey import utcnow


class ActionNote(db.Model):  # type: ignore[name-defined]
    """A dated progress note on an agreed action (removed with the action)."""

    __tablename__ = "action_note"
    __table_args__ = (
        ForeignKeyConstraint(
            ["round_id", "item"],
            ["priority_action.round_id", "priority_action.item"],
            ondelete="CASCADE",
        ),
        Index("ix_action_note_action", "round_id", "item"),
    )

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    round_id: Mapped[int] = mapped_column()
    item: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    written_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    written_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Reminder(db.Model):  # type: ignore[name-defined]
    """A reminder e-mailed to one address for one round on one UK day. The unique key is
    the guard: of two sends at once only one can insert the row, so only one mails."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("round_id", "email", "sent_on"),)

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_round.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    sent_on: Mapped[dt.date] = mapped_column(Date)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
