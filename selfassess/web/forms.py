"""Reading posted forms into plain values for the services (one place for field names)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from selfassess.domain.pages import Page

ACTIONS = ("continue", "previous", "draft", "review")


@dataclass(frozen=True)
class PagePost:
    """What a questionnaire page sent: answers, notes, revision and the button pressed."""

    answers: dict[str, str]
    notes: dict[str, str]
    revision: int
    action: str


def answer_field(statement: str) -> str:
    return f"answer-{statement}"


def note_field(item: str) -> str:
    return f"note-{item}"


def read_page(form: Mapping[str, str], page: Page) -> PagePost:
    """The page's fields only; anything else in the form is ignored."""
    answers = {
        slug: form[answer_field(slug)]
        for slug in page.statement_slugs
        if form.get(answer_field(slug))
    }
    notes = {item.slug: form.get(note_field(item.slug), "") for item in page.items}
    revision_text = form.get("revision", "")
    revision = int(revision_text) if revision_text.isdigit() else -1
    action = form.get("action", "continue")
    return PagePost(answers, notes, revision, action if action in ACTIONS else "continue")
