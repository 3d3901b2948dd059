"""The people of a trust, as its lead sees them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Partner, User
from selfassess.policy import Actor, can_manage_trust
from selfassess.services.access import require


@dataclass(frozen=True)
class PersonRow:
    user_id: int
    name: str
    email: str
    role: str
    partner: str | None
    active: bool


def list_people(actor: Actor, trust_id: int) -> list[PersonRow]:
    """Everyone with an account in the trust, active first, by name."""
    require(can_manage_trust, actor, trust_id)
    rows = db.session.execute(
        select(User, Partner.name)
        .outerjoin(Partner, User.partner_id == Partner.pk)
        .where(User.trust_id == trust_id)
        .order_by(User.active.desc(), User.name)
    ).all()
    return [PersonRow(u.pk, u.name, u.email, u.role, partner, u.active) for u, partner in rows]
