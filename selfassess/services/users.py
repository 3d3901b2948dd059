"""Creating accounts directly, without an invitation: the operator's command line route, used
for the first administrator of an installation (the web always goes through invitations)."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from selfassess.domain.organisation import ADVISOR, RESPONDENT, ROLES
from selfassess.extensions import db
from selfassess.models import Partner, Trust, User, utcnow
from selfassess.policy import TRUST_ROLES
from selfassess.services import Invalid, passwords
from selfassess.services.invitations import clean_email
from selfassess.services.transactions import writes
from selfassess.services.trusts import clean_name, find_trust


def _partner(trust: Trust, name: str) -> Partner:
    partner = db.session.scalars(
        select(Partner).where(
            Partner.trust_id == trust.pk,
            func.lower(Partner.name) == name.strip().lower(),
            Partner.removed_at.is_(None),
        )
    ).first()
    if partner is None:
        raise Invalid(f"{trust.name} has no partner called {name!r}")
    return partner


def _scope(
    role: str, trust: str | None, partner: str | None, advised: tuple[str, ...], all_trusts: bool
) -> tuple[Trust | None, Partner | None, list[Trust]]:
    """The trust, partner and advised trusts the role needs, checked against each other."""
    if role not in ROLES:
        raise Invalid(f"Role must be one of {', '.join(ROLES)}")
    if role in TRUST_ROLES and not trust:
        raise Invalid(f"A {role} needs --trust")
    if role not in TRUST_ROLES and trust:
        raise Invalid(f"A{'n' if role[0] in 'aeiou' else ''} {role} has no --trust")
    if (advised or all_trusts) and role != ADVISOR:
        raise Invalid("--advisor-trust and --all-trusts are for advisors only")
    if partner and role != RESPONDENT:
        raise Invalid("--partner is for respondents only")
    if role == RESPONDENT and not partner:
        raise Invalid("A respondent needs --partner")
    found = find_trust(trust) if trust else None
    chosen = _partner(found, partner) if found and partner else None
    return found, chosen, [find_trust(ref) for ref in advised]


@writes
def create_user(
    email: str,
    name: str,
    role: str,
    password: str,
    trust: str | None = None,
    partner: str | None = None,
    advised: tuple[str, ...] = (),
    all_trusts: bool = False,
) -> User:
    """Create an active account with a password that meets the rules.

    :raises Invalid: a bad e-mail, name, role or scope; an e-mail in use; a weak password.
    :raises NotFound: an unknown trust.
    """
    email, name = clean_email(email), clean_name(name, "Name")
    found, chosen, advised_trusts = _scope(role, trust, partner, advised, all_trusts)
    if db.session.scalar(select(func.count()).where(User.email == email)):
        raise Invalid(f"{email} already has an account")
    reason = passwords.problem(password, name, email, found.name if found else "")
    if reason:
        raise Invalid(reason)
    user = User(
        email=email,
        name=name,
        role=role,
        password_hash=generate_password_hash(password),
        password_changed_at=utcnow(),
        trust_id=found.pk if found else None,
        partner_id=chosen.pk if chosen else None,
        all_trusts=all_trusts,
    )
    user.advised_trusts = advised_trusts
    db.session.add(user)
    db.session.commit()
    return user
