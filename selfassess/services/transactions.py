"""Transactions: which ones write, so that only they take SQLite's write lock.

On SQLite a writing transaction must begin with ``BEGIN IMMEDIATE`` (a deferred one that
reads, then writes, fails at once with "database is locked" when another writer committed
in between: docs/pitfalls.md P6), while reads stay deferred so WAL readers never block a save.
Every service that writes is decorated with :func:`writes`; the engine hook in
``database.py`` reads the execution option it sets. On PostgreSQL the option is ignored and
the services lock the rows a decision rests on (``SELECT … FOR UPDATE``) instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import CursorResult
from sqlalchemy.sql.dml import Delete, Update

from selfassess.database import WRITE_OPTION
from selfassess.extensions import db

P = ParamSpec("P")
R = TypeVar("R")


def in_write() -> bool:
    """Whether this session is inside a writing transaction already."""
    session = db.session()
    if not session.in_transaction():
        return False
    return bool(session.connection().get_execution_options().get(WRITE_OPTION, False))


def begin_write() -> None:
    """End any read transaction of this session and begin a writing one (a no-op inside
    a writing transaction, so one service may call another)."""
    session = db.session()
    if in_write():
        return
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() with unsaved changes: write in one service call")
        session.rollback()  # only a read: nothing is lost, objects reload when next used
    session.connection(execution_options={WRITE_OPTION: True})


def end_read() -> None:
    """End a read transaction (before rendering a page, PDF, chart or CSV)."""
    if db.session().in_transaction() and not (db.session.new or db.session.dirty):
        db.session.rollback()


def reads(service: Callable[P, R]) -> Callable[P, R]:
    """Run a reading service and end its transaction before the caller renders anything
    (a PDF, chart, CSV or comparison is drawn with no transaction open)."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return service(*args, **kwargs)
        finally:
            if not in_write():
                end_read()

    return wrapper


def writes(service: Callable[P, R]) -> Callable[P, R]:
    """Run a service in a writing transaction; roll back whatever it leaves uncommitted."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if in_write():  # called by another writing service: its transaction, its commit
            return service(*args, **kwargs)
        begin_write()
        try:
            return service(*args, **kwargs)
        finally:
            if db.session().in_transaction():
                db.session.rollback()

    return wrapper


def changed(statement: Update | Delete) -> int:
    """Run an UPDATE or DELETE and return how many rows it changed (the guarded update that
    decides a race: the one request whose update changed a row won)."""
    result: Any = db.session.execute(statement)
    if not isinstance(result, CursorResult):  # an ORM bulk statement returns a cursor result
        raise TypeError(f"{type(result).__name__} has no row count")
    return int(result.rowcount or 0)


def release_session() -> None:
    """After a database error: give the connection back, whatever state it is in."""
    try:
        db.session.rollback()
    finally:
        db.session.remove()
