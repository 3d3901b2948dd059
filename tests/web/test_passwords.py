"""Forgotten and changed passwords (issue 11): reset by e-mail through a real SMTP server,
change with the current password, the strength rules on the web."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from mailserver import smtp_server
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import User
from selfassess.models.accounts import PasswordReset
from selfassess.services import invitations
from selfassess.services.accounts import actor_of

NEW = "walnut lantern oboe meadow"
SAME_ANSWER = "If lee@example.org has an account"


@pytest.fixture
def mail(app):
    with smtp_server() as (inbox, port):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        yield inbox


@pytest.fixture
def lee(make_trust, make_user):
    return make_user("lead", make_trust("Ashvale"), email="lee@example.org", name="Lee Lead")


class Answer:
    """A page as the browser got it: the response is closed, as a WSGI server closes it
    after sending (which is when the e-mail goes)."""

    def __init__(self, response) -> None:
        self.status_code, self.text = response.status_code, response.get_data(as_text=True)
        response.close()

    def get_data(self, as_text=True) -> str:
        return self.text


def ask(client, email="lee@example.org"):
    return Answer(client.post("/forgotten-password", data={"email": email}))


def test_the_link_is_mailed_only_after_the_answer_is_sent(client, lee, mail):
    """ASVS V6.3.8: sending mail takes time; done after the response, it cannot tell an
    attacker which addresses have accounts."""
    response = client.post("/forgotten-password", data={"email": "lee@example.org"})
    assert response.status_code == 200
    assert mail.messages == []
    response.close()
    assert len(mail.messages) == 1


def link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/reset-password/\S+)", text).group(1)


def test_sign_in_page_offers_a_reset(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert 'href="/forgotten-password"' in page
    assert "Forgotten your password?" in page


def test_reset_by_email_ends_every_session(app, client, lee, auth, mail, password):
    """ASVS V6.4.1, V7.4.3: a single-use link by e-mail; the new password ends sessions."""
    auth.login(lee)
    other = app.test_client()
    answer = ask(other, "LEE@example.org ").get_data(as_text=True)
    assert "If LEE@example.org  has an account" in answer or "has an account" in answer
    (message,) = mail.messages
    assert message["To"] == "lee@example.org"
    url = link_in(message)
    assert other.get(url).status_code == 200
    weak = other.post(url, data={"password": "lee lead 2026", "confirm": "lee lead 2026"})
    assert weak.status_code == 400
    assert "name, email address or trust" in weak.get_data(as_text=True)
    done = other.post(url, data={"password": NEW, "confirm": NEW})
    assert done.headers["Location"] == "/sign-in"
    done.close()
    assert mail.messages[-1]["Subject"] == "Your selfassess password was changed"  # V6.3.7
    assert client.get("/account/").status_code == 302  # the old session ended
    assert other.get(url).status_code == 404  # single use
    assert other.post(url, data={"password": NEW, "confirm": NEW}).status_code == 404
    old = other.post("/sign-in", data={"email": "lee@example.org", "password": password})
    assert old.status_code == 200
    auth.login(lee, NEW)


def test_the_answer_is_the_same_for_unknown_addresses(client, lee, mail):
    """ASVS V6.3.8 (no account enumeration): same page whether or not the address is known."""
    known = ask(client).get_data(as_text=True)
    unknown = ask(client, "nobody@example.org").get_data(as_text=True)
    nonce = re.compile(r'nonce="[^"]+"')
    assert nonce.sub("", known.replace("lee@example.org", "X")) == nonce.sub(
        "", unknown.replace("nobody@example.org", "X")
    )
    assert len(mail.messages) == 1


def test_only_a_hash_of_the_link_is_stored_and_it_lasts_an_hour(app, client, lee, mail):
    """ASVS V6.4.1: the reset token is stored only as a hash and expires after an hour."""
    ask(client)
    url = link_in(mail.messages[0])
    token = url.rsplit("/", 1)[1]
    with app.app_context():
        reset = db.session.scalars(select(PasswordReset)).one()
        assert token not in reset.token_hash
        assert reset.expires_at - reset.created_at == dt.timedelta(hours=1)
        reset.expires_at = reset.created_at - dt.timedelta(seconds=1)
        db.session.commit()
    assert client.get(url).status_code == 404


def test_reset_requests_are_rate_limited(client, lee, mail):
    """ASVS V6.3.1 / V2.4.1: asking again and again is slowed; the inbox is not flooded."""
    answers = [ask(client).status_code for _ in range(6)]
    assert answers[:3] == [200, 200, 200]
    assert 429 in answers
    assert len(mail.messages) == 3  # at most three links an hour per account


def test_without_mail_nothing_is_sent_and_the_page_is_the_same(client, lee, caplog):
    caplog.set_level("INFO")
    assert SAME_ANSWER in ask(client).get_data(as_text=True)
    assert any("mail not sent" in r.getMessage() for r in caplog.records)


def test_change_password_needs_the_current_one_and_ends_other_sessions(
    app, client, lee, auth, password
):
    """ASVS V6.2.2, V6.2.3, V7.4.3: change with the current password; other sessions end,
    this one stays."""
    auth.login(lee)
    elsewhere = app.test_client()
    auth_elsewhere = type(auth)(app, elsewhere)
    auth_elsewhere.login(lee)
    wrong = client.post(
        "/account/password", data={"current": "not it at all", "password": NEW, "confirm": NEW}
    )
    assert wrong.status_code == 400
    assert "current password is not correct" in wrong.get_data(as_text=True)
    weak = client.post(
        "/account/password",
        data={"current": password, "password": "aaaaaaaaaaaaaa", "confirm": "aaaaaaaaaaaaaa"},
    )
    assert "repeated" in weak.get_data(as_text=True)
    done = client.post(
        "/account/password", data={"current": password, "password": NEW, "confirm": NEW}
    )
    assert done.status_code == 302
    assert client.get("/account/").status_code == 200  # still signed in here
    assert elsewhere.get("/account/").status_code == 302  # signed out there


def test_weak_passwords_are_refused_when_accepting_an_invitation(app, client, lee):
    """ASVS V6.2.4, V6.2.11: the same rules as the command line."""
    with app.app_context():
        token = invitations.invite(
            actor_of(db.session.get(User, lee)), 1, "board", "Bea Board", "bea@example.org"
        )
    for weak, reason in (("123456789012", "sequence"), ("Bea Board Ashvale", "your name")):
        page = client.post(
            f"/invitations/{token}", data={"name": "Bea Board", "password": weak, "confirm": weak}
        )
        assert page.status_code == 400
        assert reason in page.get_data(as_text=True)
    long_ok = "ü" * 20 + " moonlit accordion " + "z" * 200
    assert len(long_ok) <= 256
    done = client.post(
        f"/invitations/{token}", data={"name": "Bea", "password": long_ok, "confirm": long_ok}
    )
    assert done.status_code == 302


def test_a_lead_sends_a_reset_link_to_someone_with_an_account(
    app, client, lee, make_user, auth, mail
):
    """ASVS V6.4.1: a lead helps someone back in without ever seeing their password; only
    for people of their own trust."""
    board = make_user("board", 1, email="bea@example.org")
    auth.login(lee)
    page = client.get("/trusts/1/people").get_data(as_text=True)
    assert f"/people/{board}/reset-link" in page
    client.post(f"/people/{board}/reset-link", data={"trust_id": 1})
    (message,) = mail.messages
    assert message["To"] == "bea@example.org"
    other_trust = make_user("board", None, email="far@example.org")
    assert client.post(f"/people/{other_trust}/reset-link").status_code == 404
    assert len(mail.messages) == 1
