"""Like-for-like change (docs/scoring.md §6, issue 19 part 6): when the partners who answered
differ between two rounds, the change is marked and the change over the partners present in
both rounds is shown beside it, in the board paper and on the progress page."""

from __future__ import annotations

from pdf_helpers import build, text_of

from selfassess.domain.likeforlike import like_for_like
from selfassess.policy import SYSTEM
from selfassess.services import rounds
from selfassess.services.results import score_rounds

HEADER = "partner,respondent,statement,answer,evidence\n"


def _answers(levels: dict[str, str]) -> str:
    return HEADER + "".join(
        f"{partner},{partner[0]}1,q{q},{level},\n"
        for partner, level in levels.items()
        for q in range(1, 6)
    )


def _two_rounds(app, make_trust, make_round, import_csv) -> tuple[int, int, int]:
    trust_id = make_trust()
    baseline = make_round(trust_id)
    import_csv(baseline, _answers({"Council": "2", "PCT": "1", "Schools": "3"}))
    with app.app_context():
        rounds.close_round(SYSTEM, baseline)
    follow_up = make_round(trust_id, name="Follow-up")
    import_csv(follow_up, _answers({"Council": "3", "Schools": "3"}))
    return trust_id, baseline, follow_up


def test_change_over_the_partners_in_both_rounds_is_shown_beside(
    app, make_trust, make_round, import_csv
):
    _, baseline, follow_up = _two_rounds(app, make_trust, make_round, import_csv)
    with app.app_context():
        scored = score_rounds([baseline, follow_up])
    like = like_for_like(scored[baseline], scored[follow_up])
    assert like is not None
    assert like.partners == ("Council", "Schools")
    # all partners: 2.0 -> 3.0 (+1.0); Council and Schools only: 2.5 -> 3.0 (+0.5)
    assert like.changes["overall"].delta == 0.5
    assert like.beside("overall") == "+0.5 on the 2 partners in both rounds"
    text = " ".join(text_of(build(app, follow_up)).split())
    assert "improved (+1.0) since Baseline (2.0); +0.5 on the 2 partners in both rounds" in text
    assert "the change over the 2 partners who answered both times (Council, Schools)" in text


def test_same_partners_need_no_like_for_like(app, make_trust, make_round, import_csv):
    trust_id = make_trust()
    first = make_round(trust_id)
    import_csv(first, _answers({"Council": "2"}))
    second = make_round(trust_id, name="Again")
    import_csv(second, _answers({"Council": "3"}))
    with app.app_context():
        scored = score_rounds([first, second])
    assert like_for_like(scored[first], scored[second]) is None


def test_the_progress_page_shows_the_like_for_like_change(
    app, client, auth, make_user, make_trust, make_round, import_csv
):
    trust_id, _, _ = _two_rounds(app, make_trust, make_round, import_csv)
    auth.login(make_user("lead", trust_id))
    page = " ".join(client.get(f"/trusts/{trust_id}/progress/mini").get_data(as_text=True).split())
    assert "improved by 1.0; +0.5 on the 2 partners in both rounds." in page
    assert "who answered both times (Council, Schools)" in page
    assert "Like for like" in page


def test_the_results_page_shows_the_like_for_like_change(
    app, client, auth, make_user, make_trust, make_round, import_csv
):
    trust_id, _, follow_up = _two_rounds(app, make_trust, make_round, import_csv)
    auth.login(make_user("lead", trust_id))
    page = " ".join(client.get(f"/rounds/{follow_up}/results").get_data(as_text=True).split())
    assert "+0.5 on the 2 partners in both rounds: the partners who answered changed" in page
