"""`questionnaires show --format yaml/json`: complete; a YAML export loads as the same version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from selfassess.domain import load_questionnaire
from selfassess.services import questionnaires as questionnaire_service


@pytest.mark.parametrize("slug", ["wcc", "csp", "jcp", "mini"])
def test_yaml_export_passes_check_and_loads_as_the_same_version(app, runner, tmp_path, slug):
    shown = runner.invoke(args=["questionnaires", "show", slug, "--format", "yaml"])
    assert shown.exit_code == 0, shown.output
    exported = tmp_path / f"{slug}.yaml"
    exported.write_text(shown.output, encoding="utf-8")
    checked = runner.invoke(args=["questionnaires", "check", str(exported)])
    assert checked.exit_code == 0, checked.output
    with app.app_context():
        current = questionnaire_service.current(slug)
    reloaded = load_questionnaire(exported)
    assert reloaded.version == current.version
    assert reloaded == current
    assert f"version {current.version}" in checked.output


def test_yaml_export_keeps_paragraphs_of_notes_and_awkward_text(app, runner, tmp_path):
    questionnaire_dir = Path(app.config["QUESTIONNAIRE_DIR"])
    source = (questionnaire_dir / "mini.yaml").read_text(encoding="utf-8")
    awkward = source.replace(
        "title: Worked example",
        "title: Worked example\nnotes: |-\n  First: yes.\n\n  Second paragraph, '1.10' and #.",
    ).replace("text: First statement.", "text: 'yes'")
    (questionnaire_dir / "mini.yaml").write_text(awkward, encoding="utf-8")
    with app.app_context():
        questionnaire_service.sync(questionnaire_dir)
        current = questionnaire_service.current("mini")
    shown = runner.invoke(args=["questionnaires", "show", "mini", "--format", "yaml"])
    exported = tmp_path / "mini.yaml"
    exported.write_text(shown.output, encoding="utf-8")
    reloaded = load_questionnaire(exported)
    assert reloaded.notes == "First: yes.\n\nSecond paragraph, '1.10' and #."
    assert reloaded.items[0].statements[0].text == "yes"
    assert reloaded.version == current.version


def test_json_export_is_complete(runner):
    shown = runner.invoke(args=["questionnaires", "show", "wcc", "--format", "json"])
    data = json.loads(shown.output)
    assert data["notes"].startswith("Phases follow the Appendix")
    assert data["description"]
    item = data["sections"][0]["items"][0]
    assert item["summary"].startswith("Partners and the local NHS")
    assert set(item["levels"]) == {"1", "2", "3", "4"}
    assert item["phases"] == [1, 2, 3]
    sourced = [s for s in item["statements"] if "source" in s]
    assert sourced
    assert all(s["source"] for s in sourced)
