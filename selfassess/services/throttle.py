"""Slowing password guessing per account without locking the owner out (ASVS V6.3.1).

OWASP's "device cookie" scheme: a browser where a person has signed in before carries a signed
nonce (web/devices.py) that names a KnownDevice row here. Attempts are counted separately:

* from a known browser, on that device's row, so failures elsewhere never block it;
* from anywhere else, on the account's row; at LIMIT such browsers wait WAIT.

Each attempt is reserved *before* the password is checked, with one conditional
``UPDATE ... SET n = n + 1 WHERE n < LIMIT``: the database serialises it, so parallel guesses
cannot all slip in under the limit (no read-modify-write in Python).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update

from selfassess.extensions import db, limiter
from selfassess.models import User, utcnow
from selfassess.models.accounts import KnownDevice
from selfassess.services.transactions import changed, writes

LIMIT = 10
WAIT = dt.timedelta(minutes=15)
DEVICES_PER_PERSON = 10


@dataclass(frozen=True)
class Slot:
    """A reserved attempt: whose counter it was taken from."""

    user_id: int
    device_id: int | None


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode("utf-8")).hexdigest()


def known_device(user_id: int, nonces: Iterable[str]) -> int | None:
    """The id of this person's known device among the browser's nonces, if any."""
    hashes = [_digest(n) for n in nonces if n]
    if not hashes:
        return None
    return db.session.scalars(
        select(KnownDevice.pk).where(
            KnownDevice.user_id == user_id, KnownDevice.nonce_hash.in_(hashes)
        )
    ).first()


@writes
def reserve(user_id: int, device_id: int | None) -> Slot | None:
    """Take one attempt from the device's counter, else the account's; None when the
    counter is full or waiting (a locked device is treated as an unknown browser)."""
    now = utcnow()
    if device_id is not None:
        taken = changed(
            update(KnownDevice)
            .where(
                KnownDevice.pk == device_id,
                KnownDevice.failures < LIMIT,
                or_(KnownDevice.locked_until.is_(None), KnownDevice.locked_until <= now),
            )
            .values(failures=KnownDevice.failures + 1)
        )
        db.session.commit()
        if taken:
            return Slot(user_id, device_id)
    taken = changed(
        update(User)
        .where(
            User.pk == user_id,
            User.failed_logins < LIMIT,
            or_(User.locked_until.is_(None), User.locked_until <= now),
        )
        .values(failed_logins=User.failed_logins + 1)
    )
    db.session.commit()
    return Slot(user_id, None) if taken else None


@writes
def failed(slot: Slot) -> bool:
    """The reserved attempt failed: at the limit, start the wait. True only for the one
    request that started it (so the person is told once)."""
    wait_until = utcnow() + WAIT
    if slot.device_id is not None:
        started = changed(
            update(KnownDevice)
            .where(KnownDevice.pk == slot.device_id, KnownDevice.failures >= LIMIT)
            .values(failures=0, locked_until=wait_until)
        )
    else:
        started = changed(
            update(User)
            .where(User.pk == slot.user_id, User.failed_logins >= LIMIT)
            .values(failed_logins=0, locked_until=wait_until)
        )
    db.session.commit()
    return bool(started)


@writes
def succeeded(slot: Slot) -> None:
    """A complete sign-in: the counter it used starts again from zero."""
    if slot.device_id is not None:
        db.session.execute(
            update(KnownDevice).where(KnownDevice.pk == slot.device_id).values(failures=0)
        )
    else:
        db.session.execute(update(User).where(User.pk == slot.user_id).values(failed_logins=0))
    db.session.commit()


@writes
def clear(user_id: int) -> None:
    """End any wait for unknown browsers (the person proved who they are, e.g. by a reset)."""
    db.session.execute(
        update(User).where(User.pk == user_id).values(failed_logins=0, locked_until=None)
    )
    db.session.commit()


def unknown_address_failed(email: str) -> bool:
    """Count a failure for an address with no account, in the limiter's shared store, and
    say whether it is now over LIMIT: such addresses are throttled like real ones, so the
    "too many attempts" answer tells nobody which addresses have accounts (ASVS V6.3.8)."""
    key = "unknown-address/" + _digest(email.strip().lower())
    return limiter.storage.incr(key, int(WAIT.total_seconds())) > LIMIT


@writes
def remember_device(user_id: int) -> str:
    """Register the browser a person has just signed in from; returns its nonce."""
    nonce = secrets.token_urlsafe(24)
    db.session.add(KnownDevice(user_id=user_id, nonce_hash=_digest(nonce)))
    db.session.flush()
    keep = select(KnownDevice.pk).where(KnownDevice.user_id == user_id)
    keep = keep.order_by(KnownDevice.created_at.desc(), KnownDevice.pk.desc())
    newest = list(db.session.scalars(keep.limit(DEVICES_PER_PERSON)))
    db.session.execute(
        delete(KnownDevice).where(KnownDevice.user_id == user_id, KnownDevice.pk.not_in(newest))
    )
    db.session.commit()
    return nonce


@writes
def forget_devices(user_id: int) -> None:
    """After a password reset, browsers known before it are known no longer."""
    db.session.execute(delete(KnownDevice).where(KnownDevice.user_id == user_id))
    db.session.commit()
