"""What a respondent sees of their response: one light read per page view.

Kept apart from :mod:`selfassess.services.responses` (which writes) so page views stay
cheap: three small queries, no ORM objects, no lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from selfassess import clock
from selfassess.domain import Questionnaire, lifecycle
from selfassess.extensions import db
from selfassess.models import (
    DRAFT,
    SUBMITTED,
    Answer,
    ItemNote,
    Partner,
    QuestionnaireVersion,
    Response,
    Round,
    Trust,
)
from selfassess.policy import Actor
from selfassess.services import NotFound
from selfassess.services.questionnaires import version_snapshot


@dataclass(frozen=True)
class ResponseView:
    """A response as a respondent sees it."""

    response_id: int
    round_id: int
    round_name: str
    round_open: bool
    closes_on: dt.date | None
    trust_name: str
    partner_name: str
    status: str
    revision: int
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    questionnaire: Questionnaire
    answers: Mapping[str, str]
    notes: Mapping[str, str]
    # Set when the trust lead reopened the response, with the reason they gave.
    reopen_reason: str | None = None
    reopened_at: dt.datetime | None = None
    # Opened from the last round's answers (docs/scoring.md §10): this person's answers and
    # notes there, shown pre-selected until saved; they count only once saved.
    carried: Mapping[str, str] = field(default_factory=dict)
    carried_notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def editable(self) -> bool:
        return self.round_open and self.status == DRAFT


# Everything a page view needs about a response and its round, read by name in one query.
_ROW = (
    Response.user_id,
    Response.status,
    Response.revision,
    Response.updated_at,
    Response.submitted_at,
    Response.reopen_reason,
    Response.reopened_at,
    Round.pk.label("round_id"),
    Round.name.label("round_name"),
    Round.status.label("round_status"),
    Round.closes_on,
    Round.trust_id,
    Round.carried_from_id,
    Round.questionnaire_version_id,
    QuestionnaireVersion.version,
    Trust.name.label("trust_name"),
    Partner.name.label("partner_name"),
)


def _response_row(response_id: int) -> Any:
    return db.session.execute(
        select(*_ROW)
        .join(Round, Response.round_id == Round.pk)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.pk)
        .join(Partner, Response.partner_id == Partner.pk)
        .join(Trust, Partner.trust_id == Trust.pk)
        .where(Response.pk == response_id)
    ).first()


def load_response(actor: Actor, response_id: int) -> ResponseView:
    """The respondent's own response with its answers and notes (three light queries:
    this runs on every page view; two more when the round carries the last one's answers)."""
    row = _response_row(response_id)
    if row is None or row.user_id != actor.user_id or row.trust_id != actor.trust_id:
        raise NotFound(f"no response {response_id}")
    answers = db.session.execute(
        select(Answer.statement, Answer.value).where(Answer.response_id == response_id)
    ).all()
    notes = db.session.execute(
        select(ItemNote.item, ItemNote.text).where(ItemNote.response_id == response_id)
    ).all()
    carried = row.carried_from_id
    carried_answers, carried_notes = last_answers(carried, actor.user_id) if carried else ({}, {})
    return ResponseView(
        response_id=response_id,
        round_id=row.round_id,
        round_name=row.round_name,
        round_open=lifecycle.is_open(row.round_status, row.closes_on, clock.uk_today()),
        closes_on=row.closes_on,
        trust_name=row.trust_name,
        partner_name=row.partner_name,
        status=row.status,
        revision=row.revision,
        updated_at=row.updated_at,
        submitted_at=row.submitted_at,
        questionnaire=version_snapshot(row.questionnaire_version_id, row.version),
        answers=dict(answers),
        notes=dict(notes),
        reopen_reason=row.reopen_reason,
        reopened_at=row.reopened_at,
        carried=carried_answers,
        carried_notes=carried_notes,
    )


def last_answers(round_id: int, user_id: int) -> tuple[dict[str, str], dict[str, str]]:
    """A person's submitted answers and notes in a round (what a carried round starts from)."""
    mine = select(Response.pk).where(
        Response.round_id == round_id, Response.user_id == user_id, Response.status == SUBMITTED
    )
    answers = db.session.execute(
        select(Answer.statement, Answer.value).where(Answer.response_id.in_(mine))
    ).all()
    notes = db.session.execute(
        select(ItemNote.item, ItemNote.text).where(ItemNote.response_id.in_(mine))
    ).all()
    return dict(answers), dict(notes)
