"""The tables of a round and of a comparison as sheets, the same rows as their CSV files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from selfassess.domain.compare import Comparison
from selfassess.domain.report import RoundReport
from selfassess.domain.tallies import TALLY_HEADER, ValueTally
from selfassess.exports.actions import ACTIONS_HEADER, action_rows
from selfassess.exports.comparison import HEADER as COMPARISON_HEADER
from selfassess.exports.comparison import comparison_rows
from selfassess.exports.results import SCORES_HEADER, score_rows
from selfassess.exports.xlsx import Sheet, iso_dates

DUE_ON = ACTIONS_HEADER.index("due_on")


def scores_sheet(report: RoundReport) -> Sheet:
    return Sheet("Scores", SCORES_HEADER, score_rows(report))


def tallies_sheet(tallies: Iterable[ValueTally]) -> Sheet:
    return Sheet("Tallies", TALLY_HEADER, tallies)


def actions_sheet(report: RoundReport) -> Sheet:
    return Sheet("Actions", ACTIONS_HEADER, iso_dates(action_rows(report), [DUE_ON]))


def answers_sheet(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Sheet:
    return Sheet("Answers", header, rows)


def comparison_sheet(comparison: Comparison) -> Sheet:
    return Sheet("Comparison", COMPARISON_HEADER, comparison_rows(comparison))
