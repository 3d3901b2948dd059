"""Simultaneous requests against a live, threaded server, on each engine (issue 10): the
outcome SQLite gives by queueing writers must hold on PostgreSQL too. One save wins and the
other gets the 409 page with its typed answers; never a 500."""

from __future__ import annotations

import http.client
import re
import threading
import urllib.parse
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from selfassess.extensions import db
from selfassess.models import Answer, Invitation, Response, User
from selfassess.services import invitations
from selfassess.services.accounts import actor_of

PAIRS = 6


@pytest.fixture
def server(app) -> Iterator[tuple[str, int]]:
    """The app served by a threaded server: requests really run at the same time."""
    app.config["TESTING"] = False  # errors become 500 pages, as in production
    live = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=live.serve_forever, daemon=True)
    thread.start()
    yield ("127.0.0.1", live.server_port)
    live.shutdown()
    thread.join()


def request(address, method, path, form=None, cookie=None):
    """One request on its own connection: (status, body, session cookie)."""
    connection = http.client.HTTPConnection(*address, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    body = urllib.parse.urlencode(form or {})
    connection.request(method, path, body=body if form is not None else None, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8")
    jar = dict(pair.split("=", 1) for pair in (cookie or "").split("; ") if "=" in pair)
    for header in response.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        jar[name] = value
    connection.close()
    return response.status, text, "; ".join(f"{k}={v}" for k, v in jar.items()) or None


def at_once(*calls):
    """Run the calls in threads released by one barrier; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def respondent(app, make_trust, make_round, make_user, password, server):
    trust_id = make_trust("Ashvale", [("Council", "local_authority")])
    round_id = make_round(trust_id)
    user_id = make_user("respondent", trust_id, partner="Council", email="rita@example.org")
    _, _, cookie = request(
        server, "POST", "/sign-in", {"email": "rita@example.org", "password": password}
    )
    return {"round_id": round_id, "user_id": user_id, "cookie": cookie, "trust_id": trust_id}


def start(server, person):
    status, _, _ = request(
        server, "POST", f"/assess/rounds/{person['round_id']}/start", {}, person["cookie"]
    )
    return status


def test_two_tabs_saving_the_same_page_at_once(app, server, respondent):
    """One save wins; the other gets the 409 page with what it typed; never a 500."""
    assert start(server, respondent) == 302
    with app.app_context():
        response_id = db.session.scalars(select(Response.pk)).one()
    url = f"/responses/{response_id}/pages/1"
    for pair in range(PAIRS):
        _, page, _ = request(server, "GET", url, cookie=respondent["cookie"])
        revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
        forms = [
            {"revision": revision, "answer-q1": value, "note-i1": f"tab {value} pair {pair}"}
            for value in ("1", "4")
        ]
        results = at_once(
            *[lambda f=f: request(server, "POST", url, f, respondent["cookie"]) for f in forms]
        )
        statuses = sorted(status for status, _, _ in results)
        assert statuses == [302, 409], statuses
        loser = next(body for status, body, _ in results if status == 409)
        loser_value = "1" if "tab 1 pair" in loser else "4"
        assert f"tab {loser_value} pair {pair}" in loser
        assert f'value="{loser_value}" checked' in loser


def test_double_submit_and_double_start(app, server, respondent):
    """Two starts give one response; two submits: one succeeds, the other is refused (409)."""
    statuses = at_once(lambda: start(server, respondent), lambda: start(server, respondent))
    assert statuses == [302, 302]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 1
        response_id = db.session.scalars(select(Response.pk)).one()
    url = f"/responses/{response_id}/pages/1"
    _, page, _ = request(server, "GET", url, cookie=respondent["cookie"])
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    answers = {f"answer-q{n}": "3" for n in range(1, 6)}
    for number in (1, 2):
        status, _, _ = request(
            server,
            "POST",
            f"/responses/{response_id}/pages/{number}",
            {"revision": revision, **answers, "action": "continue"},
            respondent["cookie"],
        )
        assert status == 302
        revision = str(int(revision) + 1)
    submit = f"/responses/{response_id}/submit"
    results = at_once(
        *[
            lambda: request(server, "POST", submit, {"revision": revision}, respondent["cookie"])
            for _ in range(2)
        ]
    )
    assert sorted(status for status, _, _ in results) == [302, 409]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 5


def test_two_people_accepting_one_invitation(app, server, make_trust, make_user):
    """The invitation makes one account; the other person is told it was used; no 500."""
    trust_id = make_trust("Ashvale", [("Council", "local_authority")])
    lead = make_user("lead", trust_id)
    with app.app_context():
        token = invitations.invite(
            actor_of(db.session.get(User, lead)), trust_id, "board", "Bo", "bo@example.org"
        )
    form = {"name": "Bo", "password": "a long enough password", "confirm": "a long enough password"}
    results = at_once(
        *[lambda: request(server, "POST", f"/invitations/{token}", form) for _ in range(2)]
    )
    assert sorted(status for status, _, _ in results) == [302, 404]
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.email == "bo@example.org")) == 1
        assert db.session.scalars(select(Invitation.accepted_at)).one() is not None
