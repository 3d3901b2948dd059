"""A real SMTP server for tests (aiosmtpd on 127.0.0.1), collecting what it receives."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Inbox:
    """Messages the server accepted, parsed, with their envelopes."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.logins: list[str] = []
        # While True the server answers every message "try again later" (a mail server
        # that is down or overloaded); the refusals are counted.
        self.refusing = False
        self.refused = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refusing:
            self.refused += 1
            return "451 4.3.0 Mail server temporarily unavailable, try again later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(username: str | None = None, password: str | None = None) -> Iterator[tuple]:
    """Run a server; yields (inbox, port). With a username it accepts only that login."""
    inbox = Inbox()

    def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == username
            and auth_data.password.decode() == password
        )
        if ok:
            inbox.logins.append(username or "")
        return AuthResult(success=ok)

    options = {}
    if username is not None:
        options = {"authenticator": authenticate, "auth_require_tls": False}
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()
