"""Excel downloads beside every CSV (issue 22 part 5): each workbook read back with openpyxl
holds exactly the CSV's cells, typed (numbers as numbers, dates as dates), with the header
row frozen, and text that looks like a formula stored as the text typed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pytest

from selfassess.extensions import db
from selfassess.models import Partner, Round
from selfassess.policy import SYSTEM
from selfassess.services import rounds

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def trust_id(app, worked_round):
    with app.app_context():
        return db.session.get(Round, worked_round).trust_id


def _sheets(data: bytes) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
    return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}


def _csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _same(cell: object, text: str) -> bool:
    """A workbook cell equals the CSV's text of it (CSV text is neutralised with a quote)."""
    if cell is None:
        return text == ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() == text
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(text) == pytest.approx(float(cell), abs=0)
    return text in (str(cell), "'" + str(cell))


@pytest.mark.parametrize("table", ["scores", "tallies", "actions", "answers"])
def test_each_workbook_holds_the_csv_cells_typed(
    client, auth, make_user, trust_id, worked_round, table
):
    auth.login(make_user("lead", trust_id))
    client.post(
        f"/rounds/{worked_round}/actions",
        data={"item": "i3", "action": "=HYPERLINK(1)", "owner": "Head", "due_on": "2010-01-31"},
    )
    book = client.get(f"/rounds/{worked_round}/{table}.xlsx")
    assert book.status_code == 200
    assert book.mimetype == XLSX
    (rows,) = _sheets(book.data).values()
    expected = _csv(client.get(f"/rounds/{worked_round}/{table}.csv").data)
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert len(got) == len(want)
        assert all(_same(g, w) for g, w in zip(got, want, strict=True)), (got, want)
    if table == "actions":
        action = next(r for r in rows if r[5] == "=HYPERLINK(1)")  # as typed, not a formula
        assert isinstance(action[7], dt.datetime)


def test_scores_workbook_numbers_equal_the_json(client, auth, make_user, trust_id, worked_round):
    auth.login(make_user("board", trust_id))
    sheets = _sheets(client.get(f"/rounds/{worked_round}/results.xlsx").data)
    assert list(sheets) == ["Scores", "Actions", "Tallies"]
    exported = json.loads(client.get(f"/rounds/{worked_round}/results.json").data)
    header = sheets["Scores"][0]
    trust_rows = {
        (r[header.index("figure_kind")], r[header.index("figure_id")]): r[header.index("value")]
        for r in sheets["Scores"][1:]
        if r[header.index("partner")] == "Trust"
    }
    trust = exported["scores"]["trust"]
    assert trust_rows[("overall", "overall")] == trust["overall"]
    for item, value in trust["items"].items():
        assert trust_rows[("item", item)] == value


def test_formula_like_partner_names_stay_text(app, client, auth, make_user, trust_id, worked_round):
    with app.app_context():
        db.session.query(Partner).filter_by(trust_id=trust_id, name="PCT").update(
            {"name": "=cmd|' /C calc'!A0"}
        )
        db.session.commit()
    auth.login(make_user("lead", trust_id))
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/rounds/{worked_round}/tallies.xlsx").data)
    )
    names = {c.value for c in book.active["A"][1:]}
    assert "=cmd|' /C calc'!A0" in names
    assert all(c.data_type == "s" for c in book.active["A"][1:])


def test_workbooks_follow_the_csv_access_rules(
    client, auth, make_user, make_trust, trust_id, worked_round
):
    """ASVS V8.2.2: a board member may not download the raw answers; another trust's lead
    gets nothing."""
    auth.login(make_user("board", trust_id))
    assert client.get(f"/rounds/{worked_round}/answers.xlsx").status_code in (403, 404)
    auth.login(make_user("lead", make_trust("Elsewhere", [("Police", "police")])))
    assert client.get(f"/rounds/{worked_round}/scores.xlsx").status_code in (403, 404)


def test_comparison_workbook_holds_the_csv_cells(app, client, auth, make_user, six_trusts):
    with app.app_context():
        for _, round_id in six_trusts:
            rounds.close_round(SYSTEM, round_id)
    auth.login(make_user("advisor", all_trusts=True))
    book = client.get("/compare/mini/export.xlsx?region=South")
    assert book.mimetype == XLSX
    (rows,) = _sheets(book.data).values()
    expected = _csv(client.get("/compare/mini/export.csv?region=South").data)
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected, strict=True):
        assert all(_same(g, w) for g, w in zip(got, want, strict=True)), (got, want)
