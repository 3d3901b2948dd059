"""A respondent's dashboard: their rounds, with progress and closing dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from selfassess.domain.pages import minutes_to_answer
from selfassess.extensions import db
from selfassess.models import Answer, QuestionnaireVersion, Response, Round
from selfassess.policy import Actor
from selfassess.services.questionnaires import snapshot_of
from selfassess.services.rounds import round_open


@dataclass(frozen=True)
class Assignment:
    """A round a respondent takes part in, with their progress (dashboard line)."""

    round_id: int
    round_name: str
    questionnaire_title: str
    closes_on: dt.date | None
    round_open: bool
    response_id: int | None
    status: str | None
    answered: int
    total: int
    minutes: int  # about how long the whole questionnaire takes
    # Set when the trust lead reopened the response, with the reason they gave.
    reopen_reason: str | None = None


def assignments(actor: Actor) -> list[Assignment]:
    """The respondent's rounds: every open round of their trust, and past ones they answered."""
    rows = db.session.execute(
        select(Round, QuestionnaireVersion.title)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.pk)
        .where(Round.trust_id == actor.trust_id)
        .order_by(Round.opens_on.desc(), Round.pk.desc())
    ).all()
    mine = {
        r.round_id: r
        for r in db.session.scalars(select(Response).where(Response.user_id == actor.user_id))
    }
    counts = dict(
        db.session.execute(
            select(Answer.response_id, func.count())
            .where(Answer.response_id.in_([r.pk for r in mine.values()]))
            .group_by(Answer.response_id)
        ).all()
    )
    result = []
    for round_, title in rows:
        response = mine.get(round_.pk)
        is_open = round_open(round_)
        if not is_open and response is None:
            continue
        content = snapshot_of(round_.questionnaire_version)
        total = sum(1 for _ in content.statements())
        result.append(
            Assignment(
                round_.pk,
                round_.name,
                title,
                round_.closes_on,
                is_open,
                response.pk if response else None,
                response.status if response else None,
                counts.get(response.pk, 0) if response else 0,
                total,
                minutes_to_answer(content),
                response.reopen_reason if response else None,
            )
        )
    return result
