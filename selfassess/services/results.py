"""Results of rounds: a constant number of set-based queries, then one pass in the domain."""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Row, case, func, select

from selfassess import clock
from selfassess.domain import Questionnaire, StatementTally, lifecycle
from selfassess.domain.results import (
    PartnerInfo,
    RoundInfo,
    RoundResults,
    build_results,
)
from selfassess.domain.scale import DONT_KNOW
from selfassess.extensions import db
from selfassess.models import (
    SUBMITTED,
    Answer,
    Partner,
    QuestionnaireVersion,
    Response,
    Round,
    Target,
    Trust,
)
from selfassess.services import NotFound
from selfassess.services.questionnaires import parse_snapshot

CACHE_LIMIT = 4096
# One counted row: round, partner, statement, sum of levels, levels, don't knows.
_Counts = Row[int, int, str, int, int, int]
_CACHE: dict[tuple[str, int], tuple[object, list[_Counts]]] = {}
_LOCK = threading.Lock()
LEVEL = case({"1": 1, "2": 2, "3": 3, "4": 4}, value=Answer.value)
DONT_KNOW_COUNT = func.sum(case((Answer.value == DONT_KNOW, 1), else_=0))


def round_results(round_id: int) -> RoundResults:
    """Every figure of one round.

    :raises NotFound: when there is no such round.
    """
    results = score_rounds([round_id])
    if round_id not in results:
        raise NotFound(f"no round {round_id}")
    return results[round_id]


def score_rounds(round_ids: Sequence[int]) -> dict[int, RoundResults]:
    """Every figure of many rounds at once (six queries, whatever the number of rounds)."""
    rows = db.session.execute(
        select(
            Round.pk,
            Round.name,
            Round.status,
            Round.opens_on,
            Round.closes_on,
            Round.trust_id,
            Round.questionnaire_version_id,
            Trust.name,
            Trust.region,
            Round.focus_count,
            Round.closed_at,
        )
        .join(Trust, Round.trust_id == Trust.pk)
        .where(Round.pk.in_(round_ids))
    ).all()
    if not rows:
        return {}
    ids = [row[0] for row in rows]
    versions = _versions({r[6] for r in rows})
    partners, names = _partners({row[0]: (row[5], row[10]) for row in rows})
    tallies = _tallies(ids, names)
    targets: dict[int, dict[str, int]] = defaultdict(dict)
    for target in db.session.scalars(select(Target).where(Target.round_id.in_(ids))):
        targets[target.round_id][target.item] = target.level
    # Row: id, name, status, opens, closes, trust id, version, trust, region, K, closed at.
    return {
        row[0]: build_results(
            RoundInfo(row[0], row[1], row[7], row[8], _status(row[2], row[4]), row[3], row[4]),
            versions[row[6]],
            partners.get(row[0], []),
            tallies.get(row[0], []),
            targets[row[0]],
            row[9],
        )
        for row in rows
    }


def _status(status: str, closes_on: dt.date | None) -> str:
    """A round past its closing date (UK time) is closed, not provisional."""
    return lifecycle.effective_status(status, closes_on, clock.uk_today())


def _versions(version_ids: set[int]) -> dict[int, Questionnaire]:
    """Each distinct version's snapshot, fetched once, not once per round."""
    return {
        v.pk: parse_snapshot(v.snapshot)
        for v in db.session.scalars(
            select(QuestionnaireVersion).where(QuestionnaireVersion.pk.in_(version_ids))
        )
    }


def _tallies(
    round_ids: list[int], partner_names: dict[int, str]
) -> dict[int, list[StatementTally]]:
    """Submitted answers counted per (round, partner, statement), named by partner."""
    return {
        round_id: [StatementTally(partner_names[r[1]], r[2], r[3], r[4], r[5]) for r in rows]
        for round_id, rows in _counted(round_ids).items()
    }


def _counted(round_ids: list[int]) -> dict[int, list[_Counts]]:
    """The database's counts per round, reused while a round's responses are unchanged.

    A round's fingerprint (responses, newest id and change time, submitted ones) moves with
    every save, submit, reopen and import, so a cached count is never stale; targets and
    partner names are applied afresh on every call.
    """
    prints = _fingerprints(round_ids)
    database = str(db.engine.url)
    found: dict[int, list[_Counts]] = {}
    with _LOCK:
        for round_id in round_ids:
            hit = _CACHE.get((database, round_id))
            if hit is not None and hit[0] == prints.get(round_id):
                found[round_id] = hit[1]
    missing = [r for r in round_ids if r not in found]
    if missing:
        fetched = _count(missing)
        with _LOCK:
            if len(_CACHE) > CACHE_LIMIT:
                _CACHE.clear()
            for round_id in missing:
                found[round_id] = fetched.get(round_id, [])
                _CACHE[(database, round_id)] = (prints.get(round_id), found[round_id])
    return found


def _fingerprints(round_ids: list[int]) -> dict[int, tuple[object, ...]]:
    query = (
        select(
            Response.round_id,
            func.count(),
            func.max(Response.pk),
            func.max(Response.updated_at),
            func.sum(case((Response.status == SUBMITTED, 1), else_=0)),
        )
        .where(Response.round_id.in_(round_ids))
        .group_by(Response.round_id)
    )
    return {row[0]: tuple(row[1:]) for row in db.session.execute(query)}


def _count(round_ids: list[int]) -> dict[int, list[_Counts]]:
    query = (
        select(
            Response.round_id,
            Response.partner_id,
            Answer.statement,
            func.coalesce(func.sum(LEVEL), 0),
            func.count(LEVEL),
            func.coalesce(DONT_KNOW_COUNT, 0),
        )
        .join(Response, Answer.response_id == Response.pk)
        .where(Response.round_id.in_(round_ids), Response.status == SUBMITTED)
        .group_by(Response.round_id, Response.partner_id, Answer.statement)
    )
    counted: dict[int, list[_Counts]] = defaultdict(list)
    # A Core execution: plain tuples, without the ORM's per-row bookkeeping.
    # Rows are kept as the database gives them (round, partner, statement, sum, count,
    # don't know): one fetch, no copy per row.
    for row in db.session.connection().execute(query).all():
        counted[row[0]].append(row)
    return counted


def _partners(
    rounds: dict[int, tuple[int, dt.datetime | None]],
) -> tuple[dict[int, list[PartnerInfo]], dict[int, str]]:
    """Per round (trust id, closing time): its partners (docs/scoring.md §5); and every
    partner's name by id."""
    submitted: dict[tuple[int, int], int] = {
        (round_id, partner_id): count
        for round_id, partner_id, count in db.session.execute(
            select(Response.round_id, Response.partner_id, func.count())
            .where(Response.round_id.in_(rounds), Response.status == SUBMITTED)
            .group_by(Response.round_id, Response.partner_id)
        )
    }
    by_trust: dict[int, list[Partner]] = defaultdict(list)
    for partner in db.session.scalars(
        select(Partner)
        .where(Partner.trust_id.in_({trust_id for trust_id, _ in rounds.values()}))
        .order_by(Partner.name)
    ):
        by_trust[partner.trust_id].append(partner)
    result: dict[int, list[PartnerInfo]] = {}
    for round_id, (trust_id, closed_at) in rounds.items():
        result[round_id] = [
            PartnerInfo(p.name, p.partner_type, submitted.get((round_id, p.pk), 0))
            for p in by_trust[trust_id]
            if (round_id, p.pk) in submitted or in_round(p, closed_at)
        ]
    names = {p.pk: p.name for members in by_trust.values() for p in members}
    return result, names


def in_round(partner: Partner, closed_at: dt.datetime | None) -> bool:
    """Whether a partner belongs to a round: it was there while the round was open (added
    before it closed, not removed before it closed). A partner that submitted always does.
    So a closed round's partners, and its figures, never change afterwards."""
    if closed_at is None:
        return partner.removed_at is None
    return partner.created_at <= closed_at and (
        partner.removed_at is None or partner.removed_at > closed_at
    )
