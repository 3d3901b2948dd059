"""The board report's document: A4 pages, metadata, bookmarks, footer and page numbers.

User text (names, notes, actions) goes through :func:`pdf_style.para`, which escapes it, so
reportlab's mini-markup is never interpreted: ``<b>`` prints as ``<b>`` and ``<img src=...>``
reads no file (docs/pitfalls.md P2, P3). The footer is fitted to the space left of "Page N of M":
it wraps onto a second line, then shortens the trust and round names, never the status.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from selfassess.domain.text import clean_text
from selfassess.report.pdf.fonts import BODY_FONT
from selfassess.report.pdf.style import FOOTER_SIZE, GREY, PAGE_MARGIN, STYLES

PAGE_WIDTH, PAGE_HEIGHT = A4
FOOTER_BASE = 8 * mm  # baseline of the footer's last line
FOOTER_LEADING = FOOTER_SIZE + 2
NUMBER_GAP = 4 * mm  # between the footer text and "Page N of M"
BOTTOM_MARGIN = 28 * mm  # room for four footer lines on page 1
OUTLINE_LEVELS = {"h1": 0, "h2": 1}


@dataclass(frozen=True)
class Footer:
    """What the footer says: names (shortened if need be), status (never cut) and, on the
    first page only, a note with a link."""

    names: Sequence[str]
    status: str
    first_page_note: str = ""
    link: str = ""


def fit_footer(footer: Footer, width: float, lines: int = 2) -> list[str]:
    """The footer as at most ``lines`` lines no wider than ``width``: names are shortened
    (longest first, with an ellipsis) until it fits; the status is kept whole."""
    names = [clean_text(n, 400, single_line=True) for n in footer.names]
    while True:
        text = " · ".join([*names, footer.status])
        wrapped = simpleSplit(text, BODY_FONT, FOOTER_SIZE, width)
        fits = all(stringWidth(line, BODY_FONT, FOOTER_SIZE) <= width for line in wrapped)
        if len(wrapped) <= lines and fits:
            return wrapped
        longest = max(range(len(names)), key=lambda index: len(names[index]))
        if len(names[longest]) <= 4:
            return wrap(footer.status, width)[:lines]
        names[longest] = names[longest][: max(len(names[longest]) * 3 // 4, 3) - 1] + "…"


def wrap(text: str, width: float) -> list[str]:
    """Footer lines no wider than ``width``: wrapped at spaces, and a word too long for a
    line (a long web address) cut across lines."""
    lines: list[str] = []
    for line in simpleSplit(text, BODY_FONT, FOOTER_SIZE, width):
        while stringWidth(line, BODY_FONT, FOOTER_SIZE) > width:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], BODY_FONT, FOOTER_SIZE) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


class _NumberedCanvas(Canvas):
    """Writes the footer and 'Page N of M' once every page is known. Bookmarks are set
    when each page is finally written, so that they point at the right page."""

    footer = Footer((), "")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._marks: list[str] = []

    def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> None:
        self._marks.append(key)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._marks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            for key in self._marks:
                super().bookmarkPage(key, fit="XYZ", top=PAGE_HEIGHT)
            self._draw_footer(f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()

    def _draw_footer(self, number: str) -> None:
        self.setFont(BODY_FONT, FOOTER_SIZE)
        self.setFillColor(GREY)
        right = PAGE_WIDTH - PAGE_MARGIN
        self.drawRightString(right, FOOTER_BASE, number)
        width = right - stringWidth(number, BODY_FONT, FOOTER_SIZE) - NUMBER_GAP - PAGE_MARGIN
        lines = fit_footer(self.footer, width)
        if self._pageNumber == 1 and self.footer.first_page_note:
            lines = [*self._note_lines(width, len(lines)), *lines]
        for row, line in enumerate(reversed(lines)):
            self.drawString(PAGE_MARGIN, FOOTER_BASE + row * FOOTER_LEADING, line)

    def _note_lines(self, width: float, below: int) -> list[str]:
        note = wrap(self.footer.first_page_note, width)[:2]
        if self.footer.link:
            top = FOOTER_BASE + (below + len(note)) * FOOTER_LEADING
            area = (PAGE_MARGIN, FOOTER_BASE + below * FOOTER_LEADING - 2, PAGE_MARGIN + width, top)
            self.linkURL(self.footer.link, area, relative=0)
        return note


class _Document(SimpleDocTemplate):
    """Adds a bookmark (PDF outline entry) for every heading."""

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Paragraph):
            return
        level = OUTLINE_LEVELS.get(flowable.style.name)
        if level is None:
            return
        title = flowable.getPlainText()
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)


def build(story: list[Flowable], title: str, subject: str, author: str, footer: Footer) -> bytes:
    """The PDF of ``story`` with its metadata (title shown by viewers, language en-GB)."""
    out = io.BytesIO()
    document = _Document(
        out,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=clean_text(title, 1000, single_line=True),
        author=author,
        subject=clean_text(subject, 1000, single_line=True),
        creator="selfassess",
        lang="en-GB",
        displayDocTitle=True,
    )
    canvas_class = type("ReportCanvas", (_NumberedCanvas,), {"footer": footer})
    document.build(story, canvasmaker=canvas_class)
    return out.getvalue()


__all__ = ["STYLES", "Footer", "build", "fit_footer"]
