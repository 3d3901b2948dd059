"""Targets and status words (docs/scoring.md §3, issue 19 part 6): sections, phases and overall
against the mean of their items' targets, in the same four words on the page, in the PDF and
in the results JSON."""

from __future__ import annotations

from pdf_helpers import build, text_of

from selfassess.domain.report import status_of
from selfassess.exports import results_to_dict
from selfassess.policy import SYSTEM
from selfassess.services import reports


def test_the_four_status_words_follow_the_gap() -> None:
    assert [status_of(g) for g in (-0.2, 0.0, 0.1, 0.9, 1.0, 1.6, None)] == [
        "meets",
        "meets",
        "below",
        "below",
        "well_below",
        "well_below",
        "no_score",
    ]


def test_json_pdf_and_page_agree_on_targets_gaps_and_words(
    app, client, auth, make_user, worked_round
):
    with app.app_context():
        exported = results_to_dict(reports.round_report(SYSTEM, worked_round).results)
    standing = exported["standing"]
    # worked example: section one holds items aiming for 3 and 2, so its target is 2.5
    assert standing["sections"]["s1"] == {
        "target": 2.5,
        "gap": 0.1,
        "status": "below",
        "status_words": "Below target",
    }
    assert standing["sections"]["s2"]["status_words"] == "Well below target"
    assert standing["overall"]["target"] == 3.0
    assert exported["items"]["i3"]["status"] == "well_below"
    flat = " ".join(text_of(build(app, worked_round)).split())
    assert "Section two 2.4 4.0 Well below target by 1.6" in flat
    auth.login(make_user("lead", 1))
    page = " ".join(client.get(f"/rounds/{worked_round}/results").get_data(as_text=True).split())
    assert "Well below target" in page
