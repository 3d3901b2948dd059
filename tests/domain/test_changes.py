"""Change between rounds (docs/scoring.md §6): shown later − shown earlier, directions, common
items across questionnaire versions, and priorities new / still / no longer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from selfassess.domain import load_questionnaire
from selfassess.domain.changes import (
    change,
    change_text,
    compare_rounds,
    priority_changes,
    round_priority_changes,
)
from selfassess.domain.loader import parse_questionnaire
from selfassess.domain.results import PartnerInfo, RoundInfo, build_results
from selfassess.domain.scoring import StatementTally

MINI_PATH = Path(__file__).parent.parent / "data" / "questionnaires" / "mini.yaml"
MINI = load_questionnaire(MINI_PATH)


@pytest.mark.parametrize(
    ("before", "after", "delta", "text", "direction"),
    [
        (2.0, 2.1, 0.1, "+0.1", "improved"),
        (2.04, 2.05, 0.1, "+0.1", "improved"),  # shown 2.0 → 2.1
        (2.05, 2.14, 0.0, "0.0", "unchanged"),  # shown 2.1 → 2.1, never "+0.1 unchanged"
        (2.0, 1.96, 0.0, "0.0", "unchanged"),  # shown 2.0 → 2.0, never "−0.0"
        (2.0, 1.9, -0.1, "\u22120.1", "declined"),
        (2.25, 2.149, -0.2, "\u22120.2", "declined"),  # shown 2.3 → 2.1
        # Half-way: 2.25 is shown 2.3 (half away from zero; banker's rounding says 2.2),
        # 2.35 is shown 2.4, so the change is +0.1, not +0.2.
        (2.25, 2.35, 0.1, "+0.1", "improved"),
        (2.3, 2.4, 0.1, "+0.1", "improved"),  # 2.4 − 2.3 is 0.0999… in floats
        (2.0, None, None, "–", "–"),
        (None, 3.0, None, "–", "–"),
    ],
)
def test_change_hand_computed(before, after, delta, text, direction):
    found = change("x", before, after)
    assert (found.delta, found.delta_text, found.direction) == (delta, text, direction)


def test_change_agrees_with_the_two_printed_figures():
    for a in range(10, 41):
        for b in range(10, 41):
            for nudge in (-0.049, 0.0, 0.049):
                found = change("x", a / 10 + nudge, b / 10 - nudge)
                assert found.before == a / 10
                assert found.after == b / 10
                assert change_text(found.delta) == change_text((b - a) / 10)
                word = "improved" if b > a else "declined" if b < a else "unchanged"
                assert found.direction == word


def test_priority_changes():
    assert priority_changes(["a", "b"], ["b", "c"]) == {
        "new": ["c"],
        "continuing": ["b"],
        "resolved": ["a"],
    }
    assert priority_changes(["a", "b"], ["b", "c"], among={"a", "b"}) == {
        "new": [],
        "continuing": ["b"],
        "resolved": ["a"],
    }


def results(questionnaire, answers: dict[str, int], name: str):
    info = RoundInfo(1, name, "Trust", None, "closed", dt.date(2026, 1, 1), None)
    tallies = [StatementTally("P", q, level, 1, 0) for q, level in answers.items()]
    return build_results(info, questionnaire, [PartnerInfo("P", "police", 1)], tallies, {})


def test_versions_compare_on_the_items_both_have():
    """Round A on mini (i1, i2, i3); round B on a version without i2. Shared: i1, i3.
    A: i1 = 4, i3 = 2 -> overall over shared items 3.0 (its full overall is 2.3).
    B: i1 = 4, i3 = 2.5 -> 3.25, shown 3.3 (half-way) -> +0.3 improved."""
    text = MINI_PATH.read_text(encoding="utf-8")
    start, end = text.index("      - id: i2"), text.index("  - id: s2")
    without_i2 = parse_questionnaire(text[:start] + text[end:], "mini-v2.yaml")
    a = results(MINI, {"q1": 4, "q2": 4, "q3": 1, "q4": 2, "q5": 2}, "A")
    b = results(without_i2, {"q1": 4, "q2": 4, "q4": 2, "q5": 3}, "B")
    found, different = compare_rounds(a, b)
    assert different
    got = {c.key: (c.before, c.after, c.delta_text, c.direction) for c in found}
    assert got == {
        "overall": (3.0, 3.3, "+0.3", "improved"),
        "phase-1": (4.0, 4.0, "0.0", "unchanged"),
        "phase-2": (4.0, 4.0, "0.0", "unchanged"),  # i1 only: i2 is not shared
        "phase-3": (2.0, 2.5, "+0.5", "improved"),
        "i1": (4.0, 4.0, "0.0", "unchanged"),
        "i3": (2.0, 2.5, "+0.5", "improved"),
    }
    # i2 (below target in A) is neither "no longer a priority" nor anything else.
    moved = round_priority_changes(a, b)
    assert "i2" not in sum(moved.values(), [])
    assert moved["continuing"] == ["i3"]


def test_same_version_compares_every_figure():
    a = results(MINI, {"q1": 2, "q2": 2, "q3": 2, "q4": 2, "q5": 2}, "A")
    b = results(MINI, {"q1": 3, "q2": 3, "q3": 2, "q4": 2, "q5": 2}, "B")
    found, different = compare_rounds(a, b)
    assert not different
    assert [c.key for c in found] == ["overall", "phase-1", "phase-2", "phase-3", "i1", "i2", "i3"]
    # overall 2.0 -> (3 + 2 + 2) / 3 = 2.333 shown 2.3
    assert (found[0].before, found[0].after, found[0].delta_text) == (2.0, 2.3, "+0.3")
