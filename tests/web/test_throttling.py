"""Throttling, not lockout (ASVS V6.3.1): guessing is slowed per client address and per
account, and a browser where the person signed in before is never blocked by failures
from elsewhere (OWASP device cookie)."""

from __future__ import annotations

import datetime as dt

import pytest
from account_helpers import check_parallel_guessing
from mailserver import smtp_server

from selfassess.extensions import db
from selfassess.models import utcnow
from selfassess.models.accounts import KnownDevice
from selfassess.services import throttle

WRONG = "Enter a correct email address and password"
LEE = "lee@example.org"


def from_address(client, address, email, password):
    """A sign-in from an address; the response is closed, as a WSGI server does once it
    has sent it (warnings are e-mailed then)."""
    response = client.post(
        "/sign-in",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    response.get_data()
    response.close()
    return response


def refused(response) -> bool:
    text = response.get_data(as_text=True)
    return response.status_code == 429 or (
        response.status_code == 200 and (WRONG in text or "too many wrong attempts" in text)
    )


@pytest.fixture
def lee(make_trust, make_user):
    return make_user("lead", make_trust("Ashvale"), email=LEE, name="Lee Lead")


@pytest.fixture
def own_browser(app, lee, password):
    """The lead's own browser, where they signed in once before (it has the device cookie)."""
    browser = app.test_client()
    assert from_address(browser, "198.51.100.7", LEE, password).status_code == 302
    browser.post("/sign-out")
    return browser


def test_the_owner_still_signs_in_after_twenty_failures_from_an_attacker(
    app, lee, own_browser, password
):
    """ASVS V6.3.1: 20 failures for lead@ from an attacker's address; the lead still signs in
    from their own browser, and the attacker is refused even with the right password."""
    attacker = app.test_client()
    for n in range(20):
        assert refused(from_address(attacker, "203.0.113.66", LEE, f"guess number {n:02d}"))
    assert from_address(own_browser, "198.51.100.7", LEE, password).status_code == 302
    assert refused(from_address(attacker, "203.0.113.66", LEE, password))


def test_a_botnet_is_slowed_per_account_and_the_owner_is_told(app, lee, own_browser, password):
    """ASVS V6.3.1, V6.3.5: guesses from many addresses (each under the per-address limit)
    stop at the account's limit; the right password from a new browser then waits; the
    person is e-mailed once; their known browser is unaffected."""
    with smtp_server() as (inbox, port):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        for n in range(throttle.LIMIT + 5):
            bot = app.test_client()
            assert refused(from_address(bot, f"203.0.113.{n}", LEE, f"guess number {n:02d}"))
        new_browser = app.test_client()
        assert refused(from_address(new_browser, "192.0.2.1", LEE, password))
        assert from_address(own_browser, "198.51.100.7", LEE, password).status_code == 302
    (warning,) = inbox.messages
    assert warning["To"] == LEE
    assert "repeated attempts to sign in" in warning.get_body(("plain",)).get_content()


def test_the_wait_ends_and_is_not_a_lockout(app, lee, password, monkeypatch):
    """ASVS V6.3.1: a wait, not a lockout: after it, a new browser signs in again."""
    for n in range(throttle.LIMIT):
        from_address(app.test_client(), f"203.0.113.{n}", LEE, f"guess number {n:02d}")
    assert refused(from_address(app.test_client(), "192.0.2.1", LEE, password))
    later = utcnow() + throttle.WAIT + dt.timedelta(seconds=1)
    monkeypatch.setattr("selfassess.services.throttle.utcnow", lambda: later)
    assert from_address(app.test_client(), "192.0.2.1", LEE, password).status_code == 302


def test_one_address_is_limited_across_accounts(app, make_user, password):
    """ASVS V6.3.1: one address trying many accounts (credential stuffing) gets 429."""
    for n in range(32):
        make_user("board", email=f"b{n}@example.org")
    client = app.test_client()
    codes = [
        from_address(client, "203.0.113.5", f"b{n}@example.org", "wrong password!").status_code
        for n in range(32)
    ]
    assert codes[:30] == [200] * 30
    assert codes[30:] == [429, 429]
    # Another address is not affected; a success does not count towards the limit.
    assert from_address(client, "203.0.113.6", "b0@example.org", password).status_code == 302


def test_a_known_browser_is_not_held_back_by_its_shared_address(app, lee, own_browser, password):
    """ASVS V6.3.1: an attacker behind the same office address as the lead does not block
    the lead's own browser."""
    attacker = app.test_client()
    for n in range(31):
        from_address(attacker, "198.51.100.7", LEE, f"guess number {n:02d}")
    assert from_address(attacker, "198.51.100.7", LEE, password).status_code == 429
    assert from_address(own_browser, "198.51.100.7", LEE, password).status_code == 302


def test_a_stolen_device_cookie_does_not_give_unlimited_guesses(app, lee, own_browser, password):
    """ASVS V6.3.1: a known browser has its own counter; at its limit it counts as unknown,
    so a stolen device cookie buys at most one more round of guesses."""
    for n in range(2 * throttle.LIMIT):
        assert refused(from_address(own_browser, f"203.0.113.{n}", LEE, f"guess number {n:02d}"))
    assert refused(from_address(own_browser, "203.0.113.99", LEE, password))
    with app.app_context():
        device = db.session.scalars(db.select(KnownDevice)).one()
        assert device.locked_until is not None


def test_a_forged_device_cookie_is_ignored(app, lee, password):
    """ASVS V6.3.1: only a cookie signed by the server and naming a stored device counts."""
    client = app.test_client()
    client.set_cookie("device", "forged.value")
    for n in range(throttle.LIMIT):
        from_address(client, f"203.0.113.{n}", LEE, f"guess number {n:02d}")
    assert refused(from_address(client, "192.0.2.1", LEE, password))


def test_parallel_guesses_cannot_slip_under_the_limit_on_sqlite(app, lee, password):
    """ASVS V6.3.1: 32 parallel wrong guesses, then the right password: refused (the
    counter is one atomic UPDATE, no read-modify-write in Python)."""
    check_parallel_guessing(app, LEE, password)
