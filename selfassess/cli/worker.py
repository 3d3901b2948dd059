"""`worker`: the job queue's consumer (mail, reminders, overdue actions, board PDFs,
retention), run beside the web server (`make run` starts both), and `queue-status`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from selfassess.jobs import JobQueue
from selfassess.services.deferred import EXTENSION


def _queue() -> JobQueue:
    queue: JobQueue = current_app.extensions[EXTENSION]
    return queue


@click.command("worker")
@with_appcontext
@click.option("--workers", default=2, show_default=True, help="Jobs run at the same time.")
def worker(workers: int) -> None:
    """Run the consumer until stopped (Ctrl-C, or SIGINT/SIGTERM from a supervisor)."""
    queue = _queue()
    if queue.huey.immediate:
        raise click.UsageError("QUEUE_URL is immediate: there is no queue to consume")
    # Threads: the jobs wait on SMTP and the database, and share the app's engine.
    queue.huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()


@click.command("queue-status")
@with_appcontext
def queue_status() -> None:
    """Jobs waiting, jobs scheduled for later (retries), and the oldest one's wait."""
    health = _queue().health()
    click.echo(
        f"waiting {health.depth}, scheduled {health.scheduled}, "
        f"oldest waiting {health.oldest_seconds:.0f} s"
    )
