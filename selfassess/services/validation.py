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
from sqlalchemy.orm import joinedload

from selfassess.domain.results import RoundResults
from selfassess.domain.text import InvalidText, clean_text
from selfassess.domain.validation import (
    ANSWER_LENGTH,
    CHALLENGE,
    CheckedEntry,
    Entry,
    ItemProblem,
    ValidationView,
    check_validations,
)
from selfassess.extensions import db
from selfassess.models import SUBMITTED, Response, Round, utcnow
from selfassess.models.validation import Validation
from selfassess.policy import Actor, can_answer_challenge, can_validate
from selfassess.services import Invalid, NotFound, audit
from selfassess.services.outcomes import Closed, Conflict, Rejected, Saved
from selfassess.services.questionnaires import snapshot_of
from selfassess.services.results import round_results
from selfassess.services.rounds import round_open
from selfassess.services.transactions import changed, writes

NOT_YET = "Validation opens when the round closes: until then its figures can still change"
NO_SUBMISSIONS = "No response has been submitted in this round yet, so there is nothing to validate"


@dataclass(frozen=True)
class ValidationPage:
    """What the validation page shows: the self-assessed figures and the validations."""

    round_id: int
    results: RoundResults
    validations: Mapping[str, ValidationView]
    submitted: bool
    # §8: a round is validated once it has closed and its figures are final.
    round_open: bool = False


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
        given_against=row.given_against,
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
    round_ = db.session.scalars(
        select(Round).where(Round.pk == round_id).options(joinedload(Round.questionnaire_version))
    ).first()
    if round_ is None or not can_validate(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    return round_


def validation_page(actor: Actor, round_id: int) -> ValidationPage:
    """The page of an advisor assigned to the round's trust (NotFound for anyone else).
    It carries trust figures only: never a respondent's answers or notes."""
    round_ = _validated_round(actor, round_id)
    return ValidationPage(
        round_id,
        round_results(round_id),
        load_validations(round_id),
        _has_submissions(round_id),
        round_open(round_),
    )


def _same(row: Validation | None, entry: CheckedEntry) -> bool:
    # Saving the same verdict against a moved score confirms it (§8): that is a change.
    return row is not None and (row.verdict, row.level, row.note, row.given_against) == (
        entry.verdict,
        entry.level,
        entry.note,
        entry.given_against,
    )


ELSEWHERE = "Another advisor or tab saved some of these items"
SaveOutcome = (
    Saved
    | Rejected[ItemProblem, ValidationPage]
    | Conflict[ValidationPage]
    | Closed[ValidationPage]
)


@writes
def save_validations(actor: Actor, round_id: int, entries: Mapping[str, Entry]) -> SaveOutcome:
    """Check and store the typed validations in one transaction: the one call behind a
    validation page post. The items come from the round's questionnaire version (nothing is
    scored unless the page has to be shown again). Saved names the items that changed.

    :raises NotFound: no such round, or the actor is not its trust's advisor.
    """
    round_ = _validated_round(actor, round_id)
    if round_open(round_):
        return _not_saved(Closed, actor, round_id, NOT_YET)
    if not _has_submissions(round_id):
        return _not_saved(Closed, actor, round_id, NO_SUBMISSIONS)
    items = [i.slug for i in snapshot_of(round_.questionnaire_version).items]
    checked = check_validations(entries, items)
    if checked.problems:
        db.session.rollback()
        return Rejected(checked.problems, validation_page(actor, round_id))
    stored = {
        row.item: row
        for row in db.session.scalars(
            select(Validation)
            .where(Validation.round_id == round_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    changes = {i: e for i, e in checked.entries.items() if not _same(stored.get(i), e)}
    if any(e.revision != _revision(stored.get(i)) for i, e in changes.items()):
        return _not_saved(Conflict, actor, round_id, ELSEWHERE)
    if not all(_store(actor, round_id, i, e, stored.get(i)) for i, e in changes.items()):
        return _not_saved(Conflict, actor, round_id, ELSEWHERE)
    if changes:
        detail = "; ".join(f"{i}: {e.verdict} {e.level}" for i, e in sorted(changes.items()))
        audit.record("validation_saved", actor, target=f"round {round_id}", detail=detail)
    try:
        db.session.commit()
    except IntegrityError:  # a first validation of the item inserted meanwhile
        return _not_saved(Conflict, actor, round_id, "Another advisor saved these items at once")
    return Saved(tuple(sorted(changes)))


def _revision(row: Validation | None) -> int:
    return 0 if row is None else row.revision


def _not_saved(
    outcome: type[Conflict[ValidationPage]] | type[Closed[ValidationPage]],
    actor: Actor,
    round_id: int,
    message: str,
) -> Conflict[ValidationPage] | Closed[ValidationPage]:
    """Nothing is stored: the page as it is stored now, to show beside what was typed."""
    db.session.rollback()
    return outcome(message, validation_page(actor, round_id))


def _store(
    actor: Actor, round_id: int, item: str, entry: CheckedEntry, row: Validation | None
) -> bool:
    """Write one item; False when someone else changed it since it was read."""
    values = {
        "verdict": entry.verdict,
        "level": entry.level,
        "note": entry.note,
        "given_against": entry.given_against,
        "advisor_id": actor.user_id,
        "advisor_name": actor.name,
        "validated_at": utcnow(),
    }
    if row is None:
        db.session.add(Validation(round_id=round_id, item=item, revision=1, **values))
        return True
    # Conditional on the revision read: 0 rows means someone else got there first.
    return (
        changed(
            update(Validation)
            .where(Validation.pk == row.pk, Validation.revision == row.revision)
            .values(revision=row.revision + 1, **values)
            .execution_options(synchronize_session=False)
        )
        == 1
    )


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
