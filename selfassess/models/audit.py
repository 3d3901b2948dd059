"""The audit trail's table: one row per security event, kept in the database (ASVS V16.2).

Rows say when (UTC), what, who (id, e-mail, role, trust), the object, the client address and
a short detail; never answers, evidence notes, passwords or tokens.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.extensions import db
from selfassess.models.survey import utcnow


class AuditEvent(db.Model):  # type: ignore[name-defined]
    """A security event. No foreign keys: the trail outlives the people and trusts it names."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"), Index("ix_audit_event_event", "event"))

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    event: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(Integer)
    user_email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[str | None] = mapped_column(String(20))
    trust_id: Mapped[int | None] = mapped_column(Integer, index=True)
    target: Mapped[str | None] = mapped_column(String(200))
    ip: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(500))
