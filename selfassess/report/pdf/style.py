"""Fonts, sizes, paragraph styles and the one table shape of the board report, and the one
way user text enters it (escaped, with fonts for other scripts chosen by fallback).

Sizes are what prints on A4: body text 9.5 pt, tables 8 pt (docs/architecture.md). Every
table is TABLE_WIDTH wide from the left margin; columns are given as shares of that width.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from selfassess.domain.text import clean_text
from selfassess.report.pdf.fonts import BODY_FONT, BOLD_FONT, runs

PAGE_MARGIN = 15 * mm
TABLE_WIDTH = 180 * mm  # A4 width less both margins: every table, one left edge
BODY_SIZE = 9.5
TABLE_SIZE = 8.0
FOOTER_SIZE = 8.0
GREY = colors.HexColor("#505a5f")
CELL_PADDING = 4

_BASE = getSampleStyleSheet()


def _style(name: str, size: float, leading: float, font: str = BODY_FONT, **extra: Any) -> Any:
    return ParagraphStyle(
        name, _BASE["BodyText"], fontName=font, fontSize=size, leading=leading, **extra
    )


STYLES = {
    "title": _style("title", 18, 22, BOLD_FONT, spaceAfter=2, keepWithNext=1),
    "subtitle": _style("subtitle", 11, 14, spaceAfter=4, keepWithNext=1),
    # Headings stay on the page of what follows them.
    "h1": _style("h1", 15, 19, BOLD_FONT, spaceBefore=4, spaceAfter=6, keepWithNext=1),
    "h2": _style("h2", 11, 14, BOLD_FONT, spaceBefore=6, spaceAfter=3, keepWithNext=1),
    "h3": _style("h3", BODY_SIZE, 12.5, BOLD_FONT, spaceBefore=4, spaceAfter=1, keepWithNext=1),
    "body": _style("body", BODY_SIZE, 12.5, spaceAfter=3, alignment=TA_LEFT),
    "bullet": _style("bullet", BODY_SIZE, 12.5, leftIndent=10, bulletIndent=0, spaceAfter=1),
    "cell": _style("cell", TABLE_SIZE, 10, spaceBefore=0, spaceAfter=0),
    # Column headers wrap at spaces only: never "Self-asse / ssed" (issue 22).
    "head": _style(
        "head", TABLE_SIZE, 10, BOLD_FONT, spaceBefore=0, spaceAfter=0, splitLongWords=0
    ),
}
SMALLEST_HEAD = 6.0  # a header whose longest word is wider than its column is set smaller
_GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), BODY_FONT, TABLE_SIZE),
        ("FONT", (0, 0), (-1, 0), BOLD_FONT, TABLE_SIZE),
        ("LEADING", (0, 0), (-1, -1), 10),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b1b4b6")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)


def para(
    text: object, style: str | ParagraphStyle = "body", bullet: str | None = None
) -> Paragraph:
    """A paragraph of user or computed text, always escaped (never reportlab markup);
    characters the body font lacks are set in an installed font that has them."""
    plain = clean_text(str(text), 1_000_000)
    parts = []
    for font, run in runs(plain):
        safe = html.escape(run, quote=False).replace("\n", "<br/>")
        parts.append(safe if font is None else f'<font face="{font}">{safe}</font>')
    chosen = STYLES[style] if isinstance(style, str) else style
    return Paragraph("".join(parts), chosen, bulletText=bullet)


def cell(text: object, bold: bool = False) -> Paragraph:
    """A table cell that wraps at spaces within its column."""
    return para(text, "head" if bold else "cell")


def table(rows: Sequence[Sequence[Any]], shares: Sequence[float], extra: Any = None) -> Table:
    """A table TABLE_WIDTH wide at the left margin; ``shares`` of the width per column.
    Text that fits its column on one line is drawn as it is (fast); longer text becomes a
    paragraph that wraps at spaces, never over the next column."""
    total = sum(shares)
    widths = [TABLE_WIDTH * share / total for share in shares]
    body = [
        [_cell(value, width, index == 0) for value, width in zip(row, widths, strict=True)]
        for index, row in enumerate(rows)
    ]
    grid = Table(body, colWidths=widths, repeatRows=1, hAlign="LEFT")
    grid.setStyle(_GRID)
    if extra:
        grid.setStyle(TableStyle(extra))
    return grid


def _cell(value: object, width: float, header: bool) -> object:
    if not isinstance(value, str):
        return value
    plain = clean_text(value, 1_000_000, single_line=True)
    font = BOLD_FONT if header else BODY_FONT
    room = width - 2 * CELL_PADDING
    fits = stringWidth(plain, font, TABLE_SIZE) <= room
    if fits and runs(plain) == [(None, plain)]:
        return plain
    if header:
        return _head(plain, room)
    return cell(value)


def head_size(text: str, room: float) -> float:
    """The type size at which the longest word of a header fits its column (so a header
    wraps only at spaces), from the table size down to SMALLEST_HEAD."""
    widest = max((stringWidth(w, BOLD_FONT, TABLE_SIZE) for w in text.split()), default=0.0)
    if widest <= room:
        return TABLE_SIZE
    return max(SMALLEST_HEAD, TABLE_SIZE * room / widest)


def _head(text: str, room: float) -> Paragraph:
    size = head_size(text, room)
    if size == TABLE_SIZE:
        return cell(text, bold=True)
    smaller = ParagraphStyle(f"head-{size:.2f}", STYLES["head"], fontSize=size, leading=size + 2)
    return para(text, smaller)
