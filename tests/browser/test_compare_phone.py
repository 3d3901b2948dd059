"""The progress page (and the other comparison pages) on a 390 px phone in Chromium: no
sideways scroll of the page; wide tables scroll inside a focusable, labelled region."""

from __future__ import annotations

import datetime as dt

import pytest
from browser_helpers import sign_in
from playwright.sync_api import Page
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Round, User
from selfassess.policy import SYSTEM
from selfassess.services import imports, rounds

pytestmark = [
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in.*static/:pytest.PytestUnraisableExceptionWarning"
    ),
    pytest.mark.filterwarnings(r"ignore:unclosed file.*static/:ResourceWarning"),
]
HEADER = "partner,respondent,statement,answer,evidence\n"
# A long round name without spaces would widen a table header or caption that cannot wrap.
LONG_NAME = "Follow-up-review-of-commissioning-" * 4 + "2026"


def answers(levels: tuple[int, int]) -> str:
    rows = [
        f"{partner},r{n},q{q},{level},\n"
        for partner in ("Ashvale Council", "Ashvale PCT")
        for q in range(1, 6)
        for n, level in enumerate(levels)
    ]
    return HEADER + "".join(rows)


@pytest.fixture
def two_rounds(live_app) -> tuple[int, int]:
    """The live trust's baseline closed with answers, and an open follow-up with answers."""
    with live_app.app_context():
        baseline = db.session.scalars(select(Round.pk)).one()
        trust_id = db.session.get(Round, baseline).trust_id
        imports.import_responses(SYSTEM, baseline, answers((2, 3)), "a.csv")
        rounds.close_round(SYSTEM, baseline)
        follow = rounds.open_round(
            SYSTEM,
            str(trust_id),
            "mini",
            LONG_NAME,
            opens_on=dt.date.today() + dt.timedelta(days=1),
        )
        imports.import_responses(SYSTEM, follow, answers((3, 3)), "b.csv")
        lead = db.session.scalars(select(User).where(User.role == "lead")).one()
        db.session.add(
            User(
                email="advisor@example.org",
                name="Ann Advisor",
                role="advisor",
                all_trusts=True,
                password_hash=lead.password_hash,
            )
        )
        db.session.commit()
    return trust_id, follow


def page_width(page: Page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_progress_page_fits_a_390px_phone(page: Page, two_rounds, check_accessibility, tmp_path):
    trust_id, _ = two_rounds
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "lead@example.org")
    page.goto(f"/trusts/{trust_id}/progress/mini")
    assert "Since " in page.content()
    assert page_width(page) <= 390
    region = page.get_by_role("region", name="Changes since Baseline 2009 (scrolls sideways)")
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "region"
    # The table may be wider than the phone, but only inside its region.
    assert region.evaluate("e => e.scrollWidth >= e.clientWidth")
    check_accessibility(page, "progress at 390 px")
    page.screenshot(path=str(tmp_path / "progress-390.png"), full_page=True)  # kept to look at


def test_comparison_pages_fit_a_390px_phone(page: Page, two_rounds, check_accessibility):
    trust_id, follow = two_rounds
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "advisor@example.org")
    for path in (
        "/compare/mini?include_open=y",
        "/compare/mini?from=2026-13-01",
        f"/compare/mini/trusts/{trust_id}?include_open=y",
        f"/rounds/{follow}/benchmark",
    ):
        page.goto(path)
        assert page_width(page) <= 390, path
        check_accessibility(page, path)
