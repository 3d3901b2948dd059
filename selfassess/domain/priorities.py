"""Development priorities: target, gap, divergence, don't-know rate, reasons and ranking."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from selfassess.domain.questionnaire import Questionnaire
from selfassess.domain.scale import DEFAULT_TARGET
from selfassess.domain.scoring import RoundScores, Score

BELOW_TARGET: Final = "below_target"
DIVERGENCE: Final = "divergence"
KNOWLEDGE_GAP: Final = "knowledge_gap"
DIVERGENCE_THRESHOLD: Final = 1.0
DONT_KNOW_THRESHOLD: Final = 0.3
# Means of small integers are compared after rounding, so that a divergence computed as
# 0.9999999999 counts as the 1.0 a person recomputing it by hand gets.
PRECISION: Final = 9


@dataclass(frozen=True)
class ItemSignals:
    """The priority signals of one item and the reasons that hold."""

    item: str
    score: Score
    target: int
    gap: Score
    divergence: Score
    dont_know_rate: Score
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Priority:
    """An item that is a development priority, with its rank (1 = most pressing)."""

    rank: int
    signals: ItemSignals


def _round(value: Score) -> Score:
    return None if value is None else round(value, PRECISION)


def assess_item(item: str, scores: RoundScores, target: int = DEFAULT_TARGET) -> ItemSignals:
    """The signals of one item and which reasons make it a priority."""
    score = scores.trust.items.get(item)
    partner_scores = [
        s for s in (f.items.get(item) for f in scores.partners.values()) if s is not None
    ]
    gap = _round(None if score is None else target - score)
    divergence = (
        _round(max(partner_scores) - min(partner_scores)) if len(partner_scores) >= 2 else None
    )
    dont_know = _round(scores.dont_know_rates.get(item))
    reasons = tuple(
        reason
        for reason, holds in (
            (BELOW_TARGET, gap is not None and gap > 0),
            (DIVERGENCE, divergence is not None and divergence >= DIVERGENCE_THRESHOLD),
            (KNOWLEDGE_GAP, dont_know is not None and dont_know >= DONT_KNOW_THRESHOLD),
        )
        if holds
    )
    return ItemSignals(item, score, target, gap, divergence, dont_know, reasons)


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
