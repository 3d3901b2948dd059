"""Answering an item-rated questionnaire (docs/scoring.md §1, issue 19 parts 1 and 3): each
item once, its own four levels as the options, its statements as "what to look for"."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Answer, ItemNote
from selfassess.services import results


@pytest.fixture
def page_url(client, auth, make_trust, make_round, make_user, item_rated):
    trust_id = make_trust()
    round_id = make_round(trust_id, item_rated)
    auth.login(make_user("respondent", trust_id, partner="Council"))
    return round_id, client.post(f"/assess/rounds/{round_id}/start").headers["Location"]


def _revision(page: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


def test_the_levels_are_the_options_and_the_statements_are_prompts(client, page_url):
    _, url = page_url
    page = client.get(url).get_data(as_text=True)
    assert "What to look for" in page
    assert "<li>Is the process written down?</li>" in page
    assert 'name="answer-i1" type="radio" value="3"' in page
    assert "Every partner follows the written joint process." in page
    assert 'name="answer-i1-written"' not in page
    assert "What the levels mean" not in page
    assert "0 of 2 items answered" in page
    assert "this project's own ladders, built from the sources" in page


def test_one_answer_and_one_note_per_item_are_stored_and_scored(app, client, page_url):
    round_id, url = page_url
    page = client.get(url).get_data(as_text=True)
    saved = client.post(
        url,
        data={
            "revision": _revision(page),
            "answer-i1": "3",
            "answer-i2": "dk",
            "answer-i1-written": "4",  # a prompt is never a question: dropped
            "note-i1": "Process agreed at the Board, June",
            "action": "review",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        assert {a.statement: a.value for a in db.session.scalars(select(Answer))} == {
            "i1": "3",
            "i2": "dk",
        }
        assert [n.item for n in db.session.scalars(select(ItemNote))] == ["i1"]
    review = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "3 Established: Every partner follows the written joint process." in review
    submitted = client.post(
        saved.headers["Location"].replace("/review", "/submit"),
        data={"revision": _revision(review)},
    )
    assert submitted.status_code == 302
    with app.app_context():
        figures = results.round_results(round_id).scores
    assert figures.trust.items == {"i1": 3.0, "i2": None}


def test_a_bad_level_comes_back_on_its_item_with_everything_typed(client, page_url):
    _, url = page_url
    page = client.get(url).get_data(as_text=True)
    again = client.post(
        url, data={"revision": _revision(page), "answer-i1": "5", "note-i2": "Kept text"}
    )
    text = again.get_data(as_text=True)
    assert again.status_code == 400
    assert 'href="#answer-i1-1">Choose one of the options' in text
    assert "Kept text" in text


def test_page_one_says_how_long_it_takes(client, page_url):
    _, url = page_url
    page = client.get(url).get_data(as_text=True)
    assert "This questionnaire takes about 1 minute over 1 page." in page
