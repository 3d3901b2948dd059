"""Forgotten passwords: ask for a link by e-mail, then choose a new password (ASVS V6.4).

The answer to a request is the same whether or not the address has an account, and requests
are limited per client address and per address asked about.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from selfassess.extensions import limiter
from selfassess.policy import Actor
from selfassess.services import Invalid, NotFound, notices, resets
from selfassess.web import signin
from selfassess.web.auth_forms import ActionForm, ForgottenForm, NewPasswordForm
from selfassess.web.forms import whole_number
from selfassess.web.security import actor, audit, roles

bp = Blueprint("reset", __name__)


def _reset_limit() -> str:
    return str(current_app.config["RATELIMIT_RESET"])


def _asked_about() -> str:
    return "reset:" + request.form.get("email", "").strip().lower()[:254]


def send_link(link: resets.ResetLink | None) -> bool:
    """E-mail a reset link; True if it went. Without mail it is only logged (a demo)."""
    if link is None:
        return False
    return notices.reset_link(link.email, link.name, _link_url(link))


def _link_url(link: resets.ResetLink) -> str:
    return url_for("reset.choose", token=link.token, _external=True)


@bp.route("/forgotten-password", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_limit, methods=["POST"], key_func=_asked_about)
def forgotten() -> ResponseReturnValue:
    """Ask for a reset link; the same answer whatever the address (no enumeration)."""
    form = ForgottenForm()
    if not form.validate_on_submit():
        error = "Enter your email address" if request.method == "POST" else None
        return render_template("auth/forgotten.html", form=form, error=error)
    link = resets.request_reset(form.email.data or "")
    audit("password_reset_requested", email=(form.email.data or "")[:254])
    if link is not None:
        # After the answer has gone out: the time taken must not tell who has an account.
        signin.later(notices.reset_link, link.email, link.name, _link_url(link))
    return render_template("auth/forgotten_sent.html", email=form.email.data)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"], deduct_when=signin.failed)
def choose(token: str) -> ResponseReturnValue:
    """Choose a new password with a reset link; every session of the person then ends."""
    try:
        resets.pending(token)
    except NotFound:
        return render_template("auth/reset_gone.html"), 404
    form = NewPasswordForm()
    if request.method == "GET" or not form.validate_on_submit():
        return render_template("auth/reset.html", form=form)
    try:
        user_id = resets.complete(token, form.password.data or "", form.confirm.data or "")
    except Invalid as exc:
        return render_template("auth/reset.html", form=form, error=str(exc)), 400
    except NotFound:
        return render_template("auth/reset_gone.html"), 404
    audit("password_reset", user_id=user_id)
    signin.later(notices.password_changed_for, str(user_id))
    flash("Your password has been changed. Sign in with your new password.", "success")
    return redirect(url_for("auth.login"))


@bp.post("/people/<int:user_id>/reset-link")
@roles("admin", "lead")
def send_for(user_id: int) -> ResponseReturnValue:
    """A trust lead or administrator sends a reset link to a person who has an account
    (the invitation route for people who already joined)."""
    ActionForm().validate_on_submit()
    person: Actor = actor()
    link = resets.reset_for(person, user_id)
    sent = send_link(link)
    audit("password_reset_sent", user_id=user_id, sent=sent)
    if link is None:
        flash("No link was made: the account is deactivated or had three links this hour.")
    elif sent:
        flash(f"A password reset link has been e-mailed to {link.email}.", "success")
    else:
        flash("No e-mail was sent (mail is not set up here); the link is in the log.", "info")
    trust_id = whole_number(request.form.get("trust_id"))
    if trust_id is not None:
        return redirect(url_for("manage.people_list", trust_id=trust_id))
    return redirect(url_for("home.index"))
