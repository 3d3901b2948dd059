"""Two advisors saving the same item at the same instant, on each engine: one save wins and
the other is refused as a conflict, never a lost update or a database error (the row lock
on PostgreSQL, the write lock on SQLite, the conditional update and the unique key)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from selfassess.domain.validation import Entry
from selfassess.extensions import db
from selfassess.models import Round, Trust, User
from selfassess.models.validation import Validation
from selfassess.policy import SYSTEM
from selfassess.services import rounds, validation
from selfassess.services.accounts import actor_of
from selfassess.services.outcomes import Conflict, Saved

PAIRS = 5


@pytest.fixture(autouse=True)
def _round_closed(app, worked_round):
    """Validation opens when the round closes (docs/scoring.md §8)."""
    with app.app_context():
        rounds.close_round(SYSTEM, worked_round)


def at_once(app, *calls):
    """Run each call in its own thread and app context, released together by a barrier."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index, call):
        with app.app_context():
            barrier.wait()
            try:
                results[index] = call()
            except BaseException as exc:  # reported by the assertion below
                results[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_simultaneous_saves_one_wins_one_conflict(app, worked_round, make_user):
    with app.app_context():
        trust = db.session.get(Trust, db.session.get(Round, worked_round).trust_id)
    advisors = [make_user("advisor", name=f"Advisor {n}") for n in (1, 2)]
    with app.app_context():
        for user_id in advisors:
            db.session.get(User, user_id).advised_trusts = [db.session.get(Trust, trust.pk)]
        db.session.commit()

    def save(user_id: int, level: str, revision: int):
        def call():
            person = actor_of(db.session.get(User, user_id))
            entry = Entry("challenge", level, f"pair {revision} by {user_id}", revision)
            return validation.save_validations(person, worked_round, {"i2": entry})

        return call

    for pair in range(PAIRS):
        revision = pair  # 0 first: both insert the item's first validation
        results = at_once(app, save(advisors[0], "1", revision), save(advisors[1], "2", revision))
        wins = [r for r in results if r == Saved(("i2",))]
        conflicts = [r for r in results if isinstance(r, Conflict)]
        assert (len(wins), len(conflicts)) == (1, 1), results
        winner = advisors[results.index(wins[0])]
        with app.app_context():
            row = db.session.scalars(select(Validation)).one()
            assert row.revision == revision + 1
            assert row.advisor_id == winner
            assert row.note.endswith(f"by {winner}")
