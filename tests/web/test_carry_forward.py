"""Answers carried forward from the last round (docs/scoring.md §10, issue 19 part 5): a
round opened from the last one shows each respondent their own last answers pre-selected and
marked "Last round", counts them only once saved, and says per partner how many were kept."""

from __future__ import annotations

import re

from selfassess.extensions import db
from selfassess.models import Answer, Round
from selfassess.policy import SYSTEM
from selfassess.services import rounds


def _revision(page: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


def _answer_first_page(client, round_id: int, values: dict[str, str], submit: bool) -> str:
    url = client.post(f"/assess/rounds/{round_id}/start").headers["Location"]
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"revision": _revision(page), **values, "action": "draft"})
    if submit:
        other = url.replace("/pages/1", "/pages/2")
        page = client.get(other).get_data(as_text=True)
        client.post(other, data={"revision": _revision(page), "answer-q4": "2", "answer-q5": "2"})
        review = client.get(url.replace("/pages/1", "/review")).get_data(as_text=True)
        client.post(url.replace("/pages/1", "/submit"), data={"revision": _revision(review)})
    return url


def test_a_carried_round_starts_from_the_respondents_own_last_answers(
    app, client, auth, make_trust, make_round, make_user
):
    trust_id = make_trust()
    baseline = make_round(trust_id)
    person = make_user("respondent", trust_id, partner="Council")
    auth.login(person)
    answers = {"answer-q1": "3", "answer-q2": "dk", "answer-q3": "2", "note-i1": "Minutes"}
    _answer_first_page(client, baseline, answers, submit=True)
    with app.app_context():
        rounds.close_round(SYSTEM, baseline)
        follow_up = rounds.open_round(
            SYSTEM, str(trust_id), "mini", "Follow-up", carry_forward=True
        )
        assert db.session.get(Round, follow_up).carried_from_id == baseline
    url = client.post(f"/assess/rounds/{follow_up}/start").headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "Last round: Established (3) — keep it or change it" in page
    assert 'id="answer-q1-3" name="answer-q1" type="radio" value="3" checked' in page
    assert "Minutes</textarea>" in page
    assert "0 of 5 statements answered" in page  # not counted until saved
    # keep q1 and q2, change q3
    client.post(
        url,
        data={
            "revision": _revision(page),
            "answer-q1": "3",
            "answer-q2": "dk",
            "answer-q3": "4",
            "note-i1": "Minutes",
            "action": "draft",
        },
    )
    with app.app_context():
        saved = {a.statement: (a.value, a.carried) for a in db.session.query(Answer).all()}
    assert saved["q3"] == ("4", False)
    auth.logout()
    auth.login(make_user("lead", trust_id))
    status = client.get(f"/rounds/{follow_up}/status").get_data(as_text=True)
    assert "Kept from last round" in status
    assert re.search(r"Council</th>.*?numeric\">2</td>\s*</tr>", status, re.S)


def test_a_newcomer_starts_empty_and_carry_needs_an_earlier_round(
    app, client, auth, make_trust, make_round, make_user, runner
):
    trust_id = make_trust()
    result = runner.invoke(
        args=[
            "open-round",
            str(trust_id),
            "--questionnaire",
            "mini",
            "--name",
            "R",
            "--carry-forward",
        ]
    )
    assert result.exit_code != 0
    assert "no earlier round" in result.output
    baseline = make_round(trust_id)
    auth.login(make_user("respondent", trust_id, partner="Council"))
    _answer_first_page(
        client, baseline, {"answer-q1": "3", "answer-q2": "3", "answer-q3": "3"}, True
    )
    with app.app_context():
        rounds.close_round(SYSTEM, baseline)
    result = runner.invoke(
        args=[
            "open-round",
            str(trust_id),
            "--questionnaire",
            "mini",
            "--name",
            "Next",
            "--carry-forward",
        ]
    )
    assert result.exit_code == 0, result.output
    follow_up = int(result.output.strip().splitlines()[-1])
    auth.logout()
    auth.login(make_user("respondent", trust_id, partner="Council"))
    url = client.post(f"/assess/rounds/{follow_up}/start").headers["Location"]
    assert "Last round:" not in client.get(url).get_data(as_text=True)
