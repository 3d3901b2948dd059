"""Spreads, positions and changes, on hand-worked numbers."""

from __future__ import annotations

import pytest

from selfassess.domain.compare import change, changes, position, priority_changes, spread


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], (0, None, None, None)),
        ([None, None], (0, None, None, None)),
        ([2.0], (1, 2.0, 2.0, 2.0)),
        # Inclusive quartiles (spreadsheets' QUARTILE.INC): positions 1 + (n-1)p.
        ([1.0, 2.0, 3.0, 4.0, 5.0], (5, 2.0, 3.0, 4.0)),
        ([4.0, 1.0, None, 2.0, 3.0], (4, 1.75, 2.5, 3.25)),
    ],
)
def test_spread(values, expected):
    s = spread(values)
    assert (s.count, s.lower, s.median, s.upper) == expected


@pytest.mark.parametrize(
    ("value", "where"),
    [
        (4.0, "top quarter"),
        (3.0, "upper middle"),
        (2.5, "lower middle"),
        (1.0, "bottom quarter"),
        (None, None),
    ],
)
def test_position(value, where):
    assert position(value, spread([1.5, 2.0, 3.0, 3.5, 4.0])) == where


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [
        (2.0, 2.1, "improved"),
        (2.0, 2.09, "unchanged"),
        (2.0, 1.9, "declined"),
        (2.0, None, "–"),
        (None, 3.0, "–"),
        (2.3, 2.4, "improved"),
    ],
)
def test_change(before, after, direction):
    assert change("x", before, after).direction == direction


def test_changes_keep_shared_keys_in_order():
    found = changes({"a": 1.0, "b": 2.0}, {"b": 3.0, "c": 1.0}, ["c", "b", "a"])
    assert [(c.key, c.delta) for c in found] == [("b", 1.0)]


def test_priority_changes():
    assert priority_changes(["a", "b"], ["b", "c"]) == {
        "new": ["c"],
        "continuing": ["b"],
        "resolved": ["a"],
    }
