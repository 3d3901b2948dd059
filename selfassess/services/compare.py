"""Trusts compared on one questionnaire (docs/comparison.md): the round that stands for each
trust, medians and quartiles, priorities across trusts, the anonymous benchmark a trust sees
of itself, and the small-numbers rule applied to every one of them for the acting person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, select

from selfassess.domain.compare import (
    Comparison,
    Spread,
    TrustRow,
    figure,
    figure_keys,
    guarded_spread,
    position,
    priority_counts,
    spreads,
)
from selfassess.domain.results import RoundResults
from selfassess.extensions import db
from selfassess.models import SUBMITTED, QuestionnaireVersion, Response, Round, Trust
from selfassess.policy import Actor, can_read_results, may_see_trust_figures
from selfassess.services import Invalid
from selfassess.services.access import visible
from selfassess.services.questionnaires import current
from selfassess.services.results import score_rounds
from selfassess.services.rounds import closed_clause
from selfassess.services.transactions import reads
from selfassess.services.validation import validation_counts

INVERTED_PERIOD = "The end of the period must be the same as or after its start"


@dataclass(frozen=True)
class Filters:
    """What a viewer may choose: a region, a period of opening dates, and whether open
    rounds (then provisional) may stand for a trust."""

    region: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    include_open: bool = False


def latest_rounds(slug: str, filters: Filters = Filters()) -> dict[int, int]:
    """Trust id -> the round that stands for it (docs/scoring.md §6): its latest closed round of
    the questionnaire (any version) with at least one submitted response, by opening date;
    open rounds too with ``include_open``; only rounds opened within the period.

    :raises Invalid: when the period ends before it starts.
    """
    if filters.start and filters.end and filters.start > filters.end:
        raise Invalid(INVERTED_PERIOD)
    answered = exists().where(Response.round_id == Round.pk, Response.status == SUBMITTED)
    query = (
        select(Round.trust_id, Round.pk)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.pk)
        .where(QuestionnaireVersion.slug == slug, answered)
        .order_by(Round.opens_on, Round.pk)  # later rows overwrite earlier ones in the dict
    )
    if not filters.include_open:
        query = query.where(closed_clause())
    if filters.start:
        query = query.where(Round.opens_on >= filters.start)
    if filters.end:
        query = query.where(Round.opens_on <= filters.end)
    return dict(db.session.execute(query).all())


def trust_rows(actor: Actor, rounds: dict[int, int]) -> list[TrustRow]:
    """Every trust's row, scored, each marked with whether ``actor`` may see its figures."""
    results = score_rounds(list(rounds.values()))
    validated = validation_counts(list(rounds.values()))
    trusts = {t.pk: t for t in db.session.scalars(select(Trust).where(Trust.pk.in_(rounds)))}
    rows = [
        TrustRow(
            t,
            trusts[t].name,
            trusts[t].region,
            results[r],
            may_see_trust_figures(actor, t),
            validated.get(r, (0, 0)),
        )
        for t, r in rounds.items()
        if r in results
    ]
    return sorted(rows, key=lambda row: (row.name, row.trust_id))


@reads
def compare(slug: str, actor: Actor, filters: Filters = Filters()) -> Comparison:
    """The comparison ``actor`` sees: the rows of the trusts they may see (in the region,
    if one is chosen), spreads over every trust nationally and over the region's trusts,
    and priority counts over the region's (or every) trust; any of these that includes a
    trust ``actor`` may not see is withheld when too few such trusts contribute.

    :raises Invalid: when the period ends before it starts.
    """
    questionnaire = current(slug)
    everyone = trust_rows(actor, latest_rounds(slug, filters))
    keys = figure_keys(questionnaire)
    region = filters.region
    in_region = [r for r in everyone if region is None or r.region == region]
    return Comparison(
        questionnaire=questionnaire,
        region=region,
        rows=tuple(r for r in in_region if r.visible),
        national=spreads(everyone, keys),
        regional=spreads(in_region, keys) if region else None,
        priorities=priority_counts(in_region),
        include_open=filters.include_open,
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
    spread: Spread | None  # None when withheld (small numbers)
    position: str | None


def anonymous_benchmark(
    actor: Actor, round_id: int, include_open: bool = False
) -> tuple[RoundResults, list[BenchmarkLine]]:
    """Where a round stands against the round that stands for every other trust on the same
    questionnaire; a spread that includes a trust ``actor`` may not see is shown only when
    enough such trusts contribute (for leads and boards: every other trust)."""
    round_ = visible(Round, round_id, can_read_results, actor, "round")
    pool = latest_rounds(round_.questionnaire_version.slug, Filters(include_open=include_open))
    pool[round_.trust_id] = round_id  # the trust counts once, with this round
    rows = trust_rows(actor, pool)
    own = next(r.results for r in rows if r.results.info.round_id == round_id)
    lines = []
    for key in figure_keys(own.questionnaire):
        where = guarded_spread((figure(r.results, key), r.visible) for r in rows)
        value = figure(own, key)
        lines.append(BenchmarkLine(key, value, where, position(value, where)))
    return own, lines
