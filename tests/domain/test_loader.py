"""Questionnaire files: strict checks with file:line errors, versions, and shipped content."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfassess.domain import QuestionnaireError, load_questionnaire, parse_questionnaire
from selfassess.domain.questionnaire import Questionnaire

ROOT = Path(__file__).parent.parent.parent
BROKEN = ROOT / "tests" / "data" / "broken" / "many_errors.yaml"

VALID = """\
id: tiny
title: Tiny
sections:
  - id: s1
    title: Section
    items:
      - id: i1
        title: Item
        summary: Summary
        source: {document: doc.txt, section: "1"}
        phases: [1]
        statements:
          - {id: q1, text: Statement}
        levels: {1: None yet, 2: Some, 3: As 2 and more, 4: As 3 and reviewed}
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "f.yaml")
    return caught.value.errors


def test_valid_file_loads():
    questionnaire = parse_questionnaire(VALID, "f.yaml")
    assert [i.slug for i in questionnaire.items] == ["i1"]
    assert questionnaire.items[0].phases == (1,)


def test_broken_file_reports_every_error_with_its_line():
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(BROKEN)
    lines = [e.removeprefix(f"{BROKEN}:") for e in caught.value.errors]
    assert lines == [
        "3: unknown key 'colour' in the questionnaire (allowed: description, id, notes, "
        "rating, sections, title)",
        "6: title of section 's1' must be text, but YAML reads 'yes' as a boolean; "
        "put it in quotes",
        "8: missing key 'levels' in an item",
        "11: source section must be text, but YAML reads '0012' as a number; put it in quotes",
        "12: a phase must be a whole number from 1 to 3, not '4'",
        "15: duplicate id 'q1' (first used on line 14)",
        "16: missing key 'levels' in an item",
        "16: duplicate id 'i1' (first used on line 8)",
        "18: duplicate key 'title' in an item",
        "21: unknown stage 'later' (allowed: understand, plan, do, review)",
        "23: statement id 'Bad_Slug' must be a slug: lower-case letters, digits and single hyphens",
        "24: missing key 'levels' in an item",
        "24: missing key 'summary' in an item",
        "28: statements of item 'i3' must not be empty",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("phases: [1]", "phases: [on]", "f.yaml:11: a phase must be a whole number from 1 to 3"),
        ("phases: [1]", "phases: [01]", "f.yaml:11: a phase must be a whole number"),
        ("phases: [1]", "phases: 1", "f.yaml:11: phases of item 'i1' must be a list"),
        ("phases: [1]", "phases: [1, 1]", "f.yaml:11: phase 1 listed twice"),
        (
            "phases: [1]",
            "stages: [do]\n        phases: [1]",
            "f.yaml:12: phases [1] of item 'i1' disagree with its stages, which give [2]",
        ),
        ("        phases: [1]\n", "", "f.yaml:7: item 'i1' needs 'phases' or 'stages'"),
        (
            "title: Tiny",
            "title: 1.10",
            "f.yaml:2: questionnaire title must be text, but YAML reads '1.10' as a number",
        ),
        ("title: Tiny", "title: 2009-02-01", "as a date"),
        ("title: Tiny", "title: ~", "as null"),
        ("title: Tiny", "title: [a]", "f.yaml:2: questionnaire title must be text"),
        ("title: Tiny", "title: '  '", "f.yaml:2: questionnaire title must not be empty"),
        ("id: tiny", "id: Tiny Questionnaire", "must be a slug"),
        (
            "- {id: q1, text: Statement}",
            "- {id: q1, text: Statement, weight: 2}",
            "f.yaml:13: unknown key 'weight' in a statement",
        ),
        (
            "- {id: q1, text: Statement}",
            "- {id: q1, text: !!python/object:os.system x}",
            "statement text must be text",
        ),
        (
            'source: {document: doc.txt, section: "1"}',
            "source: doc.txt",
            "f.yaml:10: source of item 'i1' must be a mapping",
        ),
        ("sections:", "sections: []\nextra:", "f.yaml:3: sections must not be empty"),
    ],
)
def test_single_problem_is_reported_with_line(old, new, message):
    text = VALID.replace(old, new)
    assert text != VALID
    assert any(message in e for e in errors_of(text)), errors_of(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "f.yaml:1: the file is empty"),
        ("id: [unclosed", "f.yaml:1: YAML syntax"),
        ("a: &x [1]\nb: *x\n", "f.yaml:1: anchors and aliases are not allowed"),
        ("a: " + "[" * 50 + "]" * 50, "nesting deeper than"),
        ("- just\n- a list\n", "f.yaml:1: the questionnaire must be a mapping"),
    ],
)
def test_hostile_or_malformed_files_are_rejected_cleanly(text, message):
    assert any(message in e for e in errors_of(text)), errors_of(text)


def test_oversized_file_is_rejected_before_parsing():
    assert "larger than" in errors_of("#" * 1_000_001)[0]


def test_version_is_a_content_hash_ignoring_comments_and_layout():
    same = parse_questionnaire(
        "# a comment\n" + VALID.replace("title: Tiny", "title:   Tiny"), "f.yaml"
    )
    changed = parse_questionnaire(VALID.replace("text: Statement", "text: Changed"), "f.yaml")
    original = parse_questionnaire(VALID, "f.yaml")
    assert same.version == original.version
    assert changed.version != original.version


def test_snapshot_round_trips():
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "csp.yaml")
    assert Questionnaire.from_dict(questionnaire.to_dict()) == questionnaire


# --- the shipped questionnaires ---------------------------------------------------------
def shipped(slug: str) -> Questionnaire:
    return load_questionnaire(ROOT / "questionnaires" / f"{slug}.yaml")


WCC_APPENDIX = {  # competency -> phases, from the Appendix table of 000_fe41296d80dbe005.txt
    "Locally lead the NHS": (1, 2, 3),
    "Work with community partners": (1, 2, 3),
    "Engage with the public and patients": (1, 2, 3),
    "Collaborate with clinicians": (1, 2, 3),
    "Manage knowledge and assess needs": (1, 3),
    "Prioritise investment": (1, 2),
    "Stimulate the market": (2,),
    "Promote improvement and innovation": (2,),
    "Secure procurement skills": (2,),
    "Manage the local health system": (1, 2, 3),
    "Make sound financial investments": (2,),
}


def test_wcc_has_the_11_competencies_in_order_with_appendix_phases():
    items = shipped("wcc").items
    assert [(i.title, i.phases) for i in items] == list(WCC_APPENDIX.items())
    assert all(3 <= len(i.prompts) <= 6 for i in items)
    assert "Prioritise investment" in shipped("wcc").notes


def test_csp_has_components_a5_b6_c7_with_phases_derived_from_stages():
    questionnaire = shipped("csp")
    assert [len(s.items) for s in questionnaire.sections] == [5, 6, 7]
    stage_phase = {"understand": 1, "plan": 1, "do": 2, "review": 3}
    for item in questionnaire.items:
        assert 3 <= len(item.prompts) <= 6
        assert item.stages
        assert item.phases == tuple(sorted({stage_phase[s] for s in item.stages}))
        assert item.source.document == "003_344a88ad6b11b427.txt"


def test_jcp_has_12_principles_with_3_to_6_prompts():
    items = shipped("jcp").items
    assert len(items) == 12
    assert all(3 <= len(i.prompts) <= 6 and i.phases for i in items)


@pytest.mark.parametrize("slug", ["wcc", "csp", "jcp"])
def test_every_item_records_its_source(slug):
    for item in shipped(slug).items:
        assert item.source.document.endswith(".txt")
        assert item.source.section
