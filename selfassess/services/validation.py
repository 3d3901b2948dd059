"""Advisor validation of a round ("confirm and challenge", docs/scoring.md §8): the page an
assigned advisor fills in, saving it conflict-safely, and the trust lead's answers.

Each item's validation has a revision. A save names the revision the advisor's page showed;
an item whose stored revision moved on since (another tab, another advisor) is a conflict and
nothing of the save is stored. Rows are locked (``FOR UPDATE`` on PostgreSQL; SQLite's
writing transaction holds the lock) and each update is conditional on the revision read, so
two simultaneous saves give one success and one conflict, never a lost update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError

from selfassess.domain.results import RoundResults
from selfassess.domain.text import InvalidText, clean_text
from selfassess.domain.validation import (
    ANSWER_LENGTH,
    CHALLENGE,
    CheckedEntry,
    Entry,
    ValidationView,
    blank,
    check_entry,
)
from selfassess.extensions import db
from selfassess.models import SUBMITTED, Response, Round, utcnow
from selfassess.models.validation import Validation
from selfassess.policy import Actor, can_answer_challenge, can_validate
from selfassess.services import Invalid, NotFound, ServiceError, audit
from selfassess.services.questionnaires import snapshot_of
from selfassess.services.results import round_results
from selfassess.services.transactions import changed, writes

NO_SUBMISSIONS = "No response has been submitted in this round yet, so there is nothing to validate"


class ValidationConflict(ServiceError):
    """Validations changed since the page was loaded; nothing was saved. ``revisions`` are
    the current ones, so the page can come back with what was typed, ready to save again."""

    def __init__(self, message: str, revisions: dict[str, int]) -> None:
        super().__init__(message)
        self.revisions = revisions


@dataclass(frozen=True)
class ValidationPage:
    """What the validation page shows: the self-assessed figures and the validations."""

    round_id: int
    results: RoundResults
    validations: Mapping[str, ValidationView]
    submitted: bool


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC)


def _view(row: Validation) -> ValidationView:
    return ValidationView(
        item=row.item,
        verdict=row.verdict,
        level=row.level,
        note=row.note,
        advisor=row.advisor_name,
        at=row.validated_at.replace(tzinfo=dt.UTC),
        revision=row.revision,
        answer=row.answer,
        answered_at=_aware(row.answered_at),
    )


def load_validations(round_id: int) -> dict[str, ValidationView]:
    """A round's validations by item (callers have checked who may read them)."""
    rows = db.session.scalars(select(Validation).where(Validation.round_id == round_id))
    return {row.item: _view(row) for row in rows}


def validation_counts(round_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(items agreed, items challenged) per round, for the comparison: one query."""
    found: dict[int, tuple[int, int]] = {}
    rows = db.session.execute(
        select(Validation.round_id, Validation.verdict).where(Validation.round_id.in_(round_ids))
    )
    for round_id, verdict in rows:
        agreed, challenged = found.get(round_id, (0, 0))
        found[round_id] = (
            (agreed, challenged + 1) if verdict == CHALLENGE else (agreed + 1, challenged)
        )
    return found


def _has_submissions(round_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(exists().where(Response.round_id == round_id, Response.status == SUBMITTED))
        )
    )


def _validated_round(actor: Actor, round_id: int) -> Round:
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can_validate(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    return round_


def validation_page(actor: Actor, round_id: int) -> ValidationPage:
    """The page of an advisor assigned to the round's trust (NotFound for anyone else).
    It carries trust figures only: never a respondent's answers or notes."""
    _validated_round(actor, round_id)
    return ValidationPage(
        round_id, round_results(round_id), load_validations(round_id), _has_submissions(round_id)
    )


def check_entries(
    entries: Mapping[str, Entry], items: set[str]
) -> tuple[dict[str, CheckedEntry], dict[str, str]]:
    """The typed items of the questionnaire, checked: (entries, errors by field name).
    Items left blank are left unvalidated; unknown items are dropped."""
    checked: dict[str, CheckedEntry] = {}
    errors: dict[str, str] = {}
    for item, entry in entries.items():
        if item not in items or blank(entry):
            continue
        clean, problems = check_entry(entry)
        errors.update({f"{name}-{item}": text for name, text in problems.items()})
        if clean is not None:
            checked[item] = clean
    return checked, errors


def _same(row: Validation | None, entry: CheckedEntry) -> bool:
    return row is not None and (row.verdict, row.level, row.note) == (
        entry.verdict,
        entry.level,
        entry.note,
    )


@writes
def save_validations(actor: Actor, round_id: int, entries: Mapping[str, Entry]) -> list[str]:
    """Store the typed validations in one transaction; returns the items that changed.

    :raises ValidationConflict: an item changed since the revision the page showed.
    :raises Invalid: bad input, or no submitted response to validate.
    """
    round_ = _validated_round(actor, round_id)
    if not _has_submissions(round_id):
        raise Invalid(NO_SUBMISSIONS)
    items = {i.slug for i in snapshot_of(round_.questionnaire_version).items}
    checked, errors = check_entries(entries, items)
    if errors:
        raise Invalid("check the highlighted validations", list(errors.values()))
    stored = {
        row.item: row
        for row in db.session.scalars(
            select(Validation)
            .where(Validation.round_id == round_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    revisions = {item: row.revision for item, row in stored.items()}
    changed = {i: e for i, e in checked.items() if not _same(stored.get(i), e)}
    if any(e.revision != revisions.get(i, 0) for i, e in changed.items()):
        raise ValidationConflict("Another advisor or tab saved some of these items", revisions)
    for item, entry in changed.items():
        _store(actor, round_id, item, entry, stored.get(item), revisions)
    if changed:
        detail = "; ".join(f"{i}: {e.verdict} {e.level}" for i, e in sorted(changed.items()))
        audit.record("validation_saved", actor, target=f"round {round_id}", detail=detail)
    try:
        db.session.commit()
    except IntegrityError as exc:  # a first validation of the item inserted meanwhile
        db.session.rollback()
        raise ValidationConflict("Another advisor saved these items at the same time", {}) from exc
    return sorted(changed)


def _store(
    actor: Actor,
    round_id: int,
    item: str,
    entry: CheckedEntry,
    row: Validation | None,
    revisions: dict[str, int],
) -> None:
    values = {
        "verdict": entry.verdict,
        "level": entry.level,
        "note": entry.note,
        "advisor_id": actor.user_id,
        "advisor_name": actor.name,
        "validated_at": utcnow(),
    }
    if row is None:
        db.session.add(Validation(round_id=round_id, item=item, revision=1, **values))
        return
    # Conditional on the revision read: 0 rows means someone else got there first.
    taken = changed(
        update(Validation)
        .where(Validation.pk == row.pk, Validation.revision == row.revision)
        .values(revision=row.revision + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if taken != 1:
        db.session.rollback()
        raise ValidationConflict("Another advisor or tab saved some of these items", revisions)


def check_answerable(actor: Actor, round_id: int) -> Round:
    """The round, when ``actor`` may answer its challenges; NotFound otherwise."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can_answer_challenge(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    return round_


@writes
def answer_challenge(actor: Actor, round_id: int, item: str, text: str) -> None:
    """The trust lead's answer to an advisor's challenge of one item.

    :raises Invalid: the item is not challenged, or the answer is empty or too long.
    """
    round_ = check_answerable(actor, round_id)
    if item not in {i.slug for i in snapshot_of(round_.questionnaire_version).items}:
        raise Invalid("This item has not been challenged")  # never a query with a stray value
    row = db.session.scalars(
        select(Validation)
        .where(Validation.round_id == round_id, Validation.item == item)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if row is None or row.verdict != CHALLENGE:
        raise Invalid("This item has not been challenged")
    try:
        text = clean_text(text, ANSWER_LENGTH)
    except InvalidText as exc:
        raise Invalid(f"The answer {exc}") from exc
    if not text:
        raise Invalid("Write the trust's answer to the challenge")
    row.answer, row.answered_by, row.answered_at = text, actor.user_id, utcnow()
    audit.record("challenge_answered", actor, target=f"round {round_id}", detail=item)
    db.session.commit()
