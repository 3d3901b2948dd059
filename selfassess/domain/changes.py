"""Change between two rounds of a trust (docs/scoring.md §6): shown later figure minus shown
earlier figure, its direction, common items across questionnaire versions, and priorities
listed as new, still a priority, or no longer a priority.

Changes are computed from the shown (1 decimal) figures so that "2.0 → 2.1, +0.1 improved"
always agrees with itself: never "+0.1 unchanged", "−0.0" or "2.0 → 2.0, +0.1".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from selfassess.domain.questionnaire import PHASES
from selfassess.domain.results import RoundResults
from selfassess.domain.rounding import SCORE_PLACES, round_half_away, shown
from selfassess.domain.scoring import Score, mean

CHANGE_THRESHOLD: Final = 0.1  # the smallest change a screen can show
IMPROVED: Final = "improved"
DECLINED: Final = "declined"
UNCHANGED: Final = "unchanged"
NO_DIRECTION: Final = "–"  # undefined on either side
MINUS: Final = "\u2212"


@dataclass(frozen=True)
class Change:
    """One figure in two rounds, as shown (1 decimal), and whether it moved."""

    key: str
    before: Score
    after: Score
    delta: Score  # after − before, a multiple of 0.1
    direction: str

    @property
    def delta_text(self) -> str:
        return change_text(self.delta)


def change_text(delta: Score) -> str:
    """A change as text: ``+0.1``, ``−0.1`` (a minus sign), ``0.0``; undefined is "–"."""
    if delta is None:
        return NO_DIRECTION
    if delta > 0:
        return f"+{delta:.{SCORE_PLACES}f}"
    if delta < 0:
        return f"{MINUS}{-delta:.{SCORE_PLACES}f}"
    return f"{0:.{SCORE_PLACES}f}"


def change(key: str, before: Score, after: Score) -> Change:
    """Shown later − shown earlier: +0.1 or more improved, −0.1 or less declined, 0.0
    unchanged; no direction when either side is undefined."""
    old, new = shown(before), shown(after)
    if old is None or new is None:
        return Change(key, old, new, None, NO_DIRECTION)
    # Both are multiples of 0.1; rounding the difference removes float noise (2.3 − 2.2).
    delta = round_half_away(new - old, SCORE_PLACES) + 0.0
    if delta >= CHANGE_THRESHOLD:
        direction = IMPROVED
    elif delta <= -CHANGE_THRESHOLD:
        direction = DECLINED
    else:
        direction = UNCHANGED
    return Change(key, old, new, delta, direction)


def changes(
    before: Mapping[str, Score], after: Mapping[str, Score], order: Sequence[str]
) -> list[Change]:
    """Changes of the keys both sides have, in ``order``."""
    return [change(k, before[k], after[k]) for k in order if k in before and k in after]


def shared_items(before: RoundResults, after: RoundResults) -> list[str]:
    """The items both rounds' questionnaire versions have, in the later round's order."""
    old = {i.slug for i in before.questionnaire.items}
    return [i.slug for i in after.questionnaire.items if i.slug in old]


def figures_over(results: RoundResults, items: Collection[str]) -> dict[str, Score]:
    """Overall, phase and item trust figures counting only ``items`` (docs/scoring.md §2 steps
    4–6 over a subset): how rounds on different versions are compared."""
    partners = list(results.scores.partners.values())

    def over(subset: list[str]) -> Score:
        return mean(mean(p.items.get(i) for i in subset) for p in partners)

    found: dict[str, Score] = {"overall": over(list(items))}
    for phase in PHASES:
        in_phase = [i.slug for i in results.questionnaire.items if phase in i.phases]
        found[f"phase-{phase}"] = over([i for i in in_phase if i in items])
    found.update({i: results.scores.trust.items.get(i) for i in items})
    return found


def compare_rounds(before: RoundResults, after: RoundResults) -> tuple[list[Change], bool]:
    """Changes of overall, phase and item figures, and whether the rounds used different
    questionnaire versions. Then every figure, overall and phases included, is computed
    over the items both versions have, and the screens say so."""
    different = before.questionnaire.version != after.questionnaire.version
    items = shared_items(before, after)
    keys = ["overall", *[f"phase-{p}" for p in PHASES], *items]
    if different:
        old, new = figures_over(before, items), figures_over(after, items)
    else:
        old, new = _figures(before, keys), _figures(after, keys)
    return changes(old, new, keys), different


def _figures(results: RoundResults, keys: Iterable[str]) -> dict[str, Score]:
    trust = results.scores.trust
    found: dict[str, Score] = {"overall": trust.overall}
    found.update({f"phase-{p}": trust.phases.get(p) for p in PHASES})
    found.update({k: trust.items.get(k) for k in keys if k in trust.items})
    return found


def priority_changes(
    before: Iterable[str], after: Iterable[str], among: Collection[str] | None = None
) -> dict[str, list[str]]:
    """Priorities that are new, still a priority ("continuing") or no longer a priority
    ("resolved"), in rank order; with ``among``, only those items (the shared ones)."""
    old = [i for i in before if among is None or i in among]
    new = [i for i in after if among is None or i in among]
    return {
        "new": [i for i in new if i not in old],
        "continuing": [i for i in new if i in old],
        "resolved": [i for i in old if i not in new],
    }


def round_priority_changes(before: RoundResults, after: RoundResults) -> dict[str, list[str]]:
    """Priority changes between two rounds, over the items both versions have."""
    return priority_changes(
        [p.signals.item for p in before.priorities],
        [p.signals.item for p in after.priorities],
        shared_items(before, after),
    )
