"""A round's results as the JSON document and the long ("tidy") scores CSV that analysts use
(docs/exports.md describes every field; docs/results.schema.json is the JSON's schema)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any, Final
from zoneinfo import ZoneInfo

from selfassess.domain.priorities import BELOW_TARGET, DIVERGENCE, KNOWLEDGE_GAP, Priority
from selfassess.domain.questionnaire import PHASES, Questionnaire
from selfassess.domain.report import (
    RoundReport,
    StatusLine,
    overall_line,
    status_lines,
    status_of,
)
from selfassess.domain.results import RoundResults
from selfassess.domain.scoring import Figures
from selfassess.exports.actions import actions_to_list, follow_ups_to_list
from selfassess.exports.common import rounded, write_csv

SCHEMA_VERSION: Final = "3.0"
UK: Final = ZoneInfo("Europe/London")
TRUST: Final = "Trust"
SCORES_HEADER: Final = (
    "trust",
    "round",
    "partner",
    "figure_kind",
    "figure_id",
    "figure_title",
    "value",
    "marks",
)
REASONS: Final = (BELOW_TARGET, DIVERGENCE, KNOWLEDGE_GAP)


def figures_to_dict(figures: Figures) -> dict[str, Any]:
    """The FIG shape: overall, sections, phases (keys "1"-"3") and items."""
    return {
        "overall": rounded(figures.overall),
        "sections": {k: rounded(v) for k, v in figures.sections.items()},
        "phases": {str(k): rounded(v) for k, v in figures.phases.items()},
        "items": {k: rounded(v) for k, v in figures.items.items()},
    }


def titles(questionnaire: Questionnaire) -> dict[str, dict[str, str]]:
    """Titles of sections, phases and items by id, so an export reads without the file."""
    return {
        "sections": {s.slug: s.title for s in questionnaire.sections},
        "phases": {str(p): name for p, name in PHASES.items()},
        "items": {i.slug: i.title for i in questionnaire.items},
    }


def structure(questionnaire: Questionnaire) -> dict[str, dict[str, Any]]:
    """Each item's section, phases and statements: what recomputing from tallies needs."""
    return {
        "items": {
            item.slug: {
                "section": section.slug,
                "phases": list(item.phases),
                "statements": [s.slug for s in item.statements],
            }
            for section in questionnaire.sections
            for item in section.items
        }
    }


def priority_to_dict(priority: Priority, focus: bool) -> dict[str, Any]:
    """One priority with its signals, reasons (names as in docs/scoring.md) and focus flag."""
    s = priority.signals
    return {
        "item": s.item,
        "rank": priority.rank,
        "focus": focus,
        "score": rounded(s.score),
        "target": s.target,
        "gap": rounded(s.gap),
        "divergence": rounded(s.divergence),
        "dont_know_rate": rounded(s.dont_know_rate),
        "dont_know_percent": s.dont_know_percent,
        "reasons": list(s.reasons),
    }


def _line_to_dict(line: StatusLine) -> dict[str, Any]:
    return {
        "target": line.target,
        "gap": rounded(line.gap),
        "status": line.status,
        "status_words": line.words,
    }


def standing(results: RoundResults) -> dict[str, Any]:
    """Overall, every section and every phase against its target (docs/scoring.md §3): the
    target (mean of the items' targets, 1 decimal), the gap of the shown figures, the status."""
    lines = status_lines(results)
    return {
        "overall": _line_to_dict(overall_line(results)),
        "sections": {x.key: _line_to_dict(x) for x in lines if x.kind == "section"},
        "phases": {x.key: _line_to_dict(x) for x in lines if x.kind == "phase"},
    }


def items_to_dict(results: RoundResults) -> dict[str, dict[str, Any]]:
    """Every item's signals, status and priority standing, by id."""
    focus = {p.signals.item for p in results.focus}
    ranks = {p.signals.item: p.rank for p in results.priorities}
    return {
        s.item: {
            "target": s.target,
            "gap": rounded(s.gap),
            "divergence": rounded(s.divergence),
            "dont_know_rate": rounded(s.dont_know_rate),
            "dont_know_percent": s.dont_know_percent,
            "status": status_of(s.gap),
            "priority_rank": ranks.get(s.item),
            "focus": s.item in focus,
        }
        for s in results.signals
    }


def results_to_dict(results: RoundResults) -> dict[str, Any]:
    """Every figure of docs/scoring.md for a round: titles, partners, scores, signals and
    priorities."""
    info = results.info
    focus = {p.signals.item for p in results.focus}
    return {
        "round": {
            "id": info.round_id,
            "name": info.name,
            "trust": info.trust,
            "region": info.region,
            "status": info.status,
            "opens_on": info.opens_on.isoformat(),
            "closes_on": info.closes_on.isoformat() if info.closes_on else None,
            "focus_count": results.focus_count,
        },
        "questionnaire": {
            "id": results.questionnaire.slug,
            "version": results.questionnaire.version,
            "title": results.questionnaire.title,
        },
        "titles": titles(results.questionnaire),
        "structure": structure(results.questionnaire),
        "partners": [
            {
                "name": p.name,
                "type": p.partner_type,
                "respondents_submitted": p.respondents_submitted,
            }
            for p in results.partners
        ],
        "scores": {
            "trust": figures_to_dict(results.scores.trust),
            "partners": {n: figures_to_dict(f) for n, f in results.scores.partners.items()},
        },
        "items": items_to_dict(results),
        "standing": standing(results),
        "priorities": [priority_to_dict(p, p.signals.item in focus) for p in results.priorities],
    }


def report_to_dict(report: RoundReport, now: dt.datetime | None = None) -> dict[str, Any]:
    """The results JSON (schema ``SCHEMA_VERSION``): the figures with the round's standing,
    coverage and data-quality marks; ``generated_at`` in UK time."""
    data = results_to_dict(report.results)
    data["round"]["draft"] = report.draft
    data["round"]["provisional"] = report.provisional
    data["round"]["ratified"] = (
        None
        if report.signoff is None
        else {
            "on": report.signoff.ratified_on.isoformat(),
            "minute_reference": report.signoff.minute_reference,
        }
    )
    coverage = report.coverage
    generated = (now or dt.datetime.now(dt.UTC)).astimezone(UK)
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated.isoformat(timespec="seconds"),
        "round": data.pop("round"),
        "questionnaire": data.pop("questionnaire"),
        "coverage": {
            "partners": coverage.partners_total,
            "partners_submitted": coverage.partners_submitted,
            "respondents_invited": coverage.respondents_invited,
            "respondents_submitted": coverage.respondents_submitted,
        },
        "marks": {"trust": list(report.trust_marks), "partners": _lists(report.partner_marks)},
        **data,
        "actions": actions_to_list(report),
        "actions_from_last_round": follow_ups_to_list(report),
        "validation": validation_to_dict(report),
        "agreed": agreed_to_dict(report),
    }


def agreed_to_dict(report: RoundReport) -> dict[str, dict[str, Any]]:
    """The partnership's agreed level by item (docs/scoring.md §9), with its rationale and
    agreed − shown computed score; the computed figures are unchanged."""
    return {
        row.item: {
            "level": row.agreed.level,
            "rationale": row.agreed.rationale,
            "difference": row.difference,
        }
        for row in report.agreed_rows()
        if row.agreed is not None
    }


def validation_to_dict(report: RoundReport) -> dict[str, dict[str, Any]]:
    """Advisor validation by item (docs/scoring.md §8), beside the self-assessed figures,
    which it never changes; ``at`` is the moment of the advisor's last save, in UTC."""
    return {
        item: {
            "verdict": v.verdict,
            "level": v.level,
            "note": v.note,
            "answer": v.answer,
            "advisor": v.advisor,
            "at": v.at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        }
        for item, v in report.validation.items()
    }


def _lists(marks: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    return {name: list(m) for name, m in marks.items()}


def report_to_csv(report: RoundReport) -> str:
    """The scores CSV, long: one row per (partner or "Trust", figure), numbers only in
    ``value`` (empty when undefined) and the data-quality marks in ``marks``."""
    return write_csv(SCORES_HEADER, score_rows(report))


def score_rows(report: RoundReport) -> Iterator[list[object]]:
    """The rows of the long scores table (the CSV and the workbook share them)."""
    results = report.results
    head = [results.info.trust, results.info.name]
    trust_marks = " ".join(report.trust_marks)
    for partner, figures, marks in [
        (TRUST, results.scores.trust, trust_marks),
        *(
            (name, f, " ".join(report.partner_marks.get(name, ())))
            for name, f in results.scores.partners.items()
        ),
    ]:
        for kind, key, title, value in _figure_cells(results.questionnaire, figures):
            yield [*head, partner, kind, key, title, rounded(value), marks]
    for kind, key, title, value in _signal_cells(results):
        yield [*head, TRUST, kind, key, title, value, trust_marks]


def _figure_cells(
    questionnaire: Questionnaire, figures: Figures
) -> Iterator[tuple[str, str, str, float | None]]:
    yield "overall", "overall", "Overall", figures.overall
    for section in questionnaire.sections:
        yield "section", section.slug, section.title, figures.sections[section.slug]
    for phase, name in PHASES.items():
        yield "phase", str(phase), name, figures.phases[phase]
    for item in questionnaire.items:
        yield "item", item.slug, item.title, figures.items[item.slug]


def _signal_cells(results: RoundResults) -> Iterator[tuple[str, str, str, float | int | None]]:
    """Per item: target, gap, divergence, don't-know rate and percentage; per priority: its
    rank, whether it is a focus priority, and each reason as 1 or 0."""
    title = {i.slug: i.title for i in results.questionnaire.items}
    for s in results.signals:
        for kind, value in (
            ("target", s.target),
            ("gap", rounded(s.gap)),
            ("divergence", rounded(s.divergence)),
            ("dont_know_rate", rounded(s.dont_know_rate)),
            ("dont_know_percent", s.dont_know_percent),
        ):
            yield kind, s.item, title[s.item], value
    focus = {p.signals.item for p in results.focus}
    for p in results.priorities:
        item = p.signals.item
        yield "priority_rank", item, title[item], p.rank
        yield "focus", item, title[item], int(item in focus)
        for reason in REASONS:
            yield f"reason_{reason}", item, title[item], int(reason in p.signals.reasons)
