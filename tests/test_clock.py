"""The app's clock: settable in tests, UK time for people (Europe/London, with summer time)."""

from __future__ import annotations

import datetime as dt

from selfassess import clock, models


def test_the_clock_is_the_apps_and_days_end_at_midnight_uk_time(app):
    app.config["CLOCK"] = lambda: dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    with app.app_context():
        assert models.utcnow() == dt.datetime(2026, 6, 30, 23, 30)
        assert clock.uk_today() == dt.date(2026, 7, 1)  # 00:30 BST
    app.config["CLOCK"] = lambda: dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    with app.app_context():
        assert clock.uk_today() == dt.date(2026, 12, 31)  # GMT in winter
        assert clock.to_uk(models.utcnow()).hour == 23
