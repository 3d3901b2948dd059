"""Comparing trusts (docs/scoring.md §6): the round that stands for a trust, spreads over all
trusts, the period filter, and the small-numbers rule in the services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Trust, User
from selfassess.policy import SYSTEM
from selfassess.services import Invalid, compare, rounds
from selfassess.services.accounts import actor_of
from selfassess.services.compare import Filters

HEADER = "partner,respondent,statement,answer,evidence\n"


@pytest.fixture
def trusts(app, six_trusts):
    """The six trusts with their baseline rounds closed."""
    with app.app_context():
        for _, round_id in six_trusts:
            rounds.close_round(SYSTEM, round_id)
    return six_trusts


def admin(app, make_user):
    user_id = make_user("admin")
    with app.app_context():
        return actor_of(db.session.get(User, user_id))


def test_comparison_rows_and_national_spread(app, trusts, make_user):
    person = admin(app, make_user)
    with app.app_context():
        result = compare.compare("mini", person)
    assert [r.name for r in result.rows] == [f"Trust {k}" for k in range(6)]
    overall = result.national["overall"]
    # levels 1, 2, 3, 4, 1, 2: inclusive quartiles 1.25, 2.0, 2.75
    assert (overall.count, overall.lower, overall.median, overall.upper) == (6, 1.25, 2.0, 2.75)
    assert result.priorities.trusts == 6


def test_region_filter_keeps_national_spread(app, trusts, make_user):
    person = admin(app, make_user)
    with app.app_context():
        result = compare.compare("mini", person, Filters(region="South"))
    assert [r.name for r in result.rows] == ["Trust 3", "Trust 4", "Trust 5"]
    assert result.national["overall"].count == 6
    assert result.regional["overall"].count == 3


def test_latest_closed_round_stands_for_a_trust(app, trusts, make_round, import_csv):
    """docs/scoring.md §6: the latest CLOSED round with a submitted response; an open round
    only when the viewer includes open rounds (then it is provisional)."""
    trust_id, baseline = trusts[0]
    newer = make_round(trust_id, name="Follow-up")
    import_csv(newer, HEADER + "Council,r,q1,4,\n")
    with app.app_context():
        assert compare.latest_rounds("mini")[trust_id] == baseline
        assert compare.latest_rounds("mini", Filters(include_open=True))[trust_id] == newer
        rounds.close_round(SYSTEM, newer)
        assert compare.latest_rounds("mini")[trust_id] == newer


def test_a_closed_round_without_answers_does_not_stand(app, trusts, make_round):
    trust_id, baseline = trusts[0]
    empty = make_round(trust_id, name="Nobody answered")
    with app.app_context():
        rounds.close_round(SYSTEM, empty)
        assert compare.latest_rounds("mini")[trust_id] == baseline


def test_an_open_round_alone_does_not_stand_by_default(app, six_trusts, make_user):
    person = admin(app, make_user)
    with app.app_context():
        assert compare.latest_rounds("mini") == {}
        result = compare.compare("mini", person, Filters(include_open=True))
    assert all(row.provisional for row in result.rows)
    assert len(result.rows) == 6


def test_period_filter_and_inverted_period(app, trusts):
    today = dt.date.today()
    with app.app_context():
        assert len(compare.latest_rounds("mini", Filters(start=today, end=today))) == 6
        assert compare.latest_rounds("mini", Filters(start=today + dt.timedelta(days=1))) == {}
        with pytest.raises(Invalid, match="after its start"):
            compare.latest_rounds("mini", Filters(start=today, end=today - dt.timedelta(days=1)))


def test_advisor_rows_are_their_trusts_only(app, trusts, make_user):
    advisor = make_user("advisor")
    with app.app_context():
        user = db.session.get(User, advisor)
        user.advised_trusts = [db.session.get(Trust, trusts[1][0])]
        db.session.commit()
        result = compare.compare("mini", actor_of(user))
    assert [r.name for r in result.rows] == ["Trust 1"]
    assert result.national["overall"].count == 6


def test_advisor_region_of_few_other_trusts_is_withheld(app, trusts, make_user):
    """ASVS V8.2: an advisor of Trust 1 filtering on South (3 trusts they are not assigned
    to) gets no spread and no priority counts for the region; nationally 5 others stand."""
    advisor = make_user("advisor")
    with app.app_context():
        user = db.session.get(User, advisor)
        user.advised_trusts = [db.session.get(Trust, trusts[1][0])]
        db.session.commit()
        result = compare.compare("mini", actor_of(user), Filters(region="South"))
    assert result.rows == ()
    assert all(s is None for s in result.regional.values())
    assert result.priorities is None
    assert result.priority_counts == {}
    assert result.national["overall"].count == 6


def test_anonymous_benchmark_needs_five_other_trusts(app, trusts, make_user):
    lead = make_user("lead", trusts[0][0])
    with app.app_context():
        person = actor_of(db.session.get(User, lead))
        own, lines = compare.anonymous_benchmark(person, trusts[0][1])
    overall = lines[0]
    assert (overall.key, overall.own, overall.spread.count) == ("overall", 1.0, 6)
    assert overall.position == "bottom quarter"
    text = json.dumps([line.__dict__ for line in lines], default=str)
    assert "T1" not in text
    assert "T5" not in text


def test_fewer_than_five_trusts_is_not_enough(app, make_trust, make_round, import_csv, make_user):
    for k in range(4):
        round_id = make_round(make_trust(f"S{k}", [("Council", "local_authority")]))
        import_csv(round_id, HEADER + "Council,r,q1,3,\n")
        with app.app_context():
            rounds.close_round(SYSTEM, round_id)
    lead = make_user("lead", 1)
    with app.app_context():
        person = actor_of(db.session.scalars(select(User).where(User.pk == lead)).one())
        _, lines = compare.anonymous_benchmark(person, 1)
    # Every figure some trust has is withheld; one nobody answered has no spread at all.
    assert lines[0].key == "overall"
    assert lines[0].spread is None
    assert all(line.position is None for line in lines)
    assert all(line.spread is None or line.spread.count == 0 for line in lines)
