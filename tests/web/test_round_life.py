"""Closing dates on the app's clock (UK time), closing early and extending, reopening a
response with a reason, read-only submitted responses and the review page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from mailserver import smtp_server
from sqlalchemy import select

from selfassess import clock
from selfassess.extensions import db
from selfassess.models import Answer, Response, Round
from selfassess.policy import SYSTEM
from selfassess.services import results, rounds
from selfassess.web import filters

# 1 July 2026 is in British Summer Time: 23:30 UTC is already 2 July in England.
EVENING = dt.datetime(2026, 7, 1, 22, 50, tzinfo=dt.UTC)  # 23:50 in England
PAST_MIDNIGHT = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)  # 00:30 on 2 July


class Clock:
    """A clock the test moves by hand (never a sleep)."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


@pytest.fixture
def set_clock(app):
    app.config["CLOCK"] = Clock(EVENING)
    return app.config["CLOCK"]


@pytest.fixture
def dated_round(app, set_clock, make_trust):
    """A trust with a round closing at the end of 1 July 2026 (UK time)."""
    trust_id = make_trust()
    with app.app_context():
        round_id = rounds.open_round(
            SYSTEM, str(trust_id), "mini", "Summer", closes_on=dt.date(2026, 7, 1)
        )
    return trust_id, round_id


def revision_of(page: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


def start(client, round_id: int) -> str:
    response = client.post(f"/assess/rounds/{round_id}/start")
    assert response.status_code == 302
    return response.headers["Location"]


def answer_everything(client, url: str) -> None:
    page = client.get(url).get_data(as_text=True)
    data = {"revision": revision_of(page), "answer-q1": "3", "answer-q2": "2", "answer-q3": "4"}
    second = client.post(url, data=data).headers["Location"]
    page = client.get(second).get_data(as_text=True)
    client.post(second, data={"revision": revision_of(page), "answer-q4": "1", "answer-q5": "dk"})


def stored(app):
    with app.app_context():
        return {a.statement: a.value for a in db.session.scalars(select(Answer))}


def test_a_round_closes_at_the_end_of_its_closing_date_uk_time(
    app, client, dated_round, set_clock, make_user, auth
):
    trust_id, round_id = dated_round
    auth.login(make_user("respondent", trust_id, partner="Council"))
    url = start(client, round_id)
    page = client.get(url).get_data(as_text=True)
    assert "The round closes at the end of 1 July 2026 (UK time)" in page
    set_clock.moment = PAST_MIDNIGHT  # 00:30 on 2 July in England, still 1 July in UTC
    refused = client.post(
        url,
        data={"revision": revision_of(page), "answer-q1": "3", "note-i1": "Minutes of May"},
    )
    body = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "This round has closed" in body
    assert "contact your trust lead" in body
    assert 'value="3" checked' in body  # what was typed is still on screen
    assert "Minutes of May" in body
    assert re.search(r'name="proof" value="[^"]+"', body)
    assert stored(app) == {}
    submit = client.post(url.split("/pages/")[0] + "/submit", data={"revision": "1"})
    assert submit.status_code == 409
    assert "This round has closed" in submit.get_data(as_text=True)
    dashboard = client.get("/assess").get_data(as_text=True)
    assert "Closed</strong>" in dashboard


def test_a_new_respondent_cannot_start_after_the_closing_date(
    app, client, dated_round, set_clock, make_user, auth
):
    trust_id, round_id = dated_round
    auth.login(make_user("respondent", trust_id, partner="Police"))
    assert "Summer" in client.get("/assess").get_data(as_text=True)
    set_clock.moment = PAST_MIDNIGHT
    assert "Summer" not in client.get("/assess").get_data(as_text=True)
    refused = client.post(f"/assess/rounds/{round_id}/start")
    assert refused.headers["Location"].endswith("/assess")
    with app.app_context():
        assert db.session.scalars(select(Response)).all() == []


def test_the_lead_sees_it_closed_and_extends_the_closing_date(
    app, client, dated_round, set_clock, make_user, auth
):
    trust_id, round_id = dated_round
    respondent = make_user("respondent", trust_id, partner="Council")
    auth.login(make_user("lead", trust_id))
    assert "Open until the end of 1 July 2026" in client.get(f"/rounds/{round_id}/status").get_data(
        as_text=True
    )
    set_clock.moment = PAST_MIDNIGHT
    status = client.get(f"/rounds/{round_id}/status").get_data(as_text=True)
    assert "Closed: its closing date, 1 July 2026, has passed." in status
    assert ">Closed</strong>" in client.get(f"/trusts/{trust_id}").get_data(as_text=True)
    with app.app_context():
        assert results.round_results(round_id).info.status == "closed"  # not provisional
    past = client.post(f"/rounds/{round_id}/closing-date", data={"closes_on": "2026-07-01"})
    assert past.status_code == 400
    assert "must be today or in the future" in past.get_data(as_text=True)
    moved = client.post(f"/rounds/{round_id}/closing-date", data={"closes_on": "2026-07-31"})
    assert moved.status_code == 302
    with app.app_context():
        assert db.session.get(Round, round_id).closes_on == dt.date(2026, 7, 31)
    auth.logout()
    auth.login(respondent)
    url = start(client, round_id)
    answer_everything(client, url)
    assert stored(app)["q5"] == "dk"


def test_new_round_dates_are_checked_on_the_form(client, set_clock, make_trust, make_user, auth):
    trust_id = make_trust()
    auth.login(make_user("lead", trust_id))
    url = f"/trusts/{trust_id}/rounds/new"
    past = client.post(url, data={"questionnaire": "mini", "name": "A", "closes_on": "2026-06-30"})
    assert past.status_code == 400
    assert "The closing date must be today or in the future" in past.get_data(as_text=True)
    inverted = client.post(
        url,
        data={
            "questionnaire": "mini",
            "name": "A",
            "opens_on": "2026-09-01",
            "closes_on": "2026-08-01",
        },
    )
    assert inverted.status_code == 400
    assert "same as or after the opening date" in inverted.get_data(as_text=True)
    today = client.post(url, data={"questionnaire": "mini", "name": "A", "closes_on": "2026-07-01"})
    assert today.status_code == 302


def test_closing_early_asks_first(app, client, dated_round, make_user, auth):
    trust_id, round_id = dated_round
    make_user("respondent", trust_id, partner="Council")
    auth.login(make_user("lead", trust_id))
    page = client.get(f"/rounds/{round_id}/close").get_data(as_text=True)
    assert "Close Summer now?" in page
    assert "1 person has not submitted yet" in page
    with app.app_context():
        assert db.session.get(Round, round_id).status == "open"
    client.post(f"/rounds/{round_id}/close")
    with app.app_context():
        assert db.session.get(Round, round_id).status == "closed"
    assert "Reopen round" in client.get(f"/rounds/{round_id}/status").get_data(as_text=True)


def test_reopened_with_a_reason_then_read_only_after_resubmitting(
    app, client, dated_round, make_user, auth
):
    trust_id, round_id = dated_round
    respondent = make_user("respondent", trust_id, partner="Council")
    auth.login(respondent)
    url = start(client, round_id)
    answer_everything(client, url)
    review_url = url.split("/pages/")[0] + "/review"
    review = client.get(review_url).get_data(as_text=True)
    client.post(review_url.replace("/review", "/submit"), data={"revision": revision_of(review)})
    submitted = client.get(url).get_data(as_text=True)
    assert 'type="radio"' not in submitted
    assert "It is read-only" in submitted
    assert "Developing" in submitted  # q2's answer, as text
    with app.app_context():
        response_id = db.session.scalars(select(Response.pk)).one()
    auth.logout()
    auth.login(make_user("lead", trust_id))
    with smtp_server() as (inbox, port):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(port))
        client.post(f"/responses/{response_id}/reopen", data={"reason": "Item two looks low <b>"})
    mail = inbox.messages[0].get_body(("plain",)).get_content()
    assert "Item two looks low <b>" in mail
    assert f"https://selfassess.example.org/responses/{response_id}" in mail
    auth.logout()
    auth.login(respondent)
    for path in (url, url.split("/pages/")[0]):
        page = client.get(path).get_data(as_text=True)
        assert "Reopened by the lead" in page
        assert "Item two looks low &lt;b&gt;" in page
    assert 'type="radio"' in client.get(url).get_data(as_text=True)
    review = client.get(review_url).get_data(as_text=True)
    client.post(review_url.replace("/review", "/submit"), data={"revision": revision_of(review)})
    again = client.get(url).get_data(as_text=True)
    assert 'type="radio"' not in again
    assert "Reopened by the lead" in again


def test_review_names_each_unanswered_statement_and_continues(client, dated_round, make_user, auth):
    trust_id, round_id = dated_round
    auth.login(make_user("respondent", trust_id, partner="Council"))
    url = start(client, round_id)
    page = client.get(url).get_data(as_text=True)
    client.post(url, data={"revision": revision_of(page), "answer-q1": "3", "answer-q2": "2"})
    review = client.get(url.split("/pages/")[0] + "/review").get_data(as_text=True)
    assert "3 statements still to answer" in review
    texts = re.findall(r'#answer-(q\d)-1">([^<]+)</a>', review)
    assert [slug for slug, _ in texts] == ["q3", "q4", "q5", "q3"]  # the list, then the button
    assert len({text for _, text in texts[:3]}) == 3  # each by its own text
    assert "Continue answering" in review


def test_a_stale_save_names_the_time_in_uk_time(client, dated_round, make_user, auth):
    trust_id, round_id = dated_round
    auth.login(make_user("respondent", trust_id, partner="Council"))
    url = start(client, round_id)
    old = revision_of(client.get(url).get_data(as_text=True))
    first = client.post(url, data={"revision": old, "answer-q1": "4", "action": "continue"})
    assert first.status_code == 302, first.get_data(as_text=True)
    conflict = client.post(url, data={"revision": old, "answer-q1": "1"})
    assert "at 23:50 UK time" in conflict.get_data(as_text=True)


def test_screens_show_uk_dates_and_times():
    late = dt.datetime(2026, 6, 30, 23, 30)  # stored naive UTC
    assert filters.date(late) == "1 July 2026"
    assert filters.when(late) == "1 July 2026, 00:30 UK time"
    assert filters.date(dt.date(2026, 6, 30)) == "30 June 2026"
    assert filters.when(dt.datetime(2026, 12, 31, 23, 30)) == "31 December 2026, 23:30 UK time"


def test_the_clock_decides_not_the_calendar_of_the_server(app, set_clock):
    set_clock.moment = PAST_MIDNIGHT
    with app.app_context():
        assert clock.uk_today() == dt.date(2026, 7, 2)


def test_a_round_closed_by_hand_after_its_date_needs_a_new_date_to_reopen(
    app, client, dated_round, set_clock, make_user, auth
):
    trust_id, round_id = dated_round
    auth.login(make_user("lead", trust_id))
    client.post(f"/rounds/{round_id}/close")
    set_clock.moment = PAST_MIDNIGHT
    refused = client.post(f"/rounds/{round_id}/state", data={"open": "1"}, follow_redirects=True)
    assert "set a new closing date to reopen it" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Round, round_id).status == "closed"
    client.post(f"/rounds/{round_id}/closing-date", data={"closes_on": "2026-07-08"})
    client.post(f"/rounds/{round_id}/state", data={"open": "1"})
    with app.app_context():
        assert rounds.round_open(db.session.get(Round, round_id))
