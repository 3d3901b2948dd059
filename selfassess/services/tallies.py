"""Statement tallies of a round (docs/scoring.md §7), for everyone who may read its results."""

from __future__ import annotations

from sqlalchemy import func, select

from selfassess.domain.tallies import ValueTally, tally_grid
from selfassess.extensions import db
from selfassess.models import SUBMITTED, Answer, Partner, Response, Round
from selfassess.policy import Actor, can_read_results
from selfassess.services import NotFound
from selfassess.services.results import score_rounds


def round_tallies(actor: Actor, round_id: int) -> list[ValueTally]:
    """Submitted answers of each value per partner of the round and statement, zeros
    included: only for people who may read the round's results (leads, boards, advisors,
    administrators; the command line acts as ``SYSTEM``).

    :raises NotFound: for no such round, or one the person may not read.
    """
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can_read_results(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    results = score_rounds([round_id])[round_id]
    rows = db.session.execute(
        select(Partner.name, Answer.statement, Answer.value, func.count())
        .join(Response, Answer.response_id == Response.pk)
        .join(Partner, Response.partner_id == Partner.pk)
        .where(Response.round_id == round_id, Response.status == SUBMITTED)
        .group_by(Partner.name, Answer.statement, Answer.value)
    ).all()
    counts = {(partner, statement, value): n for partner, statement, value, n in rows}
    return tally_grid(results.questionnaire, [p.name for p in results.partners], counts)
