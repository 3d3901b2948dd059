"""Trusts compared on one questionnaire: each trust's latest round, medians and quartiles,
priorities across trusts, and the anonymous benchmark a trust sees of itself."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import exists, select

from selfassess.domain.compare import (
    MIN_TRUSTS,
    Comparison,
    Spread,
    TrustRow,
    figure,
    figure_keys,
    position,
    spread,
)
from selfassess.domain.results import RoundResults
from selfassess.extensions import db
from selfassess.models import SUBMITTED, QuestionnaireVersion, Response, Round, Trust
from selfassess.policy import Actor, can_read_results, can_read_trust
from selfassess.services import NotFound
from selfassess.services.questionnaires import current
from selfassess.services.results import score_rounds


def latest_rounds(
    slug: str, start: dt.date | None = None, end: dt.date | None = None
) -> dict[int, int]:
    """Trust id -> its latest round of the questionnaire (any version) with at least one
    submitted response, opened within the period."""
    answered = exists().where(Response.round_id == Round.pk, Response.status == SUBMITTED)
    query = (
        select(Round.trust_id, Round.pk)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.pk)
        .where(QuestionnaireVersion.slug == slug, answered)
        .order_by(Round.opens_on, Round.pk)
    )
    if start:
        query = query.where(Round.opens_on >= start)
    if end:
        query = query.where(Round.opens_on <= end)
    return dict(db.session.execute(query).all())


def _spreads(rows: list[TrustRow], keys: list[str]) -> dict[str, Spread]:
    return {k: spread(figure(r.results, k) for r in rows) for k in keys}


def compare(
    slug: str,
    actor: Actor | None = None,
    region: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Comparison:
    """The comparison an advisor sees: their trusts' rows (all, for the command line),
    spreads over every trust nationally and, with ``region``, over the region's trusts."""
    questionnaire = current(slug)
    rounds = latest_rounds(slug, start, end)
    results = score_rounds(list(rounds.values()))
    trusts = {t.pk: t for t in db.session.scalars(select(Trust).where(Trust.pk.in_(rounds)))}
    everyone = [
        TrustRow(t, trusts[t].name, trusts[t].region, results[r])
        for t, r in rounds.items()
        if r in results
    ]
    everyone.sort(key=lambda row: row.name)
    keys = figure_keys(questionnaire)
    in_region = [r for r in everyone if region is None or r.region == region]
    visible = tuple(r for r in in_region if actor is None or can_read_trust(actor, r.trust_id))
    counts = Counter(item for row in visible for item in row.priorities)
    return Comparison(
        questionnaire=questionnaire,
        region=region,
        rows=visible,
        national=_spreads(everyone, keys),
        regional=_spreads(in_region, keys) if region else None,
        priority_counts=dict(counts),
    )


def regions() -> list[str]:
    """The regions trusts are in, for filters."""
    found = db.session.scalars(select(Trust.region).where(Trust.region.is_not(None)).distinct())
    return sorted(r for r in found if r)


@dataclass(frozen=True)
class BenchmarkLine:
    """One figure of a trust against all trusts, without any other trust's name or figure."""

    key: str
    own: float | None
    spread: Spread | None  # None when fewer than MIN_TRUSTS trusts contribute
    position: str | None


def anonymous_benchmark(actor: Actor, round_id: int) -> tuple[RoundResults, list[BenchmarkLine]]:
    """Where a round stands against every trust's latest round of the same questionnaire;
    a figure is shown only where at least five trusts contribute to it."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can_read_results(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    slug = round_.questionnaire_version.slug
    others = latest_rounds(slug)
    others[round_.trust_id] = round_id  # the trust counts once, with this round
    scored = score_rounds(list(others.values()))
    own, pool = scored[round_id], list(scored.values())
    lines = []
    for key in figure_keys(own.questionnaire):
        where = spread(figure(r, key) for r in pool)
        enough = where.count >= MIN_TRUSTS
        value = figure(own, key)
        lines.append(
            BenchmarkLine(
                key, value, where if enough else None, position(value, where) if enough else None
            )
        )
    return own, lines
