"""Rounding half away from zero (docs/scoring.md §4)."""

from __future__ import annotations

import pytest

from selfassess.domain.rounding import percent_text, round_half_away, shown, shown_text


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(2.25, 1, 2.3), (2.35, 1, 2.4), (-2.25, 1, -2.3), (3.75, 1, 3.8), (2.47215, 4, 2.4722)],
)
def test_halves_go_away_from_zero(value: float, places: int, expected: float) -> None:
    assert round_half_away(value, places) == expected


def test_text_never_shows_negative_zero() -> None:
    assert shown_text(-0.04) == "0.0"
    assert shown_text(None) == "–"
    assert shown(None) is None
    assert percent_text(0.305) == "31%"
