"""Like-for-like change between two rounds (docs/scoring.md §6): when the partners with a
submitted response differ, the change is marked ``partners_changed`` and the change over the
partners present in both rounds is shown beside it ("+0.2; +0.3 on the 5 partners in both
rounds"). Partners are matched by name, as the results name them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from selfassess.domain.changes import Change, change, changes, shared_items
from selfassess.domain.questionnaire import PHASES
from selfassess.domain.results import RoundResults
from selfassess.domain.scoring import Figures, Score, mean

PARTNERS_CHANGED: Final = "partners_changed"


@dataclass(frozen=True)
class LikeForLike:
    """The change over the partners who submitted in both rounds, by figure key
    ("overall", "phase-1".., item slugs), and who they are."""

    partners: tuple[str, ...]
    changes: dict[str, Change]

    def beside(self, key: str) -> str:
        """The like-for-like change in words, for beside the plain one."""
        found = self.changes.get(key)
        count = len(self.partners)
        noun = "partner" if count == 1 else "partners"
        if found is None or found.delta is None:
            return f"no like-for-like figure on the {count} {noun} in both rounds"
        return f"{found.delta_text} on the {count} {noun} in both rounds"


def answered(results: RoundResults) -> list[str]:
    """The partners with at least one submitted response, in the round's order."""
    return [p.name for p in results.partners if p.respondents_submitted]


def _over(figures: list[Figures], items: Collection[str], all_items: bool) -> dict[str, Score]:
    found: dict[str, Score] = {}

    def average(subset: list[str]) -> Score:
        return mean(mean(f.items.get(i) for i in subset) for f in figures)

    found["overall"] = mean(f.overall for f in figures) if all_items else average(list(items))
    for phase in PHASES:
        if all_items:
            found[f"phase-{phase}"] = mean(f.phases.get(phase) for f in figures)
    found.update({i: mean(f.items.get(i) for f in figures) for i in items})
    return found


def like_for_like(before: RoundResults, after: RoundResults) -> LikeForLike | None:
    """The change over the partners in both rounds, or None when the same partners answered
    both (then the plain change is already like for like)."""
    old, new = answered(before), answered(after)
    if set(old) == set(new):
        return None
    both = tuple(p for p in new if p in old)
    items = shared_items(before, after)
    same = before.questionnaire.version == after.questionnaire.version
    keys = ["overall", *[f"phase-{p}" for p in PHASES], *items]
    earlier = _figures(before, both, items, same)
    later = _figures(after, both, items, same)
    return LikeForLike(both, {c.key: c for c in changes(earlier, later, keys)})


def _figures(
    results: RoundResults, partners: tuple[str, ...], items: list[str], same: bool
) -> dict[str, Score]:
    figures = [results.scores.partners[p] for p in partners if p in results.scores.partners]
    found = _over(figures, items, same)
    if not same:  # different versions: phases over the shared items only
        for phase in PHASES:
            in_phase = [i.slug for i in results.questionnaire.items if phase in i.phases]
            subset = [i for i in in_phase if i in items]
            found[f"phase-{phase}"] = mean(mean(f.items.get(i) for i in subset) for f in figures)
    return found


def overall_like_for_like(before: RoundResults, after: RoundResults) -> Change | None:
    """The overall like-for-like change, or None when the partners did not change."""
    found = like_for_like(before, after)
    return None if found is None else found.changes.get("overall", change("overall", None, None))
