"""People: signing in, loading the signed-in person, and rotating their session token."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from selfassess.domain.organisation import ADVISOR
from selfassess.extensions import db
from selfassess.models import User, new_session_token, utcnow
from selfassess.policy import Actor
from selfassess.services.transactions import writes

MAX_FAILURES = 5
LOCK_TIME = dt.timedelta(minutes=15)
# Checked against when the e-mail is unknown, so both failures take the same time (P12).
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def actor_of(user: User) -> Actor:
    """The policy view of a user row."""
    return Actor(
        user_id=user.pk,
        name=user.name,
        email=user.email,
        role=user.role,
        session_token=user.session_token,
        trust_id=user.trust_id,
        partner_id=user.partner_id,
        all_trusts=user.all_trusts,
        # Only advisors have assigned trusts; skipping the lookup saves a query per request.
        advised_trusts=frozenset(t.pk for t in user.advised_trusts)
        if user.role == ADVISOR
        else frozenset(),
        active=user.active,
    )


def load_actor(session_token: str) -> Actor | None:
    """The active person whose current session token this is, if any."""
    user = db.session.scalars(
        select(User).where(User.session_token == session_token, User.active)
    ).first()
    return actor_of(user) if user else None


def authenticate(email: str, password: str) -> Actor | None:
    """The person with this e-mail and password; None for any failure, in similar time and
    with the same answer. Five wrong passwords in a row lock the account for 15 minutes.

    The password hash is checked outside any writing transaction: it costs tens of
    milliseconds of CPU by design, and on SQLite holding the write lock through it queued
    every save behind every sign-in (50 people signing in at once made saves wait past the
    busy timeout: 503). Only a sign-in that changes the failure count writes."""
    user = db.session.scalars(select(User).where(User.email == email.strip().lower())).first()
    now = utcnow()
    if user is None or (user.locked_until is not None and user.locked_until > now):
        check_password_hash(_DUMMY_HASH, password)
        return None
    correct = check_password_hash(user.password_hash, password)
    person = actor_of(user) if correct and user.active else None
    if not correct or user.failed_logins or user.locked_until:
        _count_attempt(user.pk, correct)
    return person


@writes
def _count_attempt(user_id: int, correct: bool) -> None:
    """Count a wrong password (locking the account at the limit) or clear the count after
    a right one; the row is read again, locked, so simultaneous failures all count."""
    user = db.session.scalars(select(User).where(User.pk == user_id).with_for_update()).one()
    if correct:
        user.failed_logins, user.locked_until = 0, None
    else:
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.failed_logins, user.locked_until = 0, utcnow() + LOCK_TIME
    db.session.commit()


@writes
def end_sessions(user_id: int) -> None:
    """Rotate the session token so that every copy of the old session cookie stops working."""
    user = db.session.get(User, user_id)
    if user is not None:
        user.session_token = new_session_token()
        db.session.commit()
