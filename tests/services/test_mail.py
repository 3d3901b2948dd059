"""E-mail through a real SMTP server (aiosmtpd) started in the test: never a mock of smtplib."""

from __future__ import annotations

import pytest
from mailserver import free_port, smtp_server
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models.outbox import OutboxMessage
from selfassess.services.mail import send_mail


def mail_config(port, **extra):
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_SENDER": "Ashvale Children's Trust <selfassess@ashvale.example>",
        **extra,
    }


def test_a_message_has_text_and_html_parts_in_utf8_and_a_sender_name(app):
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        with app.app_context():
            sent = send_mail(
                "zoë@example.org", "Réunion – ready", "Plain: café ✓", "<p>HTML: café ✓</p>"
            )
    assert sent is True
    (message,) = inbox.messages
    assert inbox.recipients == [["zoë@example.org"]]
    assert message["From"].addresses[0].display_name == "Ashvale Children's Trust"
    assert message["From"].addresses[0].addr_spec == "selfassess@ashvale.example"
    assert message["Subject"] == "Réunion – ready"
    assert message.get_body(("plain",)).get_content().strip() == "Plain: café ✓"
    assert message.get_body(("html",)).get_content().strip() == "<p>HTML: café ✓</p>"
    assert message.get_body(("plain",)).get_content_charset() == "utf-8"


def test_login_with_the_configured_username_and_password(app):
    with smtp_server("mailer", "s3cret pass") as (inbox, port):
        app.config.update(mail_config(port, MAIL_USERNAME="mailer", MAIL_PASSWORD="s3cret pass"))
        with app.app_context():
            assert send_mail("a@example.org", "Hello", "Text", None) is True
    assert inbox.logins == ["mailer"]
    assert len(inbox.messages) == 1


def test_a_subject_with_line_breaks_cannot_add_headers(app):
    """ASVS V1.3.11 (mail injection): a CR/LF in a subject never starts a new header."""
    with smtp_server() as (inbox, port):
        app.config.update(mail_config(port))
        with app.app_context():
            send_mail("a@example.org", "Hi\r\nBcc: evil@example.org", "Text", None)
    (message,) = inbox.messages
    assert message["Bcc"] is None
    assert inbox.recipients == [["a@example.org"]]


def test_without_a_server_nothing_is_sent_and_the_message_is_logged(app, caplog):
    caplog.set_level("INFO")
    with app.app_context():
        assert send_mail("a@example.org", "Hello", "The body text", "<p>x</p>") is False
    assert any(
        "mail not sent" in r.getMessage() and "The body text" in r.getMessage()
        for r in caplog.records
    )


def test_an_unreachable_server_is_recorded_for_a_retry_not_raised(app, caplog):
    """The message stays in the outbox, unsent, with the kind of error only (the body, which
    may carry a sign-in link, is never logged: ASVS V16.2.5)."""
    app.config.update(mail_config(free_port()))
    with app.app_context():
        assert send_mail("a@example.org", "Hello", "Secret link", None) is True
        (row,) = db.session.scalars(select(OutboxMessage)).all()
        assert (row.sent_at, row.failed_at, row.attempts) == (None, None, 1)
        assert row.last_error == "ConnectionRefusedError"
    assert not any("Secret link" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("use_mail", [True, False])
def test_invitations_are_emailed_when_mail_is_set_up(
    app, client, make_trust, make_user, auth, use_mail
):
    trust_id = make_trust("Ashvale")
    auth.login(make_user("lead", trust_id))
    with smtp_server() as (inbox, port):
        if use_mail:
            app.config.update(mail_config(port))
        page = client.post(
            f"/trusts/{trust_id}/people",
            data={"name": "Rita", "email": "rita@example.org", "role": "board"},
        ).get_data(as_text=True)
    if use_mail:
        (message,) = inbox.messages
        assert message["To"] == "rita@example.org"
        assert (
            "https://selfassess.example.org/invitations/"
            in message.get_body(("plain",)).get_content()
        )
        assert (
            "https://selfassess.example.org/invitations/"
            in message.get_body(("html",)).get_content()
        )
        assert "The link has been sent to" in page
    else:
        assert inbox.messages == []
        assert "No e-mail was sent" in page
