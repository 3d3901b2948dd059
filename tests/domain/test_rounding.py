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


@pytest.mark.parametrize(
    ("numerator", "denominator", "places", "expected"),
    [
        (27, 20, 1, 1.4),  # a score of exactly 1.35 is shown 1.4
        (2467, 800, 4, 3.0838),  # 3.08375 exported 3.0838, not 3.0837
        (397, 160, 4, 2.4813),  # 2.48125 exported 2.4813, not 2.4812
        (397, 160, 1, 2.5),
    ],
)
def test_exact_halves_round_up_however_they_were_computed(
    numerator: int, denominator: int, places: int, expected: float
) -> None:
    """docs/scoring.md §4: rounding starts from the exact value. A mean of means in floating
    point lands just below these halves; the shown figure must not."""
    from fractions import Fraction

    from selfassess.domain.scoring import mean

    assert round_half_away(Fraction(numerator, denominator), places) == expected
    assert round_half_away(numerator / denominator, places) == expected
    # the same figure reached as a mean of partner scores, the way the product computes it
    parts = [Fraction(numerator, denominator)] * 3 + [Fraction(numerator, denominator) + 1] * 2
    computed = mean(float(p) for p in parts)
    assert computed is not None
    assert round_half_away(computed, places) == round_half_away(
        sum(parts, Fraction(0)) / len(parts), places
    )
