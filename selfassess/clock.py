"""The time, in one place: UTC for storing, UK time (Europe/London) for people.

Tests set the time with ``app.config["CLOCK"]`` (a callable returning an aware UTC
datetime) instead of sleeping or patching: closing dates, reminders and session limits all
read it through :func:`now`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

UK = ZoneInfo("Europe/London")


def now() -> dt.datetime:
    """The current moment, aware, in UTC (the app's CLOCK when one is set)."""
    clock = current_app.config.get("CLOCK") if has_app_context() else None
    moment = clock() if callable(clock) else dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """Now as stored: naive UTC, the same on SQLite and PostgreSQL."""
    return now().replace(tzinfo=None)


def uk_now() -> dt.datetime:
    """Now on a UK clock."""
    return now().astimezone(UK)


def uk_today() -> dt.date:
    """Today's date in England (a round's closing date ends at midnight UK time)."""
    return uk_now().date()


def to_uk(stored: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) moment on a UK clock."""
    return stored.replace(tzinfo=dt.UTC).astimezone(UK)
