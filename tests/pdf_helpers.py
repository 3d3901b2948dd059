"""Reading a PDF back: text per page and every character's box and size (pypdfium2)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

from selfassess.policy import SYSTEM
from selfassess.report import board
from selfassess.services import reports


@dataclass(frozen=True)
class Char:
    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float


def build(app, round_id, **options) -> bytes:
    with app.app_context():
        report = reports.round_report(SYSTEM, round_id)
    return board.board_report(report, dt.date(2009, 11, 1), **options)


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def text_of(data: bytes) -> str:
    return "\n".join(pages_text(data))


def page_chars(data: bytes) -> list[tuple[float, float, list[Char]]]:
    """(width, height, characters) of every page, as the PDF draws them."""
    document = pypdfium2.PdfDocument(data)
    found = []
    try:
        for page in document:
            textpage = page.get_textpage()
            chars = []
            for index in range(textpage.count_chars()):
                text = textpage.get_text_range(index, 1)
                if not text.strip():
                    continue
                left, bottom, right, top = textpage.get_charbox(index)
                size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
                chars.append(Char(text, left, bottom, right, top, size))
            width, height = page.get_size()
            found.append((width, height, chars))
    finally:
        document.close()
    return found


def overprinted(chars: list[Char], tolerance: float = 1.0) -> list[str]:
    """Characters drawn over each other on one line (e.g. text running into a column)."""
    lines: dict[int, list[Char]] = {}
    for char in chars:
        lines.setdefault(round(char.bottom * 2), []).append(char)
    clashes = []
    for line in lines.values():
        line.sort(key=lambda c: c.left)
        for before, after in zip(line, line[1:], strict=False):
            if after.left < before.right - tolerance:
                clashes.append(before.text + after.text)
    return clashes
