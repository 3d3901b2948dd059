"""Rounding as readers and spreadsheets do it (docs/scoring.md §4): half away from zero.

Every module that shows, compares or exports a figure rounds through here, never with
Python's ``round`` (banker's rounding: ``round(2.25, 1) == 2.2``; a spreadsheet says 2.3).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

SCORE_PLACES: Final = 1  # scores on screens and in PDFs
EXPORT_PLACES: Final = 4  # scores in exports
QUARTILE_PLACES: Final = 2  # medians and quartiles


# Every score is a ratio of small whole numbers, so its exact value has far fewer than 10
# significant decimals before any repeating tail; binary floating point is off by ~1e-16.
# Settling the float at 10 decimals first recovers the exact half that a mean of means
# lands just below (397/160 = 2.48125 computed as 2.4812499999999997; docs/scoring.md §4).
EXACT_PLACES: Final = 10


def round_half_away(value: float | Fraction, places: int) -> float:
    """``value`` rounded to ``places`` decimals from its exact value, halves away from zero
    (Decimal's ROUND_HALF_UP is away from zero for negatives too).

    A :class:`~fractions.Fraction` is rounded exactly; a float is first settled at
    :data:`EXACT_PLACES` decimals, so 1.35 computed as 1.3499999999999999 rounds to 1.4.
    """
    exponent = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(repr(value)).quantize(
            Decimal(1).scaleb(-EXACT_PLACES), rounding=ROUND_HALF_EVEN
        )
    return float(exact.quantize(exponent, rounding=ROUND_HALF_UP))


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
