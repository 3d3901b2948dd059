"""Item-rated questionnaire files (docs/scoring.md §1): the rating key, self-contained levels,
prompts per item, and a YAML round trip that keeps the version."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfassess.domain import QuestionnaireError, load_questionnaire, parse_questionnaire
from selfassess.domain.loader import dump_questionnaire
from selfassess.domain.questionnaire import Questionnaire, Rating

EXAMPLE = Path(__file__).parent.parent / "data" / "questionnaires" / "item_rated.yaml"


def _text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def test_item_rated_file_loads_with_its_rating() -> None:
    questionnaire = load_questionnaire(EXAMPLE)
    assert questionnaire.rating is Rating.ITEM
    assert questionnaire.item_rated
    assert [i.slug for i in questionnaire.items] == ["i1", "i2"]


def test_statement_rated_is_the_default_and_keeps_its_hash() -> None:
    """A file without ``rating`` is statement-rated, and its snapshot has no rating key, so
    versions stored before item rating existed keep their content hash."""
    text = _text().replace("rating: item\n", "")
    questionnaire = parse_questionnaire(text, "plain.yaml")
    assert questionnaire.rating is Rating.STATEMENT
    assert "rating" not in questionnaire.to_dict()


def test_item_rated_round_trip_keeps_the_version() -> None:
    questionnaire = load_questionnaire(EXAMPLE)
    again = parse_questionnaire(dump_questionnaire(questionnaire), "again.yaml")
    assert again == questionnaire
    assert Questionnaire.from_dict(questionnaire.to_dict()) == questionnaire


@pytest.mark.parametrize(
    "level",
    [
        "As 2, and all partners follow it.",
        "As in level 3, plus reviews.",
        "Level 2 holds and partners follow it.",
        "As above, with reviews.",
    ],
)
def test_item_rated_level_that_refers_to_another_level_is_refused(level: str) -> None:
    text = _text().replace("Every partner follows the written joint process.", level)
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "leaning.yaml")
    assert any("refers to another level" in e for e in caught.value.errors)
    assert caught.value.errors[0].startswith("leaning.yaml:16:")


def test_item_rated_item_without_levels_is_refused() -> None:
    lines = _text().splitlines(keepends=True)
    kept = [line for n, line in enumerate(lines, 1) if not 13 <= n <= 17]
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire("".join(kept), "nolevels.yaml")
    assert any("needs its four levels" in e for e in caught.value.errors)


def test_item_rated_level_longer_than_35_words_is_refused() -> None:
    long_level = " ".join(["word"] * 36)
    text = _text().replace("Partners keep their data to themselves.", long_level)
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "long.yaml")
    assert any("36 words" in e for e in caught.value.errors)


def test_item_rated_item_needs_three_to_six_prompts() -> None:
    text = _text().replace(
        "          - id: i2-used\n            text: Is shared data used in planning?\n", ""
    )
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "prompts.yaml")
    assert any("2 prompts" in e for e in caught.value.errors)


def test_statement_rated_levels_may_still_lean_on_each_other() -> None:
    """Versions 1 and 2 keep loading: the self-contained rule is for item-rated files only."""
    text = (
        _text()
        .replace("rating: item\n", "")
        .replace("Every partner follows the written joint process.", "As 2, and all follow it.")
    )
    assert parse_questionnaire(text, "v2.yaml").rating is Rating.STATEMENT


def test_unknown_rating_is_refused() -> None:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(_text().replace("rating: item", "rating: partner"), "bad.yaml")
    assert caught.value.errors[0].startswith("bad.yaml:3: rating must be")


def test_each_item_is_answered_once_and_its_statements_are_prompts() -> None:
    """docs/scoring.md §1: an item-rated version asks one question per item (keyed by the
    item's slug); the file's statements are "what to look for" prompts, never answered."""
    questionnaire = load_questionnaire(EXAMPLE)
    first = questionnaire.item("i1")
    assert [s.slug for s in first.statements] == ["i1"]
    assert [p.slug for p in first.prompts] == ["i1-written", "i1-followed", "i1-reviewed"]
    assert [s.slug for _, s in questionnaire.statements()] == ["i1", "i2"]
    assert questionnaire.item_of_statement == {"i1": "i1", "i2": "i2"}


def test_snapshot_round_trip_keeps_prompts_apart_from_the_question() -> None:
    questionnaire = load_questionnaire(EXAMPLE)
    snapshot = questionnaire.to_dict()
    assert [s["id"] for s in snapshot["sections"][0]["items"][0]["statements"]] == [
        "i1-written",
        "i1-followed",
        "i1-reviewed",
    ]
    assert Questionnaire.from_dict(snapshot) == questionnaire


def test_progress_and_pages_count_items_of_an_item_rated_version() -> None:
    """A respondent gives one answer per item: two items, two answers."""
    from selfassess.domain.pages import paginate, progress_of

    questionnaire = load_questionnaire(EXAMPLE)
    assert progress_of(questionnaire, {"i1": "3"}).total == 2
    assert paginate(questionnaire)[0].statement_slugs == ("i1", "i2")
