"""A round past its closing date counts as closed in the services that list rounds: the
comparison takes it as a closed round, the trust's list shows it closed."""

from __future__ import annotations

import datetime as dt

from selfassess.extensions import db
from selfassess.models import Round
from selfassess.policy import SYSTEM
from selfassess.services import compare, rounds


def test_a_round_past_its_date_is_closed_for_the_comparison(app, make_trust, import_csv):
    app.config["CLOCK"] = lambda: dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
    trust_id = make_trust()
    with app.app_context():
        round_id = rounds.open_round(
            SYSTEM, str(trust_id), "mini", "Summer", closes_on=dt.date(2026, 7, 1)
        )
    import_csv(round_id, "partner,respondent,statement,answer,evidence\nCouncil,a,q1,3,\n")
    with app.app_context():
        assert compare.latest_rounds("mini") == {}
        assert rounds.list_rounds(SYSTEM, trust_id)[0].status == "open"
    app.config["CLOCK"] = lambda: dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)  # 2 July, UK
    with app.app_context():
        assert compare.latest_rounds("mini") == {trust_id: round_id}
        assert rounds.list_rounds(SYSTEM, trust_id)[0].status == "closed"
        assert db.session.get(Round, round_id).status == "open"  # nothing had to be stored
