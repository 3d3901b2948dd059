"""A trust's progress over rounds of one questionnaire: scores over time and changes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select

from selfassess.domain.compare import Change, compare_rounds, priority_changes
from selfassess.domain.results import RoundResults
from selfassess.extensions import db
from selfassess.models import SUBMITTED, QuestionnaireVersion, Response, Round, Trust
from selfassess.policy import Actor, can_read_results
from selfassess.services import NotFound
from selfassess.services.results import score_rounds


@dataclass(frozen=True)
class Progress:
    """Rounds in time order, and what changed between the last two."""

    trust_id: int
    trust_name: str
    slug: str
    rounds: tuple[RoundResults, ...]
    changes: tuple[Change, ...]
    priorities: dict[str, list[str]]
    shared_only: bool  # the two rounds used different versions: shared items only


def rounds_of(trust_id: int, slug: str) -> list[int]:
    """The trust's rounds of a questionnaire with submitted answers, oldest first."""
    answered = exists().where(Response.round_id == Round.pk, Response.status == SUBMITTED)
    return list(
        db.session.scalars(
            select(Round.pk)
            .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.pk)
            .where(Round.trust_id == trust_id, QuestionnaireVersion.slug == slug, answered)
            .order_by(Round.opens_on, Round.pk)
        )
    )


def trust_progress(actor: Actor | None, trust_id: int, slug: str) -> Progress:
    """Scores over the trust's rounds of a questionnaire and changes since the previous one."""
    trust = db.session.get(Trust, trust_id)
    if trust is None or (actor is not None and not can_read_results(actor, trust_id)):
        raise NotFound(f"no trust {trust_id}")
    ids = rounds_of(trust_id, slug)
    scored = score_rounds(ids)
    ordered = tuple(scored[i] for i in ids if i in scored)
    found: list[Change] = []
    moved: dict[str, list[str]] = {"new": [], "continuing": [], "resolved": []}
    shared_only = False
    if len(ordered) >= 2:
        found, shared_only = compare_rounds(ordered[-2], ordered[-1])
        moved = priority_changes(
            [p.signals.item for p in ordered[-2].priorities],
            [p.signals.item for p in ordered[-1].priorities],
        )
    return Progress(trust_id, trust.name, slug, ordered, tuple(found), moved, shared_only)


def previous_round_id(round_id: int) -> int | None:
    """The same trust's answered round of the same questionnaire opened just before this one."""
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        return None
    answered = exists().where(Response.round_id == Round.pk, Response.status == SUBMITTED)
    return db.session.scalars(
        select(Round.pk)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.pk)
        .where(
            Round.trust_id == round_.trust_id,
            QuestionnaireVersion.slug == round_.questionnaire_version.slug,
            answered,
            (Round.opens_on < round_.opens_on)
            | ((Round.opens_on == round_.opens_on) & (Round.pk < round_.pk)),
        )
        .order_by(Round.opens_on.desc(), Round.pk.desc())
    ).first()
