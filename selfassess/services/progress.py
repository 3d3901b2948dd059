"""A trust's progress over rounds of one questionnaire: scores over time and what changed
between its last two rounds (docs/scoring.md §6: shown later − shown earlier)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select

from selfassess.domain.changes import Change, compare_rounds, round_priority_changes, shared_items
from selfassess.domain.likeforlike import LikeForLike, like_for_like
from selfassess.domain.results import RoundResults
from selfassess.domain.statuses import RoundStatus
from selfassess.extensions import db
from selfassess.models import SUBMITTED, QuestionnaireVersion, Response, Round, Trust
from selfassess.policy import Actor, can_read_results
from selfassess.services.access import visible
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
    shared_count: int = 0  # how many items both versions have (when shared_only)
    # One round rated statements, the other items (docs/scoring.md §1): item scores are
    # compared, and part of any change may come from the change of method.
    methods_differ: bool = False
    # The partners who answered changed (docs/scoring.md §6): changes over those in both.
    like: LikeForLike | None = None

    @property
    def provisional(self) -> bool:
        """The latest round is still open: its figures, and so the changes, may move."""
        return bool(self.rounds) and self.rounds[-1].info.status == RoundStatus.OPEN


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


def trust_progress(actor: Actor, trust_id: int, slug: str) -> Progress:
    """Scores over the trust's rounds of a questionnaire (open ones included, marked
    provisional) and changes since the previous one."""
    trust = visible(Trust, trust_id, can_read_results, actor)
    ids = rounds_of(trust_id, slug)
    scored = score_rounds(ids)
    ordered = tuple(scored[i] for i in ids if i in scored)
    if len(ordered) < 2:
        empty: dict[str, list[str]] = {"new": [], "continuing": [], "resolved": []}
        return Progress(trust_id, trust.name, slug, ordered, (), empty, False)
    before, after = ordered[-2], ordered[-1]
    found, shared_only = compare_rounds(before, after)
    return Progress(
        trust_id,
        trust.name,
        slug,
        ordered,
        tuple(found),
        round_priority_changes(before, after),
        shared_only,
        len(shared_items(before, after)),
        before.questionnaire.item_rated != after.questionnaire.item_rated,
        like_for_like(before, after),
    )


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
