"""End to end in Chromium: a lead invites, a respondent answers over two visits and submits,
the lead sees it; every page passes axe-core; the questionnaire works by keyboard alone."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from browser_helpers import PASSWORD, sign_in
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from selfassess.extensions import db
from selfassess.models import Partner, User

# Werkzeug's development server leaves a static file unclosed when Chromium drops a
# connection mid-response (a test-server artefact, not the app's): ignore only that.
pytestmark = [
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in.*static/:pytest.PytestUnraisableExceptionWarning"
    ),
    pytest.mark.filterwarnings(r"ignore:unclosed file.*static/:ResourceWarning"),
]


def statement(page: Page, text: str):
    return page.get_by_role("group", name=text)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def test_invite_answer_over_two_visits_submit_and_lead_sees_it(page: Page, check_accessibility):
    sign_in(page, "lead@example.org")
    expect(page.get_by_role("heading", name="Ashvale")).to_be_visible()
    check_accessibility(page, "trust page")
    page.get_by_role("link", name="People and invitations").click()
    check_accessibility(page, "people page")
    page.get_by_label("Name", exact=True).fill("Rita Respondent")
    page.get_by_label("Email address").fill("rita@example.org")
    page.get_by_label("Partner organisation (respondents only)").select_option(
        label="Ashvale Council"
    )
    page.get_by_role("button", name="Create invitation link").click()
    check_accessibility(page, "invitation created")
    link = page.get_by_label("Invitation link").input_value()
    sign_out(page)

    page.goto(link)
    check_accessibility(page, "accept invitation")
    page.get_by_label("Choose a password").fill("a long enough password")
    page.get_by_label("Type the password again").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Your assessments")).to_be_visible()
    check_accessibility(page, "dashboard")
    page.get_by_role("button", name=re.compile("Start")).click()
    expect(page.get_by_role("heading", name="Section one")).to_be_visible()
    check_accessibility(page, "questionnaire page")
    statement(page, "First statement.").get_by_label("3 Established").check()
    statement(page, "Second statement.").get_by_label("Don't know").check()
    page.get_by_label("Evidence for Item one (optional)").fill("Board minutes <b>March</b>")
    page.get_by_role("button", name="Save as draft and leave").click()
    expect(page.get_by_text("2 of 5 answered")).to_be_visible()
    sign_out(page)

    sign_in(page, "rita@example.org", "a long enough password")
    page.get_by_role("button", name=re.compile("Continue")).click()
    expect(statement(page, "First statement.").get_by_label("3 Established")).to_be_checked()
    expect(page.get_by_label("Evidence for Item one (optional)")).to_have_value(
        "Board minutes <b>March</b>"
    )
    statement(page, "Third statement.").get_by_label("Not applicable").check()
    page.get_by_role("button", name="Save and continue").click()
    statement(page, "Fourth statement.").get_by_label("1 Not yet in place").check()
    statement(page, "Fifth statement.").get_by_label("4 Exemplary").check()
    page.get_by_role("button", name="Save and review").click()
    check_accessibility(page, "review page")
    page.get_by_role("button", name="Submit self-assessment").click()
    expect(page.get_by_text("Your self-assessment has been submitted")).to_be_visible()
    check_accessibility(page, "submitted response")
    sign_out(page)

    sign_in(page, "lead@example.org")
    page.get_by_role("link", name="Baseline 2009", exact=True).click()
    row = page.get_by_role("row", name=re.compile("Ashvale Council"))
    expect(row.get_by_role("cell").nth(2)).to_have_text("1")  # submitted
    check_accessibility(page, "status page")
    page.goto("/rounds/1/results")
    expect(page.get_by_role("heading", name="Development priorities")).to_be_visible()
    check_accessibility(page, "results page with figures")


def add_respondent(app) -> None:
    with app.app_context():
        partner = db.session.scalars(select(Partner).where(Partner.name == "Ashvale Council")).one()
        db.session.add(
            User(
                email="rita@example.org",
                name="Rita",
                role="respondent",
                trust_id=partner.trust_id,
                partner_id=partner.pk,
                password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000"),
            )
        )
        db.session.commit()


def test_expired_form_token_keeps_the_answers_on_screen(page: Page, live_app):
    add_respondent(live_app)
    live_app.config["WTF_CSRF_TIME_LIMIT"] = 1
    sign_in(page, "rita@example.org")
    page.get_by_role("button", name=re.compile("Start")).click()
    statement(page, "First statement.").get_by_label("2 Developing").check()
    page.get_by_label("Evidence for Item one (optional)").fill("Typed before lunch")
    time.sleep(2.5)  # the form token expires while the page is open
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("your answers were not saved yet")).to_be_visible()
    expect(statement(page, "First statement.").get_by_label("2 Developing")).to_be_checked()
    expect(page.get_by_label("Evidence for Item one (optional)")).to_have_value(
        "Typed before lunch"
    )
    live_app.config["WTF_CSRF_TIME_LIMIT"] = None
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Section two")).to_be_visible()


def test_questionnaire_by_keyboard_alone(page: Page, live_app):
    add_respondent(live_app)
    sign_in(page, "rita@example.org")
    page.get_by_role("button", name=re.compile("Start")).click()
    focused = "() => document.activeElement && document.activeElement.name"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(focused) == "answer-q1":
            break
    page.keyboard.press("Space")  # selects the first level of the first statement
    page.keyboard.press("ArrowDown")  # arrow keys move the choice within the group
    for name in ("answer-q2", "answer-q3"):
        while page.evaluate(focused) != name:
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
    while page.evaluate("() => document.activeElement.textContent.trim()") != "Save and continue":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Section two")).to_be_visible()
    page.go_back()
    expect(statement(page, "First statement.").get_by_label("2 Developing")).to_be_checked()
    expect(statement(page, "Second statement.").get_by_label("1 Not yet in place")).to_be_checked()


def test_the_accessibility_check_itself_finds_violations(page: Page, check_accessibility):
    """The harness can fail: a page with an unlabelled field and no language is reported."""
    page.goto("/sign-in")
    page.set_content("<html><body><main><input type='text'><img src='x.png'></main></body></html>")
    with pytest.raises(AssertionError, match="label|image-alt"):
        check_accessibility(page, "broken page")


def test_pages_look_right(page: Page, live_app, tmp_path):
    """Styles and scripts load under the Content-Security-Policy (a screenshot is kept)."""
    add_respondent(live_app)
    sign_in(page, "rita@example.org")
    page.get_by_role("button", name=re.compile("Start")).click()
    expect(page.locator("body")).to_have_class(re.compile("govuk-frontend-supported"))
    font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert font.lower().startswith("arial")
    page.screenshot(path=str(tmp_path / "questionnaire.png"), full_page=True)


def test_every_other_page_passes_axe(page: Page, live_app, check_accessibility):
    """The pages the journey does not pass through, as a visitor, a lead and an admin."""
    with live_app.app_context():
        lead = db.session.scalars(select(User).where(User.role == "lead")).one()
        db.session.add(
            User(
                email="admin@example.org",
                name="Ada",
                role="admin",
                password_hash=lead.password_hash,
            )
        )
        db.session.commit()
        trust_id, partner_id = lead.trust_id, 1
    for path in (
        "/",
        "/sign-in",
        "/no-such-page",
        "/invitations/expired-token",
        "/forgotten-password",
        "/reset-password/expired-token",
    ):
        page.goto(path)
        check_accessibility(page, path)
    sign_in(page, "lead@example.org")
    for path in (
        f"/trusts/{trust_id}/partners",
        f"/partners/{partner_id}/remove",
        f"/trusts/{trust_id}/rounds/new",
        "/rounds/1/targets",
        "/rounds/1/status",
        "/rounds/1/results",
        "/account/",
    ):
        page.goto(path)
        check_accessibility(page, path)
    page.goto(f"/trusts/{trust_id}/partners")
    page.get_by_role("button", name="Add partner").click()  # empty name: error summary
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    check_accessibility(page, "partners with an error")
    sign_out(page)
    sign_in(page, "admin@example.org")
    # Administrators set up two-factor sign-in at their first sign-in.
    check_accessibility(page, "two-factor enrolment")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    check_accessibility(page, "recovery codes")
    page.get_by_role("link", name=re.compile("continue")).click()
    for path in ("/", "/admin/", "/account/"):
        page.goto(path)
        assert "/sign-in" not in page.url  # signed in, not sent back
        check_accessibility(page, path)
