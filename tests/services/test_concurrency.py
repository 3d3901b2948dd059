"""Many people saving at once on SQLite: nobody gets 'database is locked', nothing is lost,
and a stale save is refused rather than applied (docs/pitfalls.md P6, P8)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.models import Answer, User
from selfassess.services import responses
from selfassess.services.accounts import actor_of
from selfassess.services.responses import NotSaved, Reason, Saved


def test_parallel_saves_of_many_respondents_all_land(app, make_trust, make_round, make_user):
    trust_id = make_trust()
    round_id = make_round(trust_id)
    people = [make_user("respondent", trust_id, partner="Council") for _ in range(8)]
    errors: list[BaseException] = []

    def work(user_id: int) -> None:
        try:
            with app.app_context():
                person = actor_of(db.session.get(User, user_id))
                response_id = responses.start_response(person, round_id)
                for value in ("1", "2", "3", "4", "dk"):
                    view = responses.load_response(person, response_id)
                    responses.save_page(
                        person,
                        response_id,
                        view.revision,
                        1,
                        {"q1": value, "q2": value, "q3": value},
                        {},
                    )
                db.session.remove()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 8 * 3
        assert set(db.session.scalars(select(Answer.value))) == {"dk"}


def test_two_tabs_racing_one_wins_the_other_is_refused(app, make_trust, make_round, make_user):
    trust_id = make_trust()
    round_id = make_round(trust_id)
    user_id = make_user("respondent", trust_id, partner="Council")
    with app.app_context():
        person = actor_of(db.session.get(User, user_id))
        response_id = responses.start_response(person, round_id)
        revision = responses.load_response(person, response_id).revision
        assert isinstance(
            responses.save_page(person, response_id, revision, 1, {"q1": "4"}, {}), Saved
        )
        refused = responses.save_page(person, response_id, revision, 1, {"q1": "1"}, {})
        assert isinstance(refused, NotSaved)
        assert refused.reason is Reason.CONFLICT
        assert refused.revision == revision + 1
        assert responses.load_response(person, response_id).answers == {"q1": "4"}
