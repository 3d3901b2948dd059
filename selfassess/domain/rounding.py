"""Rounding as readers and spreadsheets do it (docs/scoring.md §4): half away from zero.

Every module that shows, compares or exports a figure rounds through here, never with
Python's ``round`` (banker's rounding: ``round(2.25, 1) == 2.2``; a spreadsheet says 2.3).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Final

SCORE_PLACES: Final = 1  # scores on screens and in PDFs
EXPORT_PLACES: Final = 4  # scores in exports
QUARTILE_PLACES: Final = 2  # medians and quartiles


def round_half_away(value: float, places: int) -> float:
    """``value`` rounded to ``places`` decimals, halves away from zero.

    The float goes through its shortest decimal form (``repr``), so 2.25 is the 2.25 the
    reader sees, not 2.2499999… (Decimal's ROUND_HALF_UP is away from zero for negatives too).
    """
    exponent = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(exponent, rounding=ROUND_HALF_UP))


def shown(value: float | None, places: int = SCORE_PLACES) -> float | None:
    """The figure as shown (1 decimal place for a score); undefined stays undefined."""
    return None if value is None else round_half_away(value, places)


def shown_text(value: float | None, places: int = SCORE_PLACES) -> str:
    """The figure as text: ``2.3``, ``-0.1``, never ``-0.0``; undefined is an en dash."""
    rounded = shown(value, places)
    if rounded is None:
        return "–"
    return f"{rounded + 0.0:.{places}f}" if rounded != 0 else f"{0:.{places}f}"


def percent_text(rate: float | None) -> str:
    """A rate as a whole percentage, halves away from zero; undefined is an en dash."""
    return "–" if rate is None else f"{round_half_away(rate * 100, 0):.0f}%"
