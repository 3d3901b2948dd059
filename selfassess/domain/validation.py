"""Advisor validation ("confirm and challenge", docs/scoring.md §8): verdicts, the validated
level beside the self-assessed shown trust score, the difference between them, the counts
of items agreed and challenged, and the checking of what an advisor typed.

Validation never changes a self-assessed figure: it is only ever shown beside one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from selfassess.domain.priorities import shown_difference
from selfassess.domain.results import RoundResults
from selfassess.domain.rounding import shown
from selfassess.domain.scoring import Score
from selfassess.domain.text import InvalidText, clean_text

AGREE: Final = "agree"
CHALLENGE: Final = "challenge"
VERDICTS: Final = (AGREE, CHALLENGE)
VERDICT_WORDS: Final = {AGREE: "Agree", CHALLENGE: "Challenge"}
LEVELS: Final = (1, 2, 3, 4)
NOTE_LENGTH: Final = 4_000
ANSWER_LENGTH: Final = 4_000


@dataclass(frozen=True)
class ValidationView:
    """An advisor's verdict on one item, and the lead's answer when it is a challenge.
    ``at`` and ``answered_at`` are aware UTC datetimes."""

    item: str
    verdict: str
    level: int
    note: str
    advisor: str
    at: dt.datetime
    revision: int = 1
    answer: str | None = None
    answered_at: dt.datetime | None = None
    # The shown trust score the verdict was given against (§8); None for older verdicts.
    given_against: float | None = None

    def stale(self, score: Score) -> bool:
        """The shown score moved since the verdict was given (the round was reopened): it
        is kept, marked "given when the score was X", until the advisor confirms it."""
        return self.given_against is not None and shown(score) != self.given_against


@dataclass(frozen=True)
class ValidatedItem:
    """One item as the board reads it: self-assessed shown T(i), the validated level and
    validated − shown T(i) (undefined when the trust has no score for the item)."""

    item: str
    title: str
    self_assessed: Score
    validation: ValidationView

    @property
    def difference(self) -> Score:
        return difference(self.validation.level, self.self_assessed)


@dataclass(frozen=True)
class Entry:
    """What an advisor typed for one item, unchecked: the revision their page showed (0 for
    an item not validated yet)."""

    verdict: str
    level: str
    note: str
    revision: int
    score: str = ""  # the shown trust score the page showed beside it (§8)


@dataclass(frozen=True)
class CheckedEntry:
    verdict: str
    level: int
    note: str
    revision: int
    given_against: float | None = None


def shown_score(text: str) -> float | None:
    """A shown score as the page sent it (1.0-4.0, one decimal), else None."""
    if not re.fullmatch(r"[1-4]\.[0-9]", text):
        return None
    value = float(text)
    return value if 1.0 <= value <= 4.0 else None


def difference(level: int, score: Score) -> Score:
    """Validated level − shown T(i), from the shown score (§4): 3 against 2.46 is 0.5."""
    trust_shown = shown(score)
    return None if trust_shown is None else shown_difference(level, trust_shown)


def counts(validations: Iterable[ValidationView]) -> tuple[int, int]:
    """(items agreed, items challenged)."""
    verdicts = [v.verdict for v in validations]
    return verdicts.count(AGREE), verdicts.count(CHALLENGE)


def validated_items(
    results: RoundResults, validations: Mapping[str, ValidationView]
) -> list[ValidatedItem]:
    """The validated items in questionnaire order, each beside its self-assessed score."""
    trust = results.scores.trust.items
    return [
        ValidatedItem(i.slug, i.title, trust.get(i.slug), validations[i.slug])
        for i in results.questionnaire.items
        if i.slug in validations
    ]


def challenged(
    results: RoundResults, validations: Mapping[str, ValidationView]
) -> list[ValidatedItem]:
    return [v for v in validated_items(results, validations) if v.validation.verdict == CHALLENGE]


def blank(entry: Entry) -> bool:
    """Nothing typed for the item: it is left unvalidated."""
    return not (entry.verdict or entry.level or entry.note.strip())


class Part(StrEnum):
    """What a problem with an advisor's entry concerns."""

    VERDICT = "verdict"
    LEVEL = "level"
    NOTE = "note"


@dataclass(frozen=True)
class ItemProblem:
    """One thing to correct in an item's validation, keyed by item slug (not field name)."""

    item: str
    part: Part
    text: str


@dataclass(frozen=True)
class CheckedValidations:
    """A validation page's input as it may be stored, and the problems that stop it."""

    entries: Mapping[str, CheckedEntry]
    problems: tuple[ItemProblem, ...] = ()


def check_entry(entry: Entry) -> tuple[CheckedEntry | None, dict[Part, str]]:
    """The entry cleaned, or the problems by part (verdict, level, note)."""
    errors: dict[Part, str] = {}
    if entry.verdict not in VERDICTS:
        errors[Part.VERDICT] = "Choose agree or challenge"
    level = int(entry.level) if entry.level in ("1", "2", "3", "4") else None
    if level is None:
        errors[Part.LEVEL] = "Choose a validated level from 1 to 4"
    try:
        note = clean_text(entry.note, NOTE_LENGTH)
    except InvalidText:
        errors[Part.NOTE] = f"The note must be {NOTE_LENGTH:,} characters or fewer"
        note = ""
    if entry.verdict == CHALLENGE and not note and Part.NOTE not in errors:
        errors[Part.NOTE] = "Say why you challenge the self-assessment"
    if errors or level is None:
        return None, errors
    return CheckedEntry(entry.verdict, level, note, entry.revision, shown_score(entry.score)), {}


def check_validations(entries: Mapping[str, Entry], items: Iterable[str]) -> CheckedValidations:
    """The typed items of the questionnaire, checked all at once (in questionnaire order, so
    the problems list in page order). Items left blank stay unvalidated; anything posted for
    an item the questionnaire does not have is dropped."""
    checked: dict[str, CheckedEntry] = {}
    problems: list[ItemProblem] = []
    for item in items:
        entry = entries.get(item)
        if entry is None or blank(entry):
            continue
        clean, errors = check_entry(entry)
        problems.extend(ItemProblem(item, part, text) for part, text in errors.items())
        if clean is not None:
            checked[item] = clean
    return CheckedValidations(checked, tuple(problems))
