"""The board paper reads right on paper (issue 22 part 4): column headers wrap only at
spaces, every script in the hostile names has a glyph (PDF and charts), legends are cut at a
word with "…", partner types print by their proper names."""

from __future__ import annotations

import io
import json
from pathlib import Path

import matplotlib
import pytest
from pypdf import PdfReader

from selfassess.domain.text import clean_text
from selfassess.policy import SYSTEM
from selfassess.report import board
from selfassess.report.charts.figures import STYLE, radar_figure, shortened
from selfassess.report.pdf import fonts
from selfassess.report.pdf.style import TABLE_SIZE, _cell, head_size, table
from selfassess.services import reports

HOSTILE = json.loads((Path(__file__).parent / "data" / "hostile.json").read_text("utf-8"))
SCRIPTS = [
    "Ελληνικά",
    "Кириллица",
    "مرحبا بالعالم",
    "שלום עולם",
    "日本語テキスト",
    "한국어",
    "😀👩‍👩‍👧‍👦",
]


def _lines(paragraph, width: float) -> list[str]:
    paragraph.wrap(width, 1000)
    return [" ".join(str(w) for w in line[1]) for line in paragraph.blPara.lines]


@pytest.mark.parametrize("header", ["Self-assessed", "Validated", "Difference", "Respondents"])
def test_a_header_never_breaks_inside_a_word(header):
    """ "Self-asse / ssed" came from reportlab splitting a word wider than its column."""
    narrow = 40.0  # points: narrower than the word at the table's type size
    cell = _cell(header, narrow, header=True)
    assert head_size(header, narrow - 8) < TABLE_SIZE
    assert _lines(cell, narrow - 8) == [header]


def test_a_header_that_fits_keeps_the_table_size():
    assert head_size("Score", 100) == TABLE_SIZE
    grid = table([["Partner", "Self-assessed score"], ["Council", "2.5"]], [3, 1])
    assert grid is not None


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_script_people_type_has_a_glyph_in_the_pdf(name):
    """No empty boxes: each character is in the body font or an installed fallback."""
    missing = [
        c
        for font, run in fonts.runs(clean_text(name, 1000))
        if font is None
        for c in run
        if ord(c) not in fonts._COVERED
    ]
    assert missing == []


def test_charts_draw_every_hostile_name_without_missing_glyphs():
    """matplotlib warns "Glyph … missing from font(s)" (an error under the suite's warning
    filter) for a character no font of the chart's family list has."""
    names = [clean_text(n, 1000, single_line=True) for n in HOSTILE] + SCRIPTS
    spec = {
        "axes": ["A", "B", "C"],
        "trust": [2.0, 3.0, 2.5],
        "targets": [3, 3, 3],
        "partners": [[n, [1.0, 2.0, 3.0]] for n in names if n],
        "numbered": True,
    }
    with matplotlib.rc_context(STYLE):
        radar_figure(spec).savefig(io.BytesIO(), format="png")


def test_legend_names_are_cut_at_a_word_with_an_ellipsis():
    long = "Ashvale and District Clinical Commissioning Partnership for Children"
    cut = shortened(long)
    assert cut.endswith("…")
    assert len(cut) <= 32
    assert long.startswith(cut[:-1])
    assert cut[:-1].split()[-1] in long.split()  # whole words only
    assert shortened("Council") == "Council"


def test_partner_types_print_by_their_proper_names(app, worked_round):
    with app.app_context():
        report = reports.round_report(SYSTEM, worked_round)
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(board.board_report(report))).pages
    )
    assert "Primary care trust" in text
    assert "primary care trust" not in text.replace("Primary care trust", "")
