"""The job queue (Huey): mail, reminders, overdue actions, board PDFs and retention.

``init_app`` builds the app's Huey (selfassess/jobs/queue.py), registers the tasks of
selfassess/jobs/tasks.py on it, each run in an app context, and installs the queue as the
app extension that services/deferred.py hands jobs to after a commit. Services never queue
directly: they ``defer`` inside their transaction, so a rollback queues nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable
from typing import Any

from flask import Flask
from huey import Huey, crontab

from selfassess.jobs import queue as storage
from selfassess.jobs import tasks
from selfassess.services.deferred import EXTENSION

# Attempts are counted in the outbox (services/outbox.py), which raises RetryTask with its
# own back-off; these retries are for the other jobs (a busy database, a lost connection).
RETRIES = {"board_pdf": 3}
PERIODIC = {
    # Every quarter hour: each job decides itself whether it is due (UK time, once a day).
    "remind_due": crontab(minute="*/15"),
    "remind_overdue": crontab(minute="7,37"),
    "retention": crontab(minute="23", hour="2"),
}


class JobQueue:
    """The app's queue: ``enqueue(name, *args)`` and ``health()``; ``huey`` for consumers."""

    def __init__(self, app: Flask, huey: Huey) -> None:
        self.app, self.huey = app, huey
        self.tasks: dict[str, Any] = {}

    def enqueue(self, name: str, *args: Any) -> None:
        # When it was queued travels with the job: /healthz reports the oldest one's age.
        self.tasks[name](*args, queued_at=time.time())

    def health(self) -> storage.QueueHealth:
        return storage.health(self.huey)

    def run_pending(self, now: float | None = None) -> int:
        """Run, in this thread, every job ready by ``now`` (retries whose time has come
        included): what one consumer pass does. For the command line and tests."""
        for task in self.huey.read_schedule(_utc(now)):
            self.huey.enqueue(task)
        count = 0
        while (task := self.huey.dequeue()) is not None:
            self.huey.execute(task, _utc(now))
            count += 1
        return count


def _utc(now: float | None) -> dt.datetime:
    """Huey's timestamps are naive UTC."""
    moment = dt.datetime.now(dt.UTC) if now is None else dt.datetime.fromtimestamp(now, dt.UTC)
    return moment.replace(tzinfo=None)


def _in_app(app: Flask, job: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(job)
    def run(*args: Any, queued_at: float = 0.0) -> None:
        with app.app_context():
            job(*args)

    return run


def init_app(app: Flask) -> JobQueue:
    queue = JobQueue(app, storage.make_huey(storage.queue_url(app)))
    for name in ("deliver", "board_pdf"):
        job = _in_app(app, getattr(tasks, name))
        queue.tasks[name] = queue.huey.task(name=name, retries=RETRIES.get(name, 0))(job)
    for name, schedule in PERIODIC.items():
        job = _in_app(app, getattr(tasks, name))
        queue.tasks[name] = queue.huey.periodic_task(schedule, name=name)(job)
    app.extensions[EXTENSION] = queue
    return queue
