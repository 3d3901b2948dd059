"""SQL budget of the advisors' comparison (issue 18 part 5): a fixed number of statements,
whatever the number of trusts compared (no query per trust)."""

from __future__ import annotations

from sql_count import statements

from selfassess.policy import SYSTEM
from selfassess.services import rounds

HEADER = "partner,respondent,statement,answer,evidence\n"
BUDGET = 15  # measured 14 with 6 trusts, 15 with 12 (SQLite, 2026-12-05)


def _add_trusts(app, make_trust, make_round, import_csv, first: int, count: int) -> None:
    for k in range(first, first + count):
        trust_id = make_trust(f"Trust {k}", [("Council", "local_authority")], region="North")
        round_id = make_round(trust_id, name="Baseline")
        import_csv(
            round_id, HEADER + "".join(f"Council,r,q{q},{1 + k % 4},\n" for q in range(1, 6))
        )
        with app.app_context():
            rounds.close_round(SYSTEM, round_id)


def test_comparison_page_has_a_budget_that_does_not_grow_with_trusts(
    app, client, auth, make_user, make_trust, make_round, import_csv
):
    _add_trusts(app, make_trust, make_round, import_csv, 0, 6)
    auth.login(make_user("advisor", all_trusts=True))
    client.get("/compare/mini")  # warm the questionnaire cache
    with statements(app) as six:
        assert client.get("/compare/mini").status_code == 200
    _add_trusts(app, make_trust, make_round, import_csv, 6, 6)
    with statements(app) as twelve:
        page = client.get("/compare/mini")
    assert page.status_code == 200
    assert "Trust 11" in page.get_data(as_text=True)
    assert len(six) <= BUDGET, six
    assert len(twelve) <= BUDGET, twelve
