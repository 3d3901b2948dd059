"""What a form post can end in: Saved, Rejected (problems with what was typed), Conflict
(changed elsewhere since the page was loaded) or Closed (no longer takes input).

A service that stores a form returns one of these instead of raising, so the view renders
every case in one place. ``current`` is what is stored now, for showing the page again with
what was typed beside it; nothing was stored in any case but :class:`Saved`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

P = TypeVar("P")
V = TypeVar("V")


@dataclass(frozen=True)
class Saved:
    """Stored; ``changed`` names what changed (by slug), empty when nothing had."""

    changed: tuple[str, ...]


@dataclass(frozen=True)
class Rejected(Generic[P, V]):
    """The input has problems (keyed by slug, never by field name); nothing was written."""

    problems: tuple[P, ...]
    current: V


@dataclass(frozen=True)
class Conflict(Generic[V]):
    """Someone else saved since the page was loaded: ``current`` is what they stored."""

    message: str
    current: V


@dataclass(frozen=True)
class Closed(Generic[V]):
    """The object no longer takes (or does not yet take) this input."""

    message: str
    current: V
