"""Shared checks of the account side, run on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading

from werkzeug.security import generate_password_hash

from selfassess.extensions import db
from selfassess.models import User
from selfassess.services import accounts

PASSWORD = "correct horse battery staple"  # the same as conftest's
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def guess_in_parallel(app, email: str, threads: int) -> list[accounts.Outcome]:
    """Wrong passwords from many threads at once, as parallel requests would send them."""
    barrier = threading.Barrier(threads)
    outcomes: list[accounts.Outcome] = []

    def guess(n: int) -> None:
        with app.app_context():
            barrier.wait()
            outcomes.append(accounts.authenticate(email, f"parallel guess {n}"))
            db.session.remove()

    workers = [threading.Thread(target=guess, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


def check_parallel_guessing(app, email: str, password: str) -> None:
    outcomes = guess_in_parallel(app, email, 32)
    assert len(outcomes) == 32
    assert all(o.user_id is None for o in outcomes)
    # Exactly one request found the counter at the limit and started the wait.
    assert sum(1 for o in outcomes if o.warn) == 1
    with app.app_context():
        assert accounts.authenticate(email, password).user_id is None
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        assert user.locked_until is not None
