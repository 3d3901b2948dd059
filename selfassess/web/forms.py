"""Reading posted forms into plain values for the services (one place for field names)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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


def page_field(part: str, slug: str) -> str:
    """The form field of a problem's part (``answer`` or ``note``) and slug."""
    return f"{part}-{slug}"


def read_page(form: Mapping[str, str]) -> PagePost:
    """A questionnaire page's answers and notes, by slug; the service keeps only those of
    the page (so the view need not know the page before its one service call)."""
    answers = {
        key.removeprefix("answer-"): value
        for key, value in form.items()
        if key.startswith("answer-") and value
    }
    notes = {
        key.removeprefix("note-"): value for key, value in form.items() if key.startswith("note-")
    }
    revision = whole_number(form.get("revision", ""))
    action = form.get("action", "continue")
    return PagePost(
        answers,
        notes,
        -1 if revision is None else revision,
        action if action in ACTIONS else "continue",
    )
