"""Fonts and paragraph styles of the board report, and the one way user text enters it."""

from __future__ import annotations

import html
from pathlib import Path

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, TableStyle

from selfassess.domain.report import RoundReport
from selfassess.domain.text import clean_text

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
pdfmetrics.registerFont(TTFont("DejaVu", str(FONT_DIR / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold")

_BASE = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle(
        "title",
        _BASE["Title"],
        fontName="DejaVu-Bold",
        fontSize=24,
        leading=30,
        alignment=TA_CENTER,
    ),
    "h1": ParagraphStyle("h1", _BASE["Heading1"], fontName="DejaVu-Bold", fontSize=16),
    "h2": ParagraphStyle("h2", _BASE["Heading2"], fontName="DejaVu-Bold", fontSize=12),
    "body": ParagraphStyle("body", _BASE["BodyText"], fontName="DejaVu", fontSize=9.5, leading=13),
    "cell": ParagraphStyle("cell", _BASE["BodyText"], fontName="DejaVu", fontSize=7.5, leading=9.5),
    "cover": ParagraphStyle(
        "cover", _BASE["BodyText"], fontName="DejaVu", fontSize=12, leading=17, alignment=TA_CENTER
    ),
}
GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "DejaVu", 7.5),
        ("FONT", (0, 0), (-1, 0), "DejaVu-Bold", 7.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b1b4b6")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def para(text: object, style: str = "body") -> Paragraph:
    """A paragraph of user or computed text, always escaped (never reportlab markup)."""
    plain = clean_text(str(text), 1_000_000)
    safe = html.escape(plain, quote=False).replace("\n", "<br/>")
    return Paragraph(safe, STYLES[style])


def status_line(report: RoundReport) -> str:
    if report.signoff is None:
        state = "DRAFT: not yet ratified by the board"
    else:
        state = (
            f"Ratified by the board on {report.signoff.ratified_on:%d %B %Y} "
            f"(minute {report.signoff.minute_reference})"
        )
    return state + (" · PROVISIONAL: the round is still open" if report.provisional else "")
