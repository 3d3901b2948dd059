"""A ``limits`` storage kept in the application's own database, so that every rate limit
holds across all gunicorn workers, worker restarts and every server sharing the database
(ASVS 5.0 V2.4.1 anti-automation, V6.3.1 brute-force protection; docs/pitfalls.md P22).

Registered with the ``limits`` storage registry under ``selfassess+db://`` (subclassing
``Storage`` with ``STORAGE_SCHEME`` registers it); the default RATELIMIT_STORAGE_URI. Only
the fixed-window strategy (Flask-Limiter's default) is supported. Each hit is one
``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (SQLite ≥ 3.35 and PostgreSQL), run on its
own connection in a writing transaction (``BEGIN IMMEDIATE`` on SQLite), so concurrent
workers are serialised by the database and the count is never read-modified-written in
Python; it is committed at once, whatever becomes of the request's own transaction.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from flask import current_app
from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from selfassess.database import WRITE_OPTION
from selfassess.extensions import db
from selfassess.models.ratelimits import RateCounter

SCHEME = "selfassess+db"
TABLE = RateCounter.__table__
# The key column holds 255 characters; a key built from a long typed e-mail address is
# stored by its digest instead (same counter for the same key, never a database error).
KEY_LIMIT = 200


def stored_key(key: str) -> str:
    """The key as stored: itself when short, else a prefix and its SHA-256 digest."""
    if len(key) <= KEY_LIMIT:
        return key
    return f"{key[:100]}#sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def _engine() -> Engine:
    """The engine of the app handling this request (the limiter serves every app)."""
    with current_app.app_context():
        return db.engine


class DatabaseStorage(Storage):
    """Fixed-window counters in the ``rate_counter`` table."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str = f"{SCHEME}://", wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` to the key's window, starting a new window if it has ended."""
        now, key = time.time(), stored_key(key)
        engine = _engine()
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        ended = TABLE.c.expires_at <= now
        statement = dialect.insert(TABLE).values(key=key, hits=amount, expires_at=now + expiry)
        statement = statement.on_conflict_do_update(
            index_elements=[TABLE.c.key],
            set_={
                "hits": _case(ended, amount, TABLE.c.hits + amount),
                "expires_at": _case(ended, now + expiry, TABLE.c.expires_at),
            },
        ).returning(TABLE.c.hits)
        with engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
            hits = connection.execute(statement).scalar_one()
            connection.commit()
        return int(hits)

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row[0]) if row is not None and row[1] > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return float(row[1]) if row is not None and row[1] > time.time() else time.time()

    def _row(self, key: str) -> Any:
        query = select(TABLE.c.hits, TABLE.c.expires_at).where(TABLE.c.key == stored_key(key))
        with _engine().connect() as connection:
            return connection.execute(query).first()

    def check(self) -> bool:
        try:
            with _engine().connect() as connection:
                connection.execute(select(TABLE.c.key).limit(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        return self._delete(None)

    def clear(self, key: str) -> None:
        self._delete(key)

    def _delete(self, key: str | None) -> int:
        statement = (
            delete(TABLE) if key is None else delete(TABLE).where(TABLE.c.key == stored_key(key))
        )
        with _engine().connect().execution_options(**{WRITE_OPTION: True}) as connection:
            removed = connection.execute(statement).rowcount
            connection.commit()
        return int(removed)

    def purge(self) -> int:
        """Remove ended windows (they count as empty anyway; this only keeps the table small)."""
        statement = delete(TABLE).where(TABLE.c.expires_at <= time.time())
        with _engine().connect().execution_options(**{WRITE_OPTION: True}) as connection:
            removed = connection.execute(statement).rowcount
            connection.commit()
        return int(removed)


def _case(condition: Any, then: Any, otherwise: Any) -> Any:
    return case((condition, then), else_=otherwise)
