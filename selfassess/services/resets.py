"""Password reset links: single use, valid for an hour, kept only as a SHA-256 (ASVS V6.4).

Asking for a link gives the same answer whether or not the address has an account; the
caller e-mails the link when there is one. Choosing the new password ends every session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, update

from selfassess.extensions import db
from selfassess.models import User, utcnow
from selfassess.models.accounts import PasswordReset
from selfassess.policy import Actor, can_manage_trust, is_admin
from selfassess.services import NotFound, accounts, sessions, throttle
from selfassess.services.transactions import changed, writes

VALID_FOR = dt.timedelta(hours=1)
# More links than this in an hour are not made (the answer on screen stays the same).
PER_HOUR = 3
GONE = "This password reset link has expired or has already been used"


@dataclass(frozen=True)
class ResetLink:
    """A new link's token, and to whom it goes."""

    token: str
    email: str
    name: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@writes
def _make(user: User) -> ResetLink | None:
    recent = db.session.scalar(
        select(func.count()).where(
            PasswordReset.user_id == user.pk,
            PasswordReset.created_at > utcnow() - dt.timedelta(hours=1),
        )
    )
    if recent and recent >= PER_HOUR:
        return None
    token, now = secrets.token_urlsafe(32), utcnow()
    db.session.add(
        PasswordReset(
            user_id=user.pk, token_hash=_digest(token), created_at=now, expires_at=now + VALID_FOR
        )
    )
    db.session.commit()
    return ResetLink(token, user.email, user.name)


def request_reset(email: str) -> ResetLink | None:
    """A link for an active account with this address; None otherwise (say nothing)."""
    user = accounts.find(email)
    if user is None or not user.active:
        return None
    return _make(user)


def reset_for(actor: Actor, user_id: int) -> ResetLink | None:
    """A trust lead (or administrator) sends a reset link to a person of their trust.

    :raises NotFound: not a person the actor manages.
    """
    user = db.session.get(User, user_id)
    if user is None or not (
        is_admin(actor) or (user.trust_id is not None and can_manage_trust(actor, user.trust_id))
    ):
        raise NotFound(f"no person {user_id}")
    return _make(user) if user.active else None


def pending(token: str) -> PasswordReset:
    """The usable reset for a token. :raises NotFound: unknown, used or expired."""
    reset = db.session.scalars(
        select(PasswordReset).where(PasswordReset.token_hash == _digest(token))
    ).first()
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow():
        raise NotFound(GONE)
    return reset


@writes
def complete(token: str, password: str, confirm: str) -> int:
    """Set the new password; the link and any other open links stop working, and every
    session of the person ends. Returns the person's id.

    :raises Invalid: the password breaks the rules. :raises NotFound: the link is gone.
    """
    reset = pending(token)
    user = db.session.get(User, reset.user_id)
    if user is None or not user.active:
        raise NotFound(GONE)
    accounts.check_new_password(user, password, confirm)
    spent = changed(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.pk, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if not spent:  # another request used the link a moment ago
        db.session.rollback()
        raise NotFound(GONE)
    accounts.store_password(user, password)
    db.session.commit()
    sessions.end_all(user.pk)
    throttle.clear(user.pk)
    return user.pk
