"""What a respondent sees of their response: one light read per page view.

Kept apart from :mod:`selfassess.services.responses` (which writes) so page views stay
cheap: three small queries, no ORM objects, no lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from selfassess import clock
from selfassess.domain import Questionnaire, lifecycle
from selfassess.extensions import db
from selfassess.models import (
    DRAFT,
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

    @property
    def editable(self) -> bool:
        return self.round_open and self.status == DRAFT


class _ResponseRow(NamedTuple):
    """One response with its round, version, trust and partner, read by name."""

    user_id: int | None
    status: str
    revision: int
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    round_id: int
    round_name: str
    round_status: str
    closes_on: dt.date | None
    trust_id: int
    version_id: int
    version: str
    trust_name: str
    partner_name: str
    reopen_reason: str | None
    reopened_at: dt.datetime | None


def _response_row(response_id: int) -> _ResponseRow | None:
    """Everything a page view needs about a response and its round, in one query."""
    row = db.session.execute(
        select(
            Response.user_id,
            Response.status,
            Response.revision,
            Response.updated_at,
            Response.submitted_at,
            Round.pk,
            Round.name,
            Round.status,
            Round.closes_on,
            Round.trust_id,
            Round.questionnaire_version_id,
            QuestionnaireVersion.version,
            Trust.name,
            Partner.name,
            Response.reopen_reason,
            Response.reopened_at,
        )
        .join(Round, Response.round_id == Round.pk)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.pk)
        .join(Partner, Response.partner_id == Partner.pk)
        .join(Trust, Partner.trust_id == Trust.pk)
        .where(Response.pk == response_id)
    ).first()
    return None if row is None else _ResponseRow._make(row)


def load_response(actor: Actor, response_id: int) -> ResponseView:
    """The respondent's own response with its answers and notes (three light queries:
    this runs on every page view)."""
    row = _response_row(response_id)
    if row is None or row.user_id != actor.user_id or row.trust_id != actor.trust_id:
        raise NotFound(f"no response {response_id}")
    answers = db.session.execute(
        select(Answer.statement, Answer.value).where(Answer.response_id == response_id)
    ).all()
    notes = db.session.execute(
        select(ItemNote.item, ItemNote.text).where(ItemNote.response_id == response_id)
    ).all()
    return ResponseView(
        response_id,
        row.round_id,
        row.round_name,
        lifecycle.is_open(row.round_status, row.closes_on, clock.uk_today()),
        row.closes_on,
        row.trust_name,
        row.partner_name,
        row.status,
        row.revision,
        row.updated_at,
        row.submitted_at,
        version_snapshot(row.version_id, row.version),
        dict(answers),
        dict(notes),
        row.reopen_reason,
        row.reopened_at,
    )
