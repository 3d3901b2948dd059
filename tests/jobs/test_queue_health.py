"""/healthz reports the job queue: depth, the oldest waiting job's age, 503 when stuck."""

from __future__ import annotations

import time

from selfassess.services import outbox


def test_healthz_reports_depth_and_the_oldest_jobs_age(app, client, queue):
    assert client.get("/healthz").get_json()["queue"] == {
        "depth": 0,
        "scheduled": 0,
        "oldest_seconds": 0.0,
        "status": "ok",
    }
    app.config["MAIL_SERVER"] = "127.0.0.1"
    with app.app_context():
        outbox.queue("a@example.org", "Hello", "Body", None)
        outbox.queue("b@example.org", "Hello", "Body", None)
    answer = client.get("/healthz")
    assert answer.status_code == 200
    found = answer.get_json()["queue"]
    assert found["depth"] == 2
    assert 0 <= found["oldest_seconds"] < app.config["QUEUE_STUCK_SECONDS"]


def test_a_stuck_queue_makes_healthz_503(app, client, queue):
    """A job ready for longer than QUEUE_STUCK_SECONDS means no consumer is running."""
    queue.tasks["remind_due"](queued_at=time.time() - 3600)  # queued an hour ago
    answer = client.get("/healthz")
    assert answer.status_code == 503
    body = answer.get_json()
    assert body["database"] == "ok"
    assert body["queue"]["status"] == "stuck"
    assert body["queue"]["oldest_seconds"] >= 3600
    queue.run_pending()
    assert client.get("/healthz").status_code == 200
