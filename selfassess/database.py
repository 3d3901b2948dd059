"""Engine settings: SQLite in WAL mode with a busy timeout; BEGIN IMMEDIATE for writers only.

Without BEGIN IMMEDIATE, two writers that both started by reading deadlock and one gets
"database is locked" at once, whatever the busy timeout (docs/pitfalls.md P6); with it on every
transaction, every page and PDF holds the write lock. Services that write say so
(``services.transactions.writes``); everything else begins deferred.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine, event

from selfassess.extensions import db

# The execution option that marks a writing transaction (set by services.transactions.writes).
WRITE_OPTION = "selfassess_write"


def init_app(app: Flask) -> None:
    """Hook the SQLite connection settings onto the app's engine."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, int(app.config["SQLITE_BUSY_TIMEOUT_MS"]))


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Writers queue for the lock up front; readers stay deferred (WAL: never blocked).
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
