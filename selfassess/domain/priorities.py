"""Development priorities: target, gap, divergence, don't-know rate, reasons, ranking, focus.

Gap and divergence are computed from the scores as shown (docs/scoring.md §4), so that no
flag contradicts the figures printed beside it: partner scores shown 1.3 and 2.7 are 1.4
apart, and a trust score shown 3.0 against a target of 3 has a gap of 0.0, not a priority.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from selfassess.domain.questionnaire import Questionnaire
from selfassess.domain.rounding import SCORE_PLACES, round_half_away, shown
from selfassess.domain.scale import DEFAULT_TARGET
from selfassess.domain.scoring import RoundScores, Score

BELOW_TARGET: Final = "below_target"
DIVERGENCE: Final = "divergence"
KNOWLEDGE_GAP: Final = "knowledge_gap"
DIVERGENCE_THRESHOLD: Final = 1.0
DONT_KNOW_THRESHOLD_PERCENT: Final = 30
# How many priorities the results page, board report and action plan lead with (§3).
FOCUS_DEFAULT: Final = 5
FOCUS_MIN: Final = 3
FOCUS_MAX: Final = 10


@dataclass(frozen=True)
class ItemSignals:
    """The priority signals of one item and the reasons that hold.

    ``score`` and ``dont_know_rate`` are at full precision; ``gap`` and ``divergence`` are
    differences of shown scores (multiples of 0.1); ``dont_know_percent`` is the rate as the
    whole percentage a reader sees.
    """

    item: str
    score: Score
    target: int
    gap: Score
    divergence: Score
    dont_know_rate: Score
    reasons: tuple[str, ...]
    dont_know_percent: int | None = None


@dataclass(frozen=True)
class Priority:
    """An item that is a development priority, with its rank (1 = most pressing)."""

    rank: int
    signals: ItemSignals


# Partner item scores are means of few small integers, so the same values recur across a
# national comparison's ~50,000 of them: remembering each shown value keeps scoring fast.
_shown = lru_cache(maxsize=1 << 16)(shown)


def shown_difference(high: float, low: float) -> float:
    """The difference of two shown scores, as exact as the reader's subtraction (3.0 - 2.8 is
    0.2, not 0.20000000000000018)."""
    return round_half_away(high - low, SCORE_PLACES)


def whole_percent(rate: Score) -> int | None:
    """A rate as the whole percentage shown (halves away from zero)."""
    return None if rate is None else int(round_half_away(rate * 100, 0))


def assess_item(item: str, scores: RoundScores, target: int = DEFAULT_TARGET) -> ItemSignals:
    """The signals of one item and which reasons make it a priority."""
    score = scores.trust.items.get(item)
    partner_shown = [
        s for s in (_shown(f.items.get(item)) for f in scores.partners.values()) if s is not None
    ]
    trust_shown = _shown(score)
    gap = None if trust_shown is None else shown_difference(target, trust_shown)
    divergence = (
        shown_difference(max(partner_shown), min(partner_shown))
        if len(partner_shown) >= 2
        else None
    )
    dont_know = scores.dont_know_rates.get(item)
    percent = whole_percent(dont_know)
    reasons = tuple(
        reason
        for reason, holds in (
            (BELOW_TARGET, gap is not None and gap > 0),
            (DIVERGENCE, divergence is not None and divergence >= DIVERGENCE_THRESHOLD),
            (KNOWLEDGE_GAP, percent is not None and percent >= DONT_KNOW_THRESHOLD_PERCENT),
        )
        if holds
    )
    return ItemSignals(item, score, target, gap, divergence, dont_know, reasons, percent)


def assess_items(
    questionnaire: Questionnaire,
    scores: RoundScores,
    targets: Mapping[str, int] | None = None,
) -> list[ItemSignals]:
    """Signals for every item, in questionnaire order; missing targets default to 3."""
    targets = targets or {}
    return [
        assess_item(item.slug, scores, targets.get(item.slug, DEFAULT_TARGET))
        for item in questionnaire.items
    ]


def rank_priorities(signals: list[ItemSignals]) -> list[Priority]:
    """Priorities in rank order: gap, divergence, don't-know rate (largest first; undefined
    counts as 0), then questionnaire order (the order of ``signals``)."""
    candidates = [(position, s) for position, s in enumerate(signals) if s.reasons]
    candidates.sort(
        key=lambda pair: (
            -(pair[1].gap or 0.0),
            -(pair[1].divergence or 0.0),
            -(pair[1].dont_know_rate or 0.0),
            pair[0],
        )
    )
    return [Priority(rank, s) for rank, (_, s) in enumerate(candidates, start=1)]


def focus_count(value: int | None) -> int:
    """K as set for a round, kept within 3-10 (an unset K is the default 5)."""
    if value is None:
        return FOCUS_DEFAULT
    return min(max(value, FOCUS_MIN), FOCUS_MAX)


def split_focus(
    priorities: Sequence[Priority], count: int
) -> tuple[tuple[Priority, ...], tuple[Priority, ...]]:
    """The first ``count`` priorities (the focus) and the others, both in rank order."""
    return tuple(priorities[:count]), tuple(priorities[count:])
