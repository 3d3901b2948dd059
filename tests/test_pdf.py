"""The board PDF: figures match the engine, every page draws, hostile text stays literal."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate

from selfassess import charts, pdf
from selfassess.exports import results_to_dict
from selfassess.extensions import db
from selfassess.models import User
from selfassess.pdf_style import para
from selfassess.services import reports
from selfassess.services.accounts import actor_of
from selfassess.services.imports import import_responses
from selfassess.services.trusts import add_partner


def build(app, round_id) -> bytes:
    with app.app_context():
        report = reports.round_report(round_id)
    return pdf.board_report(
        report,
        charts.radar(report.results, fmt="png"),
        charts.phase_bars(report.results, fmt="png"),
        dt.date(2009, 11, 1),
    )


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_figures_match_the_engine(app, worked_round):
    data = build(app, worked_round)
    with app.app_context():
        exported = results_to_dict(reports.round_report(worked_round).results)
    text = text_of(data)
    overall = exported["scores"]["trust"]["overall"]
    assert f"Overall trust score: {overall:.1f} out of 4." in text
    assert "Weakest phase: 3. Improving performance, monitoring and evaluating (2.4)." in text
    for rank, priority in enumerate(exported["priorities"], start=1):
        assert f"{rank}. Item {['one', 'two', 'three'][int(priority['item'][1]) - 1]}" in text
    assert "Score 2.4 · target 4 · gap 1.6 · divergence 1.8 · don't know 36%" in text
    assert "DRAFT: not yet ratified by the board" in text
    assert "How the figures are calculated" in text


def test_pdf_metadata_footer_and_page_numbers(app, worked_round):
    data = build(app, worked_round)
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Commissioning self-assessment: Ashvale, Baseline"
    assert reader.metadata.author == "selfassess"
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {pages}" in page.extract_text()


def test_every_page_renders_to_an_image(app, worked_round):
    document = pypdfium2.PdfDocument(build(app, worked_round))
    try:
        for index in range(len(document)):
            image = document[index].render(scale=0.5).to_pil().convert("L")
            assert image.getextrema()[0] < 128, f"page {index + 1} is blank"
    finally:
        document.close()


def test_ratified_report_says_so(app, worked_round, make_user):
    lead = make_user("lead", 1)
    with app.app_context():
        reports.record_signoff(
            actor_of(db.session.get(User, lead)), worked_round, dt.date(2009, 12, 1), "CTB/2009/14"
        )
    text = text_of(build(app, worked_round))
    assert "Ratified by the board on 01 December 2009 (minute CTB/2009/14)" in text
    assert "DRAFT" not in text


@pytest.mark.slow
def test_hostile_text_appears_literally_and_reads_no_file(
    app, worked_round, make_user, hostile_strings, tmp_path
):
    marker = tmp_path / "other-trust-chart.png"
    marker.write_bytes(charts._draw("phases", "png", '{"phases": [], "trust": [], "partners": []}'))
    lead = make_user("lead", 1)
    with app.app_context():
        person = actor_of(db.session.get(User, lead))
        quoted = [text.replace(chr(34), chr(34) * 2) for text in hostile_strings]
        for index, text in enumerate(hostile_strings[:8]):  # names: up to 10 partners
            add_partner("1", f"{text} {index}", "other")
        rows = "".join(f'"{q} {index}",h{index},q4,1,\n' for index, q in enumerate(quoted[:8]))
        rows += "".join(f'Council,n{index},q4,dk,"{q}"\n' for index, q in enumerate(quoted))
        long_note = "Long note " + "A" * 5000
        rows += f"Council,long,q4,1,{long_note}\n"
        import_responses(
            worked_round, "partner,respondent,statement,answer,evidence\n" + rows, "h.csv"
        )
        reports.set_action(
            person,
            worked_round,
            "i3",
            f"score <b>high & <img src='{marker}'/>",
            "R&D <3 שלום",
            dt.date(2010, 1, 31),
        )
    data = build(app, worked_round)
    text = text_of(data).replace("\n", "")
    for literal in (
        "score <b>high",
        "R&D <3",
        "<para>",
        "&nbsp;&bogus;",
        "<font size=90",
        "Cost $5 to $10",
        "=HYPERLINK",
        "<img src='/etc/hostname'/>",
    ):
        assert literal in text, literal
    reader = PdfReader(io.BytesIO(data))
    images = sum(len(page.images) for page in reader.pages)
    assert images == 2  # the two charts, nothing read from disk
    assert "A" * 200 in text  # the 5,000-character note is printed, across pages if need be


@given(st.text(max_size=200))
@settings(max_examples=60, deadline=None)
def test_any_text_builds(text):
    """Whatever is typed (any Unicode), the paragraph builds without error."""
    SimpleDocTemplate(io.BytesIO()).build([para(text)])


@given(st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=120))
@settings(max_examples=60, deadline=None)
def test_markup_characters_read_back_literally(text):
    """reportlab's markup is never interpreted: what was typed is what the PDF says."""
    out = io.BytesIO()
    SimpleDocTemplate(out).build([para(text)])
    extracted = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    assert "".join(extracted.split()) == text


def test_since_the_last_round_appears_from_the_second_round(
    app, worked_round, make_round, import_csv
):
    later = make_round(1, name="Follow-up")
    import_csv(
        later,
        "partner,respondent,statement,answer,evidence\n"
        + "".join(f"Council,a1,q{q},4,\n" for q in range(1, 6)),
    )
    assert "Since the last round" not in text_of(build(app, worked_round))
    text = text_of(build(app, later))
    assert "Since the last round" in text
    assert "Compared with Baseline." in text
