"""What a respondent may store from one questionnaire page: the input checked once.

Problems are keyed by what they concern (an answer to a question, or an item's evidence
note, by slug), never by HTML field names: the web layer maps them to its fields in one place.
Anything posted for a question or item that is not on the page is dropped, so a form cannot
write to another page's answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from selfassess.domain.pages import Page
from selfassess.domain.scale import VALUES
from selfassess.domain.text import InvalidText, clean_text

NOTE_LENGTH: Final = 10_000


class Part(StrEnum):
    """What a problem concerns: the answer to a question, or an item's evidence note."""

    ANSWER = "answer"
    NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """One thing to correct before a page can be stored."""

    part: Part
    slug: str
    text: str


@dataclass(frozen=True)
class PageEntry:
    """A page's input as it may be stored: answers by question slug, notes by item slug
    (an empty note removes the stored one), and the problems that stop it being stored."""

    answers: Mapping[str, str]
    notes: Mapping[str, str]
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems


def check_page(page: Page, answers: Mapping[str, str], notes: Mapping[str, str]) -> PageEntry:
    """The page's answers and notes, cleaned, with every problem found (all at once, so the
    respondent corrects the page in one go)."""
    problems: list[Problem] = []
    questions = set(page.statement_slugs)
    kept = {slug: value for slug, value in answers.items() if slug in questions}
    for slug, value in kept.items():
        if value not in VALUES:
            problems.append(Problem(Part.ANSWER, slug, "Choose one of the options"))
    clean_notes: dict[str, str] = {}
    for item in page.items:
        try:
            clean_notes[item.slug] = clean_text(notes.get(item.slug, ""), NOTE_LENGTH)
        except InvalidText:
            problems.append(
                Problem(
                    Part.NOTE,
                    item.slug,
                    f"Evidence for {item.title} must be {NOTE_LENGTH:,} characters or fewer",
                )
            )
    return PageEntry(kept, clean_notes, tuple(problems))
