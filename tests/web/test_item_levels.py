"""Each item's own four levels: on view beside its statements, and again before submitting."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def started(make_trust, make_round, make_user, auth, client):
    trust_id = make_trust()
    round_id = make_round(trust_id)
    auth.login(make_user("respondent", trust_id, partner="Council"))
    response = client.post(f"/assess/rounds/{round_id}/start")
    return response.headers["Location"]


def test_the_page_shows_each_items_levels_without_opening_anything(client, started):
    page = client.get(started).get_data(as_text=True)
    heading = page.index("What each level looks like for Item one")
    first_statement = page.index("First statement.")
    levels = page[heading:first_statement]
    assert "Nothing about item one is in place." in levels
    assert "As 3, and item one is reviewed and improved." in levels
    assert "<details" not in levels  # visible as the page loads, on any screen
    assert re.search(r"4 Exemplary</dt>", levels)


def test_the_review_page_lists_every_question_by_page_with_change_links(client, started):
    """Issue 22 part 3: the review sets out every answer (here none yet) page by page, each
    with a Change link, instead of repeating every item's levels."""
    review = client.get(started.replace("/pages/1", "/review")).get_data(as_text=True)
    assert review.count("Not answered") == 5
    assert review.count(">Change<span") == 5
