"""The board PDF: figures match the engine, every page draws, hostile text stays literal."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_helpers import build, pages_text, text_of
from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate

from selfassess.domain.rounding import shown_text
from selfassess.exports import results_to_dict
from selfassess.extensions import db
from selfassess.models import User
from selfassess.policy import SYSTEM
from selfassess.report import charts
from selfassess.report.pdf.style import para
from selfassess.services import demo, reports
from selfassess.services.accounts import actor_of
from selfassess.services.imports import import_responses
from selfassess.services.trusts import add_partner


def test_pdf_figures_match_the_engine(app, worked_round):
    data = build(app, worked_round)
    with app.app_context():
        exported = results_to_dict(reports.round_report(SYSTEM, worked_round).results)
    text = text_of(data)
    flat = " ".join(text.split())
    overall = exported["scores"]["trust"]["overall"]
    assert f"Overall score: {shown_text(overall)} out of 4" in text
    assert (
        "Phase 3. Improving performance, monitoring and evaluating 2.4 4.0 Well below target by 1.6"
        in flat
    )
    for rank, priority in enumerate(exported["priorities"], start=1):
        assert f"{rank}. Item {['one', 'two', 'three'][int(priority['item'][1]) - 1]}" in text
    assert "Score 2.4 · target 4 · gap 1.6 · spread 1.8 · don't know 36%" in text
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
            SYSTEM, worked_round, "partner,respondent,statement,answer,evidence\n" + rows, "h.csv"
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
    assert "A" * 200 in text  # the 5,000-character note is cut at 600 characters
    assert "A" * 600 not in text


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
    assert "Last round: Baseline. This round: Follow-up." in text


def test_first_page_is_an_executive_summary(app, worked_round):
    first = text_of(build(app, worked_round)).split("Page 1 of")[0]
    for expected in (
        "Ashvale · Baseline",
        "Status: DRAFT: not yet ratified by the board · PROVISIONAL: the round is still open",
        "Overall score: 2.3 out of 4 (the first round",
        "Section one 2.4 2.5 Below target by 0.1",  # target = mean of 3 and 2 (§3)
        "Section two 2.4 4.0 Well below target by 1.6",
        "Phase 1. Needs assessment and strategic planning",
        "3 of 4 partners and 6 of 6 invited respondents submitted.",
        "One respondent: the figures of PCT rest on one person.",
        "Focus priorities (3 of 3)",
        "Not yet agreed",
        "The board is asked to:",
        "ratify them once the round closes",
        "agree the actions, owners and dates for the 3 focus priorities",
        "note the items that need attention:",
    ):
        assert expected in " ".join(first.split()), expected


def test_board_ask_follows_the_rounds_state(app, worked_round, make_user):
    lead = make_user("lead", 1)
    with app.app_context():
        person = actor_of(db.session.get(User, lead))
        reports.set_action(person, worked_round, "i3", "Joint audit", "Chair", dt.date(2010, 1, 31))
        reports.record_signoff(person, worked_round, dt.date(2009, 12, 1), "CTB/2009/14")
    first = text_of(build(app, worked_round)).split("Page 1 of")[0].replace("\n", " ")
    assert "ratify" not in first
    assert "Joint audit" in first
    assert "Chair" in first
    assert "31 Jan 2010" in first


def test_change_since_the_last_round_on_page_one(app, worked_round, make_round, import_csv):
    later = make_round(1, name="Follow-up")
    import_csv(
        later,
        "partner,respondent,statement,answer,evidence\n"
        + "".join(f"Council,a1,q{q},4,\n" for q in range(1, 6)),
    )
    first = " ".join(text_of(build(app, later)).split("Page 1 of")[0].split())
    # Only Council answered again (SCORING §6): its own overall was 6.5/3, shown 2.2
    assert (
        "Overall score: 4.0 out of 4, improved (+1.7) since Baseline (2.3); +1.8 on the "
        "1 partner in both rounds (the partners who answered changed)." in first
    )


def test_web_view_and_command_line_use_one_recipe(
    app, worked_round, make_user, auth, client, tmp_path
):
    lead = make_user("lead", 1)
    auth.login(lead)
    response = client.get(f"/rounds/{worked_round}/report.pdf")
    assert response.status_code == 200
    web = response.data
    out = tmp_path / "board.pdf"
    result = app.test_cli_runner().invoke(
        args=["report", str(worked_round), "--pdf", str(out), "--url", "https://x.example/r"]
    )
    assert result.exit_code == 0, result.output
    cli = out.read_bytes()
    web_pages, cli_pages = [PdfReader(io.BytesIO(d)).pages for d in (web, cli)]
    assert len(web_pages) == len(cli_pages)
    # The same report, apart from the online address on page 1 and the date of the report.
    assert web_pages[2].extract_text() == cli_pages[2].extract_text()
    links = [a.get_object()["/A"]["/URI"] for a in web_pages[0]["/Annots"]]
    assert links == [f"https://selfassess.example.org/rounds/{worked_round}/results"]


def test_appendix_starts_on_its_own_page_with_notes_cut_and_merged(app, worked_round, import_csv):
    same = "Agreed at the board; minutes on the shared drive."
    long_note = "word " * 400
    import_csv(
        worked_round,
        "partner,respondent,statement,answer,evidence\n"
        f"Council,d1,q4,1,{same}\nCouncil,d2,q4,1,{same}\nCouncil,d3,q4,1,{long_note}\n",
    )
    pages = pages_text(build(app, worked_round))
    appendix = next(n for n, text in enumerate(pages) if text.startswith("Appendix"))
    assert all("Appendix" not in text for text in pages[:appendix])
    rest = "\n".join(pages[appendix:]).replace("\n", " ")
    assert rest.count(same) == 1
    assert f"Council (2 respondents): {same}" in rest
    assert "the full notes are in the online results" in rest
    assert "word " * 119 in rest
    assert "word " * 125 not in rest
    assert "P2 PCT; P4 Schools; * the partner's figures rest on one respondent" in rest
    assert "P2*" in rest
    for heading in ("A1. Scores of each partner", "A2. Who took part", "A3. How the figures"):
        assert heading in rest


@pytest.mark.slow
def test_main_body_of_a_ten_partner_round_ends_by_page_eight(app):
    with app.app_context():
        demo.seed_demo(1, 2009, "csp", 10, 5)
    for round_id in (1, 2):  # the closed baseline and the open follow-up
        pages = pages_text(build(app, round_id))
        text = "".join(pages)
        for word in ("Spread", "Code", "Target", "Rank", "Brightstart"):  # never cut mid-word
            assert text.count(word[:3]) == text.count(word), word
        appendix = next(n for n, text in enumerate(pages) if text.startswith("Appendix"))
        assert appendix <= 8, f"round {round_id}: the appendix starts on page {appendix + 1}"
        assert "Since the last round" in "".join(pages[:appendix]) or round_id == 1


def test_a_round_without_answers_builds(app, make_trust, make_round):
    round_id = make_round(make_trust("Empty"), name="Nothing yet")
    text = text_of(build(app, round_id))
    assert "Overall score: – out of 4" in text
    assert "Focus priorities" in text
