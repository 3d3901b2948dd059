"""Comparing trusts: latest rounds, spreads over all trusts, the five-trust rule."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Trust, User
from selfassess.services import compare
from selfassess.services.accounts import actor_of

HEADER = "partner,respondent,statement,answer,evidence\n"


@pytest.fixture
def trusts(six_trusts):
    return six_trusts


def test_comparison_rows_and_national_spread(app, trusts):
    with app.app_context():
        result = compare.compare("mini")
    assert [r.name for r in result.rows] == [f"Trust {k}" for k in range(6)]
    overall = result.national["overall"]
    # levels 1, 2, 3, 4, 1, 2: inclusive quartiles 1.25, 2.0, 2.75
    assert (overall.count, overall.lower, overall.median, overall.upper) == (6, 1.25, 2.0, 2.75)


def test_region_filter_keeps_national_spread(app, trusts):
    with app.app_context():
        result = compare.compare("mini", region="South")
    assert [r.name for r in result.rows] == ["Trust 3", "Trust 4", "Trust 5"]
    assert result.national["overall"].count == 6
    assert result.regional["overall"].count == 3


def test_latest_round_with_answers_counts(app, trusts, make_round, import_csv):
    trust_id, _ = trusts[0]
    newer = make_round(trust_id, name="Follow-up")
    with app.app_context():
        assert compare.latest_rounds("mini")[trust_id] != newer  # no answers yet
    import_csv(newer, HEADER + "Council,r,q1,4,\n")
    with app.app_context():
        assert compare.latest_rounds("mini")[trust_id] == newer


def test_advisor_rows_are_their_trusts_only(app, trusts, make_user):
    advisor = make_user("advisor")
    with app.app_context():
        user = db.session.get(User, advisor)
        user.advised_trusts = [db.session.get(Trust, trusts[1][0])]
        db.session.commit()
        result = compare.compare("mini", actor_of(user))
    assert [r.name for r in result.rows] == ["Trust 1"]
    assert result.national["overall"].count == 6


def test_anonymous_benchmark_needs_five_trusts(app, trusts, make_user):
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
    lead = make_user("lead", 1)
    with app.app_context():
        person = actor_of(db.session.scalars(select(User).where(User.pk == lead)).one())
        _, lines = compare.anonymous_benchmark(person, 1)
    assert all(line.spread is None and line.position is None for line in lines)
