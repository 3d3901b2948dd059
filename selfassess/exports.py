"""Results as a JSON-ready dict and as CSV text, the shapes the CLI and the web share."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from selfassess.domain.compare import Comparison, Spread, figure, figure_keys
from selfassess.domain.priorities import Priority
from selfassess.domain.report import RoundReport
from selfassess.domain.results import RoundResults
from selfassess.domain.scoring import Figures, Score

DECIMALS = 4
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def rounded(value: Score) -> Score:
    """Exports carry 4 decimal places; undefined stays None (null)."""
    return None if value is None else round(value, DECIMALS)


def figures_to_dict(figures: Figures) -> dict[str, Any]:
    """The FIG shape: overall, sections, phases (keys "1"-"3") and items."""
    return {
        "overall": rounded(figures.overall),
        "sections": {k: rounded(v) for k, v in figures.sections.items()},
        "phases": {str(k): rounded(v) for k, v in figures.phases.items()},
        "items": {k: rounded(v) for k, v in figures.items.items()},
    }


def results_to_dict(results: RoundResults) -> dict[str, Any]:
    """Every figure of SCORING.md for a round, in the export-results JSON shape."""
    info = results.info
    return {
        "round": {
            "id": info.round_id,
            "name": info.name,
            "trust": info.trust,
            "region": info.region,
            "status": info.status,
            "opens_on": info.opens_on.isoformat(),
            "closes_on": info.closes_on.isoformat() if info.closes_on else None,
        },
        "questionnaire": {
            "id": results.questionnaire.slug,
            "version": results.questionnaire.version,
        },
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
        "items": {
            s.item: {
                "target": s.target,
                "gap": rounded(s.gap),
                "divergence": rounded(s.divergence),
                "dont_know_rate": rounded(s.dont_know_rate),
            }
            for s in results.signals
        },
        "priorities": [priority_to_dict(p) for p in results.priorities],
    }


def priority_to_dict(priority: Priority) -> dict[str, Any]:
    """One priority with its signals and reasons (names as in SCORING.md)."""
    s = priority.signals
    return {
        "item": s.item,
        "rank": priority.rank,
        "score": rounded(s.score),
        "target": s.target,
        "gap": rounded(s.gap),
        "divergence": rounded(s.divergence),
        "dont_know_rate": rounded(s.dont_know_rate),
        "reasons": list(s.reasons),
    }


def neutralise(cell: object) -> object:
    """Stop spreadsheets reading user text as a formula (PITFALLS P14); numbers pass."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def write_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV text with every cell neutralised and None written as an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow("" if c is None else neutralise(c) for c in row)
    return out.getvalue()


def _figure_rows(scope: str, partner: str, figures: Figures) -> Iterator[list[object]]:
    yield [scope, partner, "overall", "", rounded(figures.overall)]
    phases = {str(k): v for k, v in figures.phases.items()}
    for kind, values in (
        ("section", figures.sections),
        ("phase", phases),
        ("item", figures.items),
    ):
        for key, value in values.items():
            yield [scope, partner, kind, key, rounded(value)]


SCORE_HEADER = ("scope", "partner", "figure", "key", "value")


def results_to_csv(results: RoundResults) -> str:
    """Every figure as one row: scope, partner, figure, key, value (long format)."""
    return write_csv(SCORE_HEADER, _result_rows(results))


def _result_rows(results: RoundResults) -> list[list[object]]:
    rows: list[list[object]] = list(_figure_rows("trust", "", results.scores.trust))
    for name, figures in results.scores.partners.items():
        rows.extend(_figure_rows("partner", name, figures))
    for s in results.signals:
        rows.extend(
            ["trust", "", figure, s.item, value]
            for figure, value in (
                ("target", s.target),
                ("gap", rounded(s.gap)),
                ("divergence", rounded(s.divergence)),
                ("dont_know_rate", rounded(s.dont_know_rate)),
            )
        )
    for p in results.priorities:
        rows.append(["trust", "", "priority_rank", p.signals.item, p.rank])
        rows.append(
            [
                "trust",
                "",
                "priority_reasons",
                p.signals.item,
                " ".join(p.signals.reasons),
            ]
        )
    return rows


def _spread_dict(spreads: Mapping[str, Spread]) -> dict[str, Any]:
    return {
        k: {
            "trusts": s.count,
            "lower": rounded(s.lower),
            "median": rounded(s.median),
            "upper": rounded(s.upper),
        }
        for k, s in spreads.items()
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """Trusts side by side with national (and regional) spreads, in one JSON document."""
    keys = figure_keys(comparison.questionnaire)
    return {
        "questionnaire": {
            "id": comparison.questionnaire.slug,
            "version": comparison.questionnaire.version,
        },
        "region": comparison.region,
        "figures": keys,
        "trusts": [
            {
                "id": row.trust_id,
                "name": row.name,
                "region": row.region,
                "round": {
                    "id": row.results.info.round_id,
                    "name": row.results.info.name,
                    "status": row.results.info.status,
                    "opens_on": row.results.info.opens_on.isoformat(),
                    "questionnaire_version": row.results.questionnaire.version,
                },
                "partners_submitted": sum(
                    1 for p in row.results.partners if p.respondents_submitted
                ),
                "figures": {k: rounded(figure(row.results, k)) for k in keys},
                "priorities": list(row.priorities),
            }
            for row in comparison.rows
        ],
        "national": _spread_dict(comparison.national),
        "regional": None if comparison.regional is None else _spread_dict(comparison.regional),
        "priority_counts": dict(comparison.priority_counts),
    }


def comparison_to_csv(comparison: Comparison) -> str:
    """Long format: scope (trust, national, region), trust, round, figure, measure, value."""
    keys = figure_keys(comparison.questionnaire)
    rows: list[list[object]] = []
    for row in comparison.rows:
        rows.extend(
            [
                "trust",
                row.name,
                row.region,
                row.results.info.name,
                k,
                "score",
                rounded(figure(row.results, k)),
            ]
            for k in keys
        )
    scopes = [("national", comparison.national)]
    if comparison.regional is not None:
        scopes.append(("region", comparison.regional))
    for scope, spreads in scopes:
        for k, s in spreads.items():
            for measure, value in (
                ("trusts", s.count),
                ("lower", rounded(s.lower)),
                ("median", rounded(s.median)),
                ("upper", rounded(s.upper)),
            ):
                rows.append(
                    [
                        scope,
                        "",
                        comparison.region if scope == "region" else "",
                        "",
                        k,
                        measure,
                        value,
                    ]
                )
    header = ("scope", "trust", "region", "round", "figure", "measure", "value")
    return write_csv(header, rows)


def report_to_dict(report: RoundReport) -> dict[str, Any]:
    """The results JSON with the round's standing: draft until the board ratified it,
    provisional while the round is open."""
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
    return data


def report_to_csv(report: RoundReport) -> str:
    """The scores CSV, opened by rows saying whether the figures are draft or provisional."""
    ratified = "" if report.signoff is None else report.signoff.ratified_on.isoformat()
    standing: list[list[object]] = [
        ["round", "", "draft", "", str(report.draft).lower()],
        ["round", "", "provisional", "", str(report.provisional).lower()],
        ["round", "", "ratified_on", "", ratified],
    ]
    return write_csv(SCORE_HEADER, standing + _result_rows(report.results))
