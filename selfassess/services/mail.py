"""Sending e-mail: ``send_mail`` puts a message in the outbox (services/outbox.py), from
which a job delivers it with ``deliver`` over SMTP (standard library), retrying with back-off.

Settings (config keys, or SELFASSESS_MAIL_* in the environment): MAIL_SERVER, MAIL_PORT,
MAIL_USE_TLS (STARTTLS), MAIL_USERNAME, MAIL_PASSWORD, MAIL_SENDER ("Name <address>"). With no
server configured nothing is sent: the message goes to the application log instead and the
caller is told, so that the screen can say that no e-mail was sent. With a server, True
means the message is queued: no request waits for the SMTP conversation.
"""

from __future__ import annotations

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

from flask import current_app

from selfassess.config import flag

DEFAULT_SENDER = "selfassess <selfassess@localhost>"
TIMEOUT_SECONDS = 20


def configured() -> bool:
    """Whether an SMTP server is set, i.e. whether send_mail will really send."""
    return bool(current_app.config.get("MAIL_SERVER"))


def _sender() -> Address:
    display, address = parseaddr(current_app.config.get("MAIL_SENDER") or DEFAULT_SENDER)
    username, _, domain = address.partition("@")
    return Address(display_name=display or "selfassess", username=username, domain=domain)


def build(to: str, subject: str, text: str, html: str | None) -> EmailMessage:
    """A UTF-8 message with a plain-text body and, when given, an HTML alternative."""
    message = EmailMessage()
    sender = _sender()
    message["From"] = sender
    message["To"] = to
    # Header values cannot carry line breaks (a name typed with CR/LF must not add headers).
    message["Subject"] = " ".join(subject.split())
    message["Message-ID"] = make_msgid(domain=sender.domain or "localhost")
    message.set_content(text, charset="utf-8")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def send_mail(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    key: str | None = None,
    round_id: int | None = None,
) -> bool:
    """Queue one message; True when it is queued for an SMTP server, False when no server
    is configured (the message is then logged). ``key`` makes it once only (a second
    message with the same key is not queued); ``round_id`` puts a failure on that round's
    status page. Inside a writing service the message joins its transaction."""
    if not configured():
        # Where no mail is set up (a demonstration) the log is the only copy of the message.
        current_app.logger.info(
            "mail not sent (no MAIL_SERVER): to=%s subject=%s\n%s", to, subject, text
        )
        return False
    from selfassess.services import outbox  # outbox sends through this module

    outbox.queue(to, subject, text, html, key=key, round_id=round_id)
    return True


def deliver(to: str, subject: str, text: str, html: str | None) -> None:
    """One SMTP conversation for one message (called by the outbox job).

    :raises OSError, smtplib.SMTPException: the server is unreachable or refused it.
    """
    message = build(to, subject, text, html)
    config = current_app.config
    with smtplib.SMTP(
        config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=TIMEOUT_SECONDS
    ) as smtp:
        if flag(config.get("MAIL_USE_TLS")):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
    current_app.logger.info("mail sent: to=%s subject=%s", to, subject)
