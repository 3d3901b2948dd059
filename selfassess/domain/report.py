"""What a board reads: reasons in words, weakest phase, divergent items, coverage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from selfassess.domain.priorities import (
    BELOW_TARGET,
    DIVERGENCE,
    DIVERGENCE_THRESHOLD,
    KNOWLEDGE_GAP,
    Priority,
)
from selfassess.domain.questionnaire import PHASES
from selfassess.domain.results import RoundResults
from selfassess.domain.scale import LABELS


@dataclass(frozen=True)
class ActionView:
    """The action a trust agreed for a priority."""

    item: str
    action: str
    owner: str
    due_on: dt.date | None


@dataclass(frozen=True)
class SignoffView:
    """The board's ratification of the self-assessment."""

    ratified_on: dt.date
    minute_reference: str


@dataclass(frozen=True)
class Coverage:
    """Who took part: partners and respondents submitted, of those invited."""

    partners_submitted: int
    partners_total: int
    respondents_submitted: int
    respondents_invited: int


@dataclass(frozen=True)
class RoundReport:
    """Everything the results page and the board PDF show for one round."""

    trust_id: int
    results: RoundResults
    coverage: Coverage
    actions: Mapping[str, ActionView]
    signoff: SignoffView | None
    evidence: Mapping[str, Mapping[str, tuple[str, ...]]] | None  # item -> partner -> notes
    can_edit: bool
    previous: RoundResults | None = None  # the trust's previous round of this questionnaire
    focus_count: int = 5  # K of docs/scoring.md §3, set by the lead per round

    @property
    def focus(self) -> tuple[Priority, ...]:
        """The first K priorities in rank order (docs/scoring.md §3)."""
        return self.results.priorities[: self.focus_count]

    @property
    def others(self) -> tuple[Priority, ...]:
        """Priorities after the focus ones."""
        return self.results.priorities[self.focus_count :]

    @property
    def provisional(self) -> bool:
        """Results of an open round can still change."""
        return self.results.info.status == "open"

    @property
    def draft(self) -> bool:
        """Every output is a draft until the board has ratified the self-assessment."""
        return self.signoff is None


def one_decimal(value: float | None) -> str:
    """Screens and PDFs show 1 decimal place; undefined is an en dash."""
    return "–" if value is None else f"{value:.1f}"


def explain(priority: Priority, results: RoundResults) -> list[str]:
    """Each reason of a priority in plain words, with the figures behind it."""
    signals = priority.signals
    item = signals.item
    scored: dict[str, float] = {}
    for name, figures in results.scores.partners.items():
        value = figures.items.get(item)
        if value is not None:
            scored[name] = value
    words = []
    if BELOW_TARGET in signals.reasons:
        below = sum(1 for value in scored.values() if value < signals.target)
        target = f"{signals.target} {LABELS[str(signals.target)]}"
        words.append(
            f"The trust scores {one_decimal(signals.score)} against a target of {target} "
            f"(gap {one_decimal(signals.gap)}); {below} of {len(scored)} partners score "
            "below the target."
        )
    if DIVERGENCE in signals.reasons and scored:
        low = min(scored, key=lambda name: (scored[name], name))
        high = max(scored, key=lambda name: (scored[name], name))
        words.append(
            f"Partners disagree by {one_decimal(signals.divergence)} levels: {low} scores "
            f"{one_decimal(scored[low])} and {high} {one_decimal(scored[high])}."
        )
    if KNOWLEDGE_GAP in signals.reasons and signals.dont_know_rate is not None:
        words.append(f"{signals.dont_know_rate:.0%} of answers are Don't know.")
    return words


def weakest_phase(results: RoundResults) -> tuple[int, str, float] | None:
    """The phase with the lowest trust score (the first one on a tie), if any is scored."""
    scored = [(v, p) for p, v in results.scores.trust.phases.items() if v is not None]
    if not scored:
        return None
    value, phase = min(scored)
    return phase, PHASES[phase], value


def divergent_items(results: RoundResults) -> list[str]:
    """Items whose partner scores differ by at least the divergence threshold."""
    return [
        s.item
        for s in results.signals
        if s.divergence is not None and s.divergence >= DIVERGENCE_THRESHOLD
    ]
