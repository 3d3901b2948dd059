"""Advisor validation ("confirm and challenge", docs/scoring.md §8): verdicts, the validated
level beside the self-assessed shown trust score, the difference between them, the counts
of items agreed and challenged, and the checking of what an advisor typed.

Validation never changes a self-assessed figure: it is only ever shown beside one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class CheckedEntry:
    verdict: str
    level: int
    note: str
    revision: int


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


def check_entry(entry: Entry) -> tuple[CheckedEntry | None, dict[str, str]]:
    """The entry cleaned, or the problems by field ("verdict", "level", "note")."""
    errors: dict[str, str] = {}
    if entry.verdict not in VERDICTS:
        errors["verdict"] = "Choose agree or challenge"
    level = int(entry.level) if entry.level in ("1", "2", "3", "4") else None
    if level is None:
        errors["level"] = "Choose a validated level from 1 to 4"
    try:
        note = clean_text(entry.note, NOTE_LENGTH)
    except InvalidText:
        errors["note"] = f"The note must be {NOTE_LENGTH:,} characters or fewer"
        note = ""
    if entry.verdict == CHALLENGE and not note and "note" not in errors:
        errors["note"] = "Say why you challenge the self-assessment"
    if errors or level is None:
        return None, errors
    return CheckedEntry(entry.verdict, level, note, entry.revision), {}
