"""Trusts and their partners."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from selfassess.domain.organisation import PARTNER_TYPES
from selfassess.domain.text import InvalidText, clean_text
from selfassess.extensions import db
from selfassess.models import Partner, QuestionnaireVersion, Round, Trust
from selfassess.services import Invalid, NotFound
from selfassess.services.transactions import writes

NAME_LENGTH = 200


@dataclass(frozen=True)
class TrustSummary:
    """A trust with its partner count and rounds, for listings."""

    trust_id: int
    name: str
    region: str | None
    partners: int
    rounds: tuple[tuple[int, str, str, str], ...]  # (round id, name, questionnaire, status)


def clean_name(text: str, what: str) -> str:
    """A name as stored: one line, normalised, non-empty, at most 200 characters."""
    try:
        name = clean_text(text, NAME_LENGTH, single_line=True)
    except InvalidText as exc:
        raise Invalid(f"{what} {exc}") from exc
    if not name:
        raise Invalid(f"{what} must not be empty")
    return name


def find_trust(ref: str) -> Trust:
    """A trust by exact name, or by id when ``ref`` is all digits.

    :raises NotFound: when there is no such trust.
    """
    query = select(Trust).where(
        Trust.pk == int(ref) if ref.isdigit() else Trust.name == ref.strip()
    )
    trust = db.session.scalars(query).first()
    if trust is None:
        raise NotFound(f"no trust '{ref}'")
    return trust


@writes
def create_trust(name: str, region: str | None = None) -> int:
    """Create a trust and return its id.

    :raises Invalid: for an empty or duplicate name.
    """
    name = clean_name(name, "trust name")
    region = clean_name(region, "region") if region else None
    if db.session.scalar(select(func.count()).where(Trust.name == name)):
        raise Invalid(f"a trust named '{name}' already exists")
    trust = Trust(name=name, region=region)
    db.session.add(trust)
    db.session.commit()
    return trust.pk


@writes
def add_partner(trust_ref: str, name: str, partner_type: str) -> int:
    """Add a partner organisation to a trust and return its id.

    :raises Invalid: for an unknown type or a name already used in the trust.
    """
    trust = find_trust(trust_ref)
    name = clean_name(name, "partner name")
    if partner_type not in PARTNER_TYPES:
        allowed = ", ".join(PARTNER_TYPES)
        raise Invalid(f"unknown partner type '{partner_type}' (one of: {allowed})")
    taken = select(func.count()).where(Partner.trust_id == trust.pk, Partner.name == name)
    if db.session.scalar(taken):
        raise Invalid(f"'{trust.name}' already has a partner named '{name}'")
    partner = Partner(trust_id=trust.pk, name=name, partner_type=partner_type)
    db.session.add(partner)
    db.session.commit()
    return partner.pk


def list_trusts() -> list[TrustSummary]:
    """Every trust with its partners counted and its rounds, in two queries."""
    partner_counts = dict(
        db.session.execute(
            select(Partner.trust_id, func.count())
            .where(Partner.removed_at.is_(None))
            .group_by(Partner.trust_id)
        ).all()
    )
    rounds: dict[int, list[tuple[int, str, str, str]]] = {}
    query = (
        select(
            Round.trust_id,
            Round.pk,
            Round.name,
            QuestionnaireVersion.slug,
            Round.status,
        )
        .join(QuestionnaireVersion)
        .order_by(Round.opens_on, Round.pk)
    )
    for trust_id, round_id, name, slug, status in db.session.execute(query):
        rounds.setdefault(trust_id, []).append((round_id, name, slug, status))
    return [
        TrustSummary(
            t.pk,
            t.name,
            t.region,
            partner_counts.get(t.pk, 0),
            tuple(rounds.get(t.pk, ())),
        )
        for t in db.session.scalars(select(Trust).order_by(Trust.name))
    ]
