"""A round's results as one value: what it is, who answered, scores, signals, priorities,
focus priorities and the data-quality marks of docs/scoring.md §5."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from selfassess.domain.priorities import (
    FOCUS_DEFAULT,
    ItemSignals,
    Priority,
    assess_items,
    focus_count,
    rank_priorities,
    split_focus,
)
from selfassess.domain.questionnaire import Questionnaire
from selfassess.domain.scoring import RoundScores, StatementTally, score_round
from selfassess.domain.statuses import RoundStatus

PROVISIONAL: Final = "provisional"
# Not the response status: the mark of figures the board has not ratified (docs/scoring.md §5).
DRAFT_MARK: Final = "draft"
LOW_COVERAGE: Final = "low_coverage"
ONE_RESPONDENT: Final = "one_respondent"
MARKS: Final = (PROVISIONAL, DRAFT_MARK, LOW_COVERAGE, ONE_RESPONDENT)


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
    """A partner of the round and how many of its respondents submitted."""

    name: str
    partner_type: str
    respondents_submitted: int


@dataclass(frozen=True)
class RoundResults:
    """Everything docs/scoring.md computes for one round."""

    info: RoundInfo
    questionnaire: Questionnaire
    partners: tuple[PartnerInfo, ...]
    targets: Mapping[str, int]
    scores: RoundScores
    signals: tuple[ItemSignals, ...]
    priorities: tuple[Priority, ...]
    focus_count: int = FOCUS_DEFAULT

    @property
    def focus(self) -> tuple[Priority, ...]:
        """The first K priorities: what the page, the board report and the plan lead with."""
        return split_focus(self.priorities, self.focus_count)[0]

    @property
    def others(self) -> tuple[Priority, ...]:
        """Priorities after the focus: other items below target or in question."""
        return split_focus(self.priorities, self.focus_count)[1]

    @property
    def partners_submitted(self) -> int:
        """Partners of the round with at least one submitted response."""
        return sum(1 for p in self.partners if p.respondents_submitted)

    def round_marks(self, ratified: bool) -> tuple[str, ...]:
        """Marks on every figure of the round: provisional while open, draft until ratified."""
        return tuple(
            mark
            for mark, holds in (
                (PROVISIONAL, self.info.status == RoundStatus.OPEN),
                (DRAFT_MARK, not ratified),
            )
            if holds
        )

    def trust_marks(self, ratified: bool) -> tuple[str, ...]:
        """Marks on trust figures: the round's, and low coverage when fewer than half of the
        round's partners submitted."""
        low = 2 * self.partners_submitted < len(self.partners)
        return self.round_marks(ratified) + ((LOW_COVERAGE,) if low else ())

    def partner_marks(self, ratified: bool) -> dict[str, tuple[str, ...]]:
        """Marks on each partner's figures: the round's, and one respondent when a single
        submitted respondent stands behind them."""
        common = self.round_marks(ratified)
        return {
            p.name: common + ((ONE_RESPONDENT,) if p.respondents_submitted == 1 else ())
            for p in self.partners
        }


def build_results(
    info: RoundInfo,
    questionnaire: Questionnaire,
    partners: Sequence[PartnerInfo],
    tallies: Iterable[StatementTally],
    targets: Mapping[str, int],
    focus: int | None = None,
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
        focus_count=focus_count(focus),
    )
