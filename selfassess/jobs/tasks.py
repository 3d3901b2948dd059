"""What the jobs do, each by calling services as SYSTEM (the services own the
transactions and the idempotency: an outbox claim, a reminder row, a file fingerprint).

Each function here is registered on the app's Huey by selfassess/jobs/__init__.py, which
runs it inside an app context; they return nothing worth storing.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from huey.exceptions import RetryTask

from selfassess import clock
from selfassess.policy import SYSTEM
from selfassess.services import board_files, outbox, overdue, reminders


def deliver(message_id: int) -> None:
    """Send one outbox message; on refusal, try again after the back-off."""
    outcome = outbox.deliver(SYSTEM, message_id)
    if outcome is outbox.Delivery.RETRY:
        raise RetryTask(delay=outbox.backoff(outbox.attempts(message_id)))
    if outcome is outbox.Delivery.FAILED:
        current_app.logger.error("mail %s failed for good", message_id)


def board_pdf(round_id: int, variant: str | None = None) -> None:
    """Rebuild the round's stored board PDFs that are stale (and ``variant``, if asked)."""
    board_files.build_stale(SYSTEM, round_id, variant, online_url(round_id))


def remind_due() -> None:
    """Reminders of rounds closing in 7 or 2 days (UK date), once the UK morning has come
    (REMINDER_HOUR); the daily reminder rows make a second run that day send nothing."""
    if clock.uk_now().hour < int(current_app.config.get("REMINDER_HOUR", 8)):
        return
    link = _external("assess.dashboard")
    for round_id in reminders.due_rounds(clock.uk_today()):
        reminders.send(SYSTEM, round_id, link)


def remind_overdue() -> None:
    """Owners of overdue actions: when overdue, and again a week later."""
    overdue.remind(SYSTEM, clock.uk_today(), _external("home.index"))


def retention() -> None:
    """The daily retention run (services/retention.py, UK GDPR Art. 5(1)(e))."""
    from selfassess.services import retention as policy

    policy.run_retention(SYSTEM)


def online_url(round_id: int) -> str:
    return _external("results.round_results", round_id=round_id)


def _external(endpoint: str, **values: Any) -> str:
    """A link under BASE_URL (a job has no request, so never a request's host)."""
    with current_app.test_request_context():
        path = url_for(endpoint, **values)
    return str(current_app.config["BASE_URL"]).rstrip("/") + path
