"""When validation happens (docs/scoring.md §8, issue 19 part 7): an open round's validation
page is read-only ("opens when the round closes"); each verdict records the shown score it was
given against, and after a reopening that moved the score it is marked "given when the score
was X" until the advisor confirms it."""

from __future__ import annotations

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Round, Trust, User
from selfassess.models.validation import Validation
from selfassess.policy import SYSTEM
from selfassess.services import rounds

FORM = {
    "verdict-i1": "agree",
    "level-i1": "3",
    "note-i1": "",
    "revision-i1": "0",
    "score-i1": "2.8",
}


def _advisor(app, make_user, round_id) -> int:
    user_id = make_user("advisor", name="Ada Advisor")
    with app.app_context():
        trust_id = db.session.get(Round, round_id).trust_id
        db.session.get(User, user_id).advised_trusts = [db.session.get(Trust, trust_id)]
        db.session.commit()
    return user_id


def test_an_open_round_is_shown_read_only(app, client, auth, make_user, worked_round):
    auth.login(_advisor(app, make_user, worked_round))
    page = client.get(f"/rounds/{worked_round}/validation").get_data(as_text=True)
    assert "Validation opens when the round closes" in page
    assert 'name="verdict-i1"' not in page
    refused = client.post(f"/rounds/{worked_round}/validation", data=FORM)
    assert refused.status_code == 409
    with app.app_context():
        assert db.session.scalars(select(Validation)).all() == []


def test_a_verdict_keeps_the_score_it_was_given_against(
    app, client, auth, make_user, worked_round, import_csv
):
    auth.login(_advisor(app, make_user, worked_round))
    with app.app_context():
        rounds.close_round(SYSTEM, worked_round)
    page = client.get(f"/rounds/{worked_round}/validation").get_data(as_text=True)
    assert 'name="score-i1" value="2.8"' in page  # T(i1) = 2.75, shown 2.8
    assert client.post(f"/rounds/{worked_round}/validation", data=FORM).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Validation.given_against)).one() == 2.8
        rounds.reopen_round(SYSTEM, worked_round)
    import_csv(worked_round, "partner,respondent,statement,answer,evidence\nPolice,p1,q1,1,\n")
    with app.app_context():
        rounds.close_round(SYSTEM, worked_round)
    page = client.get(f"/rounds/{worked_round}/validation").get_data(as_text=True)
    assert "Given when the score was 2.8" in page
    confirmed = client.post(
        f"/rounds/{worked_round}/validation",
        data={**FORM, "revision-i1": "1", "score-i1": _score(page)},
    )
    assert confirmed.status_code == 302
    page = client.get(f"/rounds/{worked_round}/validation").get_data(as_text=True)
    assert "Given when the score was" not in page


def _score(page: str) -> str:
    import re

    return re.search(r'name="score-i1" value="([^"]+)"', page).group(1)
