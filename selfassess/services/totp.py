"""Two-factor sign-in with time-based one-time codes (RFC 6238) and recovery codes
(ASVS V6.3.3, V6.5, V6.6).

A code is accepted once: its time step is written with ``UPDATE ... WHERE last < step``, so
the same code (or an older one) sent twice, even at the same moment, is refused the second
time. Recovery codes are random (50 bits), so a SHA-256 suffices to store them; each is
spent with one conditional UPDATE as well.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

import pyotp
from sqlalchemy import delete, func, or_, select, update

from selfassess.extensions import db
from selfassess.models import User, utcnow
from selfassess.models.accounts import RecoveryCode
from selfassess.policy import Actor, can_reset_two_factor
from selfassess.services import Forbidden, Invalid, NotFound, sessions
from selfassess.services.transactions import changed, writes

ISSUER = "selfassess"
RECOVERY_CODES = 10
# One step either side of now: phones whose clocks are up to 30 seconds out still work.
DRIFT_STEPS = 1
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


@dataclass(frozen=True)
class Status:
    """What the "Your account" page says about the second factor."""

    enabled: bool
    required: bool
    recovery_codes_left: int


def _digest(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


@writes
def enrolment_secret(user_id: int) -> tuple[str, str]:
    """The key to enrol (made once, kept until confirmed) and its otpauth:// URI."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"no person {user_id}")
    if user.totp_confirmed_at is not None:
        raise Invalid("Two-factor sign-in is already set up")
    if user.totp_secret is None:
        user.totp_secret, user.totp_last_step = pyotp.random_base32(), None
        db.session.commit()
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return user.totp_secret, uri


@writes
def _spend_time_code(user: User, code: str, now: float | None = None) -> bool:
    if user.totp_secret is None or not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    current = totp.timecode(now or time.time())
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * totp.interval), code):
            spent = changed(
                update(User)
                .where(
                    User.pk == user.pk,
                    or_(User.totp_last_step.is_(None), User.totp_last_step < step),
                )
                .values(totp_last_step=step)
            )
            db.session.commit()
            return bool(spent)
    return False


@writes
def _spend_recovery_code(user_id: int, code: str) -> bool:
    spent = changed(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == _digest(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    db.session.commit()
    return bool(spent)


def verify(user_id: int, code: str) -> bool:
    """A sign-in code: a fresh time code, or an unused recovery code (then spent)."""
    user = db.session.get(User, user_id)
    if user is None or user.totp_confirmed_at is None:
        return False
    code = code.strip()
    return _spend_time_code(user, code.replace(" ", "")) or _spend_recovery_code(user.pk, code)


@writes
def confirm(user_id: int, code: str) -> list[str]:
    """Finish enrolment with a first code; returns the recovery codes (shown once).

    :raises Invalid: the code is not the current one for the key being enrolled.
    """
    user = db.session.get(User, user_id)
    if user is None or user.totp_secret is None or user.totp_confirmed_at is not None:
        raise NotFound(f"no enrolment for {user_id}")
    if not _spend_time_code(user, code.strip().replace(" ", "")):
        raise Invalid("Enter the 6-digit code your app shows now")
    user.totp_confirmed_at = utcnow()
    db.session.commit()
    return new_recovery_codes(user_id)


@writes
def new_recovery_codes(user_id: int) -> list[str]:
    """Replace the person's recovery codes with ten new ones; only hashes are stored."""
    codes = [
        "-".join("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODES)
    ]
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    db.session.add_all(RecoveryCode(user_id=user_id, code_hash=_digest(c)) for c in codes)
    db.session.commit()
    return codes


def status(actor: Actor, required: bool) -> Status:
    user = db.session.get(User, actor.user_id)
    left = db.session.scalar(
        select(func.count()).where(
            RecoveryCode.user_id == actor.user_id, RecoveryCode.used_at.is_(None)
        )
    )
    return Status(user is not None and user.totp_confirmed_at is not None, required, left or 0)


def reset(actor: Actor, user_id: int) -> str:
    """An administrator removes a person's second factor (lost phone): they enrol again at
    their next sign-in, and their sessions end. Returns the person's e-mail for the audit.

    :raises Forbidden: not an administrator. :raises NotFound: no such person.
    """
    if not can_reset_two_factor(actor):
        raise Forbidden("only administrators reset a second factor")
    return _reset(db.session.get(User, user_id), str(user_id))


def reset_by_email(email: str) -> str:
    """The operator's reset from the command line (e.g. the only administrator's lost phone)."""
    return _reset(
        db.session.scalars(select(User).where(User.email == email.strip().lower())).first(),
        email.strip().lower(),
    )


@writes
def _reset(user: User | None, who: str) -> str:
    if user is None:
        raise NotFound(f"no account for {who}")
    user_id = user.pk
    user.totp_secret = user.totp_confirmed_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    db.session.commit()
    sessions.end_all(user_id)
    return user.email
