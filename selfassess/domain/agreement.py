"""The partnership's agreed level (docs/scoring.md §9): after partners rate, they meet and
agree one level per item; the lead records it with a rationale. It sits beside the computed
trust score T(i) and the advisor's validated level, and never changes either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from selfassess.domain.entries import Part, Problem
from selfassess.domain.priorities import shown_difference
from selfassess.domain.rounding import shown
from selfassess.domain.scoring import Score
from selfassess.domain.text import InvalidText, clean_text

RATIONALE_LENGTH: Final = 2_000
# An agreed level this far from the computed score is named in the board paper's summary.
NOTABLE_DIFFERENCE: Final = 1.0


@dataclass(frozen=True)
class AgreedView:
    """An item's agreed level as recorded."""

    item: str
    level: int
    rationale: str
    recorded_by: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class AgreedEntry:
    """What the lead sent for one item: a level ("" for none) and a rationale."""

    level: str
    rationale: str


@dataclass(frozen=True)
class CheckedAgreement:
    """The levels to store (item -> (level, rationale)), the items to clear, and problems."""

    levels: Mapping[str, tuple[int, str]]
    cleared: tuple[str, ...]
    problems: tuple[Problem, ...]


def check_agreement(items: Iterable[str], entries: Mapping[str, AgreedEntry]) -> CheckedAgreement:
    """Check every item's entry at once: a level needs a rationale, a rationale a level;
    both empty clears the item. Items not in the questionnaire are ignored."""
    levels: dict[str, tuple[int, str]] = {}
    cleared: list[str] = []
    problems: list[Problem] = []
    for item in items:
        entry = entries.get(item, AgreedEntry("", ""))
        try:
            rationale = clean_text(entry.rationale, RATIONALE_LENGTH)
        except InvalidText:
            problems.append(
                Problem(
                    Part.NOTE, item, f"The reason must be {RATIONALE_LENGTH:,} characters or fewer"
                )
            )
            continue
        if entry.level == "" and not rationale:
            cleared.append(item)
        elif entry.level not in ("1", "2", "3", "4"):
            problems.append(Problem(Part.ANSWER, item, "Choose the level the partnership agreed"))
        elif not rationale:
            problems.append(Problem(Part.NOTE, item, "Say briefly why the partnership agreed it"))
        else:
            levels[item] = (int(entry.level), rationale)
    return CheckedAgreement(levels, tuple(cleared), tuple(problems))


def agreed_difference(level: int | None, score: Score) -> Score:
    """Agreed level minus the shown trust item score (§9), where both exist."""
    value = shown(score)
    if level is None or value is None:
        return None
    return shown_difference(float(level), value)


def notable(agreed: Mapping[str, AgreedView], scores: Mapping[str, Score]) -> list[str]:
    """Items whose agreed level differs from the shown computed score by 1.0 or more."""
    return [
        item
        for item, view in agreed.items()
        if (d := agreed_difference(view.level, scores.get(item))) is not None
        and abs(d) >= NOTABLE_DIFFERENCE
    ]


@dataclass(frozen=True)
class AgreedRow:
    """One item as the results page and board paper set it out (§9): the computed trust
    score, the agreed level and their difference, and the advisor's validated level."""

    item: str
    title: str
    score: Score
    agreed: AgreedView | None
    difference: Score
    validated: int | None


def agreed_rows(
    titles: Mapping[str, str],
    scores: Mapping[str, Score],
    agreed: Mapping[str, AgreedView],
    validated: Mapping[str, int],
) -> list[AgreedRow]:
    """Every item, in questionnaire order, side by side."""
    rows = []
    for item, title in titles.items():
        view = agreed.get(item)
        difference = agreed_difference(view.level if view else None, scores.get(item))
        rows.append(AgreedRow(item, title, scores.get(item), view, difference, validated.get(item)))
    return rows
