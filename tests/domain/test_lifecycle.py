"""A round's life by the calendar: open until the end of its closing date; allowed dates."""

from __future__ import annotations

import datetime as dt

from selfassess.domain import lifecycle

DAY = dt.date(2026, 7, 1)


def test_open_until_the_end_of_the_closing_date():
    assert lifecycle.is_open("open", DAY, DAY)
    assert not lifecycle.is_open("open", DAY, DAY + dt.timedelta(days=1))
    assert lifecycle.is_open("open", None, DAY)
    assert not lifecycle.is_open("closed", None, DAY)
    assert lifecycle.effective_status("open", DAY, DAY + dt.timedelta(days=1)) == "closed"
    assert lifecycle.closed_by_date("open", DAY, DAY + dt.timedelta(days=1))
    assert not lifecycle.closed_by_date("closed", DAY, DAY + dt.timedelta(days=1))


def test_closing_dates_not_in_the_past_nor_before_opening():
    assert lifecycle.date_problems(DAY, DAY, DAY) == []
    assert lifecycle.date_problems(None, None, DAY) == []
    assert lifecycle.date_problems(DAY, DAY - dt.timedelta(days=1), DAY) == [
        "The closing date must be today or in the future",
        "The closing date must be the same as or after the opening date",
    ]
    later = DAY + dt.timedelta(days=9)
    assert lifecycle.date_problems(later, DAY + dt.timedelta(days=3), DAY) == [
        "The closing date must be the same as or after the opening date"
    ]
