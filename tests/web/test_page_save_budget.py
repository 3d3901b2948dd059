"""SQL budget of a questionnaire page save (issue 18 parts 1 and 5): one post is one
service call that reads the response under its lock once, checks the input once and writes;
nothing is read back after the commit."""

from __future__ import annotations

import re

from sql_count import statements

BUDGET = 11  # the budget; was 20 with three service calls (measured 2026-12-05)


def _page(client, round_id: int) -> tuple[str, str]:
    location = client.post(f"/assess/rounds/{round_id}/start").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    return location, re.search(r'name="revision" value="(\d+)"', page).group(1)


def test_a_page_save_stays_within_its_sql_budget(
    app, client, auth, make_trust, make_round, make_user
):
    trust_id = make_trust()
    round_id = make_round(trust_id)
    auth.login(make_user("respondent", trust_id, partner="Council"))
    location, revision = _page(client, round_id)
    form = {
        "revision": revision,
        "answer-q1": "3",
        "answer-q2": "dk",
        "note-i1": "Board minutes, March",
        "action": "continue",
    }
    with statements(app) as first:
        assert client.post(location, data=form).status_code == 302
    _, revision = _page(client, round_id)
    changed = {**form, "revision": revision, "answer-q1": "4", "note-i1": ""}
    with statements(app) as second:
        assert client.post(location, data=changed).status_code == 302
    assert len(first) <= BUDGET, first
    assert len(second) <= BUDGET, second


def test_a_rejected_page_costs_no_write(app, client, auth, make_trust, make_round, make_user):
    """A page with a bad answer is refused before anything is written."""
    trust_id = make_trust()
    round_id = make_round(trust_id)
    auth.login(make_user("respondent", trust_id, partner="Council"))
    location, revision = _page(client, round_id)
    with statements(app) as seen:
        page = client.post(location, data={"revision": revision, "answer-q1": "7"})
    assert page.status_code == 400
    assert "Choose one of the options" in page.get_data(as_text=True)
    assert not [s for s in seen if s.split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert len(seen) <= BUDGET, seen
