"""The account counters on PostgreSQL (issue 11): 32 parallel wrong guesses, then the right
password, must not get through (it did with a read-modify-write counter). `make test` starts
the cluster and sets SELFASSESS_TEST_DATABASE_URL; without it these tests fail."""

from __future__ import annotations

import os
import threading

import pyotp
import pytest
from account_helpers import FAST_HASH, PASSWORD, check_parallel_guessing
from sqlalchemy import text

from selfassess import create_app
from selfassess.extensions import db
from selfassess.models import User
from selfassess.services import totp


@pytest.fixture
def pg_app(questionnaire_dir):
    url = os.environ.get("SELFASSESS_TEST_DATABASE_URL")
    if not url:
        pytest.fail("SELFASSESS_TEST_DATABASE_URL is not set: run the suite with `make test`")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "QUESTIONNAIRE_DIR": str(questionnaire_dir),
        }
    )
    with app.app_context():
        db.session.execute(text("DROP SCHEMA public CASCADE"))
        db.session.execute(text("CREATE SCHEMA public"))
        db.session.commit()
        db.create_all()
        db.session.add(
            User(email="lee@example.org", name="Lee", role="lead", password_hash=FAST_HASH)
        )
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


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
