"""Scoring every trust's round of the national data set, against a raw SQL GROUP BY."""

from __future__ import annotations

from sqlalchemy import select, text

from bench.common import NATIONAL, Section, dispose, median_seconds, national_app
from selfassess.extensions import db
from selfassess.models import CLOSED, Round
from selfassess.services import results as results_service
from selfassess.services.results import round_results, score_rounds

FLOOR_SQL = """
SELECT r.round_id, r.partner_id, a.statement,
       SUM(CASE a.value WHEN '1' THEN 1 WHEN '2' THEN 2 WHEN '3' THEN 3 WHEN '4' THEN 4 END),
       COUNT(CASE a.value WHEN '1' THEN 1 WHEN '2' THEN 2 WHEN '3' THEN 3 WHEN '4' THEN 4 END),
       SUM(CASE WHEN a.value = 'dk' THEN 1 ELSE 0 END)
FROM answer a JOIN response r ON a.response_id = r.id
WHERE r.status = 'submitted' AND r.round_id IN ({ids})
GROUP BY r.round_id, r.partner_id, a.statement
"""


def run() -> Section:
    app = national_app()
    with app.app_context():
        ids = list(db.session.scalars(select(Round.pk).where(Round.status == CLOSED)))
        answers = db.session.scalar(
            text(
                "SELECT COUNT(*) FROM answer a JOIN response r ON a.response_id = r.id "
                "WHERE r.status = 'submitted' AND r.round_id IN (" + ",".join(map(str, ids)) + ")"
            )
        )
        floor_sql = text(FLOOR_SQL.format(ids=",".join(map(str, ids))))
        floor = median_seconds(lambda: db.session.execute(floor_sql).all())

        def cold_batch() -> None:
            results_service._CACHE.clear()
            score_rounds(ids)

        def cold_each() -> None:
            results_service._CACHE.clear()
            for round_id in ids:
                round_results(round_id)

        batch = median_seconds(cold_batch)
        each = median_seconds(cold_each, repeat=3)
        warm = median_seconds(lambda: score_rounds(ids))
        db.session.rollback()
    dispose(app)
    section = Section(
        "Scoring the national data set",
        f"{len(ids)} rounds ({NATIONAL['trusts']} trusts x {NATIONAL['partners']} partners x "
        f"{NATIONAL['respondents']} respondents, `{NATIONAL['questionnaire']}`), {answers:,} "
        "submitted answers, on SQLite. Floor: the raw SQL `GROUP BY` (round, partner, "
        "statement) over the same answers, every row fetched. `score_rounds` is the service "
        "the comparison and export use (one set of queries for all rounds, then one pass in "
        "Python); `round_results` per round is what a results page does. Cold runs clear the "
        "per-round cache of counts first; warm runs reuse it (a cheap fingerprint query per "
        "call checks that no response changed).",
    )
    section.rows += [
        ("raw SQL GROUP BY (floor)", f"{floor * 1000:.0f} ms", "–"),
        (
            "score_rounds, all rounds at once, cold (no cached counts)",
            f"{batch * 1000:.0f} ms = {batch / floor:.2f}x floor",
            "≤ 1.5x",
        ),
        (
            "round_results, one round at a time, cold",
            f"{each * 1000:.0f} ms = {each / floor:.2f}x floor",
            "–",
        ),
        (
            "score_rounds, warm (counts reused: no response changed)",
            f"{warm * 1000:.0f} ms = {warm / floor:.2f}x floor",
            "–",
        ),
    ]
    return section
