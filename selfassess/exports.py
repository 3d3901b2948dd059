"""Every export the CLI and the web share: a round's results (JSON and the long scores CSV,
built in exports_results), statement tallies, and comparisons of trusts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from selfassess.domain.compare import Comparison, Spread, figure, figure_keys
from selfassess.domain.tallies import TALLY_HEADER, ValueTally
from selfassess.exports_common import BOM, csv_file, neutralise, rounded, write_csv
from selfassess.exports_results import (
    SCHEMA_VERSION,
    SCORES_HEADER,
    figures_to_dict,
    report_to_csv,
    report_to_dict,
    results_to_dict,
)

__all__ = [
    "BOM",
    "SCHEMA_VERSION",
    "SCORES_HEADER",
    "comparison_to_csv",
    "comparison_to_dict",
    "csv_file",
    "figures_to_dict",
    "neutralise",
    "report_to_csv",
    "report_to_dict",
    "results_to_dict",
    "rounded",
    "tallies_to_csv",
    "write_csv",
]


def tallies_to_csv(tallies: Iterable[ValueTally]) -> str:
    """The statement tallies export: partner,statement,n1,n2,n3,n4,dk,na (§7)."""
    return write_csv(TALLY_HEADER, tallies)


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
