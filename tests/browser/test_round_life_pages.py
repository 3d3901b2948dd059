"""The pages of a round's life in a real browser: confirmations, the closing date, the review
with unanswered statements, the closed-round refusal; each passes axe-core."""

from __future__ import annotations

import datetime as dt
import re

from browser_helpers import PASSWORD, sign_in
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from selfassess.extensions import db
from selfassess.models import Partner, Round, User


def add_people(app) -> int:
    """A respondent of Ashvale Council and a board member; returns the board member's id."""
    with app.app_context():
        partner = db.session.scalars(select(Partner).where(Partner.name == "Ashvale Council")).one()
        people = [
            User(
                email=f"{role}@example.org",
                name=name,
                role=role,
                trust_id=partner.trust_id,
                partner_id=partner.pk if role == "respondent" else None,
                password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000"),
            )
            for role, name in (("respondent", "Rita"), ("board", "Bob"))
        ]
        db.session.add_all(people)
        db.session.commit()
        return people[1].pk


def test_confirmation_and_closing_date_pages_pass_axe(page: Page, live_app, check_accessibility):
    board = add_people(live_app)
    sign_in(page, "lead@example.org")
    for path in ("/rounds/1/status", "/rounds/1/close", "/rounds/1/closing-date"):
        page.goto(path)
        check_accessibility(page, path)
    page.goto(f"/people/{board}/deactivate")
    check_accessibility(page, "deactivate")
    page.goto("/rounds/1/closing-date")
    page.get_by_label("New closing date").fill("2001-01-01")
    page.get_by_role("button", name="Save closing date").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("today or in the future")
    check_accessibility(page, "closing date with an error")
    page.goto("/rounds/1/close")
    page.get_by_role("button", name="Yes, close Baseline 2009").click()
    expect(page.get_by_role("button", name="Reopen round")).to_be_visible()


def test_review_and_the_closed_round_refusal_pass_axe(page: Page, live_app, check_accessibility):
    add_people(live_app)
    sign_in(page, "respondent@example.org")
    page.get_by_role("button", name=re.compile("Start")).click()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_role("link", name="Continue answering")).to_be_visible()
    check_accessibility(page, "review with unanswered statements")
    page.get_by_role("link", name="Continue answering").click()
    page.locator("fieldset", has_text="First statement.").get_by_label("2 Developing").check()
    with live_app.app_context():
        db.session.get(Round, 1).closes_on = dt.date(2001, 1, 1)  # its date has passed
        db.session.commit()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("alert")).to_contain_text("This round has closed")
    expect(
        page.locator("fieldset", has_text="First statement.").get_by_label("2 Developing")
    ).to_be_checked()
    check_accessibility(page, "closed round refusal")
