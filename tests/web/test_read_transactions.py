"""Reads never take the write lock, and nothing is drawn inside a transaction (issue 10)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from selfassess.extensions import db
from selfassess.report import board


@pytest.mark.sqlite_only("holds SQLite's write lock from a second connection")
def test_pages_pdfs_and_exports_are_read_while_a_writer_holds_the_lock(
    app, client, auth, make_user, worked_round, tmp_path
):
    """A long writer (an import, a migration) does not stop anyone reading results (the
    audit row of an export waits at most the busy timeout, then goes to the log). The board
    PDF is the stored one: made (a write, by its job) before the writer came."""
    auth.login(make_user("lead", 1))
    assert client.get(f"/rounds/{worked_round}/report.pdf").status_code == 200
    with app.app_context():
        event.listen(db.engine, "connect", short_busy_timeout)
        db.engine.dispose()
    blocker = sqlite3.connect(tmp_path / "test.sqlite", isolation_level=None, timeout=0.1)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        for path in ("results", "report.pdf", "results.json", "scores.csv", "tallies.csv"):
            response = client.get(f"/rounds/{worked_round}/{path}")
            assert response.status_code == 200, path
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def short_busy_timeout(connection, _record):
    connection.execute("PRAGMA busy_timeout=100")


def test_the_board_pdf_is_drawn_with_no_transaction_open(
    app, client, auth, make_user, worked_round, monkeypatch
):
    seen = []
    draw = board.board_report

    def spy(*args, **kwargs):
        seen.append(db.session().in_transaction())
        return draw(*args, **kwargs)

    monkeypatch.setattr(board, "board_report", spy)
    auth.login(make_user("lead", 1))
    assert client.get(f"/rounds/{worked_round}/report.pdf").status_code == 200
    assert seen == [False]
