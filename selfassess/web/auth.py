"""Signing in and out, and accepting an invitation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from selfassess.services import Invalid, NotFound, accounts, invitations
from selfassess.web import stash
from selfassess.web.security import actor, audit, safe_next

bp = Blueprint("auth", __name__)


@bp.route("/sign-in", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Sign in; answers carried over from an expired session are saved straight after."""
    form = request.form
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(url_for("home.index"))
        return render_template("auth/login.html", next=request.args.get("next"))
    person = accounts.authenticate(form.get("email", ""), form.get("password", ""))
    if person is None:
        audit("sign_in_failed", email=form.get("email", "")[:254])
        return render_template(
            "auth/login.html",
            next=form.get("next"),
            email=form.get("email", ""),
            carried=form.get("carried"),
            error="Enter a correct email address and password",
        ), 200
    login_user(person)
    audit("sign_in")
    if form.get("carried"):
        return stash.resume(person, form["carried"])
    return redirect(safe_next(form.get("next"), url_for("home.index")))


@bp.post("/sign-out")
@login_required
def logout() -> ResponseReturnValue:
    """Sign out everywhere: the session token is rotated, so copied cookies stop working."""
    audit("sign_out")
    accounts.end_sessions(actor().user_id)
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept(token: str) -> ResponseReturnValue:
    """Accept an invitation: choose a name and password, then you are signed in."""
    try:
        invitation = invitations.pending(token)
    except NotFound:
        return render_template("auth/invitation_gone.html"), 404
    if request.method == "GET":
        return render_template("auth/accept.html", invitation=invitation, name=invitation.name)
    try:
        person = invitations.accept(
            token,
            request.form.get("name", ""),
            request.form.get("password", ""),
            request.form.get("confirm", ""),
        )
    except Invalid as exc:
        return render_template(
            "auth/accept.html",
            invitation=invitation,
            name=request.form.get("name", ""),
            errors=exc.errors,
        ), 400
    login_user(person)
    flash(f"Welcome, {person.name}. Your account is ready.", "success")
    return redirect(url_for("home.index"))
