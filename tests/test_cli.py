"""Every command through the Flask CLI runner, including the worked example end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def invoke(runner, *args):
    return runner.invoke(args=list(args))


def test_questionnaires_check_passes_on_shipped_files(runner):
    result = invoke(runner, "questionnaires", "check")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 4  # csp, jcp, mini (test copy), wcc
    assert any("wcc version" in line and "11 items" in line for line in lines)


def test_questionnaires_check_lists_every_error_and_fails(runner):
    result = invoke(runner, "questionnaires", "check", str(DATA / "broken" / "many_errors.yaml"))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "many_errors.yaml:" in line]
    assert len(errors) == 14
    assert "many_errors.yaml:3: unknown key 'colour'" in errors[0]


def test_questionnaires_show_json_shape(runner):
    result = invoke(runner, "questionnaires", "show", "csp", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"id", "version", "sections"}
    item = data["sections"][0]["items"][0]
    assert item["id"] == "a1-commissioning-process"
    assert item["phases"] == [1, 2, 3]
    assert item["stages"] == ["understand", "plan", "do", "review"]
    assert item["source"]["section"] == "A.1"
    assert {"id", "text"} == set(item["statements"][0])


def test_questionnaires_show_text(runner):
    result = invoke(runner, "questionnaires", "show", "wcc")
    assert "prioritise-investment: Prioritise investment (phases 1, 2;" in result.output


def test_trust_partner_round_commands(runner):
    assert invoke(runner, "create-trust", "Ashvale", "--region", "North East").exit_code == 0
    for name, kind in (("Council", "local_authority"), ("PCT", "primary_care_trust")):
        assert invoke(runner, "add-partner", "Ashvale", name, "--type", kind).exit_code == 0
    result = invoke(
        runner,
        "open-round",
        "Ashvale",
        "--questionnaire",
        "mini",
        "--name",
        "Baseline",
        "--target",
        "i2=2",
        "--closes",
        "2030-01-31",
    )
    assert result.exit_code == 0, result.output
    round_id = result.output.splitlines()[-1]
    assert round_id.isdigit()
    assert invoke(runner, "close-round", round_id).exit_code == 0
    again = invoke(runner, "close-round", round_id)
    assert again.exit_code == 1
    assert "already closed" in again.output
    assert invoke(runner, "reopen-round", round_id).exit_code == 0
    listing = invoke(runner, "trusts").output
    assert "Ashvale" in listing
    assert "Baseline" in listing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add-partner", "Nowhere", "X", "--type", "police"], "no trust 'Nowhere'"),
        (["add-partner", "1", "X", "--type", "army"], "Invalid value for '--type'"),
        (["open-round", "Ashvale", "--questionnaire", "nope", "--name", "R"], "no questionnaire"),
        (
            ["open-round", "Ashvale", "--questionnaire", "mini", "--name", "R", "--target", "zz=3"],
            "unknown item 'zz'",
        ),
        (
            ["open-round", "Ashvale", "--questionnaire", "mini", "--name", "R", "--target", "i1=9"],
            "must be 1, 2, 3 or 4",
        ),
        (
            ["open-round", "Ashvale", "--questionnaire", "mini", "--name", "R", "--target", "i1"],
            "is not ITEM=LEVEL",
        ),
        (["close-round", "999"], "no round 999"),
        (["export-results", "999"], "no round 999"),
        (["create-trust", "Ashvale"], "already exists"),
        (["create-trust", "   "], "must not be empty"),
    ],
)
def test_bad_arguments_give_one_line_and_no_traceback(runner, args, message):
    invoke(runner, "create-trust", "Ashvale")
    result = invoke(runner, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_import_and_export_worked_example(runner, make_trust, make_round, tmp_path):
    round_id = make_round(make_trust(), targets={"i2": 2, "i3": 4})
    result = invoke(runner, "import-responses", str(round_id), str(DATA / "worked_example.csv"))
    assert result.exit_code == 0, result.output
    assert "Imported 30 answers in 6 responses" in result.output
    exported = json.loads(invoke(runner, "export-results", str(round_id)).output)
    meta = {key: exported.pop(key) for key in ("round", "questionnaire", "generated_at")}
    assert exported == json.loads((DATA / "worked_example.json").read_text(encoding="utf-8"))
    assert meta["round"]["id"] == round_id
    assert (meta["round"]["draft"], meta["round"]["provisional"]) == (True, True)
    assert (meta["round"]["name"], meta["round"]["trust"], meta["round"]["status"]) == (
        "Baseline",
        "Ashvale",
        "open",
    )
    shown = json.loads(invoke(runner, "questionnaires", "show", "mini", "--format", "json").output)
    assert meta["questionnaire"] == {
        "id": "mini",
        "version": shown["version"],
        "title": "Worked example",
    }


def test_import_with_errors_lists_them_all_and_exits_1(runner, make_trust, make_round, tmp_path):
    round_id = make_round(make_trust())
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "partner,respondent,statement,answer,evidence\nX,a,q1,1,\nCouncil,a,q0,7,\n",
        encoding="utf-8",
    )
    result = invoke(runner, "import-responses", str(round_id), str(bad))
    assert result.exit_code == 1
    assert f"{bad}:2: unknown partner 'X'" in result.output
    assert f"{bad}:3: unknown statement 'q0'" in result.output
    assert f"{bad}:3: answer '7' is not one of" in result.output


def test_export_csv_to_file(runner, worked_round, tmp_path):
    out = tmp_path / "scores.csv"
    result = invoke(
        runner, "export-results", str(worked_round), "--format", "csv", "--output", str(out)
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark, so Excel reads UTF-8
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "trust,round,partner,figure_kind,figure_id,figure_title,value,marks"
    assert "Ashvale,Baseline,Trust,overall,overall,Overall,2.2963,provisional draft" in lines
    assert "Ashvale,Baseline,PCT,item,i3,Item three,,provisional draft one_respondent" in lines
    assert "Ashvale,Baseline,Trust,reason_knowledge_gap,i3,Item three,1,provisional draft" in lines


@pytest.mark.parametrize("command", ["export-results", "export-tallies"])
def test_csv_on_standard_output_starts_with_a_byte_order_mark(runner, worked_round, command):
    args = ["--format", "csv"] if command == "export-results" else []
    result = invoke(runner, command, str(worked_round), *args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("\ufeff")


def test_init_db_is_idempotent_and_versions_changed_files(bare_runner, questionnaire_dir):
    runner = bare_runner
    mini = questionnaire_dir / "mini.yaml"
    first = invoke(runner, "init-db")
    assert first.exit_code == 0, first.output
    assert "mini: version" in first.output
    assert "(new version)" in first.output
    again = invoke(runner, "init-db")
    assert again.exit_code == 0
    assert "(new version)" not in again.output
    mini.write_text(
        mini.read_text(encoding="utf-8").replace("First statement.", "Changed."), encoding="utf-8"
    )
    second = invoke(runner, "init-db")
    assert "mini: version" in second.output
    assert "(new version)" in second.output


def test_init_db_refuses_an_invalid_file_and_keeps_the_current_version(
    bare_runner, questionnaire_dir
):
    runner = bare_runner
    assert invoke(runner, "init-db").exit_code == 0
    shutil.copy(DATA / "broken" / "many_errors.yaml", questionnaire_dir / "zzz.yaml")
    result = invoke(runner, "init-db")
    assert result.exit_code == 1
    assert "zzz.yaml:3: unknown key 'colour'" in result.output
    assert invoke(runner, "questionnaires", "show", "mini").exit_code == 0


def test_seed_demo_prints_logins_and_is_idempotent(runner):
    result = invoke(runner, "seed-demo", "--trusts", "2")
    assert result.exit_code == 0, result.output
    for role in ("admin", "advisor", "lead", "board", "respondent"):
        assert f"{role}@demo.example" in result.output
    again = invoke(runner, "seed-demo", "--trusts", "2")
    assert "Demo data already present." in again.output
