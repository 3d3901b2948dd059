""" "About N minutes" (issue 19 part 3): from the words on the pages at 200 a minute plus ten
seconds an answer, so respondents know before they start."""

from __future__ import annotations

from pathlib import Path

from selfassess.domain import load_questionnaire
from selfassess.domain.pages import minutes_to_answer, words_to_read

DATA = Path(__file__).parent.parent / "data" / "questionnaires"


def test_minutes_come_from_the_words_read_and_the_answers_given() -> None:
    questionnaire = load_questionnaire(DATA / "item_rated.yaml")
    words = words_to_read(questionnaire)
    # two items: titles, summaries, four levels and three prompts each
    assert words == sum(
        len(t.split())
        for i in questionnaire.items
        for t in (i.title, i.summary, *i.descriptors.values(), *(p.text for p in i.prompts))
    )
    seconds = words * 60 / 200 + 2 * 10
    assert minutes_to_answer(questionnaire) == max(1, -(-int(seconds) // 60))


def test_prompts_are_read_but_not_answered() -> None:
    """An item-rated item asks one question, so its prompts add reading time only."""
    questionnaire = load_questionnaire(DATA / "item_rated.yaml")
    assert sum(1 for _ in questionnaire.statements()) == 2
