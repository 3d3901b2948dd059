"""End to end in Chromium: an assigned advisor confirms one item and challenges another, the
lead answers the challenge, and both show beside the self-assessment; the pages pass axe."""

from __future__ import annotations

import re

import pyotp
import pytest
from browser_helpers import sign_in
from playwright.sync_api import Page, expect
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Trust, User
from selfassess.policy import SYSTEM
from selfassess.services import imports, rounds

pytestmark = [
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in.*static/:pytest.PytestUnraisableExceptionWarning"
    ),
    pytest.mark.filterwarnings(r"ignore:unclosed file.*static/:ResourceWarning"),
]


@pytest.fixture
def advised(live_app):
    """Round 1 answered by both partners, and an advisor assigned to the trust."""
    with live_app.app_context():
        rows = "".join(
            f"{partner},r{n},q{q},{level},\n"
            for n, (partner, level) in enumerate((("Ashvale Council", 3), ("Ashvale PCT", 2)))
            for q in range(1, 6)
        )
        imports.import_responses(
            SYSTEM, 1, "partner,respondent,statement,answer,evidence\n" + rows, "a.csv"
        )
        rounds.close_round(SYSTEM, 1)  # validation opens when the round closes (§8)
        lead = db.session.scalars(select(User).where(User.role == "lead")).one()
        db.session.add(
            User(
                email="alex@example.org",
                name="Alex Advisor",
                role="advisor",
                password_hash=lead.password_hash,
                advised_trusts=[db.session.get(Trust, lead.trust_id)],
            )
        )
        db.session.commit()
    return live_app


def test_advisor_challenges_lead_answers(page: Page, advised, check_accessibility):
    sign_in(page, "alex@example.org")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name=re.compile("continue")).click()
    page.goto("/rounds/1/results")
    page.get_by_role("link", name="Validate this round").click()
    expect(page.get_by_role("heading", name=re.compile("Confirm and challenge"))).to_be_visible()
    check_accessibility(page, "validation page")
    page.get_by_role("group", name="Your verdict on Item one").get_by_label("Agree").check()
    page.get_by_role("group", name="Validated level for Item one").get_by_label(
        "3 Established"
    ).check()
    two = page.get_by_role("group", name="Your verdict on Item two")
    two.get_by_label("Challenge").check()
    page.get_by_role("group", name="Validated level for Item two").get_by_label("1 Not yet").check()
    page.locator("#note-i2").fill("No joint plan was shown.")
    page.get_by_role("button", name="Save").nth(1).click()
    expect(page.get_by_text("Saved 2 items.")).to_be_visible()
    expect(page.locator("#verdict-i2-challenge")).to_be_checked()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "lead@example.org")
    page.goto("/rounds/1/results")
    expect(page.locator("#validation-summary")).to_contain_text(
        "agreed with 1 item and challenged 1"
    )
    page.locator("#answer-i2").fill("The plan was agreed in May.")
    page.get_by_role("button", name="Save the answer").click()
    expect(page.get_by_text("Answer saved.")).to_be_visible()
    expect(page.locator("#challenge-i2")).to_contain_text("The trust's answer: The plan was agreed")
    check_accessibility(page, "results page with validation")
