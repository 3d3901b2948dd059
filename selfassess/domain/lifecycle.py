"""A round's life by the calendar: when it is open, and which closing dates may be set.

One rule for every screen and service (status pages, the dashboard, saving, submitting,
starting): a round is open while its status is open and the UK date has not passed its
closing date. A closing date is inclusive: the round closes at the end of that day, UK time.
"""

from __future__ import annotations

import datetime as dt

from selfassess.domain.statuses import RoundStatus

OPEN = RoundStatus.OPEN
CLOSED = RoundStatus.CLOSED


def is_open(status: str, closes_on: dt.date | None, today: dt.date) -> bool:
    """Open by its status and not past the end of its closing date (``today`` is UK)."""
    return status == OPEN and (closes_on is None or today <= closes_on)


def effective_status(status: str, closes_on: dt.date | None, today: dt.date) -> str:
    """``open`` or ``closed`` as people should see it: a round past its date is closed."""
    return OPEN if is_open(status, closes_on, today) else CLOSED


def closed_by_date(status: str, closes_on: dt.date | None, today: dt.date) -> bool:
    """Open by its status but past its closing date."""
    return status == OPEN and closes_on is not None and today > closes_on


def date_problems(opens_on: dt.date | None, closes_on: dt.date | None, today: dt.date) -> list[str]:
    """Why these dates cannot be set (empty when they can): the closing date must not be
    in the past nor before the opening date."""
    problems = []
    if closes_on is not None and closes_on < today:
        problems.append("The closing date must be today or in the future")
    if opens_on is not None and closes_on is not None and closes_on < opens_on:
        problems.append("The closing date must be the same as or after the opening date")
    return problems
