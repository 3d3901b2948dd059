"""The results page on a phone (390 px) and on paper, in Chromium: nothing scrolls sideways,
wide tables scroll in their own region, charts fit, printing drops navigation and forms."""

from __future__ import annotations

import pytest
from browser_helpers import sign_in
from playwright.sync_api import Page, expect

from selfassess.policy import SYSTEM
from selfassess.services import imports, trusts

pytestmark = [
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in.*static/:pytest.PytestUnraisableExceptionWarning"
    ),
    pytest.mark.filterwarnings(r"ignore:unclosed file.*static/:ResourceWarning"),
]
LONG = "Royal Borough of Windsor and Maidenhead Children's Trust Partnership Youth Service"
PARTNERS = ("Ashvale Council", "Ashvale PCT", LONG)


@pytest.fixture
def answered(live_app):
    """Round 1 answered by three partners, one with a long name."""
    with live_app.app_context():
        trusts.add_partner("Ashvale", LONG, "other")
        rows = "".join(
            f'"{partner}",r{n},q{q},{1 + (n + q) % 4},\n'
            for n, partner in enumerate(PARTNERS)
            for q in range(1, 6)
        )
        imports.import_responses(
            SYSTEM, 1, "partner,respondent,statement,answer,evidence\n" + rows, "a.csv"
        )
    return live_app


def open_all_details(page: Page) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")


def test_results_fit_a_390_px_phone(page: Page, answered, check_accessibility):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "lead@example.org")
    page.goto("/rounds/1/results")
    open_all_details(page)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    for image in page.locator("img.app-chart").all():
        assert image.bounding_box()["width"] <= 390
    region = page.get_by_role("region", name="Partner by item scores")
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls, the page not
    check_accessibility(page, "results at 390 px")


def test_printing_the_results_drops_navigation_and_forms(page: Page, answered):
    sign_in(page, "lead@example.org")
    page.goto("/rounds/1/results")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Record sign-off")).to_be_hidden()
    expect(page.get_by_role("heading", name="Development priorities to focus on")).to_be_visible()


def test_statement_and_notice_pass_axe_and_fit_a_phone(page: Page, live_app, check_accessibility):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/accessibility", "/privacy"):
        page.goto(path)
        check_accessibility(page, path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", name="Accessibility statement", level=1)).to_be_visible()
