"""SCORING v2 §3-§5 by hand: signals from shown scores, focus priorities, data-quality marks,
status and change lines, explanations that agree with the figures printed beside them."""

from __future__ import annotations

import datetime as dt

import pytest
from test_priorities import scores_for
from test_scoring import MINI, PARTNERS, worked_records

from selfassess.domain import tally_answers
from selfassess.domain.priorities import (
    ItemSignals,
    Priority,
    assess_item,
    focus_count,
    rank_priorities,
)
from selfassess.domain.report import change, change_text, explain, status_lines
from selfassess.domain.results import PartnerInfo, RoundInfo, RoundResults, build_results
from selfassess.domain.rounding import shown_text

INFO = RoundInfo(1, "Baseline", "Ashvale", None, "open", dt.date(2026, 1, 5), None)


def worked(status: str = "open", focus: int | None = None, counts=(2, 1, 3, 0)) -> RoundResults:
    partners = [PartnerInfo(n, "police", c) for n, c in zip(PARTNERS, counts, strict=True)]
    info = RoundInfo(1, "Baseline", "Ashvale", None, status, dt.date(2026, 1, 5), None)
    return build_results(
        info, MINI, partners, tally_answers(worked_records()), {"i2": 2, "i3": 4}, focus
    )


def test_gap_is_target_minus_shown_score():
    # The case: 2.9622 is shown 3.0, so the gap is 0.0 and no reason (was 0.0378).
    signals = assess_item("i", scores_for({"A": 2.9622, "B": 2.9622}), 3)
    assert signals.gap == 0.0
    assert signals.reasons == ()


def test_half_way_score_rounds_away_from_zero_before_the_gap():
    # 2.25 is shown 2.3 (a spreadsheet's ROUND), so the gap to 3 is 0.7, not 0.75 or 0.8.
    signals = assess_item("i", scores_for({"A": 2.25, "B": 2.25}), 3)
    assert shown_text(signals.score) == "2.3"
    assert signals.gap == 0.7


@pytest.mark.parametrize(
    ("a", "b", "divergence", "flagged"),
    [
        (3.75, 1.5, 2.3, True),  # SCORING §4's example: shown 3.8 and 1.5
        (2.0417, 3.0, 1.0, True),  # true spread 0.9583, shown 2.0 and 3.0: flagged 1.0
        (1.34, 2.66, 1.4, True),  # shown 1.3 and 2.7: the spread printed is 1.4, not 1.3
        (2.04, 2.96, 1.0, True),  # true 0.92, shown 2.0 and 3.0
        (2.06, 2.94, 0.8, False),  # shown 2.1 and 2.9
    ],
)
def test_divergence_is_the_spread_of_shown_partner_scores(a, b, divergence, flagged):
    signals = assess_item("i", scores_for({"A": a, "B": b}), 1)
    assert signals.divergence == divergence
    assert ("divergence" in signals.reasons) is flagged


@pytest.mark.parametrize(
    ("rate", "percent", "flagged"),
    [(0.295, 30, True), (0.2949, 29, False), (0.3, 30, True), (1 / 11, 9, False)],
)
def test_knowledge_gap_on_the_shown_whole_percentage(rate, percent, flagged):
    signals = assess_item("i", scores_for({"A": 3.0}, dont_know=rate), 3)
    assert signals.dont_know_percent == percent
    assert ("knowledge_gap" in signals.reasons) is flagged


def test_explanations_quote_the_shown_figures():
    results = worked()
    lines = explain(results.priorities[1], results)  # i1
    assert results.priorities[1].signals.item == "i1"
    assert lines == [
        "The trust scores 2.8 against a target of 3 Established (gap 0.2); 1 of 3 partners "
        "score below the target.",
        "Partners disagree by 2.3 levels: PCT scores 1.5 and Schools 3.8.",
    ]
    i3 = explain(results.priorities[0], results)
    assert i3[-1] == "36% of answers are Don't know."


def test_worked_example_signals_by_hand():
    # docs/scoring.md, worked example: trust items 2.75, 2.1111, 2.4167 are shown 2.8, 2.1, 2.4.
    by_item = {s.item: s for s in worked().signals}
    assert {k: s.gap for k, s in by_item.items()} == {"i1": 0.2, "i2": -0.1, "i3": 1.6}
    assert {k: s.divergence for k, s in by_item.items()} == {"i1": 2.3, "i2": 2.3, "i3": 1.8}
    assert {k: s.dont_know_percent for k, s in by_item.items()} == {"i1": 9, "i2": 17, "i3": 36}
    assert [p.signals.item for p in worked().priorities] == ["i3", "i1", "i2"]
    # PCT's section s1 is 1.25: a half-way case, shown 1.3 (banker's rounding says 1.2).
    assert shown_text(worked().scores.partners["PCT"].sections["s1"]) == "1.3"


def priorities(count: int) -> tuple[Priority, ...]:
    signals = [
        ItemSignals(f"i{n}", 2.0, 3, 1.0, None, None, ("below_target",)) for n in range(count)
    ]
    return tuple(rank_priorities(signals))


@pytest.mark.parametrize(
    ("k", "focus", "others"), [(None, 5, 2), (3, 3, 4), (10, 7, 0), (1, 3, 4), (12, 7, 0)]
)
def test_focus_is_the_first_k_priorities(k, focus, others):
    results = RoundResults(INFO, MINI, (), {}, worked().scores, (), priorities(7), focus_count(k))
    assert len(results.focus) == focus
    assert len(results.others) == others
    assert [p.rank for p in results.focus + results.others] == list(range(1, 8))


def test_worked_example_focus_with_k_3_holds_every_priority():
    results = worked(focus=3)
    assert [p.signals.item for p in results.focus] == ["i3", "i1", "i2"]
    assert results.others == ()


def test_marks_of_an_open_unratified_round():
    results = worked()  # 3 of 4 partners submitted; PCT has one respondent
    assert results.trust_marks(ratified=False) == ("provisional", "draft")
    assert results.partner_marks(ratified=False)["PCT"] == (
        "provisional",
        "draft",
        "one_respondent",
    )
    assert results.partner_marks(ratified=True)["Council"] == ("provisional",)


@pytest.mark.parametrize(
    ("counts", "low"),
    [((2, 1, 3, 0), False), ((2, 0, 3, 0), False), ((2, 0, 0, 0), True), ((0, 0, 0, 0), True)],
)
def test_low_coverage_when_fewer_than_half_the_partners_submitted(counts, low):
    marks = worked(status="closed", counts=counts).trust_marks(ratified=True)
    assert marks == (("low_coverage",) if low else ())


def test_status_against_target_per_section_and_phase():
    # s1: items i1 (target 3), i2 (target 2): target 2.5; trust s1 2.4306 shown 2.4: gap 0.1.
    # s2: i3 (target 4); trust 2.4167 shown 2.4: gap 1.6, well below.
    lines = {(line.kind, line.key): line for line in status_lines(worked())}
    assert (lines["section", "s1"].target, lines["section", "s1"].gap) == (2.5, 0.1)
    assert lines["section", "s1"].words == "Below target"
    assert lines["section", "s2"].words == "Well below target"
    # Phase 1 holds i1 only (target 3); trust 2.75 shown 2.8: gap 0.2.
    assert (lines["phase", "1"].target, lines["phase", "1"].gap) == (3.0, 0.2)


@pytest.mark.parametrize(
    ("after", "before", "value", "words"),
    [
        (2.25, 2.14, 0.2, "+0.2 (improved)"),  # shown 2.3 - 2.1
        (2.04, 1.96, 0.0, "0.0 (unchanged)"),  # both shown 2.0, true +0.08
        (1.95, 2.04, 0.0, "0.0 (unchanged)"),  # both shown 2.0, never "-0.0"
        (2.0, 2.06, -0.1, "-0.1 (declined)"),
        (None, 2.0, None, "no earlier figure"),
    ],
)
def test_change_between_rounds_from_shown_figures(after, before, value, words):
    assert change(after, before) == value
    assert change_text(change(after, before)) == words
