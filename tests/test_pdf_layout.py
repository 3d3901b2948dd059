"""The board PDF's layout, measured from the PDF itself: type sizes, the footer with the
longest names, nothing printed over anything else, words kept whole, metadata, bookmarks."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from pdf_helpers import build, overprinted, page_chars, pages_text, text_of
from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate, Table

from selfassess.extensions import db
from selfassess.models import Round, Trust
from selfassess.policy import SYSTEM
from selfassess.report import board
from selfassess.report.pdf import fonts as pdf_fonts
from selfassess.report.pdf.fonts import FONT_DIR
from selfassess.report.pdf.style import PAGE_MARGIN, TABLE_WIDTH, para
from selfassess.services import reports
from selfassess.services.trusts import add_partner

FOOTER_TOP = 28 * 72 / 25.4  # the bottom margin: everything below it is the footer
LONG_TRUST = (
    "Royal Borough of Windsor and Maidenhead Children's Trust Partnership for Families, "
    "Schools, Health, Police and the Voluntary Sector of the Thames Valley and its Villages "
    "and Market Towns"
)[:200]
LONG_ROUND = ("Baseline self-assessment of the partnership's commissioning " * 4)[:200]


def rename(app, round_id, trust=LONG_TRUST, name=LONG_ROUND):
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        round_.name = name
        db.session.get(Trust, round_.trust_id).name = trust
        db.session.commit()


def test_type_sizes_at_printed_size(app, worked_round):
    data = build(app, worked_round)
    sizes = [c.size for _, _, chars in page_chars(data) for c in chars]
    assert min(sizes) >= 8, "tables and footer at least 8 pt"
    text = text_of(data)
    assert "Every statement is answered" in text
    for _, _, chars in page_chars(data):
        line = "".join(c.text for c in chars)
        start = line.find("Everystatementisanswered")
        if start >= 0:
            assert min(c.size for c in chars[start : start + 20]) >= 9, "body text at least 9 pt"


@pytest.mark.parametrize("status", ["open", "closed"])
def test_footer_fits_beside_the_page_number_with_the_longest_names(app, worked_round, status):
    rename(app, worked_round)
    with app.app_context():
        db.session.get(Round, worked_round).status = status
        db.session.commit()
    data = build(app, worked_round, online_url="https://selfassess.example/" + "r" * 150)
    pages = page_chars(data)
    for number, (width, _, chars) in enumerate(pages, start=1):
        footer = [c for c in chars if c.top < FOOTER_TOP]
        text = "".join(c.text for c in footer)
        label = f"Page{number}of{len(pages)}"
        start = text.index(label)
        numbering = footer[start : start + len(label)]
        left = min(c.left for c in numbering)
        low, high = min(c.bottom for c in numbering), max(c.top for c in numbering)
        for char in footer:
            assert char.left >= PAGE_MARGIN - 1
            assert char.right <= width - PAGE_MARGIN + 1
            beside = char.top > low and char.bottom < high and char not in numbering
            assert not (beside and char.right > left - 2), f"page {number}: over the number"
        assert "DRAFT" in text
        assert ("PROVISIONAL" in text) == (status == "open")


def test_nothing_overprints_with_long_round_names(app, worked_round, make_round, import_csv):
    rename(app, worked_round)
    later = make_round(1, name=LONG_ROUND[::-1])
    import_csv(
        later,
        "partner,respondent,statement,answer,evidence\n"
        + "".join(f"Council,a1,q{q},4,\n" for q in range(1, 6)),
    )
    data = build(app, later)
    assert "Since the last round" in text_of(data)
    for number, (_, _, chars) in enumerate(page_chars(data), start=1):
        assert overprinted(chars) == [], f"page {number}"


def test_long_partner_names_wrap_at_spaces(app, worked_round, import_csv):
    name = "Brightstart Children's Centres and Family Hubs of Calderbridge and District"
    with app.app_context():
        add_partner("1", name, "other")
    import_csv(
        worked_round,
        f"partner,respondent,statement,answer,evidence\n{name},b1,q1,3,\n{name},b1,q4,2,\n",
    )
    text = text_of(build(app, worked_round))
    assert text.count("Brig") == text.count("Brightstart")
    assert text.count("Calder") == text.count("Calderbridge")


def test_one_table_width_and_left_edge(app, worked_round, make_round, import_csv):
    later = make_round(1, name="Follow-up")
    import_csv(later, "partner,respondent,statement,answer,evidence\nCouncil,a1,q1,4,\n")
    with app.app_context():
        report = reports.round_report(SYSTEM, later)
    tables = [f for f in board.story(report, dt.date(2009, 11, 1)) if isinstance(f, Table)]
    assert len(tables) >= 6
    for grid in tables:
        assert sum(grid._colWidths) == pytest.approx(TABLE_WIDTH)
        assert grid.hAlign == "LEFT"


def test_headings_are_never_last_on_a_page(app, worked_round, import_csv):
    notes = "".join(f"Council,n{n},q4,1,Note number {n} {'x' * (n * 13)}\n" for n in range(40))
    import_csv(worked_round, "partner,respondent,statement,answer,evidence\n" + notes)
    for number, (_, _, chars) in enumerate(page_chars(build(app, worked_round)), start=1):
        body = [c for c in chars if c.top >= FOOTER_TOP]
        lowest_heading = min((c.bottom for c in body if c.size >= 11), default=None)
        if lowest_heading is not None:
            assert any(c.top < lowest_heading for c in body), f"page {number}"


def test_metadata_language_bookmarks_and_accessible_alternative(app, worked_round):
    data = build(app, worked_round, online_url="https://selfassess.example/rounds/1/results")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Commissioning self-assessment: Ashvale, Baseline"
    assert reader.metadata.author == "selfassess"
    assert "DRAFT" in reader.metadata.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    titles = [entry.title for entry in _flatten(reader.outline)]
    for title in (
        "Summary for the board",
        "Scores by item",
        "Scores by commissioning phase",
        "Development priorities and agreed actions",
        "How the figures are calculated, in brief",
        "Appendix",
        "A1. Scores of each partner by item",
        "A2. Who took part",
        "A3. How the figures are calculated",
        "A4. Evidence notes for the priorities",
    ):
        assert title in titles
    appendix = next(e for e in _flatten(reader.outline) if e.title == "Appendix")
    page = reader.get_destination_page_number(appendix)
    assert pages_text(data)[page].startswith("Appendix")
    first = " ".join(reader.pages[0].extract_text().split())
    assert "ReportLab cannot write a tagged PDF" in first
    assert "https://selfassess.example/rounds/1/results" in first
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0]["/Annots"]]
    assert links == ["https://selfassess.example/rounds/1/results"]
    assert "tagged" not in reader.pages[1].extract_text()


def _flatten(outline):
    for entry in outline:
        if isinstance(entry, list):
            yield from _flatten(entry)
        else:
            yield entry


def test_greek_and_cyrillic_print(app, worked_round):
    rename(app, worked_round, "Ελληνικά Кириллица Ysgol Gymraeg Glan-y-Môr", "Γύρος Раунд")
    text = text_of(build(app, worked_round))
    assert "Ελληνικά Кириллица Ysgol Gymraeg Glan-y-Môr" in text
    assert "Γύρος Раунд" in text


def test_other_scripts_use_an_installed_font_by_fallback(tmp_path, monkeypatch):
    shutil.copy(FONT_DIR / "STIXGeneral.ttf", tmp_path / "STIXGeneral.ttf")
    monkeypatch.setenv("SELFASSESS_PDF_FONT_DIRS", str(tmp_path))
    pdf_fonts.reset()
    try:
        out = io.BytesIO()
        SimpleDocTemplate(out).build([para("Arc \u2312 and Latin"), para("Bold \u2312", "h1")])
    finally:
        monkeypatch.delenv("SELFASSESS_PDF_FONT_DIRS")
        pdf_fonts.reset()
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(out.getvalue())).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("STIXGeneral" in font for font in fonts), fonts
    assert any("DejaVu" in font for font in fonts), fonts
