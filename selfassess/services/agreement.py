"""Recording the partnership's agreed level per item of a closed round (docs/scoring.md §9):
one post, one call, one outcome; audited in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from selfassess.domain.agreement import AgreedEntry, AgreedView, check_agreement
from selfassess.domain.entries import Problem
from selfassess.extensions import db
from selfassess.models import Round, utcnow
from selfassess.models.agreement import AgreedLevel
from selfassess.policy import Actor, can_record_agreed_level
from selfassess.services import audit
from selfassess.services.access import visible
from selfassess.services.questionnaires import snapshot_of
from selfassess.services.rounds import round_open
from selfassess.services.transactions import writes


class Refusal(StrEnum):
    """Why agreed levels were not recorded."""

    INVALID = "invalid"
    OPEN = "open"  # only a closed round's levels are agreed: its figures are final


@dataclass(frozen=True)
class Recorded:
    """The agreed levels are stored: how many items have one now."""

    count: int


@dataclass(frozen=True)
class NotRecorded:
    reason: Refusal
    problems: tuple[Problem, ...] = ()


AgreementOutcome = Recorded | NotRecorded


def load_agreed(round_id: int) -> dict[str, AgreedView]:
    """The round's agreed levels by item."""
    rows = db.session.scalars(select(AgreedLevel).where(AgreedLevel.round_id == round_id))
    return {
        r.item: AgreedView(r.item, r.level, r.rationale, r.recorded_by_name, r.recorded_at)
        for r in rows
    }


@writes
def record_agreed(
    actor: Actor, round_id: int, entries: Mapping[str, AgreedEntry]
) -> AgreementOutcome:
    """Store every item's agreed level and rationale as sent (an empty pair clears it).

    :raises NotFound: no such round, or not one this person may record for.
    """
    round_ = visible(Round, round_id, can_record_agreed_level, actor, "round")
    if round_open(round_):
        return NotRecorded(Refusal.OPEN)
    items = [i.slug for i in snapshot_of(round_.questionnaire_version).items]
    checked = check_agreement(items, entries)
    if checked.problems:
        return NotRecorded(Refusal.INVALID, checked.problems)
    stored = {
        r.item: r
        for r in db.session.scalars(select(AgreedLevel).where(AgreedLevel.round_id == round_id))
    }
    changed = []
    for item, (level, rationale) in checked.levels.items():
        row = stored.get(item)
        if row is None:
            row = AgreedLevel(round_id=round_id, item=item, level=level, rationale="")
            db.session.add(row)
        if (row.level, row.rationale) != (level, rationale):
            row.level, row.rationale = level, rationale
            row.recorded_by, row.recorded_by_name = actor.user_id, actor.name
            row.recorded_at = utcnow()
            changed.append(f"{item}={level}")
    for item in checked.cleared:
        if item in stored:
            db.session.delete(stored[item])
            changed.append(f"{item} cleared")
    if changed:
        audit.record("agreed_levels_recorded", actor, f"round {round_id}", ", ".join(changed))
    db.session.commit()
    return Recorded(len(checked.levels))
