"""The counters behind every rate limit, shared by all workers of all servers that use
this database (services/ratelimit_store.py; ASVS V2.4.1 anti-automation)."""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.extensions import db


class RateCounter(db.Model):  # type: ignore[name-defined]
    """One fixed-window counter: its key, hits so far, and when the window ends."""

    __tablename__ = "rate_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Seconds since the epoch: limits' own clock (time.time()), not the app's CLOCK.
    expires_at: Mapped[float] = mapped_column(Float, nullable=False, index=True)
