"""What every export shares: 4-decimal figures, CSV cells a spreadsheet cannot run as
formulas, and the byte-order mark that makes Excel read UTF-8."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from selfassess.domain.rounding import EXPORT_PLACES, round_half_away
from selfassess.domain.scoring import Score

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Every CSV file starts with a byte-order mark: Excel then reads it as UTF-8
# ("Ysgol Gymraeg Glan-y-Môr", not "Glan-y-MÃ´r").
BOM = "\ufeff"


def rounded(value: Score) -> Score:
    """Exports carry 4 decimal places, halves away from zero; undefined stays None (null)."""
    return None if value is None else round_half_away(value, EXPORT_PLACES)


def neutralise(cell: object) -> object:
    """Stop spreadsheets reading user text as a formula (docs/pitfalls.md P14); numbers pass."""
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


def csv_file(text: str) -> str:
    """CSV text as a file or download: with the byte-order mark."""
    return BOM + text
