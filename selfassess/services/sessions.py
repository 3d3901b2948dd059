"""Server-side sessions (ASVS V7): one row per signed-in browser, idle and absolute limits.

The browser holds a random token inside Flask's signed cookie; only its SHA-256 is stored, so
a copy of the database signs nobody in. A session past either limit is deleted when next seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, update

from selfassess.domain.organisation import ADVISOR
from selfassess.extensions import db
from selfassess.models import User, new_session_token, utcnow
from selfassess.models.accounts import UserSession
from selfassess.policy import Actor
from selfassess.services.transactions import changed, writes

# Writing last_seen_at on every request would make every page a write transaction; a minute's
# precision is plenty against an idle limit counted in tens of minutes.
TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Limits:
    """How long a session may sit unused, and how long it may last at all."""

    idle: dt.timedelta = dt.timedelta(minutes=60)
    absolute: dt.timedelta = dt.timedelta(hours=12)


@dataclass(frozen=True)
class SessionRow:
    """A session as its owner sees it on the "Your account" page."""

    session_id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime
    ip_address: str | None
    user_agent: str | None
    current: bool


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def actor_of(user: User, session_token: str = "") -> Actor:
    """The policy view of a user row, carrying the token of the session it came from."""
    return Actor(
        user_id=user.pk,
        name=user.name,
        email=user.email,
        role=user.role,
        session_token=session_token,
        trust_id=user.trust_id,
        partner_id=user.partner_id,
        all_trusts=user.all_trusts,
        # Only advisors have assigned trusts; skipping the lookup saves a query per request.
        advised_trusts=frozenset(t.pk for t in user.advised_trusts)
        if user.role == ADVISOR
        else frozenset(),
        active=user.active,
    )


@writes
def start(user_id: int, ip_address: str | None, user_agent: str | None) -> str:
    """Open a session for a person who has just signed in; returns the browser's token."""
    token, now = secrets.token_urlsafe(32), utcnow()
    db.session.add(
        UserSession(
            user_id=user_id,
            token_hash=digest(token),
            created_at=now,
            last_seen_at=now,
            ip_address=(ip_address or "")[:45] or None,
            user_agent=(user_agent or "")[:200] or None,
        )
    )
    db.session.commit()
    return token


def load_actor(token: str, limits: Limits = Limits()) -> Actor | None:
    """The active person whose live session this is; None (and the session gone) once idle
    or too old. Runs on every request, so it only reads (no write lock) unless the session
    must go or its last-seen time is due a touch."""
    row = db.session.execute(
        select(UserSession, User)
        .join(User, UserSession.user_id == User.pk)
        .where(UserSession.token_hash == digest(token))
    ).first()
    if row is None:
        return None
    session, user = row
    now = utcnow()
    expired = now - session.last_seen_at > limits.idle or now - session.created_at > limits.absolute
    if expired or not user.active:
        _forget(session.pk)
        return None
    person = actor_of(user, token)
    if now - session.last_seen_at > TOUCH_EVERY:
        _touch(session.pk, now)
    return person


@writes
def _forget(session_pk: int) -> None:
    db.session.execute(delete(UserSession).where(UserSession.pk == session_pk))
    db.session.commit()


@writes
def _touch(session_pk: int, now: dt.datetime) -> None:
    db.session.execute(
        update(UserSession).where(UserSession.pk == session_pk).values(last_seen_at=now)
    )
    db.session.commit()


@writes
def end(token: str) -> None:
    """Sign this one browser out."""
    db.session.execute(delete(UserSession).where(UserSession.token_hash == digest(token)))
    db.session.commit()


@writes
def end_all(user_id: int, keep: str | None = None) -> int:
    """End every session of a person except (optionally) the one with token ``keep``;
    returns how many ended. Used on password change, reset and deactivation."""
    query = delete(UserSession).where(UserSession.user_id == user_id)
    if keep is not None:
        query = query.where(UserSession.token_hash != digest(keep))
    ended = changed(query)
    db.session.execute(
        update(User).where(User.pk == user_id).values(session_token=new_session_token())
    )
    db.session.commit()
    return int(ended or 0)


def list_sessions(actor: Actor) -> list[SessionRow]:
    """The person's own sessions, most recently used first."""
    current = digest(actor.session_token)
    rows = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == actor.user_id)
        .order_by(UserSession.last_seen_at.desc())
    ).all()
    return [
        SessionRow(
            r.pk, r.created_at, r.last_seen_at, r.ip_address, r.user_agent, r.token_hash == current
        )
        for r in rows
    ]
