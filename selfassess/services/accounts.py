"""People's accounts: checking a password, and setting one (on the web and the command line).

Sessions live in services/sessions.py, guessing limits in services/throttle.py and the
second factor in services/totp.py; this module ties them to the password.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from selfassess.extensions import db
from selfassess.models import Trust, User, utcnow
from selfassess.policy import TWO_FACTOR_ROLES, Actor
from selfassess.services import Invalid, NotFound, passwords, sessions, throttle
from selfassess.services.sessions import actor_of as actor_of
from selfassess.services.transactions import writes

# Checked against when the e-mail is unknown, so both failures take the same time (P12).
_DUMMY_HASH = generate_password_hash("not-a-real-password")
# Two-factor sign-in is required of these roles and offered to everyone else (ASVS V6.3.3).


@dataclass(frozen=True)
class Outcome:
    """The answer to a password: who (None when refused), the throttling slot to settle,
    the second step still to do ("", "code" or "enrol"), and whom to warn of guessing."""

    user_id: int | None
    slot: throttle.Slot | None = None
    second_step: str = ""
    warn: tuple[str, str] | None = None  # (e-mail, name) when guessing just got throttled
    # Refused unchecked: too many failures for this address from unknown browsers (the
    # page must say so, never "wrong password": ASVS 5.0 V6.3.1, docs/pitfalls.md P23).
    throttled: bool = False


def second_step(user: User) -> str:
    """What the person must still do after their password."""
    if user.totp_confirmed_at is not None:
        return "code"
    return "enrol" if user.role in TWO_FACTOR_ROLES else ""


def find(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == email.strip().lower())).first()


def authenticate(email: str, password: str, device_nonces: Iterable[str] = ()) -> Outcome:
    """Check a password; one answer for every failure, in similar time (docs/pitfalls.md P12).

    Every attempt on an existing account takes a slot of its throttle first (wrong password
    and deactivated account alike); the caller settles a correct one when sign-in completes.
    """
    user = find(email)
    if user is None:
        # Unknown addresses are counted too, so being throttled reveals no account (P12).
        check_password_hash(_DUMMY_HASH, password)
        return Outcome(None, throttled=throttle.unknown_address_failed(email))
    slot = throttle.reserve(user.pk, throttle.known_device(user.pk, device_nonces))
    if slot is None:
        check_password_hash(_DUMMY_HASH, password)
        return Outcome(None, throttled=True)
    if not check_password_hash(user.password_hash, password) or not user.active:
        started = throttle.failed(slot)
        return Outcome(None, warn=(user.email, user.name) if started else None)
    return Outcome(user.pk, slot, second_step(user))


def trust_name(user: User) -> str:
    trust = db.session.get(Trust, user.trust_id) if user.trust_id else None
    return trust.name if trust else ""


def check_new_password(user: User | None, password: str, confirm: str | None = None) -> None:
    """The strength rules of services/passwords.py for this person.

    :raises Invalid: with a plain-English reason.
    """
    reason = passwords.problem(
        password,
        user.name if user else "",
        user.email if user else "",
        trust_name(user) if user else "",
    )
    if reason:
        raise Invalid(reason)
    if confirm is not None and password != confirm:
        raise Invalid("The passwords do not match")


def store_password(user: User, password: str) -> None:
    user.password_hash = generate_password_hash(password)
    user.password_changed_at = utcnow()


@writes
def change_password(actor: Actor, current: str, new: str, confirm: str) -> None:
    """A signed-in person changes their password; their other sessions end.

    :raises Invalid: wrong current password, or a new one that breaks the rules.
    """
    user = db.session.get(User, actor.user_id)
    if user is None or not check_password_hash(user.password_hash, current):
        raise Invalid("Your current password is not correct")
    check_new_password(user, new, confirm)
    store_password(user, new)
    db.session.commit()
    sessions.end_all(user.pk, keep=actor.session_token)


@writes
def set_password(email: str, password: str) -> User:
    """Set a person's password from the command line; every session of theirs ends.

    :raises NotFound: no such person. :raises Invalid: the password breaks the rules.
    """
    user = find(email)
    if user is None:
        raise NotFound(f"no account for {email.strip().lower()}")
    check_new_password(user, password)
    store_password(user, password)
    db.session.commit()
    sessions.end_all(user.pk)
    throttle.clear(user.pk)
    return user


@writes
def deactivate(email: str) -> User:
    """Stop a person signing in (command line); their sessions end at once."""
    user = find(email)
    if user is None:
        raise NotFound(f"no account for {email.strip().lower()}")
    user.active = False
    db.session.commit()
    sessions.end_all(user.pk)
    return user


def second_step_for(user_id: int) -> str:
    user = db.session.get(User, user_id)
    return second_step(user) if user else ""


def known_browser(email: str, device_nonces: Iterable[str]) -> bool:
    """Whether this browser holds a device cookie of the account with this address."""
    user = find(email) if email else None
    return user is not None and throttle.known_device(user.pk, device_nonces) is not None


def warning_for(user_id: int, started: bool) -> tuple[str, str] | None:
    """Whom to warn when guessing on this account has just been throttled."""
    user = db.session.get(User, user_id) if started else None
    return (user.email, user.name) if user else None


def trust_name_of(actor: Actor) -> str:
    """The name of the person's trust, for the page header ("" when they have none)."""
    trust = db.session.get(Trust, actor.trust_id) if actor.trust_id else None
    return trust.name if trust else ""
