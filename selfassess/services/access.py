"""Fetch a row and check the acting person may see it, in one place (flaskr's ``get_post``).

A row that does not exist and a row of a trust the person may not see give the same
:class:`NotFound`, so nobody can learn which ids exist in another trust.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from selfassess.extensions import db
from selfassess.models import Trust
from selfassess.policy import Actor
from selfassess.services import NotFound

T = TypeVar("T")
Rule = Callable[[Actor, int], bool]


def trust_of(row: Any) -> int:
    """The trust a row belongs to: a trust is its own; other rows carry ``trust_id``."""
    return int(row.pk if isinstance(row, Trust) else row.trust_id)


def visible(model: type[T], pk: int, rule: Rule, actor: Actor, what: str = "") -> T:
    """The ``model`` row with this id if ``rule(actor, its trust)`` holds.

    :raises NotFound: when there is no such row, or the rule refuses it.
    """
    row = db.session.get(model, pk)
    if row is None or getattr(row, "removed_at", None) or not rule(actor, trust_of(row)):
        raise NotFound(f"no {what or model.__name__.lower()} {pk}")
    return row


def require(rule: Rule, actor: Actor, trust_id: int, what: str = "trust") -> None:
    """Refuse as not found when ``rule`` does not let ``actor`` at this trust.

    :raises NotFound: when the rule refuses.
    """
    if not rule(actor, trust_id):
        raise NotFound(f"no {what} {trust_id}")
