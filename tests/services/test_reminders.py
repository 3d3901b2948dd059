"""Reminders through a real SMTP server: who gets one, what it says, never twice a UK day
(even when two sends run at once), the log-only fallback, and the reopened-response notice."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from mailserver import smtp_server
from reminder_helpers import CLOSES, NOW, build_scene, mail_config
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from selfassess.extensions import db
from selfassess.models import Round
from selfassess.models.followup import Reminder
from selfassess.policy import SYSTEM
from selfassess.services import Invalid, reminders, rounds
from selfassess.services.round_mail import notify_reopened

LINK = "https://selfassess.example.org/assess"
EVERYONE = ["ivy@example.org", "rita@example.org", "sam@example.org"]


@pytest.fixture
def scene(app, make_trust, make_user):
    return build_scene(app, make_trust, make_user)


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_the_plan_is_everyone_invited_or_active_who_has_not_submitted(app, scene):
    with app.app_context():
        plan = reminders.plan(SYSTEM, scene.round_id)
    found = {
        a.facts.email: (a.facts.partner, a.facts.progress, a.facts.invited) for a in plan.addressees
    }
    assert found == {
        "rita@example.org": ("Council", "2 of 5 answered", False),
        "ivy@example.org": ("Council", "0 of 5 answered", True),
        "sam@example.org": ("PCT", "0 of 5 answered", False),
    }


def test_each_reminder_names_trust_round_partner_date_progress_and_link(app, scene):
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        with app.app_context():
            outcome = reminders.send(SYSTEM, scene.round_id, LINK)
    assert sorted(outcome.sent) == EVERYONE
    by_address = {m["To"]: m for m in inbox.messages}
    rita = by_address["rita@example.org"]
    assert "Spring 2027" in rita["Subject"]
    assert "3 December 2026" in rita["Subject"]
    text = body(rita)
    for words in (
        "Dear Rita",
        "Ashvale",
        "Spring 2027",
        "Council",
        "3 December 2026",
        "2 of 5 answered",
        LINK,
    ):
        assert words in text
    assert LINK in by_address["rita@example.org"].get_body(("html",)).get_content()
    assert "not accepted your invitation" in body(by_address["ivy@example.org"])


def test_nobody_is_reminded_twice_in_one_uk_day(app, scene):
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        with app.app_context():
            reminders.send(SYSTEM, scene.round_id, LINK)
            again = reminders.send(SYSTEM, scene.round_id, LINK)
            assert again.sent == ()
            assert sorted(again.skipped) == EVERYONE
            # 23:30 UTC on 26 November is still 26 November in England (GMT).
            app.config["CLOCK"] = lambda: NOW.replace(hour=23, minute=30)
            assert reminders.send(SYSTEM, scene.round_id, LINK).sent == ()
            app.config["CLOCK"] = lambda: NOW + dt.timedelta(days=1)
            assert sorted(reminders.send(SYSTEM, scene.round_id, LINK).sent) == EVERYONE
    assert len(inbox.messages) == 6


def test_the_day_is_the_uk_date_in_summer_time(app, scene):
    # 23:30 UTC on 30 June is 00:30 on 1 July in England (BST).
    app.config["CLOCK"] = lambda: dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC)
    with smtp_server() as (_, port):
        app.config.update(mail_config(port))
        with app.app_context():
            # The round runs into the summer: its closing date is after the clock's date.
            db.session.get(Round, scene.round_id).closes_on = dt.date(2027, 7, 31)
            db.session.commit()
            reminders.send(SYSTEM, scene.round_id, LINK)
            days = set(db.session.scalars(select(Reminder.sent_on)))
    assert days == {dt.date(2027, 7, 1)}


def test_two_sends_at_the_same_moment_mail_each_person_once(app, scene):
    barrier = threading.Barrier(2)
    outcomes = []

    def send() -> None:
        with app.app_context():
            barrier.wait()
            outcomes.append(reminders.send(SYSTEM, scene.round_id, LINK))

    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(m["To"] for m in inbox.messages) == EVERYONE
    assert sorted(e for o in outcomes for e in o.sent) == EVERYONE


def test_the_database_refuses_a_second_reminder_row_for_the_same_day(app, scene):
    with app.app_context():
        for _ in range(2):
            db.session.add(
                Reminder(round_id=scene.round_id, email="rita@example.org", sent_on=CLOSES)
            )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_without_mail_nothing_is_sent_or_recorded(app, scene, caplog):
    caplog.set_level("INFO")
    with app.app_context():
        outcome = reminders.send(SYSTEM, scene.round_id, LINK)
        assert db.session.scalars(select(Reminder)).all() == []
    assert sorted(outcome.not_sent) == EVERYONE
    assert outcome.sent == ()
    assert any("2 of 5 answered" in r.getMessage() for r in caplog.records)


def test_a_dry_run_sends_nothing(app, scene):
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        with app.app_context():
            outcome = reminders.send(SYSTEM, scene.round_id, LINK, dry_run=True)
            assert db.session.scalars(select(Reminder)).all() == []
    assert sorted(outcome.sent) == EVERYONE
    assert inbox.messages == []


def test_a_closed_round_is_not_reminded(app, scene):
    with app.app_context():
        rounds.close_round(SYSTEM, scene.round_id)
        with pytest.raises(Invalid):
            reminders.send(SYSTEM, scene.round_id, LINK)


def test_rounds_are_due_7_and_2_days_before_closing(app, scene):
    with app.app_context():
        assert reminders.due_rounds(CLOSES - dt.timedelta(days=7)) == [scene.round_id]
        assert reminders.due_rounds(CLOSES - dt.timedelta(days=2)) == [scene.round_id]
        assert reminders.due_rounds(CLOSES - dt.timedelta(days=5)) == []
        rounds.close_round(SYSTEM, scene.round_id)
        assert reminders.due_rounds(CLOSES - dt.timedelta(days=7)) == []


def test_a_reopened_response_notice_carries_the_leads_reason(app):
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        with app.app_context():
            sent = notify_reopened(
                "rita@example.org", "Rita", "Spring 2027", "Please add evidence for q3", LINK
            )
    assert sent is True
    (message,) = inbox.messages
    assert message["Subject"] == "Your response to Spring 2027 was reopened"
    assert "Please add evidence for q3" in body(message)
    assert LINK in body(message)
