"""How a questionnaire is split into pages: one per section, long sections in parts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from selfassess.domain.questionnaire import Item, Questionnaire, Section

# About ten minutes of reading and rating per page; a section longer than this is split
# between items, never inside one.
MAX_STATEMENTS: Final = 16


@dataclass(frozen=True)
class Page:
    """One page of the questionnaire (pages are numbered from 1)."""

    number: int
    section: Section
    items: tuple[Item, ...]
    part: int
    parts: int

    @property
    def title(self) -> str:
        suffix = f" (part {self.part} of {self.parts})" if self.parts > 1 else ""
        return f"{self.section.title}{suffix}"

    @property
    def statement_slugs(self) -> tuple[str, ...]:
        return tuple(s.slug for i in self.items for s in i.statements)


def _chunks(items: tuple[Item, ...], limit: int) -> list[tuple[Item, ...]]:
    chunks: list[list[Item]] = [[]]
    count = 0
    for item in items:
        if chunks[-1] and count + len(item.statements) > limit:
            chunks.append([])
            count = 0
        chunks[-1].append(item)
        count += len(item.statements)
    return [tuple(c) for c in chunks]


def paginate(questionnaire: Questionnaire, limit: int = MAX_STATEMENTS) -> tuple[Page, ...]:
    """The pages of a questionnaire, in order."""
    pages: list[Page] = []
    for section in questionnaire.sections:
        total = sum(len(i.statements) for i in section.items)
        parts = _chunks(section.items, limit) if total > limit else [section.items]
        for number, items in enumerate(parts, start=1):
            pages.append(Page(len(pages) + 1, section, items, number, len(parts)))
    return tuple(pages)


@dataclass(frozen=True)
class Progress:
    """How much of a response is answered."""

    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def progress_of(questionnaire: Questionnaire, answers: Mapping[str, str]) -> Progress:
    """Answered statements (don't know and not applicable count as answers)."""
    slugs = [s.slug for _, s in questionnaire.statements()]
    return Progress(sum(1 for s in slugs if s in answers), len(slugs))


def unanswered(questionnaire: Questionnaire, answers: Mapping[str, str]) -> list[tuple[Page, str]]:
    """Each unanswered statement with the page it is on, in questionnaire order."""
    return [
        (page, slug)
        for page in paginate(questionnaire)
        for slug in page.statement_slugs
        if slug not in answers
    ]


# Reading speed of the estimate, and the time to choose an answer or skim a prompt.
WORDS_PER_MINUTE: Final = 200
SECONDS_PER_ANSWER: Final = 10


def words_to_read(questionnaire: Questionnaire) -> int:
    """The words a respondent reads on the pages: item titles, summaries, levels and the
    statements (asked, or shown as prompts)."""
    texts = [
        text
        for item in questionnaire.items
        for text in (
            item.title,
            item.summary,
            *item.descriptors.values(),
            *(s.text for s in (item.prompts or item.statements)),
        )
    ]
    return sum(len(text.split()) for text in texts)


def minutes_to_answer(questionnaire: Questionnaire) -> int:
    """About how long the questionnaire takes ("about N minutes"): reading at 200 words a
    minute plus a few seconds per answer, rounded up to whole minutes."""
    answers = sum(1 for _ in questionnaire.statements())
    seconds = words_to_read(questionnaire) * 60 / WORDS_PER_MINUTE + answers * SECONDS_PER_ANSWER
    return max(1, -(-int(seconds) // 60))
