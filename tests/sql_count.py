"""Counting the SQL statements a request issues, for the SQL budget tests (issue 18)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from selfassess.extensions import db


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """Every statement sent to the app's engine inside the block (BEGIN/COMMIT excluded)."""
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        if statement.split(None, 1)[0].upper() not in {"BEGIN", "COMMIT", "ROLLBACK"}:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
