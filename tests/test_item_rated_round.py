"""An item-rated round end to end (docs/scoring.md §1, §2.2, §7): imported answers keyed by
item, scored as the mean of respondents' levels, tallied per item, and a board paper whose
method says how the round was answered."""

from __future__ import annotations

from pdf_helpers import build, text_of

from selfassess.exports import results_to_dict
from selfassess.policy import SYSTEM
from selfassess.services import reports, tallies

HEADER = "partner,respondent,statement,answer,evidence\n"


def test_item_rated_round_scores_tallies_and_prints_per_item(
    app, make_trust, make_round, import_csv, item_rated
):
    trust_id = make_trust()
    round_id = make_round(trust_id, item_rated)
    import_csv(
        round_id,
        HEADER + "Council,a,i1,3,\nCouncil,b,i1,4,\nCouncil,a,i2,dk,\nPCT,c,i1,2,\nPCT,c,i2,1,\n",
    )
    with app.app_context():
        exported = results_to_dict(reports.round_report(SYSTEM, round_id).results)
        grid = tallies.round_tallies(SYSTEM, round_id)
    # I(Council, i1) = (3 + 4) / 2 = 3.5; I(PCT, i1) = 2; T(i1) = 2.75 (exported 2.75)
    assert exported["scores"]["partners"]["Council"]["items"]["i1"] == 3.5
    assert exported["scores"]["trust"]["items"] == {"i1": 2.75, "i2": 1.0}
    assert exported["structure"]["items"]["i1"]["statements"] == ["i1"]
    assert exported["items"]["i2"]["dont_know_percent"] == 50
    assert {(t.partner, t.statement) for t in grid} >= {("Council", "i1"), ("PCT", "i2")}
    text = " ".join(text_of(build(app, round_id)).split())
    assert "rate every item once, choosing which of its own four levels" in text
    assert "rate every statement" not in text
