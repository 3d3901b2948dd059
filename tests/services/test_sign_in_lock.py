"""Signing in checks the password without holding SQLite's write lock (issue 10: under load,
50 people signing in at once queued every save behind their password hashes, and saves
waited past the busy timeout: 503)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from selfassess.extensions import db
from selfassess.models import User
from selfassess.services import accounts


def _user(app, password: str, **extra) -> None:
    with app.app_context():
        db.session.add(
            User(
                email="ada@example.org",
                name="Ada",
                role="admin",
                password_hash=generate_password_hash(password, "pbkdf2:sha256:1000"),
                **extra,
            )
        )
        db.session.commit()


@pytest.mark.sqlite_only("holds SQLite's write lock from a second connection")
def test_a_right_password_signs_in_while_another_writer_holds_the_lock(
    app_factory, password, tmp_path
):
    app = app_factory("signin", SQLITE_BUSY_TIMEOUT_MS=100)
    _user(app, password)
    blocker = sqlite3.connect(tmp_path / "signin.sqlite", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with app.app_context():
            person = accounts.authenticate("ada@example.org", password)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert person is not None
    assert person.email == "ada@example.org"


def test_a_right_password_clears_earlier_failures_and_a_wrong_one_counts(app, password):
    _user(app, password, failed_logins=3)
    with app.app_context():
        assert accounts.authenticate("ada@example.org", "wrong") is None
        assert db.session.scalars(select(User.failed_logins)).one() == 4
        assert accounts.authenticate("ada@example.org", password) is not None
        db.session.rollback()
        assert db.session.scalars(select(User.failed_logins)).one() == 0
