"""The progress page's figures agree with their words (docs/scoring.md §4, §6): every change is
the later shown figure minus the earlier shown figure, and its direction follows from it.
Today's "+0.1 unchanged", "−0.0" and "2.0 → 2.0, +0.1" cannot appear."""

from __future__ import annotations

import html
import random
import re
from decimal import Decimal

import pytest

from selfassess.policy import SYSTEM
from selfassess.services import questionnaires, rounds

HEADER = "partner,respondent,statement,answer,evidence\n"
PARTNERS = [("Council", "local_authority"), ("PCT", "primary_care_trust"), ("Police", "police")]
ROW = re.compile(
    r'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">(?P<title>.*?)</th>'
    r"\s*<td[^>]*>(?P<before>[^<]*)</td><td[^>]*>(?P<after>[^<]*)</td>"
    r"\s*<td[^>]*>(?P<change>[^<]*)</td>\s*<td[^>]*>(?P<direction>.*?)</td></tr>",
    re.S,
)


def random_answers(app, seed: int) -> str:
    """Three partners, two or three respondents each, answers 1-4 and some don't knows: means
    such as 2.25, 2.05 or 1.96 that sit right at the rounding edges."""
    with app.app_context():
        statements = [s.slug for i in questionnaires.current("csp").items for s in i.statements]
    pick = random.Random(seed)
    rows = [
        f"{partner},r{n},{s},{pick.choice('1234' * 5 + 'd')},\n".replace(",d,", ",dk,")
        for partner, _ in PARTNERS
        for n in range(pick.choice((2, 3)))
        for s in statements
    ]
    return HEADER + "".join(rows)


def expected(before: str, after: str) -> tuple[str, str]:
    if "–" in (before, after):
        return "–", "No direction"
    delta = Decimal(after) - Decimal(before)
    text = f"+{delta}" if delta > 0 else f"\u2212{-delta}" if delta < 0 else "0.0"
    word = "Improved" if delta >= Decimal("0.1") else "Declined" if delta < 0 else "Unchanged"
    return text, word


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_every_change_agrees_with_its_two_figures(
    app, client, auth, make_user, make_trust, make_round, import_csv, seed
):
    trust_id = make_trust(f"Trust {seed}", PARTNERS)
    first = make_round(trust_id, "csp", name="2025 baseline")
    import_csv(first, random_answers(app, seed))
    with app.app_context():
        rounds.close_round(SYSTEM, first)
    second = make_round(trust_id, "csp", name="2026 review")
    import_csv(second, random_answers(app, seed + 100))
    auth.login(make_user("lead", trust_id))
    page = client.get(f"/trusts/{trust_id}/progress/csp").get_data(as_text=True)
    rows = ROW.findall(page)
    assert len(rows) >= 20  # overall, three phases and every item
    for title, before, after, change, direction in rows:
        text, word = expected(before, after)
        assert (html.unescape(change), word) == (text, _words(direction)), title
        assert change not in ("-0.0", "\u22120.0", "+0.0")


def _words(cell: str) -> str:
    return re.sub(r"<[^>]+>", "", cell).strip().split(" (")[0]
