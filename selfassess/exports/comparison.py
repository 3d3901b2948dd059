"""The comparison of trusts as a JSON-ready dict and as CSV text (docs/comparison.md), the
shapes the web export and the ``compare`` command share.

It writes exactly what the Comparison holds: rows of trusts the viewer may see, and spreads
and priority counts that the services have already withheld (None) under the small-numbers
rule. A withheld figure is ``null`` in JSON and an empty value with a note in CSV.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from selfassess.domain.compare import (
    MIN_TRUSTS,
    WITHHELD,
    Comparison,
    Spread,
    TrustRow,
    figure,
    figure_keys,
    figure_titles,
)
from selfassess.domain.rounding import EXPORT_PLACES, round_half_away
from selfassess.domain.scoring import Score
from selfassess.exports.common import BOM, write_csv

SCHEMA_VERSION = 2
HEADER = ("scope", "trust", "region", "round", "figure", "measure", "value", "note")
PROVISIONAL = "provisional"


def exact(value: Score) -> Score:
    """Full precision to 4 decimal places (half away from zero); undefined stays None."""
    return None if value is None else round_half_away(value, EXPORT_PLACES)


def _spread(s: Spread | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "trusts": s.count,
        "lower": exact(s.lower),
        "median": exact(s.median),
        "upper": exact(s.upper),
    }


def _spreads(spreads: Mapping[str, Spread | None] | None) -> dict[str, Any] | None:
    return None if spreads is None else {k: _spread(s) for k, s in spreads.items()}


def _trust(row: TrustRow, keys: list[str]) -> dict[str, Any]:
    info = row.results.info
    return {
        "id": row.trust_id,
        "name": row.name,
        "region": row.region,
        "round": {
            "id": info.round_id,
            "name": info.name,
            "status": info.status,
            "provisional": row.provisional,
            "opens_on": info.opens_on.isoformat(),
            "questionnaire_version": row.results.questionnaire.version,
        },
        "partners_submitted": sum(1 for p in row.results.partners if p.respondents_submitted),
        "figures": {k: exact(figure(row.results, k)) for k in keys},
        "priorities": list(row.priorities),
    }


def to_dict(comparison: Comparison) -> dict[str, Any]:
    """Trusts side by side with national (and regional) spreads, in one JSON document."""
    keys = figure_keys(comparison.questionnaire)
    counts = comparison.priorities
    return {
        "schema_version": SCHEMA_VERSION,
        "questionnaire": {
            "id": comparison.questionnaire.slug,
            "version": comparison.questionnaire.version,
            "title": comparison.questionnaire.title,
        },
        "region": comparison.region,
        "include_open_rounds": comparison.include_open,
        "small_numbers": {"min_trusts": MIN_TRUSTS, "withheld_means": WITHHELD},
        "figures": keys,
        "titles": figure_titles(comparison.questionnaire),
        "trusts": [_trust(row, keys) for row in comparison.rows],
        "national": _spreads(comparison.national),
        "regional": _spreads(comparison.regional),
        "priority_trusts": None if counts is None else counts.trusts,
        "priority_counts": None if counts is None else dict(counts.counts),
    }


def _spread_rows(
    scope: str, region: str, spreads: Mapping[str, Spread | None]
) -> list[list[object]]:
    rows: list[list[object]] = []
    for k, s in spreads.items():
        measures: Iterable[tuple[str, object]] = (
            (("trusts", None), ("lower", None), ("median", None), ("upper", None))
            if s is None
            else (
                ("trusts", s.count),
                ("lower", exact(s.lower)),
                ("median", exact(s.median)),
                ("upper", exact(s.upper)),
            )
        )
        note = WITHHELD if s is None else ""
        rows.extend([scope, "", region, "", k, m, v, note] for m, v in measures)
    return rows


def to_csv(comparison: Comparison) -> str:
    """Long format, one number a row: scope (trust, national, region, priorities), trust,
    region, round, figure, measure, value, note (provisional, or why a figure is withheld).
    Starts with a byte-order mark."""
    return BOM + write_csv(HEADER, comparison_rows(comparison))


def comparison_rows(comparison: Comparison) -> list[list[object]]:
    """The rows of the long comparison table (the CSV and the workbook share them)."""
    keys = figure_keys(comparison.questionnaire)
    rows: list[list[object]] = []
    for row in comparison.rows:
        note = PROVISIONAL if row.provisional else ""
        rows.extend(
            [
                "trust",
                row.name,
                row.region,
                row.results.info.name,
                k,
                "score",
                exact(figure(row.results, k)),
                note,
            ]
            for k in keys
        )
    rows += _spread_rows("national", "", comparison.national)
    if comparison.regional is not None:
        rows += _spread_rows("region", comparison.region or "", comparison.regional)
    counts = comparison.priorities
    for k in (i.slug for i in comparison.questionnaire.items):
        value = None if counts is None else counts.counts.get(k, 0)
        note = WITHHELD if counts is None else f"of {counts.trusts} trusts"
        rows.append(["priorities", "", comparison.region or "", "", k, "trusts", value, note])
    return rows
