"""Every results JSON export validates against docs/results.schema.json, and docs/exports.md
explains every field the schema names."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import select

from selfassess.exports import SCHEMA_VERSION, report_to_dict
from selfassess.extensions import db
from selfassess.models import Round
from selfassess.policy import SYSTEM
from selfassess.services import demo, reports, rounds

DOCS = Path(__file__).parent.parent / "docs"
SCHEMA = json.loads((DOCS / "results.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def valid(document: dict) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    assert errors == []


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_worked_example_export_validates(runner, worked_round):
    result = runner.invoke(args=["export-results", str(worked_round)])
    data = json.loads(result.output)
    valid(data)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[01]:00", data["generated_at"])


def test_web_export_validates_after_actions_and_signoff(client, auth, make_user, app, worked_round):
    with app.app_context():
        trust_id = db.session.get(Round, worked_round).trust_id
    auth.login(make_user("lead", trust_id))
    client.post(
        f"/rounds/{worked_round}/signoff", data={"ratified_on": "2009-12-01", "minute": "CTB/14"}
    )
    valid(json.loads(client.get(f"/rounds/{worked_round}/results.json").data))


def test_every_demo_round_validates_open_closed_and_thin(app):
    with app.app_context():
        demo.seed_demo(trusts=3, seed=5)
        round_ids = list(db.session.scalars(select(Round.pk).order_by(Round.pk)))
        open_ids = [r for r in round_ids if db.session.get(Round, r).status == "open"]
        rounds.close_round(SYSTEM, open_ids[0])
        documents = [report_to_dict(reports.round_report(SYSTEM, r)) for r in round_ids]
    for document in documents:
        valid(document)
    assert {d["round"]["status"] for d in documents} == {"open", "closed"}


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        (("schema_version",), "1"),
        (("scores", "trust", "overall"), "2.3"),  # numbers are numbers
        (("marks", "trust"), ["maybe"]),
        (("items", "i1", "dont_know_percent"), 9.09),
        (("round", "focus_count"), 11),
    ],
)
def test_the_schema_rejects_a_broken_export(runner, worked_round, path, bad):
    data = json.loads(runner.invoke(args=["export-results", str(worked_round)]).output)
    broken = copy.deepcopy(data)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    assert list(VALIDATOR.iter_errors(broken))


def schema_fields(node: dict, found: set[str]) -> set[str]:
    for key, value in node.get("properties", {}).items():
        found.add(key)
        schema_fields(value, found)
    for key in ("additionalProperties", "items"):
        if isinstance(node.get(key), dict):
            schema_fields(node[key], found)
    for value in node.get("$defs", {}).values():
        schema_fields(value, found)
    return found


def test_exports_md_explains_every_field():
    text = (DOCS / "exports.md").read_text(encoding="utf-8")
    missing = sorted(f for f in schema_fields(SCHEMA, set()) if f"`{f}`" not in text)
    assert missing == []
