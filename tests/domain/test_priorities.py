"""Priority signals and ranking (docs/scoring.md, 'Signals for development priorities')."""

from __future__ import annotations

import pytest

from selfassess.domain.priorities import ItemSignals, assess_item, rank_priorities
from selfassess.domain.scoring import Figures, RoundScores


def scores_for(
    partner_items: dict[str, float | None],
    dont_know: float | None = 0.0,
    trust: float | None = None,
) -> RoundScores:
    """Scores of one item 'i' with the given partner item scores."""

    def figures(value):
        return Figures(value, {}, {}, {"i": value})

    defined = [v for v in partner_items.values() if v is not None]
    trust_value = trust if trust is not None else (sum(defined) / len(defined) if defined else None)
    return RoundScores(
        figures(trust_value), {p: figures(v) for p, v in partner_items.items()}, {"i": dont_know}
    )


@pytest.mark.parametrize(
    ("partners", "target", "dk", "reasons"),
    [
        ({"A": 3.0, "B": 3.0}, 3, 0.0, ()),  # on target
        ({"A": 2.5, "B": 3.0}, 3, 0.0, ("below_target",)),  # gap 0.25
        ({"A": 2.0, "B": 4.0}, 3, 0.0, ("divergence",)),  # gap 0, div 2
        ({"A": 2.5, "B": 3.5}, 3, 0.0, ("divergence",)),  # div exactly 1.0
        ({"A": 2.6, "B": 3.5}, 2, 0.0, ()),  # div 0.9
        ({"A": 10 / 3, "B": 7 / 3}, 2, 0.0, ("divergence",)),  # 1.0 by float
        ({"A": 3.0, "B": 3.0}, 3, 0.3, ("knowledge_gap",)),  # dk exactly 0.3
        ({"A": 3.0, "B": 3.0}, 3, 0.29, ()),
        ({"A": 1.0}, 3, 0.5, ("below_target", "knowledge_gap")),  # one partner: no div
        ({"A": None, "B": None}, 3, 1.0, ("knowledge_gap",)),  # undefined gap
        ({"A": 1.0, "B": 4.0}, 4, 0.4, ("below_target", "divergence", "knowledge_gap")),
    ],
)
def test_reasons(partners, target, dk, reasons):
    assert assess_item("i", scores_for(partners, dk), target).reasons == reasons


def test_divergence_is_undefined_with_fewer_than_two_scoring_partners():
    signals = assess_item("i", scores_for({"A": 2.0, "B": None}))
    assert signals.divergence is None
    assert signals.gap == 1.0


def signal(item: str, gap, divergence=None, dk=None) -> ItemSignals:
    return ItemSignals(item, None, 3, gap, divergence, dk, ("below_target",))


def test_ranking_by_gap_then_divergence_then_dont_know_then_order():
    signals = [
        signal("a", 0.5, 1.0, 0.1),
        signal("b", 1.0),
        signal("c", 0.5, 1.5),
        signal("d", 0.5, 1.0, 0.4),
        signal("e", None, 2.0),  # undefined gap counts as 0
        signal("f", 0.5, 1.0, 0.1),  # ties with a: questionnaire order decides
        signal("g", -0.5, 3.0),  # negative gap ranks after a gap of 0
    ]
    ranked = rank_priorities(signals)
    assert [p.signals.item for p in ranked] == ["b", "c", "d", "a", "f", "e", "g"]
    assert [p.rank for p in ranked] == [1, 2, 3, 4, 5, 6, 7]


def test_items_without_reasons_are_not_priorities():
    quiet = ItemSignals("q", 3.5, 3, -0.5, 0.2, 0.0, ())
    assert rank_priorities([quiet, signal("x", 0.1)])[0].signals.item == "x"
    assert len(rank_priorities([quiet])) == 0
