"""Results screens, downloads, actions and sign-off, by role."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Partner, Round, Trust, User


@pytest.fixture
def trust_id(app, worked_round):
    with app.app_context():
        return db.session.get(Round, worked_round).trust_id


def cells(page: str, row_header: str) -> list[str]:
    """The cells of the table row whose header is ``row_header``."""
    row = re.search(
        rf'<th scope="row" class="govuk-table__header">{re.escape(row_header)}'
        r"(.*?)</tr>",
        page,
        re.S,
    ).group(1)
    return [c.strip() for c in re.findall(r"<td[^>]*>([^<]*)</td>", row)]


@pytest.mark.parametrize("role", ["lead", "board", "admin"])
def test_results_page_figures_match_the_export(
    client, auth, make_user, trust_id, worked_round, role
):
    auth.login(make_user(role, trust_id if role != "admin" else None))
    page = client.get(f"/rounds/{worked_round}/results").get_data(as_text=True)
    exported = json.loads(client.get(f"/rounds/{worked_round}/results.json").data)
    trust = exported["scores"]["trust"]
    assert f"Trust score <strong>{trust['overall']:.1f}</strong>" in page
    phases = cells(page, "Trust")
    assert phases == [f"{trust['phases'][p]:.1f}" for p in "123"] + [f"{trust['overall']:.1f}"]
    assert cells(page, "PCT")[2] == "–"  # phase 3 undefined for PCT
    assert "Partners disagree</strong>" in page
    assert "40% of answers" not in page
    assert "36% of answers are Don&#39;t know." in page
    assert "Draft</strong>" in page
    assert "Provisional</strong>" in page


def test_advisor_sees_figures_but_no_answers_or_notes(
    app, client, auth, make_user, trust_id, worked_round
):
    advisor = make_user("advisor")
    with app.app_context():
        user = db.session.get(User, advisor)
        user.advised_trusts = [db.session.get(Trust, trust_id)]
        db.session.commit()
    auth.login(advisor)
    page = client.get(f"/rounds/{worked_round}/results").get_data(as_text=True)
    assert "Trust score" in page
    assert "Agreed at the Board in March" not in page  # an evidence note
    assert "answers.csv" not in page
    assert client.get(f"/rounds/{worked_round}/answers.csv").status_code == 403
    assert client.get(f"/rounds/{worked_round}/report.pdf").status_code == 200


def test_unassigned_advisor_and_respondents_get_nothing(
    client, auth, make_user, trust_id, worked_round
):
    auth.login(make_user("advisor"))
    assert client.get(f"/rounds/{worked_round}/results").status_code == 404
    assert client.get(f"/rounds/{worked_round}/results.json").status_code == 404
    auth.logout()
    auth.login(make_user("respondent", trust_id, partner="Council"))
    assert client.get(f"/rounds/{worked_round}/results").status_code == 403


def test_downloads(client, auth, make_user, trust_id, worked_round):
    auth.login(make_user("lead", trust_id))
    report = client.get(f"/rounds/{worked_round}/report.pdf")
    assert report.mimetype == "application/pdf"
    assert (
        f"selfassess-round-{worked_round}-board-report.pdf" in report.headers["Content-Disposition"]
    )
    assert (
        "Overall score: 2.3 out of 4" in PdfReader(io.BytesIO(report.data)).pages[0].extract_text()
    )
    answers = client.get(f"/rounds/{worked_round}/answers.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(answers)))
    assert len(rows) == 30
    assert {r["respondent"][0] for r in rows} == {"r"}  # opaque ids, no names
    assert rows[0].keys() == {"partner", "respondent", "statement", "answer", "evidence"}
    svg = client.get(f"/rounds/{worked_round}/radar.svg?partner=PCT")
    assert svg.mimetype == "image/svg+xml"
    assert b"PCT" in svg.data


def test_action_and_signoff(client, auth, make_user, trust_id, worked_round):
    auth.login(make_user("lead", trust_id))
    client.post(
        f"/rounds/{worked_round}/actions",
        data={
            "item": "i3",
            "action": "Joint workshop <b>in January</b>",
            "owner": "Head of Service",
            "due_on": "2010-01-31",
        },
    )
    client.post(
        f"/rounds/{worked_round}/signoff", data={"ratified_on": "2009-12-01", "minute": "CTB/14"}
    )
    page = client.get(f"/rounds/{worked_round}/results").get_data(as_text=True)
    assert "Joint workshop &lt;b&gt;in January&lt;/b&gt;" in page
    assert "Ratified</strong>" in page
    assert "CTB/14" in page
    standing = json.loads(client.get(f"/rounds/{worked_round}/results.json").data)["round"]
    assert standing["draft"] is False
    assert standing["ratified"] == {"on": "2009-12-01", "minute_reference": "CTB/14"}
    scores = client.get(f"/rounds/{worked_round}/scores.csv").data.decode("utf-8-sig")
    # Ratified: no longer marked draft, still provisional (the round is open).
    assert "Ashvale,Baseline,Trust,overall,overall,Overall,2.2963,provisional\r\n" in scores
    text = PdfReader(io.BytesIO(client.get(f"/rounds/{worked_round}/report.pdf").data))
    full = "".join(p.extract_text() for p in text.pages)
    assert "Agreed action: Joint workshop <b>in January</b>" in full


def test_board_member_cannot_record_actions(client, auth, make_user, trust_id, worked_round):
    auth.login(make_user("board", trust_id))
    response = client.post(f"/rounds/{worked_round}/actions", data={"item": "i3", "action": "x"})
    assert response.status_code == 403


def test_hostile_names_are_escaped_on_the_results_page(
    app, client, auth, make_user, trust_id, worked_round, hostile_strings
):
    with app.app_context():
        partner = db.session.scalars(select(Partner).where(Partner.name == "Council")).one()
        partner.name = "<script>alert(1)</script> {{7*7}}"
        db.session.commit()
    auth.login(make_user("lead", trust_id))
    page = client.get(f"/rounds/{worked_round}/results").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{7*7}}" in page
    assert len(hostile_strings) > 30
