"""What a board reads: reasons in words, status against target, change since the last round,
focus priorities, data-quality marks and coverage.

Every sentence is built from the figures as shown (docs/scoring.md §4), so no explanation can
contradict the numbers printed beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from selfassess.domain.actions import ActionView, FollowUp
from selfassess.domain.agreement import AgreedRow, AgreedView, agreed_rows
from selfassess.domain.priorities import (
    BELOW_TARGET,
    DIVERGENCE,
    DIVERGENCE_THRESHOLD,
    KNOWLEDGE_GAP,
    Priority,
    shown_difference,
)
from selfassess.domain.questionnaire import PHASES
from selfassess.domain.results import RoundResults
from selfassess.domain.rounding import SCORE_PLACES, round_half_away, shown, shown_text
from selfassess.domain.scale import DEFAULT_TARGET, LABELS
from selfassess.domain.scoring import Score
from selfassess.domain.statuses import RoundStatus
from selfassess.domain.validation import ValidationView

MARK_WORDS: Final[dict[str, str]] = {
    "provisional": "Provisional: the round is still open, so these figures can change.",
    "draft": "Draft: the board has not yet ratified these results.",
    "low_coverage": "Low coverage: fewer than half of the round's partners submitted a response.",
    "one_respondent": "One respondent: a partner's figures rest on a single submitted response.",
}
MEETS, BELOW, WELL_BELOW, NO_SCORE = "meets", "below", "well_below", "no_score"
STATUS_WORDS: Final[dict[str, str]] = {
    MEETS: "At or above target",
    BELOW: "Below target",
    WELL_BELOW: "Well below target",
    NO_SCORE: "No score yet",
}


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
class StatusLine:
    """A section or phase against its target: shown score, target (mean of its items'
    targets, 1 decimal), gap of the shown figures and a status in words."""

    kind: str  # "section" or "phase"
    key: str
    title: str
    score: Score
    target: float
    gap: Score
    status: str

    @property
    def words(self) -> str:
        return STATUS_WORDS[self.status]


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
    last_actions: tuple[FollowUp, ...] = ()  # the previous round's actions, followed up
    # Advisor validation by item (docs/scoring.md §8), shown beside the self-assessment.
    validation: Mapping[str, ValidationView] = field(default_factory=dict)
    # The partnership's agreed level by item (docs/scoring.md §9), beside the computed score.
    agreed: Mapping[str, AgreedView] = field(default_factory=dict)

    def agreed_rows(self) -> list[AgreedRow]:
        """Every item: computed score, agreed level, difference, validated level (§9)."""
        questionnaire = self.results.questionnaire
        return agreed_rows(
            {i.slug: i.title for i in questionnaire.items},
            self.results.scores.trust.items,
            self.agreed,
            {item: v.level for item, v in self.validation.items()},
        )

    @property
    def provisional(self) -> bool:
        """Results of an open round can still change."""
        return self.results.info.status == RoundStatus.OPEN

    @property
    def draft(self) -> bool:
        """Every output is a draft until the board has ratified the self-assessment."""
        return self.signoff is None

    @property
    def focus(self) -> tuple[Priority, ...]:
        """The first K priorities, K as the trust lead set it for the round (§3)."""
        return self.results.focus

    @property
    def others(self) -> tuple[Priority, ...]:
        """The remaining priorities: other items below target or in question."""
        return self.results.others

    @property
    def trust_marks(self) -> tuple[str, ...]:
        """Data-quality marks on the trust's figures (§5)."""
        return self.results.trust_marks(not self.draft)

    @property
    def partner_marks(self) -> dict[str, tuple[str, ...]]:
        """Data-quality marks on each partner's figures (§5)."""
        return self.results.partner_marks(not self.draft)

    @property
    def overall_change(self) -> Score:
        """Shown overall score minus the previous round's shown overall score (§6)."""
        if self.previous is None:
            return None
        return change(self.results.scores.trust.overall, self.previous.scores.trust.overall)

    def status_lines(self) -> list[StatusLine]:
        """Status against target of every section, then every phase."""
        return status_lines(self.results)


def one_decimal(value: float | None) -> str:
    """Screens and PDFs show 1 decimal place, halves away from zero; undefined is "–"."""
    return shown_text(value)


def change(after: Score, before: Score) -> Score:
    """Later shown figure minus earlier shown figure; undefined on either side is undefined."""
    later, earlier = shown(after), shown(before)
    if later is None or earlier is None:
        return None
    return shown_difference(later, earlier)


def change_text(value: Score) -> str:
    """A change as the reader sees it: "+0.3 (improved)", "0.0 (unchanged)"."""
    if value is None:
        return "no earlier figure"
    if value > 0:
        return f"+{shown_text(value)} (improved)"
    if value < 0:
        return f"{shown_text(value)} (declined)"
    return "0.0 (unchanged)"


def status_of(gap: Score) -> str:
    """The status of a figure from its gap to target (§3): at or above, below, well below
    (a gap of 1.0 or more), or no score yet."""
    if gap is None:
        return NO_SCORE
    if gap <= 0:
        return MEETS
    return WELL_BELOW if gap >= 1.0 else BELOW


def _status(score: Score, target: float) -> tuple[Score, str]:
    value = shown(score)
    gap = None if value is None else shown_difference(target, value)
    return gap, status_of(gap)


def _line(kind: str, key: str, title: str, score: Score, targets: Sequence[int]) -> StatusLine:
    mean = sum(targets) / len(targets) if targets else DEFAULT_TARGET
    target = round_half_away(mean, SCORE_PLACES)
    gap, status = _status(score, target)
    return StatusLine(kind, key, title, score, target, gap, status)


def status_lines(results: RoundResults) -> list[StatusLine]:
    """Sections and phases against the mean target of their items (whole levels, so a
    section whose items all aim for 3 has a target of 3.0)."""
    trust = results.scores.trust
    target_of = {
        i.slug: results.targets.get(i.slug, DEFAULT_TARGET) for i in results.questionnaire.items
    }
    lines = [
        _line(
            "section", s.slug, s.title, trust.sections[s.slug], [target_of[i.slug] for i in s.items]
        )
        for s in results.questionnaire.sections
    ]
    for phase, name in PHASES.items():
        targets = [target_of[i.slug] for i in results.questionnaire.items if phase in i.phases]
        lines.append(_line("phase", str(phase), f"{phase}. {name}", trust.phases[phase], targets))
    return lines


def overall_line(results: RoundResults) -> StatusLine:
    """The overall score against the mean target of every item (§3)."""
    targets = [results.targets.get(i.slug, DEFAULT_TARGET) for i in results.questionnaire.items]
    return _line("overall", "overall", "Overall", results.scores.trust.overall, targets)


def _shown_partner_scores(item: str, results: RoundResults) -> dict[str, float]:
    scored: dict[str, float] = {}
    for name, figures in results.scores.partners.items():
        value = shown(figures.items.get(item))
        if value is not None:
            scored[name] = value
    return scored


def explain(priority: Priority, results: RoundResults) -> list[str]:
    """Each reason of a priority in plain words, with the shown figures behind it."""
    signals = priority.signals
    scored = _shown_partner_scores(signals.item, results)
    words = []
    if BELOW_TARGET in signals.reasons:
        below = sum(1 for value in scored.values() if value < signals.target)
        target = f"{signals.target} {LABELS[str(signals.target)]}"
        words.append(
            f"The trust scores {shown_text(signals.score)} against a target of {target} "
            f"(gap {shown_text(signals.gap)}); {below} of {len(scored)} partners score "
            "below the target."
        )
    if DIVERGENCE in signals.reasons and scored:
        low = min(scored, key=lambda name: (scored[name], name))
        high = max(scored, key=lambda name: (scored[name], name))
        words.append(
            f"Partners disagree by {shown_text(signals.divergence)} levels: {low} scores "
            f"{shown_text(scored[low])} and {high} {shown_text(scored[high])}."
        )
    if KNOWLEDGE_GAP in signals.reasons and signals.dont_know_percent is not None:
        words.append(f"{signals.dont_know_percent}% of answers are Don't know.")
    return words


def weakest_phase(results: RoundResults) -> tuple[int, str, float] | None:
    """The phase with the lowest trust score (the first one on a tie), if any is scored."""
    scored = [(v, p) for p, v in results.scores.trust.phases.items() if v is not None]
    if not scored:
        return None
    value, phase = min(scored)
    return phase, PHASES[phase], value


def divergent_items(results: RoundResults) -> list[str]:
    """Items whose shown partner scores differ by at least the divergence threshold."""
    return [
        s.item
        for s in results.signals
        if s.divergence is not None and s.divergence >= DIVERGENCE_THRESHOLD
    ]
