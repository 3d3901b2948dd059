"""Mail as jobs: queued only after the commit, delivered once through refusals, raced
consumers send one message, failures for good on the round's status page."""

from __future__ import annotations

import threading
import time

import pytest
from mailserver import smtp_server
from reminder_helpers import build_scene, mail_config
from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.jobs import tasks
from selfassess.models.outbox import OutboxMessage
from selfassess.policy import SYSTEM
from selfassess.services import outbox, reminders
from selfassess.services.transactions import writes

LINK = "https://selfassess.example.org/assess"
HOUR = 3600.0


@pytest.fixture
def scene(app, make_trust, make_user):
    return build_scene(app, make_trust, make_user)


@writes
def _change_then(commit: bool) -> None:
    """A writing service that queues a message, then commits or fails."""
    outbox.queue("a@example.org", "Hello", "Body", None)
    if not commit:
        raise RuntimeError("the change fails after the message was queued")
    db.session.commit()


def test_a_job_queued_in_a_transaction_that_rolls_back_never_runs(app, queue):
    """docs/pitfalls.md P24: nothing reaches the queue before the commit, a rollback drops
    the job and its outbox row, and only the committed message is delivered."""
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        with app.app_context():
            with pytest.raises(RuntimeError):
                _change_then(commit=False)
            assert queue.huey.pending_count() == 0
            assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
            _change_then(commit=True)
            assert queue.huey.pending_count() == 1
        assert queue.run_pending() == 1
    assert [m["To"] for m in inbox.messages] == ["a@example.org"]


def test_a_request_does_not_wait_for_the_mail_server(app, queue, scene):
    """The lead's send only queues: with the server refusing, nothing is attempted yet."""
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        inbox.refusing = True
        with app.app_context():
            outcome = reminders.send(SYSTEM, scene.round_id, LINK)
        assert len(outcome.sent) == 3
        assert inbox.refused == 0
        assert queue.huey.pending_count() == 3


def test_a_server_down_for_ten_minutes_then_back_gets_every_message_once(app, queue, scene):
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        inbox.refusing = True
        with app.app_context():
            reminders.send(SYSTEM, scene.round_id, LINK)
        now = time.time()
        # Ten minutes of refusals: each retry comes due after its back-off.
        for minute in (0, 1, 3, 5, 10):
            queue.run_pending(now + minute * 60)
        assert inbox.messages == []
        assert inbox.refused >= 9
        assert queue.huey.scheduled_count() == 3
        inbox.refusing = False
        queue.run_pending(now + HOUR)
        queue.run_pending(now + 2 * HOUR)  # nothing is left to send a second time
        with app.app_context():  # a job run again (a duplicate) sends nothing either
            for pk in db.session.scalars(select(OutboxMessage.pk)).all():
                tasks.deliver(pk)
    assert sorted(m["To"] for m in inbox.messages) == [
        "ivy@example.org",
        "rita@example.org",
        "sam@example.org",
    ]
    assert queue.huey.pending_count() == queue.huey.scheduled_count() == 0


def test_mail_that_failed_for_good_shows_on_the_rounds_status_page(app, client, auth, queue, scene):
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        inbox.refusing = True
        with app.app_context():
            reminders.send(SYSTEM, scene.round_id, LINK)
        now = time.time()
        for attempt in range(outbox.MAX_ATTEMPTS + 2):
            queue.run_pending(now + attempt * 5 * HOUR)
    assert inbox.refused == 3 * outbox.MAX_ATTEMPTS
    assert queue.huey.scheduled_count() == 0
    auth.login(scene.lead_id)
    page = client.get(f"/rounds/{scene.round_id}/status").get_data(as_text=True)
    assert "3 e-mails about this round could not be delivered" in page
    assert "rita@example.org" in page
    assert "SMTPDataError" not in page


def _at_once(app, count: int, job) -> None:
    """Run ``job`` in ``count`` threads, each as its own consumer with its own session."""
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context():
                start.wait()
                job()
        except BaseException as exc:  # reported to the test below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_two_consumers_delivering_one_message_send_it_once(app, queue):
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        with app.app_context():
            pk = outbox.queue("a@example.org", "Hello", "Body", None)
        _at_once(app, 2, lambda: tasks.deliver(pk))
        _at_once(app, 2, lambda: tasks.deliver(pk))
    assert len(inbox.messages) == 1


def test_two_consumers_running_the_due_reminders_remind_each_person_once(app, queue, scene):
    """The reminder claim (one row per round, person and UK day) raced by two consumers."""
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        _at_once(app, 2, tasks.remind_due)
        queue.run_pending()
        _at_once(app, 2, tasks.remind_due)  # later the same day: nobody again
        queue.run_pending()
    assert sorted(m["To"] for m in inbox.messages) == [
        "ivy@example.org",
        "rita@example.org",
        "sam@example.org",
    ]


def test_due_reminders_wait_for_the_uk_morning(app, queue, scene):
    app.config["REMINDER_HOUR"] = 11  # NOW is 10:00 UK time
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        with app.app_context():
            tasks.remind_due()
        assert queue.huey.pending_count() == 0
