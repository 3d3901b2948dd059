"""Backups while people keep working, and restores (issue 10), on each engine."""

from __future__ import annotations

import datetime as dt
import json
import threading

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Answer, Response, User
from selfassess.services import responses
from selfassess.services.accounts import actor_of

WRITERS = 4


def test_backup_under_concurrent_saves_keeps_every_acknowledged_save(
    app, app_factory, make_trust, make_round, make_user, tmp_path
):
    """Every save acknowledged before the backup began is in the copy, with its value."""
    trust_id = make_trust("Ashvale", [("Council", "local_authority")])
    round_id = make_round(trust_id)
    people = [make_user("respondent", trust_id, partner="Council") for _ in range(WRITERS)]
    acknowledged: dict[int, list[tuple[int, str]]] = {p: [] for p in people}
    started = {p: threading.Event() for p in people}
    stop = threading.Event()
    before: dict[int, int] = {}

    def work(user_id: int) -> None:
        with app.app_context():
            person = actor_of(db.session.get(User, user_id))
            response_id = responses.start_response(person, round_id)
            revision = responses.load_response(person, response_id).revision
            count = 0
            while not stop.is_set():
                value = str(1 + count % 4)
                outcome = responses.save_page(person, response_id, revision, 1, {"q1": value}, {})
                assert isinstance(outcome, responses.Saved)
                revision = outcome.revision
                acknowledged[user_id].append((response_id, value))
                count += 1
                if count == 5:
                    started[user_id].set()
            db.session.remove()

    threads = [threading.Thread(target=work, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for event in started.values():
        assert event.wait(60)
    before.update({p: len(acknowledged[p]) for p in people})
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.backup")])
    stop.set()
    for thread in threads:
        thread.join()
    assert result.exit_code == 0, result.output
    restored = app_factory("restored")
    out = restored.test_cli_runner().invoke(
        args=["restore", "--force", str(tmp_path / "copy.backup")]
    )
    assert out.exit_code == 0, out.output
    with restored.app_context():
        stored = dict(db.session.execute(select(Answer.response_id, Answer.value)).all())
        count = len(db.session.scalars(select(Response.pk)).all())
    assert count == WRITERS
    for user_id in people:
        response_id = acknowledged[user_id][0][0]
        assert before[user_id] >= 5
        assert response_id in stored
        # the copy holds a value at least as recent as the last one acknowledged before it
        later = [value for _, value in acknowledged[user_id][before[user_id] - 1 :]]
        assert stored[response_id] in later


def test_round_trip_reproduces_every_export(app, app_factory, worked_round, runner, tmp_path):
    """A restored copy exports exactly what the original did."""
    # One moment for both exports: "generated_at" must not differ by the restore's seconds.
    app.config["CLOCK"] = lambda: dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
    original = runner.invoke(args=["export-results", str(worked_round)]).output
    assert runner.invoke(args=["backup", str(tmp_path / "b.backup")]).exit_code == 0
    target = app_factory("target", CLOCK=app.config["CLOCK"])
    target_runner = target.test_cli_runner()
    refused = target_runner.invoke(args=["restore", str(tmp_path / "b.backup")])
    assert refused.exit_code == 0, refused.output  # a database with no trust or person yet
    copy = target_runner.invoke(args=["export-results", str(worked_round)]).output
    assert without_time(copy) == without_time(original)


def without_time(export: str) -> dict:
    """An export without the moment it was made (the only field that may differ)."""
    data = json.loads(export)
    data.pop("generated_at")
    return data


def test_restore_refuses_a_database_with_data_and_bad_files(app, runner, worked_round, tmp_path):
    assert runner.invoke(args=["backup", str(tmp_path / "b.backup")]).exit_code == 0
    again = runner.invoke(args=["backup", str(tmp_path / "b.backup")])
    assert again.exit_code == 1
    assert "already exists" in again.output
    refused = runner.invoke(args=["restore", str(tmp_path / "b.backup")])
    assert refused.exit_code == 1
    assert "--force" in refused.output
    missing = runner.invoke(args=["restore", str(tmp_path / "none.backup")])
    assert missing.exit_code == 1
    assert "Traceback" not in missing.output
