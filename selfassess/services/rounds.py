"""Assessment rounds: open, close, reopen, targets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import func, select

from selfassess.domain.scale import LEVELS
from selfassess.extensions import db
from selfassess.models import CLOSED, OPEN, Round, Target, utcnow
from selfassess.services import Invalid, NotFound
from selfassess.services import questionnaires as questionnaire_service
from selfassess.services.trusts import clean_name, find_trust


def get_round(round_id: int) -> Round:
    """The round with this id.

    :raises NotFound: when there is none.
    """
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise NotFound(f"no round {round_id}")
    return round_


def open_round(
    trust_ref: str,
    questionnaire: str,
    name: str,
    targets: Mapping[str, int] | None = None,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> int:
    """Open a round on the current version of a questionnaire; returns the round id.

    :raises Invalid: for a duplicate name, unknown items or levels outside 1-4.
    """
    trust = find_trust(trust_ref)
    version = questionnaire_service.current_version(questionnaire)
    content = questionnaire_service.snapshot_of(version)
    name = clean_name(name, "round name")
    errors = _target_errors(targets or {}, {i.slug for i in content.items})
    if opens_on and closes_on and closes_on < opens_on:
        errors.append("the closing date is before the opening date")
    taken = select(func.count()).where(Round.trust_id == trust.pk, Round.name == name)
    if db.session.scalar(taken):
        errors.append(f"'{trust.name}' already has a round named '{name}'")
    if errors:
        raise Invalid(errors[0], errors)
    round_ = Round(
        trust_id=trust.pk,
        questionnaire_version_id=version.pk,
        name=name,
        opens_on=opens_on or utcnow().date(),
        closes_on=closes_on,
        status=OPEN,
        targets=[Target(item=i, level=level) for i, level in (targets or {}).items()],
    )
    db.session.add(round_)
    db.session.commit()
    return round_.pk


def _target_errors(targets: Mapping[str, int], items: set[str]) -> list[str]:
    errors = []
    for item, level in targets.items():
        if item not in items:
            errors.append(f"unknown item '{item}' in targets")
        elif level not in LEVELS:
            errors.append(f"target for '{item}' must be 1, 2, 3 or 4, not {level}")
    return errors


def close_round(round_id: int) -> None:
    """Close a round: no more answers are accepted; results stop being provisional."""
    round_ = get_round(round_id)
    if round_.status == CLOSED:
        raise Invalid(f"round {round_id} is already closed")
    round_.status = CLOSED
    round_.closed_at = utcnow()
    db.session.commit()


def reopen_round(round_id: int) -> None:
    """Reopen a closed round."""
    round_ = get_round(round_id)
    if round_.status == OPEN:
        raise Invalid(f"round {round_id} is already open")
    round_.status = OPEN
    round_.closed_at = None
    db.session.commit()


def targets_of(round_id: int) -> dict[str, int]:
    """Targets set for a round (items without one use the default of 3)."""
    rows = db.session.execute(select(Target.item, Target.level).where(Target.round_id == round_id))
    return dict(rows.all())
