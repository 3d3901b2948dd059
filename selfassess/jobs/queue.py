"""The Huey instance of an app and what /healthz reports about it.

Storage by QUEUE_URL (SELFASSESS_QUEUE_URL): unset, a SQLite file in the instance folder
(one server needs nothing more); ``sqlite:///PATH`` another file; ``redis://…`` a Redis
server shared by several app servers; ``immediate:`` runs each job at once in the
process that queues it (the test default; nothing is stored, so nothing is retried).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

NAME = "selfassess"
SQLITE = "sqlite:///"


def queue_url(app: Flask) -> str:
    """The configured storage, or the default for this app."""
    configured = app.config.get("QUEUE_URL")
    if configured:
        return str(configured)
    if app.testing:
        return "immediate:"
    return SQLITE + str(Path(app.instance_path) / "queue.sqlite3")


def make_huey(url: str) -> Huey:
    """A Huey on the storage ``url`` names (see the module docstring)."""
    if url == "immediate:":
        return MemoryHuey(NAME, immediate=True, results=False)
    if url.startswith(SQLITE):
        return SqliteHuey(NAME, filename=url[len(SQLITE) :], results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(NAME, url=url, results=False)
    raise ValueError(f"QUEUE_URL {url!r}: use sqlite:///PATH, redis://HOST:PORT/DB or immediate:")


@dataclass(frozen=True)
class QueueHealth:
    """Jobs waiting to run now, jobs waiting for a later time (retries), and how long the
    oldest waiting-to-run job has waited (0 when none)."""

    depth: int
    scheduled: int
    oldest_seconds: float


# How many waiting jobs are read to find the oldest (the front of the queue is the oldest).
OLDEST_WINDOW = 50


def health(huey: Huey, now: float | None = None) -> QueueHealth:
    now = time.time() if now is None else now
    waiting = huey.pending(limit=OLDEST_WINDOW)
    ages = [now - _ready_since(task) for task in waiting]
    return QueueHealth(
        depth=int(huey.pending_count()),
        scheduled=int(huey.scheduled_count()),
        oldest_seconds=round(max(ages, default=0.0), 1),
    )


def _ready_since(task: object) -> float:
    """When a job became ready to run: when queued, or for a retry, when its time came."""
    queued = float((getattr(task, "kwargs", None) or {}).get("queued_at") or time.time())
    eta = getattr(task, "eta", None)
    if eta is not None:
        # Huey keeps eta as naive UTC.
        queued = max(queued, eta.replace(tzinfo=dt.UTC).timestamp())
    return queued
