"""Advisor validation in the domain (docs/scoring.md §8): the difference is taken from the
shown trust score, counts of agreed and challenged items, and checking what was typed."""

from __future__ import annotations

import datetime as dt

import pytest

from selfassess.domain.validation import (
    AGREE,
    CHALLENGE,
    Entry,
    ItemProblem,
    Part,
    ValidationView,
    blank,
    check_entry,
    check_validations,
    counts,
    difference,
)

AT = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


def view(item: str, verdict: str, level: int = 3) -> ValidationView:
    return ValidationView(item, verdict, level, "note", "Ada Advisor", AT)


@pytest.mark.parametrize(
    ("level", "score", "expected"),
    [
        (3, 8.25 / 3, 0.2),  # worked example i1: T = 2.75, shown 2.8; 3 - 2.8
        (2, (1.5 + (8 / 3 + 4) / 2) / 2, -0.4),  # i3: T = 2.41667, shown 2.4; 2 - 2.4
        (2, 6.5 / 3, -0.2),  # T = 2.1667, shown 2.2
        (3, 2.25, 0.7),  # shown 2.3 (half away from zero, not 2.2): 3 - 2.3
        (4, 4.0, 0.0),
        (1, None, None),  # no self-assessed score: no difference
    ],
)
def test_difference_is_validated_level_minus_shown_trust_score(level, score, expected):
    assert difference(level, score) == expected


def test_counts_items_agreed_and_challenged():
    validations = [view("i1", AGREE), view("i2", CHALLENGE), view("i3", AGREE)]
    assert counts(validations) == (2, 1)
    assert counts([]) == (0, 0)


def test_a_valid_entry_is_cleaned():
    checked, errors = check_entry(Entry("challenge", "2", "  Evidence is thin \u202e ", 4))
    assert errors == {}
    assert checked is not None
    assert (checked.verdict, checked.level, checked.note, checked.revision) == (
        "challenge",
        2,
        "Evidence is thin",
        4,
    )


@pytest.mark.parametrize(
    ("entry", "fields"),
    [
        (Entry("maybe", "2", "", 0), {"verdict"}),
        (Entry("agree", "5", "", 0), {"level"}),
        (Entry("agree", "٣", "", 0), {"level"}),
        (Entry("agree", "", "", 0), {"level"}),
        (Entry("challenge", "2", "", 0), {"note"}),  # a challenge says why
        (Entry("agree", "3", "x" * 4_001, 0), {"note"}),
        (Entry("", "", "a note", 0), {"verdict", "level"}),
    ],
)
def test_bad_entries_name_each_field(entry, fields):
    checked, errors = check_entry(entry)
    assert checked is None
    assert set(errors) == fields


def test_blank_entries_are_left_unvalidated():
    assert blank(Entry("", "", "  ", 0))
    assert not blank(Entry("", "3", "", 0))


def test_a_page_is_checked_once_with_problems_keyed_by_item():
    """Problems name the item slug and the part, in questionnaire order; blank items and
    items the questionnaire does not have are dropped, never stored."""
    checked = check_validations(
        {
            "i3": Entry("challenge", "2", "", 1),
            "i1": Entry("agree", "9", "", 0),
            "i2": Entry("", "", " ", 0),
            "elsewhere": Entry("agree", "3", "", 0),
            "i4": Entry("agree", "3", "Fine", 2),
        },
        ["i1", "i2", "i3", "i4"],
    )
    assert checked.problems == (
        ItemProblem("i1", Part.LEVEL, "Choose a validated level from 1 to 4"),
        ItemProblem("i3", Part.NOTE, "Say why you challenge the self-assessment"),
    )
    assert list(checked.entries) == ["i4"]
    assert checked.entries["i4"].revision == 2
