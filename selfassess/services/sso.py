"""OpenID Connect sign-in on the database side: the single-use state of each sign-in under
way (so that any worker or server can finish it), and who a provider's person is.

A person is found by (issuer, subject) once linked; the first sign-in links only to someone
invited with exactly the provider's verified e-mail address (ASVS V6.8.2: never by e-mail
alone after that). Roles and trusts stay in the app.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from selfassess.domain.organisation import ADMIN
from selfassess.extensions import db
from selfassess.models import Invitation, Trust, User, utcnow
from selfassess.models.identity import IdentityLink, SsoRequest
from selfassess.policy import Actor
from selfassess.services import Forbidden, audit, sessions
from selfassess.services.transactions import changed, writes

REQUEST_MINUTES = 10


@dataclass(frozen=True)
class Started:
    """What the callback needs from the request it answers."""

    provider: str
    nonce: str
    code_verifier: str
    next_url: str | None
    carried: str | None


def _digest(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


@writes
def begin(
    provider: str, state: str, nonce: str, verifier: str, next_url: str, carried: str
) -> None:
    """Keep a new authorisation request; stale ones are cleared on the way."""
    old = utcnow() - dt.timedelta(minutes=REQUEST_MINUTES)
    db.session.execute(delete(SsoRequest).where(SsoRequest.created_at < old))
    db.session.add(
        SsoRequest(
            state_hash=_digest(state),
            provider=provider,
            nonce=nonce,
            code_verifier=verifier,
            next_url=next_url[:500] or None,
            carried=carried or None,
        )
    )
    db.session.commit()


@writes
def take(provider: str, state: str) -> Started | None:
    """The request with this state, deleted as it is read: a replayed state finds nothing
    (ASVS V10.1.2). None when unknown, used, expired or for another provider."""
    row = db.session.scalars(
        select(SsoRequest).where(SsoRequest.state_hash == _digest(state)).with_for_update()
    ).first()
    if row is None:
        db.session.commit()
        return None
    gone = changed(delete(SsoRequest).where(SsoRequest.pk == row.pk))
    db.session.commit()
    fresh = row.created_at >= utcnow() - dt.timedelta(minutes=REQUEST_MINUTES)
    if not gone or row.provider != provider or not fresh:
        return None
    return Started(row.provider, row.nonce, row.code_verifier, row.next_url, row.carried)


def _linked(issuer: str, subject: str) -> User | None:
    link = db.session.scalars(
        select(IdentityLink).where(IdentityLink.issuer == issuer, IdentityLink.subject == subject)
    ).first()
    return db.session.get(User, link.user_id) if link else None


def _invited(email: str) -> User | None:
    """The account an invitation to this address made, or a new one from a pending one."""
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.email == email, Invitation.revoked_at.is_(None))
    ).all()
    for invitation in invitations:
        if invitation.user_id is not None:
            user = db.session.get(User, invitation.user_id)
            if user is not None and user.email == email:
                return user
    existing = db.session.scalars(select(User).where(User.email == email)).first()
    for invitation in invitations:
        if existing is None and invitation.accepted_at is None and invitation.expires_at > utcnow():
            user = User(
                email=email,
                name=invitation.name,
                role=invitation.role,
                # No password: an unguessable hash nobody knows (reset by e-mail sets one).
                password_hash=generate_password_hash(secrets.token_urlsafe(32)),
                trust_id=invitation.trust_id,
                partner_id=invitation.partner_id,
                all_trusts=invitation.all_trusts,
            )
            db.session.add(user)
            db.session.flush()
            invitation.accepted_at, invitation.user_id = utcnow(), user.pk
            return user
    return None


@writes
def resolve(provider: str, issuer: str, subject: str, email: str | None) -> tuple[int | None, str]:
    """Who signs in: (user id, "") or (None, why refused). Audited either way."""
    try:
        return _resolve(provider, issuer, subject, email)
    except IntegrityError:
        # Two first sign-ins of one person at once: the other made the link; use it.
        db.session.rollback()
        return _resolve(provider, issuer, subject, email)


@writes
def _resolve(provider: str, issuer: str, subject: str, email: str | None) -> tuple[int | None, str]:
    user = _linked(issuer, subject)
    linked_now = False
    if user is None and email:
        user = _invited(email)
        if user is not None:
            db.session.add(IdentityLink(user_id=user.pk, issuer=issuer, subject=subject))
            db.session.flush()
            linked_now = True
    reason = ""
    if user is None:
        reason = "not invited" if email else "e-mail not verified"
    elif not user.active:
        reason = "deactivated"
    detail = f"provider {provider}" + (f": {reason}" if reason else "")
    if user is None:
        audit.record("sso_refused", None, email=email or f"sub {subject}"[:254], detail=detail)
    else:
        person = sessions.actor_of(user)
        event = "sso_refused" if reason else ("sso_linked" if linked_now else "sso_sign_in")
        audit.record(event, person, detail=detail)
    db.session.commit()
    return (None, reason) if reason or user is None else (int(user.pk), "")


def refuse(provider: str, reason: str, email: str | None = None) -> None:
    """Audit a refusal found before any person is known (state, token, issuer, tenant)."""
    audit.record(
        "sso_refused", None, email=email, detail=f"provider {provider}: {reason}", commit=True
    )


def passwords_allowed(user_id: int) -> bool:
    """Whether this person's trust still lets people sign in with a password."""
    user = db.session.get(User, user_id)
    trust = db.session.get(Trust, user.trust_id) if user and user.trust_id else None
    return trust is None or bool(trust.passwords_allowed)


@writes
def set_passwords_allowed(actor: Actor, trust_id: int, allowed: bool) -> None:
    """An administrator turns password sign-in off (or on) for one trust.

    :raises Forbidden: not an administrator."""
    if actor.role != ADMIN:
        raise Forbidden("only administrators change how a trust signs in")
    trust = db.session.get(Trust, trust_id)
    if trust is None:
        return
    trust.passwords_allowed = allowed
    audit.record("passwords_allowed" if allowed else "passwords_off", actor, target=trust.name)
    db.session.commit()
