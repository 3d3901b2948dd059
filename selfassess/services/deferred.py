"""Jobs asked for inside a transaction, queued only once it commits (docs/pitfalls.md P24).

A service calls :func:`defer` with a job's name and arguments; the request is kept on the
database session and handed to the queue (selfassess/jobs, registered as the app extension
``selfassess.queue``) by SQLAlchemy's ``after_commit`` event. A rollback drops it, so a job
never runs for a change that did not happen, nor before the rows it reads exist.
"""

from __future__ import annotations

from typing import Any, Protocol

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from selfassess.extensions import db

KEY = "selfassess.deferred"
EXTENSION = "selfassess.queue"


class Queue(Protocol):
    def enqueue(self, name: str, *args: Any) -> None: ...


def defer(name: str, *args: Any) -> None:
    """Queue job ``name(*args)`` when this session's transaction commits (once per
    transaction for the same name and arguments)."""
    defer_on(db.session(), name, *args)


def defer_on(session: Session, name: str, *args: Any) -> None:
    """The same, for a given session (inside its flush events)."""
    waiting: list[tuple[str, tuple[Any, ...]]] = session.info.setdefault(KEY, [])
    if (name, args) not in waiting:
        waiting.append((name, args))


def waiting() -> list[tuple[str, tuple[Any, ...]]]:
    """What the current transaction will queue if it commits (for tests and diagnostics)."""
    return list(db.session().info.get(KEY, []))


@event.listens_for(Session, "after_commit")
def _queue_after_commit(session: Session) -> None:
    jobs = session.info.pop(KEY, [])
    if not jobs:
        return
    queue: Queue | None = current_app.extensions.get(EXTENSION)
    for name, args in jobs:
        if queue is None:
            current_app.logger.warning("no job queue set up: %s%r not queued", name, args)
        else:
            queue.enqueue(name, *args)


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(KEY, None)
