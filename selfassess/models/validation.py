"""The advisor validation table ("confirm and challenge", docs/scoring.md §8): one row per
round and item, with the trust lead's answer to a challenge. No behaviour."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.extensions import db
from selfassess.models.survey import utcnow


class Validation(db.Model):  # type: ignore[name-defined]
    """An advisor's verdict on one item of a round (agree or challenge), the validated level
    and a note; never a change to the self-assessed figures.

    ``revision`` moves on with every advisor's save only (the lead's answer does not make an
    advisor's open page stale); a save based on an older revision is refused (a conflict).
    """

    __tablename__ = "validation"
    __table_args__ = (UniqueConstraint("round_id", "item"),)

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_round.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(String(60))
    verdict: Mapped[str] = mapped_column(String(10))
    level: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The advisor's name when they saved: the record stays readable if the account goes.
    advisor_name: Mapped[str] = mapped_column(String(200))
    validated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revision: Mapped[int] = mapped_column(default=1)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The shown trust score T(i) the verdict was given against (docs/scoring.md §8).
    given_against: Mapped[float | None] = mapped_column(Float)
