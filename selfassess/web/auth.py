"""Signing in (password, then a code or two-factor enrolment), signing out, and accepting an
invitation."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, logout_user

from selfassess.extensions import limiter
from selfassess.services import (
    Invalid,
    NotFound,
    accounts,
    invitations,
    sessions,
    sso,
    throttle,
    totp,
)
from selfassess.web import devices, enrolment, signin
from selfassess.web.auth_forms import AcceptForm, CodeForm, SignInForm
from selfassess.web.security import actor, audit

bp = Blueprint("auth", __name__)
WRONG = "Enter a correct email address and password"
# Said instead of WRONG when the password was not even checked (ASVS 5.0 V6.3.1).
THROTTLED = (
    "Sign-in refused because of too many wrong attempts for this email address from "
    "browsers it has not signed in on. Your password was not checked. Wait 15 minutes, "
    "sign in from a browser you have used before, or use “Forgotten your password?” "
    "to get a link by email: once you have set a new password you can sign in at once."
)


def known_browser() -> bool:
    """A browser where this account signed in before is not held back by others' failures."""
    return accounts.known_browser(request.form.get("email", ""), devices.nonces())


def _sign_in_limit() -> str:
    return str(current_app.config["RATELIMIT_SIGN_IN"])


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    _sign_in_limit, methods=["POST"], deduct_when=signin.failed, exempt_when=known_browser
)
def login() -> ResponseReturnValue:
    """Sign in; answers carried over from an expired session are saved straight after."""
    form = SignInForm()
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(url_for("home.index"))
        form.next.data = request.args.get("next", "")
        return render_template("auth/login.html", form=form)
    outcome = accounts.Outcome(None)
    if form.validate():
        outcome = accounts.authenticate(
            form.email.data or "", form.password.data or "", devices.nonces()
        )
        signin.warn_of_guessing(outcome.warn)
    if outcome.user_id is not None and not sso.passwords_allowed(outcome.user_id):
        audit("sign_in_failed", user_id=outcome.user_id, detail="passwords off for the trust")
        outcome = accounts.Outcome(None)
    if outcome.user_id is None or outcome.slot is None:
        audit("sign_in_failed", email=(form.email.data or "")[:254])
        form.password.data = ""
        error = THROTTLED if outcome.throttled else WRONG
        return render_template("auth/login.html", form=form, error=error), 200
    return signin.after_password(
        outcome.user_id, outcome.slot, outcome.second_step, form.next.data, form.carried.data
    )


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=signin.failed)
def code() -> ResponseReturnValue:
    """The second step: a code from the authenticator app, or a recovery code."""
    note = signin.pending("code")
    if note is None:
        flash("Sign in again: that took too long or too many codes were wrong.", "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if request.method == "GET" or not form.validate_on_submit():
        return render_template("auth/code.html", form=form)
    slot = throttle.reserve(note["user"], note["device"])
    if slot is not None and totp.verify(note["user"], form.code.data or ""):
        return signin.complete(note["user"], slot, form.next.data, form.carried.data)
    if slot is not None:
        signin.warn_of_guessing(accounts.warning_for(note["user"], throttle.failed(slot)))
    signin.count_try()
    audit("sign_in_code_failed", user_id=note["user"])
    form.code.data = ""
    return render_template("auth/code.html", form=form, error="Enter a correct code"), 200


@bp.route("/sign-in/two-factor", methods=["GET", "POST"])
def enrol() -> ResponseReturnValue:
    """First sign-in of someone who must use two-factor sign-in: set up the app now."""
    note = signin.pending("enrol")
    if note is None:
        return redirect(url_for("auth.login"))
    return enrolment.enrolment_page(note["user"], url_for("auth.enrol"), pending=note)


@bp.post("/sign-out")
@login_required
def logout() -> ResponseReturnValue:
    """Sign this browser out: its server-side session is deleted, so copies stop working."""
    audit("sign_out")
    sessions.end(actor().session_token)
    provider = session.pop(signin.SSO_PROVIDER, None)
    logout_user()
    flash("You have signed out.", "success")
    if provider:  # then end the provider's session too (RP-initiated logout)
        return redirect(url_for("sso.ended", name=provider))
    return redirect(url_for("auth.login"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept(token: str) -> ResponseReturnValue:
    """Accept an invitation: choose a name and password, then you are signed in."""
    try:
        invitation = invitations.pending(token)
    except NotFound:
        return render_template("auth/invitation_gone.html"), 404
    form = AcceptForm()
    if request.method == "GET":
        form.name.data = invitation.name
        return render_template("auth/accept.html", invitation=invitation, form=form)
    try:
        if not form.validate():
            raise Invalid("Check the form", [e for es in form.errors.values() for e in es])
        user_id = invitations.accept(
            token, form.name.data or "", form.password.data or "", form.confirm.data or ""
        )
    except Invalid as exc:
        return render_template(
            "auth/accept.html", invitation=invitation, form=form, errors=exc.errors
        ), 400
    step = accounts.second_step_for(user_id)
    response = signin.after_password(user_id, throttle.Slot(user_id, None), step, None, None)
    flash("Welcome. Your account is ready.", "success")
    return response
