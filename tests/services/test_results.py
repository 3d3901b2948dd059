"""Results of rounds: only submitted answers, set-based queries, batch equals single."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select, update

from selfassess.exports import results_to_dict
from selfassess.extensions import db
from selfassess.models import DRAFT, Partner, Response, utcnow
from selfassess.services.results import round_results, score_rounds

HEADER = "partner,respondent,statement,answer,evidence\n"


@contextmanager
def counted_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_query_count_does_not_grow_with_rounds_partners_or_answers(
    app, make_trust, make_round, import_csv
):
    round_ids = []
    for number in range(4):
        partners = [(f"P{n}", "other") for n in range(2 + number * 3)]
        round_id = make_round(make_trust(f"T{number}", partners))
        rows = "".join(
            f"P{n},r{r},q{q},{1 + (n + r + q) % 4},\n"
            for n in range(len(partners))
            for r in range(3)
            for q in range(1, 6)
        )
        import_csv(round_id, HEADER + rows)
        round_ids.append(round_id)
    with app.app_context():
        with counted_queries() as one:
            round_results(round_ids[0])
        with counted_queries() as many:
            score_rounds(round_ids)
    assert len(one) == len(many) <= 7


def test_batch_scoring_equals_scoring_each_round(
    app, worked_round, make_trust, make_round, import_csv
):
    other = make_round(make_trust("Other", [("Council", "local_authority")]))
    import_csv(other, HEADER + "Council,x,q1,4,\nCouncil,x,q3,dk,\n")
    with app.app_context():
        batch = score_rounds([worked_round, other])
        assert results_to_dict(batch[worked_round]) == results_to_dict(round_results(worked_round))
        assert results_to_dict(batch[other]) == results_to_dict(round_results(other))


def test_drafts_never_count(app, worked_round):
    with app.app_context():
        before = results_to_dict(round_results(worked_round))
        db.session.execute(update(Response).where(Response.respondent == "b1").values(status=DRAFT))
        db.session.commit()
        after = results_to_dict(round_results(worked_round))
    assert before["scores"]["partners"]["PCT"]["overall"] == 1.25
    assert after["scores"]["partners"]["PCT"]["overall"] is None
    assert [p["respondents_submitted"] for p in after["partners"] if p["name"] == "PCT"] == [0]


def test_removed_partner_keeps_its_answers_in_results(app, worked_round):
    with app.app_context():
        for name in ("PCT", "Police"):
            partner = db.session.scalars(select(Partner).where(Partner.name == name)).one()
            partner.removed_at = utcnow()
        db.session.commit()
        names = [p.name for p in round_results(worked_round).partners]
    assert names == ["Council", "PCT", "Schools"]  # Police had no answers: gone


def test_unknown_rounds_are_left_out(app, worked_round):
    with app.app_context():
        assert set(score_rounds([worked_round, 12345])) == {worked_round}


def test_counts_are_reused_until_a_response_changes(app, worked_round, import_csv):
    with app.app_context():
        round_results(worked_round)
        with counted_queries() as warm:
            first = results_to_dict(round_results(worked_round))
    assert not [q for q in warm if "answer.statement" in q and "GROUP BY" in q]
    import_csv(worked_round, HEADER + "Police,p1,q1,1,\n")
    with app.app_context():
        after = results_to_dict(round_results(worked_round))
    assert first["scores"]["partners"]["Police"]["overall"] is None
    assert after["scores"]["partners"]["Police"]["items"]["i1"] == 1.0
