"""The account counters on PostgreSQL (issue 11): 32 parallel wrong guesses, then the right
password, must not get through (it did with a read-modify-write counter). Run in the
PostgreSQL pass of `make test`."""

from __future__ import annotations

import threading

import pyotp
import pytest
from account_helpers import FAST_HASH, PASSWORD, check_parallel_guessing

from selfassess.extensions import db
from selfassess.models import User
from selfassess.services import totp

pytestmark = pytest.mark.postgresql_only("the SQLite run has its own copies of these races")


@pytest.fixture
def pg_app(app):
    """The suite's app on the engine under test (PostgreSQL here), with a lead."""
    with app.app_context():
        db.session.add(
            User(email="lee@example.org", name="Lee", role="lead", password_hash=FAST_HASH)
        )
        db.session.commit()
    return app


def test_parallel_guesses_cannot_slip_under_the_limit_on_postgresql(pg_app):
    """ASVS V6.3.1: the failure counter is one atomic UPDATE on PostgreSQL too."""
    check_parallel_guessing(pg_app, "lee@example.org", PASSWORD)


def test_a_code_sent_twice_at_once_is_accepted_once_on_postgresql(pg_app):
    """ASVS V6.5.1: a time-based code is single use, even for two parallel requests."""
    with pg_app.app_context():
        user = db.session.scalars(db.select(User)).one()
        user_id = user.pk
        secret, _ = totp.enrolment_secret(user_id)
        totp.confirm(user_id, pyotp.TOTP(secret).now())
        user = db.session.get(User, user_id)
        user.totp_last_step = None
        db.session.commit()
    code = pyotp.TOTP(secret).now()
    barrier = threading.Barrier(8)
    results: list[bool] = []

    def use() -> None:
        with pg_app.app_context():
            barrier.wait()
            results.append(totp.verify(user_id, code))
            db.session.remove()

    workers = [threading.Thread(target=use) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(results) == [False] * 7 + [True]
