"""Administrators' view of advisors and the trusts each one supports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from selfassess.domain.organisation import ADVISOR
from selfassess.extensions import db
from selfassess.models import Trust, User
from selfassess.policy import Actor, is_admin
from selfassess.services import Forbidden, NotFound
from selfassess.services.transactions import writes


@dataclass(frozen=True)
class AdvisorRow:
    user_id: int
    name: str
    email: str
    all_trusts: bool
    trusts: tuple[int, ...]


def _require_admin(actor: Actor) -> None:
    if not is_admin(actor):
        raise Forbidden("administrators only")


def list_advisors(actor: Actor) -> list[AdvisorRow]:
    """Every advisor with the trusts assigned to them."""
    _require_admin(actor)
    users = db.session.scalars(select(User).where(User.role == ADVISOR).order_by(User.name))
    return [
        AdvisorRow(
            u.pk, u.name, u.email, u.all_trusts, tuple(sorted(t.pk for t in u.advised_trusts))
        )
        for u in users
    ]


@writes
def assign_trusts(actor: Actor, user_id: int, trust_ids: Iterable[int], all_trusts: bool) -> None:
    """Set which trusts an advisor supports (or all of them)."""
    _require_admin(actor)
    user = db.session.get(User, user_id)
    if user is None or user.role != ADVISOR:
        raise NotFound(f"no advisor {user_id}")
    wanted = set(trust_ids)
    user.advised_trusts = list(db.session.scalars(select(Trust).where(Trust.pk.in_(wanted))))
    user.all_trusts = all_trusts
    db.session.commit()
