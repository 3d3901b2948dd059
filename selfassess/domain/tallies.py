"""Statement tallies (docs/scoring.md §7): how many submitted answers of each value every
partner gave to every statement. No respondent is named; every figure can be recomputed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final, NamedTuple

from selfassess.domain.questionnaire import Questionnaire
from selfassess.domain.scale import VALUES
from selfassess.domain.scoring import StatementTally

TALLY_HEADER: Final = ("partner", "statement", "n1", "n2", "n3", "n4", "dk", "na")


class ValueTally(NamedTuple):
    """One row of the tallies export: a partner's answers to one statement, counted."""

    partner: str
    statement: str
    n1: int
    n2: int
    n3: int
    n4: int
    dk: int
    na: int

    def for_scoring(self) -> StatementTally:
        """The same answers as scoring counts them: sum and count of levels, don't knows."""
        levels = (self.n1, self.n2, self.n3, self.n4)
        total = sum(level * n for level, n in enumerate(levels, start=1))
        return StatementTally(self.partner, self.statement, total, sum(levels), self.dk)


def tally_grid(
    questionnaire: Questionnaire,
    partners: Iterable[str],
    counts: Mapping[tuple[str, str, str], int],
) -> list[ValueTally]:
    """A row for every partner (in the order given) and statement (in questionnaire order),
    zeros included. ``counts`` maps (partner, statement, value) to a number of answers."""
    statements = [s.slug for _, s in questionnaire.statements()]
    return [
        ValueTally(partner, statement, *(counts.get((partner, statement, v), 0) for v in VALUES))
        for partner in partners
        for statement in statements
    ]
