"""A round's results as one value: what it is, who answered, scores, signals, priorities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from selfassess.domain.priorities import (
    ItemSignals,
    Priority,
    assess_items,
    rank_priorities,
)
from selfassess.domain.questionnaire import Questionnaire
from selfassess.domain.scoring import RoundScores, StatementTally, score_round


@dataclass(frozen=True)
class RoundInfo:
    """Descriptive facts of a round, as exported."""

    round_id: int
    name: str
    trust: str
    region: str | None
    status: str
    opens_on: dt.date
    closes_on: dt.date | None


@dataclass(frozen=True)
class PartnerInfo:
    """A partner of the trust and how many of its respondents submitted."""

    name: str
    partner_type: str
    respondents_submitted: int


@dataclass(frozen=True)
class RoundResults:
    """Everything SCORING.md computes for one round."""

    info: RoundInfo
    questionnaire: Questionnaire
    partners: tuple[PartnerInfo, ...]
    targets: Mapping[str, int]
    scores: RoundScores
    signals: tuple[ItemSignals, ...]
    priorities: tuple[Priority, ...]


def build_results(
    info: RoundInfo,
    questionnaire: Questionnaire,
    partners: Sequence[PartnerInfo],
    tallies: Iterable[StatementTally],
    targets: Mapping[str, int],
) -> RoundResults:
    """Score a round and rank its priorities in one pass over the tallies."""
    scores = score_round(questionnaire, tallies, [p.name for p in partners])
    signals = assess_items(questionnaire, scores, targets)
    return RoundResults(
        info=info,
        questionnaire=questionnaire,
        partners=tuple(partners),
        targets=dict(targets),
        scores=scores,
        signals=tuple(signals),
        priorities=tuple(rank_priorities(signals)),
    )
