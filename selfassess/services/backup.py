"""Consistent copies of the database while people keep working, and putting one back.

SQLite: ``VACUUM INTO`` writes a consistent snapshot, WAL contents included (copying the
file misses acknowledged saves still in ``-wal``). PostgreSQL: ``pg_dump -Fc`` and
``pg_restore``, the server's own tools.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Connection, func, inspect, make_url, select

from selfassess.extensions import db
from selfassess.models import Response, Trust, User
from selfassess.services import Invalid, ServiceError


def _libpq_url() -> str:
    """The database URL as PostgreSQL's own tools read it (no SQLAlchemy driver suffix)."""
    url = make_url(str(db.engine.url)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _sqlite(connection: Connection) -> sqlite3.Connection:
    """The driver's own connection, outside SQLAlchemy's transaction (VACUUM and the backup
    API cannot run inside one)."""
    raw = connection.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        raise ServiceError("not a SQLite connection")
    return raw


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ServiceError(
            f"{name} was not found: install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client) at the server's version"
        )
    return found


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise ServiceError(f"{Path(command[0]).name}: {last}")


def backup(destination: Path) -> str:
    """Write a consistent copy to ``destination``; returns how it was made."""
    if destination.exists():
        raise Invalid(f"{destination} already exists: choose a new file name")
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            _sqlite(connection).execute("VACUUM INTO ?", (str(destination),))
        return "SQLite snapshot (VACUUM INTO)"
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "-f", str(destination), _libpq_url()])
    return "PostgreSQL custom-format dump (pg_dump -Fc)"


def is_empty() -> bool:
    """No schema yet, or no trust, person or response in it."""
    if not inspect(db.engine).has_table("trust"):
        return True
    counts = [
        db.session.scalar(select(func.count()).select_from(t)) for t in (Trust, User, Response)
    ]
    db.session.rollback()
    return not any(counts)


def restore(source: Path, force: bool = False) -> str:
    """Put a backup back, replacing this database's content (only with ``force`` when the
    database already holds data)."""
    if not source.is_file():
        raise Invalid(f"{source} is not a file")
    if not force and not is_empty():
        raise Invalid("The database is not empty: add --force to replace everything in it")
    db.session.remove()
    if db.engine.dialect.name == "sqlite":
        with sqlite3.connect(source) as copy:
            if copy.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise Invalid(f"{source} is not a sound SQLite database")
            with db.engine.connect() as connection:
                copy.backup(_sqlite(connection))
        db.engine.dispose()
        return "restored from a SQLite snapshot"
    db.engine.dispose()
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "-d",
            _libpq_url(),
            str(source),
        ]
    )
    return "restored from a PostgreSQL dump"
