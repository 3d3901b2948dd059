"""Tables of OpenID Connect sign-in: links from a provider's (issuer, subject) to a person,
and the short-lived, single-use state of sign-ins under way (shared by every worker)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from selfassess.extensions import db
from selfassess.models.survey import utcnow


class IdentityLink(db.Model):  # type: ignore[name-defined]
    """A person known to a provider: matched by (issuer, subject), never by e-mail again."""

    __tablename__ = "identity_link"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SsoRequest(db.Model):  # type: ignore[name-defined]
    """One authorisation request: state (hashed), nonce and PKCE verifier, used once."""

    __tablename__ = "sso_request"

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    provider: Mapped[str] = mapped_column(String(40))
    nonce: Mapped[str] = mapped_column(String(128))
    code_verifier: Mapped[str] = mapped_column(String(128))
    next_url: Mapped[str | None] = mapped_column(String(500))
    carried: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
