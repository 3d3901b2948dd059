"""Per-item levels: every shipped item describes 1-4 in its own terms; the loader insists."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfassess.domain import QuestionnaireError, load_questionnaire, parse_questionnaire
from selfassess.domain.questionnaire import Item, Source
from selfassess.domain.scale import DESCRIPTORS

ROOT = Path(__file__).parent.parent.parent
SHIPPED = ("wcc", "csp", "jcp")

ITEM = """\
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
        levels:
          1: Nothing agreed.
          2: A draft exists.
          3: As 2, and agreed by all.
          4: As 3, and reviewed yearly.
        statements:
          - {id: q1, text: Statement}
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "f.yaml")
    return caught.value.errors


@pytest.mark.parametrize("slug", SHIPPED)
def test_every_shipped_item_has_four_distinct_levels_of_its_own(slug):
    questionnaire = load_questionnaire(ROOT / "questionnaires" / f"{slug}.yaml")
    seen: dict[str, str] = {}
    for item in questionnaire.items:
        assert sorted(item.descriptors) == [1, 2, 3, 4], item.slug
        texts = [item.descriptors[level] for level in (1, 2, 3, 4)]
        assert len({t.lower() for t in texts}) == 4, item.slug
        for level, text in item.descriptors.items():
            assert text.lower() != DESCRIPTORS[level].lower(), (item.slug, level)
            # Written for the item: no two items share a level line.
            assert text not in seen, (item.slug, seen.get(text))
            seen[text] = item.slug


def test_an_item_with_all_four_levels_loads():
    item = parse_questionnaire(ITEM, "f.yaml").items[0]
    assert item.descriptors[3] == "As 2, and agreed by all."


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "          4: As 3, and reviewed yearly.\n",
            "",
            "f.yaml:13: item 'i1' must describe all four levels; missing level(s) 4",
        ),
        (
            "          2: A draft exists.\n          3: As 2, and agreed by all.\n",
            "",
            "missing level(s) 2, 3",
        ),
        ("3: As 2, and agreed by all.", "3: A draft exists.", "f.yaml:15: level 3 of item 'i1'"),
        ("2: A draft exists.", "5: A draft exists.", "f.yaml:14: level '5' of item 'i1'"),
        ("2: A draft exists.", "1: Twice.", "f.yaml:14: level 1 of item 'i1' is described twice"),
        ("2: A draft exists.", f"2: {DESCRIPTORS[2]}", "only repeats the generic scale"),
        ("2: A draft exists.", "2: ''", "f.yaml:14: level 2 of item 'i1' must not be empty"),
        ("2: A draft exists.", "2: yes", "reads 'yes' as a boolean"),
        ("        levels:\n", "        levels: some text\n        x:\n", "f.yaml:12: levels of"),
    ],
)
def test_an_item_without_four_distinct_levels_is_refused_with_its_line(old, new, message):
    text = ITEM.replace(old, new)
    assert text != ITEM
    assert any(message in e for e in errors_of(text)), errors_of(text)


def test_an_item_without_levels_is_refused():
    text = ITEM.split("        levels:")[0] + "        statements:\n          - {id: q1, text: S}\n"
    assert "f.yaml:7: missing key 'levels' in an item" in errors_of(text)


def test_versions_stored_before_levels_fall_back_to_the_generic_line():
    item = Item("i", "Item", "S", (1,), Source("d", "1"), (), descriptors={3: "Own three."})
    assert item.level_text(3) == "Own three."
    assert item.level_text(1) == DESCRIPTORS[1]


def test_shipped_prompts_cite_sources_and_stay_within_the_counts():
    """Version 3 is item-rated: one question per item, 3 to 6 prompts (docs/scoring.md §1)."""
    for slug in ("wcc", "csp", "jcp"):
        questionnaire = load_questionnaire(ROOT / "questionnaires" / f"{slug}.yaml")
        assert questionnaire.item_rated
        for item in questionnaire.items:
            assert 3 <= len(item.prompts) <= 6, item.slug
            assert [s.slug for s in item.statements] == [item.slug]
        assert any(p.source for i in questionnaire.items for p in i.prompts)


def test_wcc_items_counted_in_phase_3_ask_about_monitoring_or_review():
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "wcc.yaml")
    for item in questionnaire.items:
        if 3 in item.phases:
            sources = [p.source for p in item.prompts]
            assert any("4.3" in source for source in sources), item.slug
