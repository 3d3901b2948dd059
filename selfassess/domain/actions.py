"""Agreed actions followed from round to round: their status, dated progress notes, and
how the next round reads them ("Actions from the last round", beside the item's change)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from selfassess.domain.priorities import shown_difference
from selfassess.domain.results import RoundResults
from selfassess.domain.rounding import shown


class ActionStatus(enum.StrEnum):
    """Where an agreed action stands; stored by value, shown in words."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def words(self) -> str:
        return STATUS_WORDS[self]


STATUS_WORDS: Final[dict[ActionStatus, str]] = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}


def parse_status(value: str) -> ActionStatus:
    """A posted or stored status; anything else is refused (ValueError)."""
    return ActionStatus(value)


@dataclass(frozen=True)
class ProgressNote:
    """A dated note on how an action is going, written by the lead."""

    noted_on: dt.date
    text: str
    author: str


@dataclass(frozen=True)
class ActionView:
    """The action a trust agreed for a priority, with where it stands and its notes."""

    item: str
    action: str
    owner: str
    due_on: dt.date | None
    status: ActionStatus = ActionStatus.NOT_STARTED
    notes: tuple[ProgressNote, ...] = ()


@dataclass(frozen=True)
class FollowUp:
    """An action of the previous round, read in this round: with the item's shown score then
    and now and the change between them (None where either is undefined)."""

    item: str
    title: str
    action: str
    owner: str
    due_on: dt.date | None
    status: ActionStatus
    notes: tuple[ProgressNote, ...]
    before: float | None
    after: float | None
    change: float | None


def follow_ups(
    actions: Iterable[ActionView], before: RoundResults, after: RoundResults
) -> tuple[FollowUp, ...]:
    """The previous round's actions in its item order, each beside the change in its item's
    shown trust score (docs/scoring.md §6: shown later minus shown earlier)."""
    order = {item.slug: n for n, item in enumerate(before.questionnaire.items)}
    titles = {item.slug: item.title for item in before.questionnaire.items}
    found = []
    for a in sorted(actions, key=lambda a: (order.get(a.item, len(order)), a.item)):
        earlier = shown(before.scores.trust.items.get(a.item))
        later = shown(after.scores.trust.items.get(a.item))
        moved = None if earlier is None or later is None else shown_difference(later, earlier)
        found.append(
            FollowUp(
                a.item,
                titles.get(a.item, a.item),
                a.action,
                a.owner,
                a.due_on,
                a.status,
                a.notes,
                earlier,
                later,
                moved,
            )
        )
    return tuple(found)
