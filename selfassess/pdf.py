"""The board report as PDF bytes, built with reportlab's platypus.

User text (names, notes, actions) goes through :func:`pdf_style.para`, which escapes it, so
reportlab's mini-markup is never interpreted: ``<b>`` prints as ``<b>`` and ``<img src=...>``
reads no file (PITFALLS P2, P3). Fonts are the DejaVu files matplotlib ships.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from selfassess import pdf_sections as sections
from selfassess.domain.report import RoundReport
from selfassess.domain.text import clean_text
from selfassess.pdf_style import status_line


class _NumberedCanvas(Canvas):
    """Writes 'page N of M' and the report's footer once every page is known."""

    footer = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("DejaVu", 7.5)
            self.setFillColor(colors.HexColor("#505a5f"))
            self.drawString(15 * mm, 10 * mm, self.footer[:150])
            self.drawRightString(
                195 * mm, 10 * mm, f"Page {self._pageNumber} of {len(self._pages)}"
            )
            super().showPage()
        super().save()


def board_report(
    report: RoundReport, radar_png: bytes, phase_png: bytes, generated: dt.date | None = None
) -> bytes:
    """The board's PDF: cover, summary, charts, divergence, priorities with actions,
    coverage, evidence notes (when the reader may see them) and the method."""
    generated = generated or dt.date.today()
    info = report.results.info
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=f"Commissioning self-assessment: {info.trust}, {info.name}",
        author="selfassess",
        subject=status_line(report),
        creator="selfassess",
    )
    canvas_class = type(
        "ReportCanvas",
        (_NumberedCanvas,),
        {
            "footer": clean_text(
                f"{info.trust} · {info.name} · {status_line(report)}", 400, single_line=True
            )
        },
    )
    story = [
        *sections.cover(report, generated),
        *sections.summary(report),
        *sections.charts(report, radar_png, phase_png),
        *sections.divergence(report),
        *sections.since_last(report),
        *sections.priorities(report),
        *sections.coverage(report),
        *sections.evidence(report),
        *sections.method(),
    ]
    document.build(story, canvasmaker=canvas_class)
    return out.getvalue()
