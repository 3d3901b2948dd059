"""Property test of exact rounding (docs/scoring.md §4, issue 19 part 6): for any score the
product can compute (means of means of levels 1-4), rounding the floating-point value gives the
same figure as rounding the exact fraction."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from selfassess.domain.rounding import round_half_away
from selfassess.domain.scoring import mean

levels = st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=12)
partners = st.lists(levels, min_size=1, max_size=30)


@settings(max_examples=500, deadline=None)
@given(partners, st.sampled_from([1, 2, 4]))
def test_float_means_round_like_their_exact_fractions(answers, places) -> None:
    exact = sum((Fraction(sum(p), len(p)) for p in answers), Fraction(0)) / len(answers)
    computed = mean(mean(float(v) for v in p) for p in answers)
    assert computed is not None
    assert round_half_away(computed, places) == round_half_away(exact, places)
