"""Who may see and do what: pure rules over the signed-in person and a trust's id.

Web decorators and services both ask these functions, so the browser and the command line
share one rule set. Nothing here hides links: a view that is refused answers 403 or 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selfassess.domain.organisation import ADMIN, ADVISOR, BOARD, LEAD, RESPONDENT


@dataclass(frozen=True)
class Actor:
    """The signed-in person, as the rules need them (also Flask-Login's user object)."""

    user_id: int
    name: str
    email: str
    role: str
    session_token: str
    trust_id: int | None = None
    partner_id: int | None = None
    all_trusts: bool = False
    advised_trusts: frozenset[int] = field(default_factory=frozenset)
    active: bool = True

    # Flask-Login's user protocol.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """An opaque token, rotated on logout, never the e-mail address (docs/pitfalls.md P10)."""
        return self.session_token


# Named groups of roles, defined once: the web's role decorators and the services use these.
MANAGERS: frozenset[str] = frozenset({LEAD, ADMIN})  # run a trust: partners, people, rounds
RESULT_READERS: frozenset[str] = frozenset({LEAD, BOARD, ADVISOR, ADMIN})
TWO_FACTOR_ROLES: frozenset[str] = frozenset({ADMIN, ADVISOR})  # must use a second factor
TRUST_ROLES: frozenset[str] = frozenset({LEAD, BOARD, RESPONDENT})  # belong to one trust


def is_admin(actor: Actor) -> bool:
    return actor.role == ADMIN


def can_read_trust(actor: Actor, trust_id: int) -> bool:
    """Trust-level figures: its own people, its advisors, administrators."""
    if actor.role == ADMIN:
        return True
    if actor.role == ADVISOR:
        return actor.all_trusts or trust_id in actor.advised_trusts
    return actor.trust_id == trust_id


def can_read_results(actor: Actor, trust_id: int) -> bool:
    """Results of a trust's rounds: leads, board members, advisors and administrators."""
    if actor.role in (LEAD, BOARD):
        return actor.trust_id == trust_id
    return actor.role in (ADMIN, ADVISOR) and can_read_trust(actor, trust_id)


def may_see_trust_figures(actor: Actor, trust_id: int) -> bool:
    """A trust's own figures, by name: its lead and board, its advisors, administrators.
    An aggregate over trusts failing this is subject to the small-numbers rule
    (domain.compare.withheld, docs/comparison.md)."""
    return can_read_results(actor, trust_id)


def can_manage_trust(actor: Actor, trust_id: int) -> bool:
    """Partners, invitations, rounds and targets: the trust's lead, or an administrator."""
    return actor.role == ADMIN or (actor.role == LEAD and actor.trust_id == trust_id)


def can_manage_person(actor: Actor, trust_id: int | None) -> bool:
    """Deactivating an account or withdrawing an invitation: the trust's lead for its own
    people; administrators for anyone, advisors and administrators included."""
    if trust_id is None:
        return actor.role == ADMIN
    return can_manage_trust(actor, trust_id)


def can_reset_two_factor(actor: Actor) -> bool:
    """Remove a person's second factor (a lost phone): administrators only."""
    return is_admin(actor)


def can_list_everyone(actor: Actor) -> bool:
    """The directory of people and invitations across trusts: administrators only."""
    return actor.role == ADMIN


def can_read_answers(actor: Actor, trust_id: int) -> bool:
    """Individual respondents' answers: never advisors or board members."""
    return actor.role == ADMIN or (actor.role == LEAD and actor.trust_id == trust_id)


def can_validate(actor: Actor, trust_id: int) -> bool:
    """Confirm and challenge a trust's self-assessment (docs/scoring.md §8): an active advisor
    assigned to the trust. Advisors who read every trust are not thereby its panel."""
    return actor.role == ADVISOR and actor.active and trust_id in actor.advised_trusts


def can_answer_challenge(actor: Actor, trust_id: int) -> bool:
    """Answer an advisor's challenge: the trust's own lead (the self-assessment is theirs)."""
    return actor.role == LEAD and actor.active and actor.trust_id == trust_id


def can_answer(actor: Actor, trust_id: int, partner_id: int) -> bool:
    """Filling in a response: a respondent, for their own partner in their own trust."""
    return (
        actor.role == RESPONDENT
        and actor.trust_id == trust_id
        and actor.partner_id == partner_id
        and actor.active
    )


def can_read_evidence(actor: Actor, trust_id: int) -> bool:
    """Evidence notes: the trust's lead and board members, and administrators; never
    advisors (they see figures only), never other trusts."""
    if actor.role == ADMIN:
        return True
    return actor.role in (LEAD, BOARD) and actor.trust_id == trust_id


def can_invite(actor: Actor, role: str, trust_id: int | None) -> bool:
    """Administrators invite administrators, advisors and trust leads (for a trust); a
    trust's lead invites board members and respondents (and other leads) to that trust."""
    if role in (ADMIN, ADVISOR) or trust_id is None:
        return is_admin(actor) and role in (ADMIN, ADVISOR, LEAD)
    return can_manage_trust(actor, trust_id) and role in (LEAD, BOARD, RESPONDENT)


# Which areas of the service each role works in (the menu; pages still check access).
AREAS: dict[str, tuple[str, ...]] = {
    RESPONDENT: ("assess.dashboard",),
    ADMIN: (
        "home.index",
        "compare.choose",
        "admin.index",
        "directory.index",
        "audit.trail",
        "catalogue.index",
    ),
    ADVISOR: ("home.index", "compare.choose"),
    LEAD: ("home.index",),
    BOARD: ("home.index",),
}


def areas(actor: object) -> tuple[str, ...]:
    """The endpoints of a person's menu (none for visitors)."""
    return AREAS.get(str(getattr(actor, "role", "")), ())


# The command line acts as this person: operators on the server may do what an administrator
# may, and the audit trail says it was the command line.
SYSTEM = Actor(
    user_id=0,
    name="Command line",
    email="system@command-line",
    role=ADMIN,
    session_token="",
    all_trusts=True,
)


def can_record_agreed_level(actor: Actor, trust_id: int) -> bool:
    """The partnership's agreed level per item (docs/scoring.md §9): recorded by the trust's
    lead (or an administrator), who minutes what the partners agreed at their meeting."""
    return can_manage_trust(actor, trust_id)
