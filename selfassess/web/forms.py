"""Reading posted forms into plain values for the services (one place for field names)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from selfassess.domain.pages import Page

ACTIONS = ("continue", "previous", "draft", "review")
# Ids and revisions fit a signed 64-bit column; longer digit strings are not ours.
MAX_DIGITS = 18


def whole_number(text: object) -> int | None:
    """A posted whole number, or None for anything else: ASCII digits only (``"³"`` and
    ``"٣"`` pass ``str.isdigit``), at most 18 of them (no 5,000-digit ``int()``)."""
    if not isinstance(text, str) or not 0 < len(text) <= MAX_DIGITS:
        return None
    return int(text) if text.isascii() and text.isdigit() else None


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
    revision = whole_number(form.get("revision", ""))
    action = form.get("action", "continue")
    return PagePost(
        answers,
        notes,
        -1 if revision is None else revision,
        action if action in ACTIONS else "continue",
    )
