"""Tables of the account side: sessions, known browsers, reset links and recovery codes.

Kept beside models.py (which holds the people themselves) so that each module stays small.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.extensions import db
from selfassess.models.survey import utcnow


class UserSession(db.Model):  # type: ignore[name-defined]
    """One signed-in browser: only a hash of its token is kept; idle and absolute limits
    are checked against these times on every request (ASVS V7.3)."""

    __tablename__ = "user_session"

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))


class KnownDevice(db.Model):  # type: ignore[name-defined]
    """A browser a person has signed in from (OWASP device cookie); its own failure count
    stops a stolen device cookie from being used to guess."""

    __tablename__ = "known_device"

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    nonce_hash: Mapped[str] = mapped_column(String(64), unique=True)
    failures: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PasswordReset(db.Model):  # type: ignore[name-defined]
    """A single-use password reset link; only a hash of its token is kept."""

    __tablename__ = "password_reset"

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RecoveryCode(db.Model):  # type: ignore[name-defined]
    """A single-use two-factor recovery code, stored hashed."""

    __tablename__ = "recovery_code"

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(256))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
