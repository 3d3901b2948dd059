"""The steps between a correct password and being signed in: the second factor, then a new
server-side session, a fresh Flask session (so a new CSRF token, ASVS V7.2.4) and the
device cookie. Between the steps only a short-lived "pending" note sits in the session."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import (
    after_this_request,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from selfassess.services import notices, sessions, throttle
from selfassess.web import devices, stash
from selfassess.web.auth_forms import CodeForm
from selfassess.web.security import audit, safe_next, session_limits

PENDING = "pending_sign_in"
PENDING_SECONDS = 600
PENDING_TRIES = 5
SSO_PROVIDER = "sso_provider"  # the identity provider that signed this browser in


def later(task: Callable[..., object], *args: str) -> None:
    """Run ``task`` once this request's response has been sent (the WSGI server closes it
    then), so that the time it takes, e.g. sending mail, tells the client nothing."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    @after_this_request
    def attach(response: Response) -> Response:
        def run() -> None:
            with app.app_context():
                task(*args)

        response.call_on_close(run)
        return response


def warn_of_guessing(warn: tuple[str, str] | None) -> None:
    """Guessing on an account just hit its limit: tell the owner (ASVS V6.3.5)."""
    if warn is not None:
        audit("sign_in_throttled", email=warn[0])
        later(notices.guessing, *warn)


def hold(user_id: int, slot: throttle.Slot, step: str) -> None:
    """Password accepted; remember that while the second step is done."""
    session.clear()
    session[PENDING] = {
        "user": user_id,
        "device": slot.device_id,
        "step": step,
        "at": int(time.time()),
        "tries": 0,
    }


def pending(step: str) -> dict[str, int] | None:
    """The pending sign-in for this step, if it is recent and has tries left."""
    note = session.get(PENDING)
    if not isinstance(note, dict) or note.get("step") != step:
        return None
    if time.time() - note.get("at", 0) > PENDING_SECONDS or note.get("tries", 0) >= PENDING_TRIES:
        session.pop(PENDING, None)
        return None
    return note


def count_try() -> None:
    note = dict(session.get(PENDING) or {})
    note["tries"] = note.get("tries", 0) + 1
    session[PENDING] = note


def complete(
    user_id: int,
    slot: throttle.Slot | None,
    next_url: str | None,
    carried: str | None,
    show: Callable[[str], str] | None = None,
) -> Response:
    """Sign the person in: new session row, fresh cookie session, device remembered.
    ``show``, given where the person goes next, renders a page to show first instead."""
    if slot is not None:
        throttle.succeeded(slot)
    if current_user.is_authenticated:  # signing in again over a session: end that one
        sessions.end(current_user.session_token)
    provider = (session.get(PENDING) or {}).get("sso")  # signed in by a provider, for logout
    session.clear()
    if provider:
        session[SSO_PROVIDER] = provider
    token = sessions.start(user_id, request.remote_addr, request.user_agent.string)
    person = sessions.load_actor(token, session_limits())
    if person is None:  # deactivated in the meantime
        return redirect(url_for("auth.login"))
    login_user(person)
    audit("sign_in")
    target = safe_next(next_url, url_for("home.index"))
    response: Response
    if carried:
        response = make_response(stash.resume(person, carried))
    elif show is not None:
        response = make_response(show(target))
    else:
        response = redirect(target)
    if slot is None or slot.device_id is None:
        devices.remember(response, user_id)
    return response


def after_password(
    user_id: int, slot: throttle.Slot, step: str, next_url: str | None, carried: str | None
) -> ResponseReturnValue:
    """Go on to the second step the person needs, or straight in."""
    if not step:
        return complete(user_id, slot, next_url, carried)
    hold(user_id, slot, step)
    if step == "enrol":
        return redirect(url_for("auth.enrol", next=safe_next(next_url, "") or None))
    form = CodeForm(next=next_url or "", carried=carried or "")
    return render_template("auth/code.html", form=form)


def failed(response: object) -> bool:
    """Only refused attempts count towards the per-address limits (a page, not a redirect)."""
    return getattr(response, "status_code", 200) != 302
