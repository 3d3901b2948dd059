"""Retention (UK GDPR Art. 5(1)(e), storage limitation; issue 20 part 3): answers and notes
of a round closed longer ago than the period are anonymised and the figures never change;
old sign-in sessions and audit records go; a dry run changes nothing; every run is audited."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.models import ItemNote, Response
from selfassess.models.audit import AuditEvent
from selfassess.policy import SYSTEM
from selfassess.services import rounds
from selfassess.services.retention import months_before, run_retention

CLOSED_AT = dt.datetime(2024, 3, 15, 12, 0, tzinfo=dt.UTC)


def _at(app, moment: dt.datetime) -> None:
    app.config["CLOCK"] = lambda: moment


def _personal(app) -> tuple[int, int]:
    with app.app_context():
        named = db.session.scalar(
            select(func.count())
            .select_from(Response)
            .where(~Response.respondent.startswith("anonymous"))
        )
        notes = db.session.scalar(
            select(func.count()).select_from(ItemNote).where(ItemNote.text != "")
        )
    return named, notes


def test_answers_are_anonymised_after_the_period_and_the_figures_stay(app, runner, worked_round):
    _at(app, CLOSED_AT)
    with app.app_context():
        rounds.close_round(SYSTEM, worked_round)
    before = json.loads(runner.invoke(args=["export-results", str(worked_round)]).output)
    assert _personal(app)[0] == 6
    _at(app, CLOSED_AT + dt.timedelta(days=30 * 23))  # within 24 months: nothing happens
    with app.app_context():
        assert run_retention(SYSTEM).responses_anonymised == 0
    _at(app, CLOSED_AT + dt.timedelta(days=740))
    dry = runner.invoke(args=["retention", "--dry-run"])
    assert "Would anonymise 6 responses" in dry.output
    assert _personal(app)[0] == 6
    done = runner.invoke(args=["retention"])
    assert done.exit_code == 0, done.output
    assert "Anonymised 6 responses" in done.output
    assert _personal(app) == (0, 0)
    after = json.loads(runner.invoke(args=["export-results", str(worked_round)]).output)
    for key in ("scores", "items", "standing", "priorities", "partners"):
        assert after[key] == before[key], key
    with app.app_context():
        assert db.session.scalars(select(AuditEvent.event)).all().count("retention_run") == 1
        assert run_retention(SYSTEM).responses_anonymised == 0  # nothing left to do


def test_an_open_round_is_never_touched(app, worked_round):
    _at(app, CLOSED_AT + dt.timedelta(days=3650))
    with app.app_context():
        assert run_retention(SYSTEM).responses_anonymised == 0
    assert _personal(app)[0] == 6


def test_months_are_calendar_months() -> None:
    assert months_before(dt.datetime(2026, 3, 31), 1) == dt.datetime(2026, 2, 28)
    assert months_before(dt.datetime(2026, 1, 15), 24) == dt.datetime(2024, 1, 15)


def test_the_privacy_notice_states_the_configured_periods(app_factory):
    """UK GDPR Art. 13(2)(a): the notice says how long data is kept, from the settings."""
    app = app_factory("notice", RETENTION_ANSWERS_MONTHS=18, RETENTION_AUDIT_MONTHS=36)
    page = app.test_client().get("/privacy").get_data(as_text=True)
    assert "for 18 months after the round they belong to closes" in page
    assert "audit trail (sign-ins, downloads, changes) for 36 months" in page
