"""Statement tallies (docs/scoring.md §7): who may download them, their shape, and every
figure of the results JSON recomputed from the tallies alone, by a separate hand-written
method (no selfassess code), as an analyst with a spreadsheet would."""

from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Round, Trust, User
from selfassess.services import demo

HEADER = ["partner", "statement", "n1", "n2", "n3", "n4", "dk", "na"]


def cli_export(runner, round_id: int, output=None) -> tuple[list[dict], dict]:
    """The tallies (to standard output, or to ``output``) and the results JSON, by CLI."""
    args = [] if output is None else ["--output", str(output)]
    tallies = runner.invoke(args=["export-tallies", str(round_id), *args])
    assert tallies.exit_code == 0, tallies.output
    text = tallies.output if output is None else output.read_text(encoding="utf-8")
    results = runner.invoke(args=["export-results", str(round_id)])
    return read_csv(text), json.loads(results.output)


def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    assert reader.fieldnames == HEADER
    return list(reader)


def half_up(value: float, places: int) -> float:
    """ROUND as a spreadsheet does it, from the exact value (docs/scoring.md §4: the float
    settled at 10 decimal places first), written out again here on purpose."""
    step = Decimal(1).scaleb(-places)
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-10))
    return float(exact.quantize(step, rounding=ROUND_HALF_UP))


def mean(values):
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def recompute(rows: list[dict], data: dict) -> dict:
    """Scores (§2) and signals (§3) from tallies plus the JSON's structure and targets."""
    items = data["structure"]["items"]
    partners = [p["name"] for p in data["partners"]]
    count = {(r["partner"], r["statement"]): {k: int(r[k]) for k in HEADER[2:]} for r in rows}

    def statement(p, q):
        c = count[p, q]
        levels = c["n1"] + c["n2"] + c["n3"] + c["n4"]
        total = c["n1"] + 2 * c["n2"] + 3 * c["n3"] + 4 * c["n4"]
        return total / levels if levels else None

    def figures(item_scores):
        sections = {info["section"] for info in items.values()}
        return {
            "overall": mean(item_scores.values()),
            "sections": {
                s: mean(v for i, v in item_scores.items() if items[i]["section"] == s)
                for s in sections
            },
            "phases": {
                str(ph): mean(v for i, v in item_scores.items() if ph in items[i]["phases"])
                for ph in (1, 2, 3)
            },
            "items": item_scores,
        }

    by_partner = {
        p: figures(
            {i: mean(statement(p, q) for q in info["statements"]) for i, info in items.items()}
        )
        for p in partners
    }
    trust = {
        "overall": mean(f["overall"] for f in by_partner.values()),
        "sections": {
            s: mean(f["sections"][s] for f in by_partner.values())
            for s in by_partner[partners[0]]["sections"]
        },
        "phases": {ph: mean(f["phases"][ph] for f in by_partner.values()) for ph in "123"},
        "items": {i: mean(f["items"][i] for f in by_partner.values()) for i in items},
    }
    signals = {}
    for i, info in items.items():
        shown_t = None if trust["items"][i] is None else half_up(trust["items"][i], 1)
        shown_p = [
            half_up(f["items"][i], 1) for f in by_partner.values() if f["items"][i] is not None
        ]
        dk = sum(count[p, q]["dk"] for p in partners for q in info["statements"])
        answered = dk + sum(
            count[p, q][n] for p in partners for q in info["statements"] for n in HEADER[2:6]
        )
        target = data["items"][i]["target"]
        signals[i] = {
            "gap": None if shown_t is None else half_up(target - shown_t, 1),
            "divergence": half_up(max(shown_p) - min(shown_p), 1) if len(shown_p) >= 2 else None,
            "dont_know_rate": half_up(dk / answered, 4) if answered else None,
            "dont_know_percent": int(half_up(100 * dk / answered, 0)) if answered else None,
        }
    return {"trust": trust, "partners": by_partner, "signals": signals}


def rounded4(figures: dict) -> dict:
    return {
        "overall": None if figures["overall"] is None else half_up(figures["overall"], 4),
        **{
            key: {k: None if v is None else half_up(v, 4) for k, v in figures[key].items()}
            for key in ("sections", "phases", "items")
        },
    }


def assert_recomputed(rows: list[dict], data: dict) -> int:
    again = recompute(rows, data)
    assert rounded4(again["trust"]) == data["scores"]["trust"]
    for name, figures in again["partners"].items():
        assert rounded4(figures) == data["scores"]["partners"][name], name
    checked = 0
    for item, signals in again["signals"].items():
        for key, value in signals.items():
            assert data["items"][item][key] == value, (item, key)
            checked += 1
    reasons = {
        i: [
            r
            for r, holds in (
                ("below_target", s["gap"] is not None and s["gap"] > 0),
                ("divergence", s["divergence"] is not None and s["divergence"] >= 1.0),
                ("knowledge_gap", (s["dont_know_percent"] or 0) >= 30),
            )
            if holds
        ]
        for i, s in again["signals"].items()
    }
    assert {p["item"]: p["reasons"] for p in data["priorities"]} == {
        i: r for i, r in reasons.items() if r
    }
    return checked


def test_tallies_of_the_worked_example(runner, worked_round):
    rows, data = cli_export(runner, worked_round)
    assert len(rows) == 4 * 5  # every partner of the round and statement, zeros included
    council_q1 = next(r for r in rows if (r["partner"], r["statement"]) == ("Council", "q1"))
    assert [int(council_q1[k]) for k in HEADER[2:]] == [0, 1, 0, 1, 0, 0]
    schools_q5 = next(r for r in rows if (r["partner"], r["statement"]) == ("Schools", "q5"))
    assert [int(schools_q5[k]) for k in HEADER[2:]] == [0, 0, 0, 2, 1, 0]
    assert assert_recomputed(rows, data) == 3 * 4


def test_every_figure_of_demo_rounds_recomputed_from_tallies(app, runner, tmp_path):
    with app.app_context():
        demo.seed_demo(trusts=2, seed=3)
        round_ids = list(db.session.scalars(select(Round.pk).order_by(Round.pk)))
    for round_id in round_ids:
        rows, data = cli_export(runner, round_id, tmp_path / f"tallies-{round_id}.csv")
        assert assert_recomputed(rows, data) > 0


@pytest.mark.parametrize("role", ["lead", "board", "advisor", "admin"])
def test_everyone_who_reads_results_may_download_tallies(
    app, client, auth, make_user, worked_round, role
):
    with app.app_context():
        trust_id = db.session.get(Round, worked_round).trust_id
    user = make_user(role, trust_id if role in ("lead", "board") else None)
    if role == "advisor":
        with app.app_context():
            db.session.get(User, user).advised_trusts = [db.session.get(Trust, trust_id)]
            db.session.commit()
    auth.login(user)
    response = client.get(f"/rounds/{worked_round}/tallies.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = read_csv(response.data.decode("utf-8"))
    assert {r["partner"] for r in rows} == {"Council", "PCT", "Schools", "Police"}
    assert "respondent" not in rows[0]  # no respondent is named


def test_others_may_not_download_tallies(app, client, auth, make_user, worked_round):
    with app.app_context():
        trust_id = db.session.get(Round, worked_round).trust_id
    auth.login(make_user("advisor"))  # not assigned to this trust
    assert client.get(f"/rounds/{worked_round}/tallies.csv").status_code == 404
    auth.logout()
    auth.login(make_user("respondent", trust_id, partner="Council"))
    assert client.get(f"/rounds/{worked_round}/tallies.csv").status_code == 403
    assert client.get("/rounds/999/tallies.csv").status_code in (403, 404)


def test_a_partner_named_like_a_formula_is_neutralised(runner, make_trust, make_round, import_csv):
    trust_id = make_trust("Formula", [("=cmd|' /C calc'!A0", "other")])
    round_id = make_round(trust_id)
    import_csv(
        round_id, "partner,respondent,statement,answer,evidence\n\"=cmd|' /C calc'!A0\",r,q1,3,\n"
    )
    rows, _ = cli_export(runner, round_id)
    assert {r["partner"] for r in rows} == {"'=cmd|' /C calc'!A0"}
