"""Comparing trusts and rounds: medians and quartiles, positions, changes between rounds.

Quartiles use the "inclusive" method of Python's statistics.quantiles (the method of
spreadsheets' QUARTILE.INC), so they can be recomputed by hand; see docs/comparison.md.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from selfassess.domain.questionnaire import PHASES, Questionnaire
from selfassess.domain.results import RoundResults
from selfassess.domain.scoring import Score

MIN_TRUSTS: Final = 5  # a benchmark shown to a trust needs at least this many trusts
CHANGE_THRESHOLD: Final = 0.1  # smaller moves are "unchanged": below what screens show


@dataclass(frozen=True)
class Spread:
    """Median and quartiles of one figure across trusts, and how many trusts stand behind it."""

    count: int
    lower: Score
    median: Score
    upper: Score


def spread(values: Iterable[Score]) -> Spread:
    """The spread of the defined values (undefined ones are left out, as in every mean)."""
    data = sorted(v for v in values if v is not None)
    if not data:
        return Spread(0, None, None, None)
    if len(data) == 1:
        return Spread(1, data[0], data[0], data[0])
    lower, median, upper = statistics.quantiles(data, n=4, method="inclusive")
    return Spread(len(data), lower, median, upper)


def position(value: Score, where: Spread) -> str | None:
    """Which quarter of the trusts a value falls in: 'top', 'upper middle', 'lower middle'
    or 'bottom' quarter; None when either side is undefined."""
    if value is None or where.median is None or where.lower is None or where.upper is None:
        return None
    if value >= where.upper:
        return "top quarter"
    if value >= where.median:
        return "upper middle"
    if value >= where.lower:
        return "lower middle"
    return "bottom quarter"


@dataclass(frozen=True)
class Change:
    """One figure in two rounds, and whether it moved."""

    key: str
    before: Score
    after: Score
    delta: Score
    direction: str  # improved, declined, unchanged, or "–" when either side is undefined


def change(key: str, before: Score, after: Score) -> Change:
    """Improved or declined when the figure moved by at least 0.1; otherwise unchanged."""
    if before is None or after is None:
        return Change(key, before, after, None, "–")
    delta = round(after - before, 9)
    if delta >= CHANGE_THRESHOLD:
        direction = "improved"
    elif delta <= -CHANGE_THRESHOLD:
        direction = "declined"
    else:
        direction = "unchanged"
    return Change(key, before, after, delta, direction)


def changes(
    before: Mapping[str, Score], after: Mapping[str, Score], order: Sequence[str]
) -> list[Change]:
    """Changes of the keys both sides have, in ``order`` (items of different questionnaire
    versions compare on the items they share)."""
    return [change(k, before[k], after[k]) for k in order if k in before and k in after]


def priority_changes(before: Iterable[str], after: Iterable[str]) -> dict[str, list[str]]:
    """Which priorities are new, continuing or resolved from one round to the next."""
    old, new = list(before), list(after)
    return {
        "new": [i for i in new if i not in old],
        "continuing": [i for i in new if i in old],
        "resolved": [i for i in old if i not in new],
    }


def figure_keys(questionnaire: Questionnaire) -> list[str]:
    """The compared figures: overall, the three phases, then every item."""
    return ["overall", *[f"phase-{p}" for p in PHASES], *[i.slug for i in questionnaire.items]]


def figure(results: RoundResults, key: str) -> float | None:
    trust = results.scores.trust
    if key == "overall":
        return trust.overall
    if key.startswith("phase-"):
        return trust.phases.get(int(key.removeprefix("phase-")))
    return trust.items.get(key)


def compare_rounds(before: RoundResults, after: RoundResults) -> tuple[list[Change], bool]:
    """Changes of overall, phase and item scores, and whether the rounds used different
    questionnaire versions (then items compare only where both versions have them)."""
    old_items = {i.slug for i in before.questionnaire.items}
    keys = [
        k
        for k in figure_keys(after.questionnaire)
        if k == "overall" or k.startswith("phase-") or k in old_items
    ]
    found = changes({k: figure(before, k) for k in keys}, {k: figure(after, k) for k in keys}, keys)
    return found, before.questionnaire.version != after.questionnaire.version


@dataclass(frozen=True)
class TrustRow:
    """A trust's figures in its latest round of the questionnaire."""

    trust_id: int
    name: str
    region: str | None
    results: RoundResults

    @property
    def priorities(self) -> tuple[str, ...]:
        return tuple(p.signals.item for p in self.results.priorities)


@dataclass(frozen=True)
class Comparison:
    """Visible trusts side by side, with national (and regional) spreads per figure."""

    questionnaire: Questionnaire
    region: str | None
    rows: tuple[TrustRow, ...]
    national: Mapping[str, Spread]
    regional: Mapping[str, Spread] | None
    priority_counts: Mapping[str, int]
