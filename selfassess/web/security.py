"""Signing in, access decorators and security headers for every response."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
from collections.abc import Callable
from typing import Any, ParamSpec
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy.exc import DBAPIError

from selfassess.extensions import login_manager
from selfassess.policy import Actor
from selfassess.services import audit as audit_service
from selfassess.services import sessions
from selfassess.services.transactions import release_session

P = ParamSpec("P")
View = Callable[P, ResponseReturnValue]


def init_app(app: Flask) -> None:
    """Tell Flask-Login how to find the signed-in person; add headers to every response."""
    login_manager.user_loader(_load)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    app.before_request(_make_nonce)
    app.before_request(_note_client)
    app.after_request(_headers)


def session_limits() -> sessions.Limits:
    config = current_app.config
    return sessions.Limits(
        idle=dt.timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        absolute=dt.timedelta(hours=config["SESSION_MAX_HOURS"]),
    )


def _load(session_token: str) -> Actor | None:
    return sessions.load_actor(session_token, session_limits())


def actor() -> Actor:
    """The signed-in person (only inside views protected by :func:`roles`)."""
    person: Actor = current_user._get_current_object()
    return person


def roles(*allowed: str) -> Callable[[View[P]], View[P]]:
    """Require sign-in and one of the roles; anyone else gets 403.

    Object-level checks (which trust, which response) happen in the services via policy.
    """

    def decorate(view: View[P]) -> View[P]:
        @functools.wraps(view)
        @login_required
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
            if actor().role not in allowed:
                audit("denied", target=request.path, endpoint=request.endpoint)
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def audit(event: str, **fields: object) -> None:
    """Record a security event in the audit trail (and the log) with who, from where, when.

    ``target`` names the object; other fields become the short detail. Answers, notes,
    passwords and tokens are never passed here."""
    person = current_user if current_user and current_user.is_authenticated else None
    target = fields.pop("target", None)
    email = fields.pop("email", None)
    detail = " ".join(f"{k}={v}" for k, v in fields.items()) or None
    stored = True
    try:
        audit_service.record(
            event,
            person,
            target=target,
            detail=detail,
            email=str(email) if email else None,
            commit=True,
        )
    except DBAPIError:
        # A busy or unreachable database must not refuse a read (a PDF, an export): the
        # event still reaches the log, marked so operators can see it is not in the table.
        release_session()
        stored = False
    current_app.logger.log(
        logging.INFO if stored else logging.ERROR,
        "audit event=%s user=%s ip=%s target=%s %s" + ("" if stored else " (NOT STORED)"),
        event,
        getattr(person, "user_id", "-"),
        request.remote_addr,
        " ".join(str(target).split()) if target else "-",
        " ".join((detail or "").split()),
    )


def safe_next(target: str | None, default: str) -> str:
    """A redirect target only if it is a path on this site (docs/pitfalls.md P11)."""
    if not target or "\\" in target or not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target


def _note_client() -> None:
    audit_service.client_address.set(request.remote_addr)


def _make_nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(16)


def _form_action() -> str:
    """'self' plus the identity providers the sign-in and sign-out forms redirect to."""
    return " ".join(["'self'", *current_app.config.get("SSO_ORIGINS", [])])


def _headers(response: Any) -> Any:
    nonce = getattr(g, "csp_nonce", "")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; img-src 'self' data:; object-src 'none'; "
        f"base-uri 'none'; form-action {_form_action()}; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if current_app.config["HTTPS"]:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint != "static" and "private" not in response.headers.get("Cache-Control", ""):
        # Pages carry answers and names: never keep them in shared or back-button caches
        # (a view that revalidates with an ETag, the stored board PDF, says "private").
        response.headers["Cache-Control"] = "no-store"
    return response
