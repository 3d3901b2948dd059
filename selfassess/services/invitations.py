"""One-time invitation links: create, list, revoke, accept; and deactivating people.

Only a SHA-256 of each token is stored, so a copy of the database cannot be used to join.
Sending is pluggable: the lead copies the link; a mail sender can be added beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from werkzeug.security import generate_password_hash

from selfassess.domain.organisation import ADVISOR, RESPONDENT
from selfassess.extensions import db
from selfassess.models import Invitation, Partner, Trust, User, utcnow
from selfassess.policy import Actor, can_invite, can_manage_person, can_manage_trust
from selfassess.services import Forbidden, Invalid, NotFound, audit, passwords, sessions
from selfassess.services.transactions import writes
from selfassess.services.trusts import clean_name

VALID_FOR = dt.timedelta(days=14)


def waiting_respondents(trust_id: int) -> ColumnElement[bool]:
    """SQL for "an invitation of this trust's respondent, still usable": not accepted, not
    withdrawn, not expired (the people a round's status and reminders count as invited)."""
    return and_(
        Invitation.trust_id == trust_id,
        Invitation.role == RESPONDENT,
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
        Invitation.expires_at > utcnow(),
    )


@dataclass(frozen=True)
class InvitationView:
    """An invitation as its trust lead sees it (the token itself is shown only once)."""

    invitation_id: int
    name: str
    email: str
    role: str
    partner: str | None
    created_at: dt.datetime
    expires_at: dt.datetime
    state: str  # pending, accepted, revoked or expired


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def clean_email(email: str) -> str:
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254 or any(c.isspace() for c in email):
        raise Invalid("Enter an email address in the correct format, like name@example.org")
    return email


@writes
def invite(
    actor: Actor,
    trust_id: int | None,
    role: str,
    name: str,
    email: str,
    partner_id: int | None = None,
    all_trusts: bool = False,
) -> str:
    """Create an invitation and return its one-time token.

    :raises Forbidden: a lead inviting outside their trust, or to a role they cannot give.
    :raises Invalid: bad name, e-mail, role or partner; an e-mail already in use.
    """
    if not can_invite(actor, role, trust_id):
        raise Forbidden("you cannot invite people to this role or trust")
    name, email = clean_name(name, "Name"), clean_email(email)
    if trust_id is not None and db.session.get(Trust, trust_id) is None:
        raise Invalid("Choose a trust that exists")
    if role == RESPONDENT:
        partner = db.session.get(Partner, partner_id) if partner_id else None
        if partner is None or partner.trust_id != trust_id or partner.removed_at:
            raise Invalid("Choose the partner organisation the person answers for")
    else:
        partner_id = None
    if db.session.scalar(select(func.count()).where(User.email == email)):
        raise Invalid(
            f"{email} already has an account: send a password reset link from the People page"
        )
    token = secrets.token_urlsafe(32)
    db.session.add(
        Invitation(
            token_hash=_digest(token),
            role=role,
            trust_id=trust_id,
            partner_id=partner_id,
            email=email,
            name=name,
            all_trusts=all_trusts and role == ADVISOR,
            created_by=actor.user_id or None,  # None: the command line (SYSTEM)
            expires_at=utcnow() + VALID_FOR,
        )
    )
    audit.record("invitation_created", actor, target=email, detail=f"role={role} trust={trust_id}")
    db.session.commit()
    return token


def pending(token: str, lock: bool = False) -> Invitation:
    """The usable invitation for a token; with ``lock``, locked until the transaction ends,
    so two people accepting one link at the same instant cannot both succeed (the second
    waits, then finds it used).

    :raises NotFound: unknown, used, revoked or expired (one message for all).
    """
    query = select(Invitation).where(Invitation.token_hash == _digest(token))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    invitation = db.session.scalars(query).first()
    if (
        invitation is None
        or invitation.accepted_at
        or invitation.revoked_at
        or invitation.expires_at < utcnow()
    ):
        raise NotFound("This invitation link has expired or has already been used")
    return invitation


@writes
def accept(token: str, name: str, password: str, confirm: str) -> int:
    """Create the person's account from an invitation (the link cannot be used again);
    returns the new account's id.

    :raises Invalid: listing what to fix (name, a weak password, passwords differ).
    """
    invitation = pending(token, lock=True)
    errors = []
    try:
        name = clean_name(name, "Name")
    except Invalid as exc:
        errors.append(str(exc))
    trust = db.session.get(Trust, invitation.trust_id) if invitation.trust_id else None
    reason = passwords.problem(password, name, invitation.email, trust.name if trust else "")
    if reason:
        errors.append(reason)
    elif password != confirm:
        errors.append("The passwords do not match")
    if errors:
        raise Invalid(errors[0], errors)
    if db.session.scalar(select(func.count()).where(User.email == invitation.email)):
        raise Invalid(f"{invitation.email} already has an account; sign in instead")
    user = User(
        email=invitation.email,
        name=name,
        role=invitation.role,
        password_hash=generate_password_hash(password),
        password_changed_at=utcnow(),
        trust_id=invitation.trust_id,
        partner_id=invitation.partner_id,
        all_trusts=invitation.all_trusts,
    )
    db.session.add(user)
    db.session.flush()
    invitation.accepted_at, invitation.user_id = utcnow(), user.pk
    person = sessions.actor_of(user)
    audit.record("invitation_accepted", person, target=f"invitation {invitation.pk}")
    db.session.commit()
    return int(user.pk)


def list_invitations(actor: Actor, trust_id: int) -> list[InvitationView]:
    """Every invitation of a trust, newest first."""
    if not can_manage_trust(actor, trust_id):
        raise NotFound(f"no trust {trust_id}")
    rows = db.session.execute(
        select(Invitation, Partner.name)
        .outerjoin(Partner, Invitation.partner_id == Partner.pk)
        .where(Invitation.trust_id == trust_id)
        .order_by(Invitation.created_at.desc(), Invitation.pk.desc())
    ).all()
    now = utcnow()
    return [
        InvitationView(
            i.pk,
            i.name,
            i.email,
            i.role,
            partner,
            i.created_at,
            i.expires_at,
            "accepted"
            if i.accepted_at
            else "revoked"
            if i.revoked_at
            else "expired"
            if i.expires_at < now
            else "pending",
        )
        for i, partner in rows
    ]


@writes
def revoke(actor: Actor, invitation_id: int) -> None:
    """Stop an unused invitation link from working."""
    invitation = db.session.get(Invitation, invitation_id)
    if (
        invitation is None
        or invitation.trust_id is None
        or not can_manage_trust(actor, invitation.trust_id)
    ):
        raise NotFound(f"no invitation {invitation_id}")
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        db.session.commit()


def managed_person(actor: Actor, user_id: int) -> User:
    """A person whose account this actor may deactivate (NotFound otherwise)."""
    user = db.session.get(User, user_id)
    if user is None or not can_manage_person(actor, user.trust_id):
        raise NotFound(f"no person {user_id}")
    return user


@dataclass(frozen=True)
class PersonPreview:
    """Who a deactivation would affect (the confirmation page)."""

    user_id: int
    name: str
    email: str
    role: str
    trust_id: int | None
    active: bool


def person_preview(actor: Actor, user_id: int) -> PersonPreview:
    """The person as the confirmation page shows them."""
    user = managed_person(actor, user_id)
    return PersonPreview(user.pk, user.name, user.email, user.role, user.trust_id, user.active)


@writes
def set_active(actor: Actor, user_id: int, active: bool) -> None:
    """Deactivate (or reactivate) a person of the trust; their sessions end at once."""
    user = managed_person(actor, user_id)
    if user.pk == actor.user_id:
        raise Invalid("You cannot deactivate yourself")
    user.active = active
    event = "person_reactivated" if active else "person_deactivated"
    audit.record(event, actor, target=user.email)
    db.session.commit()
    if not active:
        sessions.end_all(user.pk)
