"""The partnership's agreed level (docs/scoring.md §9, issue 19 part 4): recorded by the
lead for a closed round, with a rationale; shown beside the computed and validated levels on
the results page, in the board paper and in the results JSON; never changes the figures."""

from __future__ import annotations

import json

from pdf_helpers import build, text_of
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models.agreement import AgreedLevel
from selfassess.models.audit import AuditEvent
from selfassess.policy import SYSTEM
from selfassess.services import rounds

FORM = {
    "level-i1": "3",
    "rationale-i1": "Agreed at the partnership meeting of 3 March",
    "level-i3": "1",
    "rationale-i3": "Monitoring is not yet joint",
}


def _closed(app, worked_round) -> int:
    with app.app_context():
        rounds.close_round(SYSTEM, worked_round)
    return worked_round


def test_lead_records_agreed_levels_beside_the_computed_scores(
    app, client, auth, make_user, runner, worked_round
):
    round_id = _closed(app, worked_round)
    before = json.loads(runner.invoke(args=["export-results", str(round_id)]).output)
    auth.login(make_user("lead", 1))
    assert "Record the agreed levels</a>" in client.get(f"/rounds/{round_id}/results").text
    saved = client.post(f"/rounds/{round_id}/agreed-levels", data=FORM)
    assert saved.status_code == 302
    page = " ".join(client.get(f"/rounds/{round_id}/results").get_data(as_text=True).split())
    # i1: computed 2.75 shown 2.8, agreed 3: +0.2; i3: 2.4167 shown 2.4, agreed 1: -1.4
    assert "2 of 3 items have a level the partnership agreed; 1 differ" in page
    assert "Monitoring is not yet joint" in page
    after = json.loads(runner.invoke(args=["export-results", str(round_id)]).output)
    assert after["scores"] == before["scores"]
    assert after["agreed"]["i1"] == {
        "level": 3,
        "rationale": "Agreed at the partnership meeting of 3 March",
        "difference": 0.2,
    }
    assert after["agreed"]["i3"]["difference"] == -1.4
    pdf = " ".join(text_of(build(app, round_id)).split())
    assert "2 of 3 items have an agreed level" in pdf
    with app.app_context():
        events = db.session.scalars(select(AuditEvent.event)).all()
    assert "agreed_levels_recorded" in events


def test_a_level_without_a_reason_comes_back_with_everything_typed(
    app, client, auth, make_user, worked_round
):
    round_id = _closed(app, worked_round)
    auth.login(make_user("lead", 1))
    refused = client.post(
        f"/rounds/{round_id}/agreed-levels",
        data={**FORM, "rationale-i1": "", "rationale-i2": "x" * 2001},
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'href="#rationale-i1">Say briefly why the partnership agreed it' in text
    assert "Monitoring is not yet joint" in text
    assert "x" * 2001 in text
    with app.app_context():
        assert db.session.scalars(select(AgreedLevel)).all() == []


def test_an_open_round_has_no_agreed_levels_yet(app, client, auth, make_user, worked_round):
    auth.login(make_user("lead", 1))
    refused = client.post(f"/rounds/{worked_round}/agreed-levels", data=FORM)
    assert refused.status_code == 409
    assert "once the round has closed" in refused.get_data(as_text=True)


def test_only_the_trusts_lead_records_them(app, client, auth, make_user, make_trust, worked_round):
    """ASVS 8.2.2 (data-level access): another trust's lead and the board get not found."""
    round_id = _closed(app, worked_round)
    other = make_trust("Brookfield")
    for user in (make_user("lead", other), make_user("board", 1)):
        auth.login(user)
        assert client.get(f"/rounds/{round_id}/agreed-levels").status_code in (403, 404)
        assert client.post(f"/rounds/{round_id}/agreed-levels", data=FORM).status_code in (
            403,
            404,
        )
        auth.logout()
    with app.app_context():
        assert db.session.scalars(select(AgreedLevel)).all() == []
