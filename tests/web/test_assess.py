"""Completing the questionnaire in the browser's place: pages, saving, conflicts, submit."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Answer, ItemNote, Response


@pytest.fixture
def respondent(make_trust, make_round, make_user, auth):
    """A signed-in respondent of Council with a round open on the mini questionnaire."""
    trust_id = make_trust()
    round_id = make_round(trust_id)
    user_id = make_user("respondent", trust_id, partner="Council")
    auth.login(user_id)
    return {"trust_id": trust_id, "round_id": round_id, "user_id": user_id}


def start(client, round_id: int) -> str:
    response = client.post(f"/assess/rounds/{round_id}/start")
    assert response.status_code == 302
    return response.headers["Location"]


def revision_of(page: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


def stored(app):
    with app.app_context():
        return {a.statement: a.value for a in db.session.scalars(select(Answer))}


def test_dashboard_lists_the_open_round_with_progress(client, respondent):
    page = client.get("/assess").get_data(as_text=True)
    assert "Baseline" in page
    assert "0 of 5 answered" in page


def test_answer_save_continue_review_and_submit(app, client, respondent):
    first = start(client, respondent["round_id"])
    assert first.endswith("/pages/1")
    page = client.get(first).get_data(as_text=True)
    assert "Section one" in page
    assert "First statement." in page
    saved = client.post(
        first,
        data={
            "revision": revision_of(page),
            "answer-q1": "3",
            "answer-q2": "dk",
            "answer-q3": "na",
            "note-i1": "Board minutes, March",
            "action": "continue",
        },
    )
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("/pages/2")
    assert stored(app) == {"q1": "3", "q2": "dk", "q3": "na"}
    second = client.get(saved.headers["Location"]).get_data(as_text=True)
    review = client.post(
        saved.headers["Location"],
        data={
            "revision": revision_of(second),
            "answer-q4": "1",
            "answer-q5": "4",
            "action": "continue",
        },
    )
    assert review.headers["Location"].endswith("/review")
    page = client.get(review.headers["Location"]).get_data(as_text=True)
    assert "Submit self-assessment" in page
    done = client.post(
        review.headers["Location"].replace("/review", "/submit"),
        data={"revision": revision_of(page)},
    )
    assert done.status_code == 302
    with app.app_context():
        response = db.session.scalars(select(Response)).one()
        note = db.session.scalars(select(ItemNote)).one()
    assert response.status == "submitted"
    assert note.text == "Board minutes, March"
    readonly = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "It is read-only" in readonly


def test_review_lists_unanswered_statements_with_links(client, respondent):
    url = start(client, respondent["round_id"])
    review = client.get(url.replace("/pages/1", "/review")).get_data(as_text=True)
    assert "5 statements still to answer" in review
    assert "/pages/1#answer-q1-1" in review
    assert "Continue answering" in review
    assert review.count("govuk-error-summary__list") == 0
    assert "Submit self-assessment" not in review


def test_bad_value_comes_back_with_errors_and_the_typed_input(app, client, respondent):
    url = start(client, respondent["round_id"])
    page = client.get(url).get_data(as_text=True)
    response = client.post(
        url,
        data={
            "revision": revision_of(page),
            "answer-q1": "9",
            "answer-q2": "2",
            "note-i1": "x" * 10_001,
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in body
    assert 'href="#answer-q1-1"' in body
    assert 'href="#note-i1"' in body
    assert 'value="2" checked' in body
    assert "x" * 10_001 in body
    assert stored(app) == {}


def test_second_tab_with_a_stale_page_is_told_and_keeps_its_input(app, client, respondent):
    url = start(client, respondent["round_id"])
    page = client.get(url).get_data(as_text=True)
    old = revision_of(page)
    client.post(url, data={"revision": old, "answer-q1": "4", "action": "continue"})
    conflict = client.post(url, data={"revision": old, "answer-q1": "1", "answer-q2": "2"})
    body = conflict.get_data(as_text=True)
    assert conflict.status_code == 409
    assert "changed in another window or tab" in body
    assert 'id="answer-q1-1" name="answer-q1" type="radio" value="1" checked' in body
    assert stored(app) == {"q1": "4"}
    again = client.post(
        url, data={"revision": revision_of(body), "answer-q1": "1", "answer-q2": "2"}
    )
    assert again.status_code == 302
    assert stored(app) == {"q1": "1", "q2": "2"}


def test_saving_after_the_round_closed_keeps_the_answers_on_screen(app, client, respondent, runner):
    url = start(client, respondent["round_id"])
    page = client.get(url).get_data(as_text=True)
    runner.invoke(args=["close-round", str(respondent["round_id"])])
    response = client.post(
        url,
        data={"revision": revision_of(page), "answer-q1": "2", "note-i1": "typed before closing"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "round has closed" in body
    assert "typed before closing" in body
    assert stored(app) == {}


def test_a_form_cannot_write_statements_of_another_page(app, client, respondent):
    url = start(client, respondent["round_id"])
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"revision": revision_of(page), "answer-q1": "2", "answer-q5": "4"})
    assert stored(app) == {"q1": "2"}


def test_review_lists_every_answer_with_a_change_link(app, client, respondent):
    """Issue 22 part 3: the review lists each answer with a "Change" link to its page, and
    an incomplete review offers "Continue answering"."""
    first = start(client, respondent["round_id"])
    page = client.get(first).get_data(as_text=True)
    client.post(
        first,
        data={
            "revision": revision_of(page),
            "answer-q1": "3",
            "note-i1": "Minutes",
            "action": "draft",
        },
    )
    response_id = first.split("/")[2]
    review = client.get(f"/responses/{response_id}/review").get_data(as_text=True)
    assert "3 Established" in review
    assert f'href="/responses/{response_id}/pages/1#answer-q1-1">Change' in review
    assert f'href="/responses/{response_id}/pages/1#note-i1">Change' in review
    assert "Not answered" in review
    assert "Continue answering" in review
