"""Answers posted after the session ended are carried through sign-in, then saved.

Every questionnaire page carries a *page proof*: a token signed by the server, bound to the
person and the response, issued when the page was rendered and valid for 12 hours (a long
questionnaire and a lunch break). The recovery paths (expired session, expired form token)
store, carry or show posted answers only when the proof holds, so a cross-site form cannot
plant answers through them (ASVS V3.5). A post without it gets a plain error page that
neither stores nor shows what was posted.
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
from selfassess.web import assess, typed, validation
from selfassess.web.errors import error_page
from selfassess.web.forms import PagePost, read_page
from selfassess.web.proof import MAX_AGE, PROOF_FIELD, proof_owner
from selfassess.web.security import actor, audit
from selfassess.web.signing import signer

CARRIED_SALT = "selfassess.carried-answers"


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return signer(salt)


def _refused() -> ResponseReturnValue:
    """What a post without a valid page proof gets: nothing stored, nothing shown back."""
    audit("denied", endpoint=request.endpoint, detail="questionnaire post without page proof")
    return error_page(400)


def unauthorized() -> ResponseReturnValue:
    """Flask-Login's handler: keep a proven questionnaire POST, redirect anything else."""
    if request.method == "POST" and request.endpoint == "assess.page" and request.view_args:
        response_id = request.view_args["response_id"]
        if proof_owner(request.form.get(PROOF_FIELD), response_id) is None:
            return _refused()
        carried = _serializer(CARRIED_SALT).dumps(
            {
                "response_id": response_id,
                "number": request.view_args["number"],
                "form": {k: v for k, v in request.form.items() if k != "csrf_token"},
            }
        )
        return render_template("auth/login.html", carried=carried), 401
    carried_form = typed.carry()
    if carried_form is not None:
        return render_template("auth/login.html", carried=carried_form, carried_kind="form"), 401
    flash("Sign in to continue.", "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def resume(person: Actor, carried: str) -> ResponseReturnValue:
    """Save carried answers for the person who just signed in, if their page proof is theirs;
    a carried lead's form is shown back to send again."""
    form_page = typed.resume(person.user_id, carried)
    if form_page is not None:
        return form_page
    try:
        data = _serializer(CARRIED_SALT).loads(carried, max_age=MAX_AGE)
        response_id = int(data["response_id"])
        if proof_owner(data["form"].get(PROOF_FIELD), response_id) != person.user_id:
            raise NotFound("carried answers from another person's page")
        number = int(data["number"])
        post = read_page(data["form"])
    except (BadSignature, NotFound, KeyError, TypeError, ValueError, AttributeError):
        flash("The answers from your earlier session could not be restored.", "info")
        return redirect(url_for("home.index"))
    post = PagePost(post.answers, post.notes, post.revision, "carried")
    try:
        return assess.save(person, response_id, number, post)
    except NotFound:
        flash("The answers from your earlier session could not be restored.", "info")
        return redirect(url_for("home.index"))


def csrf_failed(exc: CSRFError) -> ResponseReturnValue:
    """An expired or missing form token: a questionnaire page comes back with its answers
    (docs/pitfalls.md P1) when its page proof is the signed-in person's; they press Save again."""
    current_app.logger.warning("CSRF failure on %s: %s", request.endpoint, exc.description)
    labels = typed.declared()
    if labels is not None:
        if not current_user.is_authenticated:
            return unauthorized()
        if not typed.proven_for_current_user():
            return _refused()
        return typed.resend_page(typed.typed(labels), labels, request.path)
    if request.method == "POST" and request.endpoint == "validation.validate":
        if not current_user.is_authenticated:
            return unauthorized()
        return validation.after_csrf_failure()
    if request.method != "POST" or request.endpoint != "assess.page" or not request.view_args:
        return error_page(400)
    if not current_user.is_authenticated:
        return unauthorized()
    response_id = int(request.view_args["response_id"])
    if proof_owner(request.form.get(PROOF_FIELD), response_id) != actor().user_id:
        return _refused()
    try:
        view = responses.load_response(actor(), response_id)
        page = paginate(view.questionnaire)[int(request.view_args["number"]) - 1]
    except (NotFound, IndexError):
        return error_page(404)
    message = (
        "This page was open for a long time, so for your security your answers were "
        "not saved yet. They are below: press a save button again to keep them."
    )
    return assess.render_page(
        view, page.number, read_page(request.form), message=message, status=400
    )
