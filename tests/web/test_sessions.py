"""Sessions (ASVS V7): server-side idle and absolute limits, a fresh session and CSRF token
at sign-in, the HTTPS settings, and the "Your account" page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from account_helpers import FAST_HASH
from sqlalchemy import select

from selfassess import create_app
from selfassess.extensions import db
from selfassess.models import Answer, User, utcnow
from selfassess.models.accounts import UserSession


def later(monkeypatch, **delta):
    moment = utcnow() + dt.timedelta(**delta)
    monkeypatch.setattr("selfassess.services.sessions.utcnow", lambda: moment)


def add_lee(app) -> None:
    """A lead on an app made apart from the usual fixture."""
    with app.app_context():
        db.session.add(
            User(email="lee@example.org", name="Lee", role="lead", password_hash=FAST_HASH)
        )
        db.session.commit()


@pytest.fixture
def lee(make_trust, make_user):
    return make_user("lead", make_trust("Ashvale"), email="lee@example.org", name="Lee Lead")


def signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


def test_an_idle_session_ends_on_the_server(app, client, lee, auth, monkeypatch):
    """ASVS V7.3.1: 60 minutes without a request ends the session (checked on the server,
    so a copied cookie does not help)."""
    auth.login(lee)
    later(monkeypatch, minutes=59)
    assert signed_in(client)
    later(monkeypatch, minutes=59 + 61)
    assert not signed_in(client)
    with app.app_context():
        assert db.session.scalars(select(UserSession)).all() == []


def test_a_busy_session_still_ends_after_twelve_hours(client, lee, auth, monkeypatch):
    """ASVS V7.3.2: an absolute lifetime, however active the person is."""
    auth.login(lee)
    for half_hours in range(1, 24):
        later(monkeypatch, minutes=30 * half_hours)
        assert signed_in(client)
    later(monkeypatch, hours=12, minutes=1)
    assert not signed_in(client)


def test_the_limits_come_from_the_environment(monkeypatch, tmp_path):
    """ASVS V7.3.1, V7.3.2: both limits are settings of the installation."""
    monkeypatch.setenv("SELFASSESS_SESSION_IDLE_MINUTES", "15")
    monkeypatch.setenv("SELFASSESS_SESSION_MAX_HOURS", "8")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert (app.config["SESSION_IDLE_MINUTES"], app.config["SESSION_MAX_HOURS"]) == (15, 8)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == dt.timedelta(hours=8)


def test_a_shorter_idle_limit_applies(app, client, lee, auth, monkeypatch):
    """ASVS V7.3.1: the idle limit is the configured one."""
    app.config["SESSION_IDLE_MINUTES"] = 5
    auth.login(lee)
    later(monkeypatch, minutes=6)
    assert not signed_in(client)


def test_answers_posted_after_the_idle_limit_are_carried_through_sign_in(
    app, client, make_trust, make_round, make_user, auth, monkeypatch, password
):
    """ASVS V7.3.1 with nothing lost: the questionnaire page posted after the session
    timed out comes back through the sign-in page and is saved after it."""
    trust_id = make_trust("Ashvale")
    round_id = make_round(trust_id)
    rita = make_user("respondent", trust_id, partner="Council", email="rita@example.org")
    auth.login(rita)
    url = client.post(f"/assess/rounds/{round_id}/start").headers["Location"]
    page = client.get(url).get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    proof = re.search(r'name="proof" value="([^"]+)"', page).group(1)
    later(monkeypatch, minutes=90)
    response = client.post(url, data={"revision": revision, "proof": proof, "answer-q1": "4"})
    body = response.get_data(as_text=True)
    assert response.status_code == 401
    carried = re.search(r'name="carried" value="([^"]+)"', body).group(1)
    signed = client.post(
        "/sign-in", data={"email": "rita@example.org", "password": password, "carried": carried}
    )
    assert signed.status_code == 302
    with app.app_context():
        assert [(a.statement, a.value) for a in db.session.scalars(select(Answer))] == [("q1", "4")]


def test_each_sign_in_gets_a_new_session_and_csrf_token(app_factory, make_user, password):
    """ASVS V7.2.4: a new session token at sign-in (no fixation) and the CSRF token
    rotates: a token from before sign-in no longer works."""
    app = app_factory("csrf", WTF_CSRF_ENABLED=True)
    add_lee(app)
    client = app.test_client()
    token = lambda page: re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # noqa: E731
    before = token(client.get("/sign-in").get_data(as_text=True))
    with client.session_transaction() as session:
        planted = dict(session)
    client.post(
        "/sign-in", data={"csrf_token": before, "email": "lee@example.org", "password": password}
    )
    with client.session_transaction() as session:
        assert session.get("csrf_token") != planted["csrf_token"]
        first = session["_user_id"]
    assert client.post("/sign-out", data={"csrf_token": before}).status_code == 400
    after = token(client.get("/account/").get_data(as_text=True))
    assert client.post("/sign-out", data={"csrf_token": after}).status_code == 302
    again = token(client.get("/sign-in").get_data(as_text=True))
    client.post(
        "/sign-in", data={"csrf_token": again, "email": "lee@example.org", "password": password}
    )
    with client.session_transaction() as session:
        assert session["_user_id"] != first


def test_https_setting_secures_the_cookie_and_sends_hsts(app_factory, password):
    """ASVS V3.3.1, V3.4.1: with SELFASSESS_HTTPS=1 the session cookie is Secure with the
    __Host- prefix, HSTS is sent, links are https, and one proxy's X-Forwarded-* is trusted."""
    app = app_factory("https", HTTPS="1", PROXIES="1")
    add_lee(app)
    client = app.test_client()
    proxied = {"X-Forwarded-For": "203.0.113.50", "X-Forwarded-Proto": "https"}
    response = client.post(
        "/sign-in", data={"email": "lee@example.org", "password": password}, headers=proxied
    )
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("__Host-session="))
    assert "Secure" in session_cookie
    assert "Path=/" in session_cookie
    assert "Domain" not in session_cookie
    assert any(c.startswith("__Host-device=") and "Secure" in c for c in cookies)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert app.config["PREFERRED_URL_SCHEME"] == "https"
    page = client.get("/account/", headers=proxied, base_url="https://localhost")
    assert "203.0.113.50" in page.get_data(as_text=True)  # the client, not the proxy


def test_without_https_there_is_no_hsts(client):
    """ASVS V3.4.1: HSTS only where the site is served over HTTPS (not on a laptop demo)."""
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_the_header_says_who_is_signed_in(client, lee, auth):
    auth.login(lee)
    page = client.get("/account/").get_data(as_text=True)
    header = page.split("</header>")[0]
    assert "Lee Lead" in header
    assert "Trust lead" in header
    assert "Ashvale" in header


def test_your_account_lists_sessions_and_ends_the_others(app, client, lee, auth):
    """ASVS V7.5.2: people see where they are signed in and can end the other sessions."""
    auth.login(lee)
    other = app.test_client()
    type(auth)(app, other).login(lee)
    page = client.get("/account/").get_data(as_text=True)
    assert page.count('<tr class="govuk-table__row">') >= 3  # header + two sessions
    assert "This browser" in page
    assert "Sign out everywhere else" in page
    client.post("/account/sessions/end-others")
    assert signed_in(client)
    assert not signed_in(other)
