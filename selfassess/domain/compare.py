"""Comparing trusts (docs/comparison.md, docs/scoring.md §6): medians and quartiles of shown
figures, positions, and the small-numbers rule that withholds an aggregate a viewer could
read another trust's figures from.

Quartiles use the "inclusive" method of Python's statistics.quantiles (the method of
spreadsheets' QUARTILE.INC) on whole tenths, so they are exact and can be recomputed by hand.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

# Round-over-round changes live in changes.py; re-exported for the PDF and the services.
from selfassess.domain.changes import Change as Change
from selfassess.domain.changes import change as change
from selfassess.domain.changes import changes as changes
from selfassess.domain.changes import compare_rounds as compare_rounds
from selfassess.domain.changes import priority_changes as priority_changes
from selfassess.domain.questionnaire import PHASES, Questionnaire
from selfassess.domain.results import RoundResults
from selfassess.domain.rounding import QUARTILE_PLACES, round_half_away, shown
from selfassess.domain.scoring import Score
from selfassess.domain.statuses import RoundStatus

# Small numbers: an aggregate that includes a trust whose figures the viewer may not see
# needs at least this many such trusts behind it (else "not enough trusts to compare").
MIN_TRUSTS: Final = 5
WITHHELD: Final = "Not enough trusts to compare"


@dataclass(frozen=True)
class Spread:
    """Median and quartiles of the trusts' shown figures, and how many trusts stand behind it.

    Values are exact (at most 3 decimal places); screens show them to 2 (``shown(v, 2)``)."""

    count: int
    lower: Score
    median: Score
    upper: Score


def _tenths(value: float) -> int:
    """A shown score (2.3) as a whole number of tenths (23). Quartiles of whole numbers are
    multiples of 0.25, exact in floating point, and dividing by 10 then gives the closest
    float to the exact quartile: 2.325 stays 2.325 and is shown 2.33, not 2.32."""
    return int(round_half_away(value * 10, 0))  # value * 10 is within 1e-14 of a whole number


def spread(values: Iterable[Score]) -> Spread:
    """The spread of the shown (1 decimal) values of the defined figures; undefined ones
    are left out, as in every mean."""
    data = sorted(_tenths(s) for s in (shown(v) for v in values) if s is not None)
    if not data:
        return Spread(0, None, None, None)
    if len(data) == 1:
        return Spread(1, data[0] / 10, data[0] / 10, data[0] / 10)
    lower, median, upper = statistics.quantiles(data, n=4, method="inclusive")
    return Spread(len(data), lower / 10, median / 10, upper / 10)


def withheld(visible: Iterable[bool]) -> bool:
    """Small numbers (docs/scoring.md §6): given, for each contributing trust, whether the viewer
    may see its own figures, is the aggregate to be withheld? It is when it includes a trust
    the viewer may not see and fewer than MIN_TRUSTS such trusts contribute: the viewer's own
    trusts are not counted, since knowing their figures narrows down the others."""
    hidden = sum(1 for v in visible if not v)
    return 0 < hidden < MIN_TRUSTS


def guarded_spread(figures: Iterable[tuple[Score, bool]]) -> Spread | None:
    """The spread of (figure, viewer may see this trust) pairs, or None when withheld.
    Only trusts whose figure is defined contribute."""
    defined = [(value, visible) for value, visible in figures if value is not None]
    if withheld(visible for _, visible in defined):
        return None
    return spread(value for value, _ in defined)


def position(value: Score, where: Spread | None) -> str | None:
    """Which quarter of the trusts the shown value falls in, against the shown (2 decimal)
    quartiles: 'top quarter', 'upper middle', 'lower middle' or 'bottom quarter'; None when
    either side is undefined or withheld."""
    if where is None or where.lower is None or where.median is None or where.upper is None:
        return None
    own = shown(value)
    if own is None:
        return None
    if own >= round_half_away(where.upper, QUARTILE_PLACES):
        return "top quarter"
    if own >= round_half_away(where.median, QUARTILE_PLACES):
        return "upper middle"
    if own >= round_half_away(where.lower, QUARTILE_PLACES):
        return "lower middle"
    return "bottom quarter"


def figure_keys(questionnaire: Questionnaire) -> list[str]:
    """The compared figures: overall, the three phases, then every item."""
    return ["overall", *[f"phase-{p}" for p in PHASES], *[i.slug for i in questionnaire.items]]


def figure_titles(questionnaire: Questionnaire) -> dict[str, str]:
    """Titles of the compared figures, as screens and exports print them."""
    return {
        "overall": "Overall",
        **{f"phase-{p}": f"Phase {p}. {name}" for p, name in PHASES.items()},
        **{i.slug: i.title for i in questionnaire.items},
    }


def figure(results: RoundResults, key: str) -> float | None:
    """One trust figure of a round at full precision (overall, ``phase-N`` or an item)."""
    trust = results.scores.trust
    if key == "overall":
        return trust.overall
    if key.startswith("phase-"):
        return trust.phases.get(int(key.removeprefix("phase-")))
    return trust.items.get(key)


@dataclass(frozen=True)
class TrustRow:
    """A trust's figures in the round that stands for it, and whether the viewer may see
    the trust's own figures."""

    trust_id: int
    name: str
    region: str | None
    results: RoundResults
    visible: bool = True
    # Advisor validation of the round: (items agreed, items challenged), docs/scoring.md §8.
    validation: tuple[int, int] = (0, 0)

    @property
    def priorities(self) -> tuple[str, ...]:
        return tuple(p.signals.item for p in self.results.priorities)

    @property
    def provisional(self) -> bool:
        """An open round stands for the trust: its figures may still change."""
        return self.results.info.status == RoundStatus.OPEN


def spreads(rows: Iterable[TrustRow], keys: Iterable[str]) -> dict[str, Spread | None]:
    """Guarded spreads of every figure over the rows (None where withheld)."""
    pool = list(rows)
    return {k: guarded_spread((figure(r.results, k), r.visible) for r in pool) for k in keys}


@dataclass(frozen=True)
class PriorityCounts:
    """In how many of ``trusts`` trusts each item is a development priority."""

    trusts: int
    counts: Mapping[str, int]


def priority_counts(rows: Iterable[TrustRow]) -> PriorityCounts | None:
    """Priority counts over every row (each trust contributes, priorities or not), or None
    when the small-numbers rule withholds them."""
    pool = list(rows)
    if withheld(r.visible for r in pool):
        return None
    return PriorityCounts(len(pool), dict(Counter(i for r in pool for i in r.priorities)))


@dataclass(frozen=True)
class Comparison:
    """Visible trusts side by side, with national (and regional) spreads per figure. A
    spread or the priority counts are None where the small-numbers rule withholds them."""

    questionnaire: Questionnaire
    region: str | None
    rows: tuple[TrustRow, ...]
    national: Mapping[str, Spread | None]
    regional: Mapping[str, Spread | None] | None
    priorities: PriorityCounts | None
    include_open: bool = False

    @property
    def priority_counts(self) -> Mapping[str, int]:
        """Item -> number of trusts where it is a priority (empty when withheld)."""
        return {} if self.priorities is None else self.priorities.counts
