"""A respondent's response: start, load, save a page, submit; concurrency-safe saving.

Each save is one transaction that first checks the revision the page was loaded at, so a
save from a stale page (another tab, a second window) is refused, never applied over newer
answers; the caller keeps the person's input and tells them (docs/pitfalls.md P8, P9).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from selfassess import clock
from selfassess.domain.entries import PageEntry, Problem, check_page
from selfassess.domain.pages import paginate, progress_of
from selfassess.extensions import db
from selfassess.models import (
    DRAFT,
    SUBMITTED,
    Answer,
    ItemNote,
    Response,
    Round,
    utcnow,
)
from selfassess.policy import Actor, can_answer
from selfassess.services import Invalid, NotFound, ServiceError
from selfassess.services.questionnaires import snapshot_of
from selfassess.services.response_views import ResponseView, last_answers, load_response
from selfassess.services.rounds import round_open
from selfassess.services.transactions import writes

__all__ = ["Conflict", "ResponseView", "RoundClosed", "load_response"]


class Conflict(ServiceError):
    """The response changed since the page was loaded; nothing was saved."""

    def __init__(self, message: str, current_revision: int) -> None:
        super().__init__(message)
        self.current_revision = current_revision


class RoundClosed(ServiceError):
    """The round no longer accepts answers; nothing was saved."""


def respondent_key(actor: Actor) -> str:
    """How an online respondent is named in their responses (CSV imports use free labels)."""
    return f"user-{actor.user_id}"


@writes
def start_response(actor: Actor, round_id: int) -> int:
    """The respondent's response in a round, created as a draft on first use."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or actor.partner_id is None:
        raise NotFound(f"no round {round_id}")
    if not can_answer(actor, round_.trust_id, actor.partner_id):
        raise NotFound(f"no round {round_id}")
    existing = db.session.scalars(
        select(Response).where(Response.round_id == round_id, Response.user_id == actor.user_id)
    ).first()
    if existing is not None:
        return existing.pk
    if not round_open(round_):
        raise RoundClosed(f"'{round_.name}' is closed")
    response = Response(
        round_id=round_id,
        partner_id=actor.partner_id,
        respondent=respondent_key(actor),
        user_id=actor.user_id,
        status=DRAFT,
    )
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:
        # Started at the same instant in another tab: that one's response is this one.
        db.session.rollback()
        return db.session.scalars(
            select(Response.pk).where(
                Response.round_id == round_id, Response.user_id == actor.user_id
            )
        ).one()
    return response.pk


def _owned(actor: Actor, response_id: int) -> tuple[Response, Round]:
    """A response of this respondent, locked for this writing transaction, or NotFound
    (never another person's). On PostgreSQL ``FOR UPDATE`` makes a simultaneous save wait,
    then read the revision the first one wrote (so it gets the 409, not a lost update); on
    SQLite the writing transaction already holds the lock.

    Answers, notes and the round's questionnaire come in the same round trip."""
    row = db.session.execute(
        select(Response, Round)
        .with_for_update(of=Response)
        .execution_options(populate_existing=True)
        .join(Round, Response.round_id == Round.pk)
        .options(
            selectinload(Response.answers),
            selectinload(Response.notes),
            joinedload(Round.questionnaire_version),
        )
        .where(Response.pk == response_id)
    ).first()
    if row is None or row[0].user_id != actor.user_id or row[1].trust_id != actor.trust_id:
        raise NotFound(f"no response {response_id}")
    return row[0], row[1]


class Reason(StrEnum):
    """Why a page was not saved."""

    INVALID = "invalid"  # problems with what was typed: shown on their fields
    CONFLICT = "conflict"  # changed in another window or tab since the page was loaded
    CLOSED = "closed"  # the round no longer accepts answers
    SUBMITTED = "submitted"  # the response is read-only now


@dataclass(frozen=True)
class Saved:
    """The page is stored; ``revision`` is the response's new revision."""

    revision: int
    pages: int


@dataclass(frozen=True)
class NotSaved:
    """Nothing was stored. ``view`` is the response as stored now (to show the page again
    with what was typed), ``revision`` the one to send next time."""

    view: ResponseView
    reason: Reason
    message: str
    revision: int
    problems: tuple[Problem, ...] = ()


PageOutcome = Saved | NotSaved


@writes
def save_page(
    actor: Actor,
    response_id: int,
    revision: int,
    page_number: int,
    answers: Mapping[str, str],
    notes: Mapping[str, str],
) -> PageOutcome:
    """Check and store one page's answers and notes in one transaction, under the
    response's lock: the one call behind every questionnaire page post.

    :raises NotFound: no such response of this person, or no such page.
    """
    response, round_ = _owned(actor, response_id)
    questionnaire = snapshot_of(round_.questionnaire_version)
    pages = paginate(questionnaire)
    if not 1 <= page_number <= len(pages):
        raise NotFound(f"no page {page_number}")
    entry = check_page(pages[page_number - 1], answers, notes)
    refusal = _refusal(actor, response, round_, revision, entry)
    if refusal is not None:
        reason, message = refusal
        current = response.revision
        db.session.rollback()
        view = load_response(actor, response_id)
        return NotSaved(view, reason, message, current, entry.problems)
    _store(response, entry, _carried(round_, actor))
    try:
        db.session.flush()
        saved = response.revision
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        view = load_response(actor, response_id)
        return NotSaved(view, Reason.CONFLICT, CHANGED_ELSEWHERE, view.revision)
    return Saved(saved, len(pages))


CHANGED_ELSEWHERE = "This response was changed in another window or tab"


def _refusal(
    actor: Actor, response: Response, round_: Round, revision: int, entry: PageEntry
) -> tuple[Reason, str] | None:
    if not can_answer(actor, round_.trust_id, response.partner_id):
        raise NotFound(f"no response {response.pk}")
    if not round_open(round_):
        return Reason.CLOSED, f"'{round_.name}' closed and no longer accepts answers"
    if response.status != DRAFT:
        return Reason.SUBMITTED, "This response has been submitted"
    if revision != response.revision:
        changed = clock.to_uk(response.updated_at).strftime("%H:%M UK time")
        return Reason.CONFLICT, f"{CHANGED_ELSEWHERE} at {changed}"
    if not entry.valid:
        return Reason.INVALID, "Check the highlighted answers"
    return None


def _carried(round_: Round, actor: Actor) -> Mapping[str, str]:
    """The person's answers in the round this one was carried from (none otherwise)."""
    if round_.carried_from_id is None:
        return {}
    return last_answers(round_.carried_from_id, actor.user_id)[0]


def _store(response: Response, entry: PageEntry, carried: Mapping[str, str]) -> None:
    stored = {a.statement: a for a in response.answers}
    for statement, value in entry.answers.items():
        # Kept unchanged from the last round (docs/scoring.md §10), counted per partner.
        unchanged = carried.get(statement) == value
        if statement in stored:
            stored[statement].value = value
            stored[statement].carried = unchanged
        else:
            response.answers.append(Answer(statement=statement, value=value, carried=unchanged))
    kept = {n.item: n for n in response.notes}
    for item, text in entry.notes.items():
        if text and item in kept:
            kept[item].text = text
        elif text:
            response.notes.append(ItemNote(item=item, text=text))
        elif item in kept:
            response.notes.remove(kept[item])
    response.updated_at = utcnow()
    # Always update the row, so the revision moves on, even when the clock reads the same
    # as at the last save (a frozen test clock, or two saves in one microsecond).
    flag_modified(response, "updated_at")


def _commit_or_conflict(response: Response) -> None:
    """Commit; the revision column makes the UPDATE conditional (``WHERE revision = :seen``),
    and a row count of 0 (someone else got there first) is a conflict, never a 500."""
    seen = response.revision
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise Conflict("This response was changed in another window or tab", seen + 1) from exc


def _check_writable(actor: Actor, response: Response, round_: Round, revision: int) -> None:
    if not can_answer(actor, round_.trust_id, response.partner_id):
        raise NotFound(f"no response {response.pk}")
    if not round_open(round_):
        raise RoundClosed(f"'{round_.name}' closed and no longer accepts answers")
    if response.status != DRAFT:
        raise Invalid("this response has been submitted; ask your trust lead to reopen it")
    if revision != response.revision:
        changed = clock.to_uk(response.updated_at).strftime("%H:%M UK time")
        raise Conflict(
            f"This response was changed in another window or tab at {changed}",
            response.revision,
        )


@writes
def submit_response(actor: Actor, response_id: int, revision: int) -> None:
    """Submit a complete response; it becomes read-only and counts in the results.

    :raises Invalid: listing unanswered statements.
    """
    response, round_ = _owned(actor, response_id)
    _check_writable(actor, response, round_, revision)
    questionnaire = snapshot_of(round_.questionnaire_version)
    progress = progress_of(questionnaire, {a.statement: a.value for a in response.answers})
    if not progress.complete:
        missing = progress.total - progress.answered
        raise Invalid(f"{missing} statement(s) still need an answer")
    response.status = SUBMITTED
    response.submitted_at = response.updated_at = utcnow()
    _commit_or_conflict(response)
