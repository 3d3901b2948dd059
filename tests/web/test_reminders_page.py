"""The lead's reminder from the round's status page (preview, then send) and the
send-reminders command for a scheduler, through a real SMTP server."""

from __future__ import annotations

import datetime as dt

import pytest
from mailserver import smtp_server
from reminder_helpers import CLOSES, NOW, build_scene, mail_config

EVERYONE = ["ivy@example.org", "rita@example.org", "sam@example.org"]


@pytest.fixture
def scene(app, make_trust, make_user):
    return build_scene(app, make_trust, make_user)


def test_the_status_page_leads_to_a_preview_then_sends(app, client, auth, scene):
    auth.login(scene.lead_id)
    status = client.get(f"/rounds/{scene.round_id}/status").get_data(as_text=True)
    assert f"/rounds/{scene.round_id}/reminders" in status
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        preview = client.get(f"/rounds/{scene.round_id}/reminders").get_data(as_text=True)
        assert inbox.messages == []  # the preview sends nothing
        for words in ("Subject:", "3 December 2026", "2 of 5 answered", "Send the reminder to 3"):
            assert words in preview
        for address in EVERYONE:
            assert address in preview
        assert "sue@example.org" not in preview  # submitted
        assert "olly@example.org" not in preview  # deactivated
        page = client.post(f"/rounds/{scene.round_id}/reminders", follow_redirects=True)
        assert "Reminder e-mailed to 3 people." in page.get_data(as_text=True)
        again = client.get(f"/rounds/{scene.round_id}/reminders").get_data(as_text=True)
        assert "Reminded today: not sent again" in again
        assert "Nobody needs a reminder now" in again
    assert sorted(m["To"] for m in inbox.messages) == EVERYONE
    (rita,) = [m for m in inbox.messages if m["To"] == "rita@example.org"]
    assert "https://selfassess.example.org/assess" in rita.get_body(("plain",)).get_content()


def test_without_mail_the_screen_says_no_email_was_sent(app, client, auth, scene):
    auth.login(scene.lead_id)
    preview = client.get(f"/rounds/{scene.round_id}/reminders").get_data(as_text=True)
    assert "no e-mail will be sent" in preview
    page = client.post(f"/rounds/{scene.round_id}/reminders", follow_redirects=True)
    assert "No e-mail was sent to 3 people (mail is not set up" in page.get_data(as_text=True)


def test_only_the_trusts_lead_may_remind(app, client, auth, make_user, make_trust, scene):
    auth.login(make_user("board", scene.trust_id))
    assert client.get(f"/rounds/{scene.round_id}/reminders").status_code == 403
    auth.logout()
    other = make_trust("Other", [("Council", "local_authority")])
    auth.login(make_user("lead", other))
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        assert client.post(f"/rounds/{scene.round_id}/reminders").status_code == 404
    assert inbox.messages == []


def test_the_command_dry_run_lists_and_sends_nothing(app, runner, scene):
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        result = runner.invoke(args=["send-reminders", str(scene.round_id), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"Round {scene.round_id}: would remind 3" in result.output
    assert "rita@example.org" in result.output
    assert inbox.messages == []


def test_the_command_sends_once_a_day(app, runner, scene):
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        first = runner.invoke(args=["send-reminders", str(scene.round_id)])
        second = runner.invoke(args=["send-reminders", str(scene.round_id)])
    assert f"Round {scene.round_id}: reminded 3" in first.output
    assert "already reminded today" in second.output
    assert sorted(m["To"] for m in inbox.messages) == EVERYONE
    link = inbox.messages[0].get_body(("plain",)).get_content()
    assert "https://selfassess.example.org/assess" in link


@pytest.mark.parametrize(("days_left", "reminded"), [(7, 3), (5, 0), (2, 3)])
def test_due_reminds_rounds_closing_in_7_or_2_days(app, runner, scene, days_left, reminded):
    moment = dt.datetime.combine(CLOSES - dt.timedelta(days=days_left), NOW.timetz())
    app.config["CLOCK"] = lambda: moment
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        result = runner.invoke(args=["send-reminders", "--due"])
        runner.invoke(args=["send-reminders", "--due"])  # a second run that day: nobody twice
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == reminded
    if not reminded:
        assert "No round is due a reminder today." in result.output


def test_the_command_needs_a_round_or_due(runner, scene):
    assert runner.invoke(args=["send-reminders"]).exit_code != 0
    assert runner.invoke(args=["send-reminders", "999999"]).exit_code == 1


def test_sending_needs_the_forms_token(app, client, auth, scene):
    """A forged post from another site (no CSRF token) sends nothing."""
    auth.login(scene.lead_id)
    app.config["WTF_CSRF_ENABLED"] = True
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        forged = client.post(f"/rounds/{scene.round_id}/reminders")
        preview = client.get(f"/rounds/{scene.round_id}/reminders").get_data(as_text=True)
    assert forged.status_code != 302
    assert inbox.messages == []
    assert 'name="csrf_token"' in preview
