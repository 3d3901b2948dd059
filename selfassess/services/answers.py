"""Raw answers of a round for export: one row per submitted answer, no names of people."""

from __future__ import annotations

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import SUBMITTED, Answer, Partner, Response, Round
from selfassess.policy import Actor, can_read_answers
from selfassess.services import NotFound

HEADER = ("partner", "respondent", "statement", "answer", "evidence")


def answer_rows(actor: Actor, round_id: int) -> list[tuple[str, str, str, str, str]]:
    """Submitted answers as (partner, respondent id, statement, value, evidence).

    The respondent is an opaque id (``r`` + response number), never a name or e-mail; the
    rows re-import with import-responses. Advisors and board members may not have them (the
    command line acts as ``SYSTEM``).
    """
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can_read_answers(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    rows = db.session.execute(
        select(Partner.name, Response.pk, Answer.statement, Answer.value, Answer.evidence)
        .join(Response, Answer.response_id == Response.pk)
        .join(Partner, Response.partner_id == Partner.pk)
        .where(Response.round_id == round_id, Response.status == SUBMITTED)
        .order_by(Partner.name, Response.pk, Answer.pk)
    ).all()
    return [
        (partner, f"r{response}", statement, value, evidence or "")
        for partner, response, statement, value, evidence in rows
    ]
