"""Scores of a round as docs/scoring.md defines them (steps 1-6); None means undefined.

The input is a tally per (partner, statement) -- sum and count of levels, count of don't
knows -- so the database can do the counting in one set-based query and this module does
one pass in Python. :func:`tally_answers` builds the same tallies from raw answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from selfassess.domain.questionnaire import PHASES, Questionnaire
from selfassess.domain.scale import DONT_KNOW, level_of

Score = float | None


@dataclass(frozen=True)
class AnswerRecord:
    """One submitted answer: who (partner, respondent) said what about which statement."""

    partner: str
    respondent: str
    statement: str
    value: str


class StatementTally(NamedTuple):
    """All submitted answers of one partner to one statement, counted. A named tuple, not a
    dataclass: a national comparison builds about 100,000 of them."""

    partner: str
    statement: str
    level_sum: int
    level_count: int
    dont_know: int


@dataclass(frozen=True)
class Figures:
    """Overall, section, phase and item scores of one partner or of the trust."""

    overall: Score
    sections: Mapping[str, Score]
    phases: Mapping[int, Score]
    items: Mapping[str, Score]


@dataclass(frozen=True)
class RoundScores:
    """Every score of a round: the trust, each partner, and the don't-know rate per item."""

    trust: Figures
    partners: Mapping[str, Figures]
    dont_know_rates: Mapping[str, Score]


def mean(values: Iterable[Score]) -> Score:
    """Mean over the defined values; undefined when there are none."""
    defined = [value for value in values if value is not None]
    return sum(defined) / len(defined) if defined else None


def tally_answers(records: Iterable[AnswerRecord]) -> list[StatementTally]:
    """Count raw answers per (partner, statement); ``na`` counts nowhere."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for record in records:
        level = level_of(record.value)
        tally = counts[(record.partner, record.statement)]
        if level is not None:
            tally[0] += level
            tally[1] += 1
        elif record.value == DONT_KNOW:
            tally[2] += 1
    return [StatementTally(p, s, *c) for (p, s), c in counts.items()]


def _figures(questionnaire: Questionnaire, items: Mapping[str, Score]) -> Figures:
    """Section, phase and overall figures from item scores (steps 3-5)."""
    return Figures(
        overall=mean(items.values()),
        sections={
            section.slug: mean(items[i.slug] for i in section.items)
            for section in questionnaire.sections
        },
        phases={
            phase: mean(items[i.slug] for i in questionnaire.items if phase in i.phases)
            for phase in PHASES
        },
        items=dict(items),
    )


def score_round(
    questionnaire: Questionnaire,
    tallies: Iterable[StatementTally],
    partners: Sequence[str] = (),
) -> RoundScores:
    """Score a round. ``partners`` lists partners to report even with no answers."""
    item_of = questionnaire.item_of_statement
    statement_scores: dict[str, dict[str, Score]] = {p: {} for p in partners}
    dk_counts: dict[str, list[int]] = {i.slug: [0, 0] for i in questionnaire.items}
    for tally in tallies:
        item = item_of.get(tally.statement)
        if item is None:
            continue
        scores = statement_scores.setdefault(tally.partner, {})
        if tally.level_count:
            scores[tally.statement] = tally.level_sum / tally.level_count
        dk_counts[item][0] += tally.dont_know
        dk_counts[item][1] += tally.dont_know + tally.level_count
    partner_figures = {
        partner: _figures(
            questionnaire,
            {
                item.slug: mean(scores.get(s.slug) for s in item.statements)
                for item in questionnaire.items
            },
        )
        for partner, scores in statement_scores.items()
    }
    trust_items = {
        item.slug: mean(f.items[item.slug] for f in partner_figures.values())
        for item in questionnaire.items
    }
    return RoundScores(
        trust=_trust_figures(questionnaire, trust_items, partner_figures),
        partners=partner_figures,
        dont_know_rates={
            item: dk / answered if answered else None for item, (dk, answered) in dk_counts.items()
        },
    )


def _trust_figures(
    questionnaire: Questionnaire,
    items: Mapping[str, Score],
    partners: Mapping[str, Figures],
) -> Figures:
    """Step 6: every trust figure is the mean over partners of the same partner figure."""
    figures = list(partners.values())
    return Figures(
        overall=mean(f.overall for f in figures),
        sections={
            s.slug: mean(f.sections[s.slug] for f in figures) for s in questionnaire.sections
        },
        phases={phase: mean(f.phases[phase] for f in figures) for phase in PHASES},
        items=dict(items),
    )
