"""Retention (UK GDPR Art. 5(1)(e), storage limitation): what is kept how long, and the run
that enforces it. Answers and notes of a round closed longer ago than the period are
anonymised, never deleted: the answer values stay (so tallies, scores, sign-offs, actions,
validation and agreed levels never change), the person is detached and the notes are blanked.
Sign-in sessions and audit records older than their periods are deleted. Every run that
changes anything is audited; a dry run changes nothing and says what it would do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import ColumnElement, Select, delete, func, select, update

from selfassess import clock
from selfassess.extensions import db
from selfassess.models import Answer, ItemNote, Response, Round
from selfassess.models.accounts import UserSession
from selfassess.models.audit import AuditEvent
from selfassess.policy import Actor, is_admin
from selfassess.services import Forbidden, audit
from selfassess.services.rounds import round_open
from selfassess.services.transactions import changed, writes

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class RetentionReport:
    """What a run did (or, dry, would do)."""

    responses_anonymised: int
    notes_blanked: int
    sessions_deleted: int
    audit_deleted: int
    dry_run: bool


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time ``months`` calendar months earlier (the last day of a shorter
    month when the day does not exist there)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month + 1, day=day)
        except ValueError:
            day -= 1


def _expired_rounds(cutoff: dt.datetime) -> list[int]:
    """Rounds closed (by hand or by their date) before ``cutoff``."""
    found = []
    for round_ in db.session.scalars(select(Round)):
        if round_open(round_):
            continue
        closed = round_.closed_at or (
            dt.datetime.combine(round_.closes_on, dt.time.max) if round_.closes_on else None
        )
        if closed is not None and closed < cutoff:
            found.append(round_.pk)
    return found


@writes
def run_retention(actor: Actor, dry_run: bool = False) -> RetentionReport:
    """Enforce the configured periods (administrators and the command line only).

    :raises Forbidden: for anyone else.
    """
    if not is_admin(actor):
        raise Forbidden("administrators only")
    now = clock.utcnow()
    settings = current_app.config
    rounds = _expired_rounds(months_before(now, settings["RETENTION_ANSWERS_MONTHS"]))
    personal = (Response.round_id.in_(rounds)) & (
        Response.user_id.is_not(None) | ~Response.respondent.startswith(ANONYMOUS)
    )
    responses = select(Response.pk).where(Response.round_id.in_(rounds))
    notes = (ItemNote.response_id.in_(responses)) & (ItemNote.text != "")
    sessions = UserSession.last_seen_at < months_before(now, settings["RETENTION_SIGN_IN_MONTHS"])
    events = AuditEvent.at < months_before(now, settings["RETENTION_AUDIT_MONTHS"])
    counts = [
        db.session.scalar(select(func.count()).select_from(Response).where(personal)) or 0,
        db.session.scalar(select(func.count()).select_from(ItemNote).where(notes)) or 0,
        db.session.scalar(select(func.count()).select_from(UserSession).where(sessions)) or 0,
        db.session.scalar(select(func.count()).select_from(AuditEvent).where(events)) or 0,
    ]
    if not dry_run and any(counts):
        _anonymise(personal, notes, responses)
        changed(delete(UserSession).where(sessions).execution_options(synchronize_session=False))
        changed(delete(AuditEvent).where(events).execution_options(synchronize_session=False))
        detail = "responses {}, notes {}, sessions {}, audit records {}".format(*counts)
        audit.record("retention_run", actor, detail=detail)
        db.session.commit()
    return RetentionReport(counts[0], counts[1], counts[2], counts[3], dry_run)


def _anonymise(
    personal: ColumnElement[bool], notes: ColumnElement[bool], responses: Select[int]
) -> None:
    changed(
        update(Response)
        .where(personal)
        .values(user_id=None, respondent=ANONYMOUS + "-" + func.cast(Response.pk, db.String))
        .execution_options(synchronize_session=False)
    )
    changed(
        update(ItemNote).where(notes).values(text="").execution_options(synchronize_session=False)
    )
    changed(
        update(Answer)
        .where(Answer.response_id.in_(responses), Answer.evidence.is_not(None))
        .values(evidence=None)
        .execution_options(synchronize_session=False)
    )
