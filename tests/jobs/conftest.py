"""The app of each test with a real queue: Huey on a SQLite file (or Redis), whose jobs the
test runs from storage with ``queue.run_pending(now)``, as one consumer pass would."""

from __future__ import annotations

import pytest

from selfassess import jobs


@pytest.fixture
def queue(app, tmp_path) -> jobs.JobQueue:
    """Replace the test default (immediate) with a real SQLite queue file."""
    app.config["QUEUE_URL"] = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    return jobs.init_app(app)
