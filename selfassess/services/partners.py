"""A trust lead's view of partners: list with activity, add, rename, remove."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.models import SUBMITTED, Partner, Response, Trust, User, utcnow
from selfassess.policy import Actor, can_manage_trust, can_read_trust
from selfassess.services import Invalid
from selfassess.services.access import require, visible
from selfassess.services.transactions import writes
from selfassess.services.trusts import add_partner, clean_name


@dataclass(frozen=True)
class PartnerRow:
    """A partner with what depends on it."""

    partner_id: int
    name: str
    partner_type: str
    people: int
    submitted: int


def trust_name(actor: Actor, trust_id: int) -> str:
    """The name of a trust the person may read (404 otherwise)."""
    trust = visible(Trust, trust_id, can_read_trust, actor)
    return trust.name


def list_partners(actor: Actor, trust_id: int) -> list[PartnerRow]:
    """Current partners with their people and submitted responses counted."""
    require(can_manage_trust, actor, trust_id)
    people = dict(
        db.session.execute(
            select(User.partner_id, func.count())
            .where(User.trust_id == trust_id, User.active)
            .group_by(User.partner_id)
        ).all()
    )
    submitted = dict(
        db.session.execute(
            select(Response.partner_id, func.count())
            .join(Partner)
            .where(Partner.trust_id == trust_id, Response.status == SUBMITTED)
            .group_by(Response.partner_id)
        ).all()
    )
    partners = db.session.scalars(
        select(Partner)
        .where(Partner.trust_id == trust_id, Partner.removed_at.is_(None))
        .order_by(Partner.name)
    )
    return [
        PartnerRow(p.pk, p.name, p.partner_type, people.get(p.pk, 0), submitted.get(p.pk, 0))
        for p in partners
    ]


def create_partner(actor: Actor, trust_id: int, name: str, partner_type: str) -> int:
    require(can_manage_trust, actor, trust_id)
    return add_partner(str(trust_id), name, partner_type)


def _managed(actor: Actor, partner_id: int) -> Partner:
    partner = visible(Partner, partner_id, can_manage_trust, actor)
    return partner


@writes
def rename_partner(actor: Actor, partner_id: int, name: str) -> None:
    partner = _managed(actor, partner_id)
    name = clean_name(name, "Partner name")
    taken = select(func.count()).where(
        Partner.trust_id == partner.trust_id, Partner.name == name, Partner.pk != partner.pk
    )
    if db.session.scalar(taken):
        raise Invalid(f"There is already a partner named '{name}'")
    partner.name = name
    db.session.commit()


def removal_impact(actor: Actor, partner_id: int) -> tuple[str, int]:
    """The partner's name and how many submitted responses it has (for confirmation)."""
    partner = _managed(actor, partner_id)
    count = (
        db.session.scalar(
            select(func.count()).where(
                Response.partner_id == partner_id, Response.status == SUBMITTED
            )
        )
        or 0
    )
    return partner.name, count


@writes
def remove_partner(actor: Actor, partner_id: int) -> int:
    """Remove a partner from the trust; its submitted answers stay in past results.

    Returns the trust id. The partner's people can no longer sign in to answer.
    """
    partner = _managed(actor, partner_id)
    partner.removed_at = utcnow()
    for user in db.session.scalars(select(User).where(User.partner_id == partner_id)):
        user.active = False
    db.session.commit()
    return partner.trust_id
