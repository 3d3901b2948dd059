"""Answers posted after the session ended are carried through sign-in, then saved.

When a respondent's session has expired, the questionnaire POST cannot be trusted to a user,
so instead of discarding it the sign-in page is shown with the posted page signed into a
hidden field; after sign-in the answers are saved as the person who then owns them.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from selfassess.domain.pages import paginate
from selfassess.policy import Actor
from selfassess.services import NotFound, responses
from selfassess.web import assess
from selfassess.web.errors import error_page
from selfassess.web.forms import PagePost, read_page
from selfassess.web.security import actor

SALT = "selfassess.carried-answers"
MAX_AGE = 7 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def unauthorized() -> ResponseReturnValue:
    """Flask-Login's handler: keep a questionnaire POST, redirect anything else to sign in."""
    if request.method == "POST" and request.endpoint == "assess.page" and request.view_args:
        carried = _serializer().dumps(
            {
                "response_id": request.view_args["response_id"],
                "number": request.view_args["number"],
                "form": {k: v for k, v in request.form.items() if k != "csrf_token"},
            }
        )
        return render_template("auth/login.html", carried=carried), 401
    flash("Sign in to continue.", "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def resume(person: Actor, carried: str) -> ResponseReturnValue:
    """Save carried answers for the person who just signed in (or show them, if not saved)."""
    try:
        data = _serializer().loads(carried, max_age=MAX_AGE)
        view = responses.load_response(person, int(data["response_id"]))
        page = paginate(view.questionnaire)[int(data["number"]) - 1]
    except (BadSignature, NotFound, IndexError, KeyError, TypeError, ValueError):
        flash("The answers from your earlier session could not be restored.", "info")
        return redirect(url_for("home.index"))
    post = read_page(data["form"], page)
    post = PagePost(post.answers, post.notes, post.revision, "carried")
    return assess.save(person, view, page.number, post)


def csrf_failed(exc: CSRFError) -> ResponseReturnValue:
    """An expired or missing form token: a questionnaire page comes back with its answers
    (PITFALLS P1); the person presses Save again with a fresh token."""
    current_app.logger.warning("CSRF failure on %s: %s", request.endpoint, exc.description)
    if request.method != "POST" or request.endpoint != "assess.page" or not request.view_args:
        return error_page(400)
    if not current_user.is_authenticated:
        return unauthorized()
    try:
        view = responses.load_response(actor(), int(request.view_args["response_id"]))
        page = paginate(view.questionnaire)[int(request.view_args["number"]) - 1]
    except (NotFound, IndexError):
        return error_page(404)
    message = (
        "This page was open for a long time, so for your security your answers were "
        "not saved yet. They are below: press a save button again to keep them."
    )
    return assess.render_page(
        view, page.number, read_page(request.form, page), message=message, status=400
    )
