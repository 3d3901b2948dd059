"""The administrators' directory: people and open invitations across trusts, filtered by
trust and role, a page at a time; withdrawing any open invitation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVarTuple

from sqlalchemy import Row, Select, func, select

from selfassess.extensions import db
from selfassess.models import Invitation, Partner, Trust, User, utcnow
from selfassess.policy import Actor, can_list_everyone, can_manage_person
from selfassess.services import Forbidden, NotFound, audit
from selfassess.services.transactions import writes

PAGE_SIZE = 25
Columns = TypeVarTuple("Columns")


@dataclass(frozen=True)
class DirectoryRow:
    """A person, or an open invitation, with their trust and partner."""

    row_id: int  # user id, or invitation id
    name: str
    email: str
    role: str
    trust: str | None
    partner: str | None
    active: bool
    expires_at: dt.datetime | None = None


@dataclass(frozen=True)
class DirectoryPage:
    """One page of rows, and where it sits among them."""

    rows: tuple[DirectoryRow, ...]
    total: int
    page: int
    pages: int


def trust_choices(actor: Actor) -> list[tuple[int, str]]:
    """Every trust by name, for the filter."""
    _check(actor)
    return [(t.pk, t.name) for t in db.session.scalars(select(Trust).order_by(Trust.name))]


def _check(actor: Actor) -> None:
    if not can_list_everyone(actor):
        raise Forbidden("only administrators list people across trusts")


def _filtered(
    query: Select[*Columns], model: Any, trust_id: int | None, role: str | None
) -> Select[*Columns]:
    if trust_id is not None:
        query = query.where(model.trust_id == trust_id)
    if role:
        query = query.where(model.role == role)
    return query


def _page_of(query: Select[*Columns], page: int) -> tuple[list[Row[*Columns]], int, int, int]:
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.session.execute(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return list(rows), total, page, pages


def people(
    actor: Actor, trust_id: int | None = None, role: str | None = None, page: int = 1
) -> DirectoryPage:
    """Accounts across trusts, active first, by name."""
    _check(actor)
    query = (
        select(User, Trust.name, Partner.name)
        .outerjoin(Trust, User.trust_id == Trust.pk)
        .outerjoin(Partner, User.partner_id == Partner.pk)
        .order_by(User.active.desc(), User.name, User.pk)
    )
    rows, total, page, pages = _page_of(_filtered(query, User, trust_id, role), page)
    found = tuple(
        DirectoryRow(u.pk, u.name, u.email, u.role, trust, partner, u.active)
        for u, trust, partner in rows
    )
    return DirectoryPage(found, total, page, pages)


def open_invitations(
    actor: Actor, trust_id: int | None = None, role: str | None = None, page: int = 1
) -> DirectoryPage:
    """Invitations not yet accepted, withdrawn or expired, soonest to expire first."""
    _check(actor)
    query = (
        select(Invitation, Trust.name, Partner.name)
        .outerjoin(Trust, Invitation.trust_id == Trust.pk)
        .outerjoin(Partner, Invitation.partner_id == Partner.pk)
        .where(
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.expires_at, Invitation.pk)
    )
    rows, total, page, pages = _page_of(_filtered(query, Invitation, trust_id, role), page)
    found = tuple(
        DirectoryRow(i.pk, i.name, i.email, i.role, trust, partner, True, i.expires_at)
        for i, trust, partner in rows
    )
    return DirectoryPage(found, total, page, pages)


@writes
def withdraw_invitation(actor: Actor, invitation_id: int) -> bool:
    """Stop an open invitation link from working (of any trust, or none); False when it was
    already used, withdrawn or expired."""
    invitation = db.session.scalars(
        select(Invitation).where(Invitation.pk == invitation_id).with_for_update()
    ).first()
    if invitation is None or not can_manage_person(actor, invitation.trust_id):
        raise NotFound(f"no invitation {invitation_id}")
    if invitation.accepted_at or invitation.revoked_at or invitation.expires_at <= utcnow():
        return False
    invitation.revoked_at = utcnow()
    audit.record("invitation_withdrawn", actor, target=invitation.email)
    db.session.commit()
    return True
