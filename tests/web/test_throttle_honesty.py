"""A throttled sign-in is never answered "wrong password", unknown addresses are throttled
alike, and one office address is limited generously enough for a whole staff (OWASP
lockout guidance; docs/pitfalls.md P23)."""

from __future__ import annotations

import pytest
from test_throttling import LEE, WRONG, from_address

from selfassess.services import throttle
from selfassess.web.auth import THROTTLED


@pytest.fixture
def lee(make_trust, make_user):
    return make_user("lead", make_trust("Ashvale"), email=LEE, name="Lee Lead")


def _text(response) -> str:
    return response.get_data(as_text=True).replace("&#34;", '"').replace("&#39;", "'")


def test_the_owner_is_told_the_attempt_was_refused_not_that_the_password_is_wrong(
    app, lee, password
):
    """ASVS 5.0 V6.3.1: past the account's limit a new browser with the right password is
    told plainly it was refused for too many attempts, and what to do (a reset link)."""
    for n in range(throttle.LIMIT):
        page = from_address(app.test_client(), f"203.0.113.{n}", LEE, f"guess {n:02d}")
        assert WRONG in _text(page)
    page = from_address(app.test_client(), "192.0.2.1", LEE, password)
    body = page.get_data(as_text=True)
    assert WRONG not in body
    assert "too many wrong attempts" in body
    assert "Your password was not checked" in body
    assert "/forgotten-password" in body


def test_an_address_without_an_account_is_throttled_alike(app):
    """ASVS 5.0 V6.3.8: the "too many attempts" answer does not reveal which addresses have
    accounts: one with none gets it after the same number of failures."""
    answers = [
        _text(from_address(app.test_client(), f"203.0.113.{n}", "ghost@example.org", "x" * 12))
        for n in range(throttle.LIMIT + 1)
    ]
    assert all(WRONG in a for a in answers[: throttle.LIMIT])
    assert THROTTLED.split(".")[0] in answers[-1]
    assert WRONG not in answers[-1]


def test_two_hundred_staff_behind_one_address_all_sign_in(app, make_user, password):
    """ASVS 5.0 V6.3.1, V2.4.1: a Monday morning at one office NAT: 200 people sign in from
    one address, twenty of them after a typo, and every one gets in."""
    emails = [f"staff{n}@example.org" for n in range(200)]
    for email in emails:
        make_user("board", email=email)
    signed_in = 0
    for n, email in enumerate(emails):
        browser = app.test_client()
        if n % 10 == 0:
            assert from_address(browser, "198.51.100.20", email, "a typo").status_code == 200
        signed_in += from_address(browser, "198.51.100.20", email, password).status_code == 302
    assert signed_in == 200
