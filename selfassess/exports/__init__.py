"""Every export of a round the CLI and the web share: its results (JSON and the long scores
CSV, built in exports_results) and statement tallies. Comparisons: compare_exports."""

from __future__ import annotations

from collections.abc import Iterable

from selfassess.domain.tallies import TALLY_HEADER, ValueTally
from selfassess.exports.actions import ACTIONS_HEADER, actions_to_csv
from selfassess.exports.common import BOM, csv_file, neutralise, rounded, write_csv
from selfassess.exports.results import (
    SCHEMA_VERSION,
    SCORES_HEADER,
    figures_to_dict,
    report_to_csv,
    report_to_dict,
    results_to_dict,
)

__all__ = [
    "ACTIONS_HEADER",
    "BOM",
    "SCHEMA_VERSION",
    "SCORES_HEADER",
    "actions_to_csv",
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
