"""Owners of overdue actions are reminded when overdue and again a week later, once each
(the periodic job may run any number of times)."""

from __future__ import annotations

import datetime as dt

import pytest
from mailserver import smtp_server
from reminder_helpers import NOW, build_scene, mail_config

from selfassess.domain.actions import ActionStatus
from selfassess.extensions import db
from selfassess.jobs import tasks
from selfassess.models import User
from selfassess.services import reports
from selfassess.services.sessions import actor_of

DUE = dt.date(2026, 11, 20)  # before NOW's UK date (26 November)


@pytest.fixture
def scene(app, make_trust, make_user):
    return build_scene(app, make_trust, make_user)


def _action(app, scene, owner: str, status=ActionStatus.IN_PROGRESS) -> None:
    with app.app_context():
        lead = actor_of(db.session.get(User, scene.lead_id))
        reports.set_action(lead, scene.round_id, "i1", "Map providers", owner, DUE, status)


def _run_on(app, moment: dt.datetime) -> None:
    app.config["CLOCK"] = lambda: moment
    with app.app_context():
        tasks.remind_overdue()


def test_the_owner_is_reminded_when_overdue_and_again_a_week_later(app, scene):
    _action(app, scene, "Rita")
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        for days in (0, 0, 3, 6):
            _run_on(app, NOW + dt.timedelta(days=days))
        assert [m["To"] for m in inbox.messages] == ["rita@example.org"]
        assert "overdue" in inbox.messages[0]["Subject"]
        assert "Map providers" in inbox.messages[0].get_body(("plain",)).get_content()
        for days in (7, 7, 8, 30):
            _run_on(app, NOW + dt.timedelta(days=days))
    assert [m["To"] for m in inbox.messages] == ["rita@example.org"] * 2
    assert "still overdue" in inbox.messages[1]["Subject"]


def test_an_owner_who_is_no_one_here_reminds_the_trust_lead(app, scene):
    _action(app, scene, "Head of Early Help (county)")
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        _run_on(app, NOW)
    assert [m["To"] for m in inbox.messages] == ["lena@example.org"]


def test_done_actions_remind_nobody(app, scene):
    _action(app, scene, "Rita", ActionStatus.DONE)
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        _run_on(app, NOW)
    assert inbox.messages == []
