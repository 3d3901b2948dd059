"""The partnership's agreed level per item of a closed round (docs/scoring.md §9): one row
per round and item, with the lead's rationale. No behaviour."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.extensions import db
from selfassess.models.survey import utcnow


class AgreedLevel(db.Model):  # type: ignore[name-defined]
    """The level (1-4) the partners agreed for an item after rating it, and why; it never
    changes the computed figures."""

    __tablename__ = "agreed_level"
    __table_args__ = (UniqueConstraint("round_id", "item"),)

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_round.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(String(60))
    level: Mapped[int]
    rationale: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The lead's name when they saved: the record stays readable if the account goes.
    recorded_by_name: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
