"""The page that shows a new invitation link once, shared by the lead's and the
administrators' invitation forms."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue

from selfassess.web.links import external_url


def show_invitation(token: str, trust_id: int | None) -> ResponseReturnValue:
    """The one-time link, shown once to the person who made it to copy and send. When the
    app is configured with INVITATION_SENDER (a callable taking e-mail, name and link, e.g.
    one that sends mail), it is also handed to that."""
    link = external_url("auth.accept", token=token)
    name, email = request.form.get("name", ""), request.form.get("email", "")
    sender = current_app.config.get("INVITATION_SENDER")
    sent = False
    if callable(sender):
        # A sender may say it did not send (False: mail not set up, or refused).
        sent = sender(email.strip().lower(), name.strip(), link) is not False
    return render_template(
        "manage/invited.html", trust_id=trust_id, link=link, name=name, email=email, sent=sent
    )
