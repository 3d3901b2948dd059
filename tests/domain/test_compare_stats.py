"""Spreads, positions and the small-numbers rule (docs/scoring.md §6), on hand-worked numbers."""

from __future__ import annotations

import statistics

import pytest

from selfassess.domain.compare import guarded_spread, position, spread, withheld
from selfassess.domain.rounding import shown_text


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], (0, None, None, None)),
        ([None, None], (0, None, None, None)),
        ([2.0], (1, 2.0, 2.0, 2.0)),
        # Inclusive quartiles (spreadsheets' QUARTILE.INC): positions 1 + (n-1)p.
        ([1.0, 2.0, 3.0, 4.0, 5.0], (5, 2.0, 3.0, 4.0)),
        ([4.0, 1.0, None, 2.0, 3.0], (4, 1.75, 2.5, 3.25)),
        # Over the SHOWN figures: 1.04, 1.96 are shown 1.0, 2.0, so 1, 2, 3, 4 again
        # (over full precision the lower quartile would be 1.73).
        ([1.04, 1.96, 3.0, 4.0], (4, 1.75, 2.5, 3.25)),
        # Half-way: 2.25 and 2.35 are shown 2.3 and 2.4 (half away from zero); positions
        # 1.25, 1.5, 1.75 give 2.325, 2.35, 2.375 exactly.
        ([2.25, 2.35], (2, 2.325, 2.35, 2.375)),
    ],
)
def test_spread_hand_computed(values, expected):
    s = spread(values)
    assert (s.count, s.lower, s.median, s.upper) == expected


def test_quartiles_are_shown_to_two_places_half_away_from_zero():
    s = spread([2.25, 2.35])
    assert [shown_text(v, 2) for v in (s.lower, s.median, s.upper)] == ["2.33", "2.35", "2.38"]
    # Float arithmetic alone would print 2.32 for the lower quartile (2.3249999…).
    naive = statistics.quantiles([2.3, 2.4], n=4, method="inclusive")[0]
    assert naive != 2.325


def test_spread_agrees_with_statistics_inclusive_method():
    values = [1.2, 3.4, 2.2, 2.9, 3.9, 1.7, 2.6]
    expected = statistics.quantiles(sorted(values), n=4, method="inclusive")
    s = spread(values)
    assert [s.lower, s.median, s.upper] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "where"),
    [
        (4.0, "top quarter"),
        (3.5, "top quarter"),
        (3.46, "top quarter"),  # shown 3.5 = the upper quartile
        (3.44, "upper middle"),  # shown 3.4
        (3.0, "upper middle"),
        (2.5, "lower middle"),
        (2.0, "lower middle"),
        (1.96, "lower middle"),  # shown 2.0 = the lower quartile
        (1.94, "bottom quarter"),
        (None, None),
    ],
)
def test_position_of_the_shown_figure(value, where):
    # 1.5, 2.0, 3.0, 3.5, 4.0: quartiles 2.0, 3.0, 3.5.
    assert position(value, spread([1.5, 2.0, 3.0, 3.5, 4.0])) == where


def test_no_position_against_a_withheld_spread():
    assert position(3.0, None) is None


@pytest.mark.parametrize(
    ("visible", "held"),
    [
        ([], False),
        ([True], False),  # only trusts the viewer may see: any number will do
        ([True, True, True], False),
        ([False], True),
        ([False] * 4, True),
        ([True] + [False] * 4, True),  # the viewer's own trust and 4 others: not enough
        ([False] * 5, False),
        ([True] + [False] * 5, False),
    ],
)
def test_small_numbers_rule(visible, held):
    """ASVS V8.2 (general authorization design): an aggregate that includes trusts the
    viewer may not see needs at least 5 of them, so that no figure of theirs can be read."""
    assert withheld(visible) is held


def test_guarded_spread_counts_only_contributing_trusts():
    """ASVS V8.2: a hidden trust whose figure is undefined contributes nothing to a spread."""
    assert guarded_spread([(None, False)] * 3 + [(2.0, True)]) == spread([2.0])
    assert guarded_spread([(3.0, False), (2.0, True)]) is None
    assert guarded_spread([(1.0, False)] * 5).count == 5
