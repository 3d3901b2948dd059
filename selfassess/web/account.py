"""Your account: who you are, change password, two-factor sign-in, recovery codes and the
places you are signed in; and an administrator's reset of someone's second factor."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from selfassess.domain.organisation import ADMIN
from selfassess.policy import TWO_FACTOR_ROLES
from selfassess.services import Invalid, accounts, notices, sessions, totp
from selfassess.web.auth_forms import ActionForm, ChangePasswordForm
from selfassess.web.enrolment import enrolment_page
from selfassess.web.forms import whole_number
from selfassess.web.security import actor, audit, roles

bp = Blueprint("account", __name__, url_prefix="/account")
UK = ZoneInfo("Europe/London")


def init_app(app: Flask) -> None:
    """The header names the signed-in person's trust: look it up once per request.
    Invitations are e-mailed (when mail is set up) unless another sender is configured."""
    app.config.setdefault("INVITATION_SENDER", notices.invitation)

    @app.context_processor
    def who() -> dict[str, object]:
        if not current_user.is_authenticated:
            return {}
        if "trust_name" not in g:
            g.trust_name = accounts.trust_name_of(actor())
        return {"account_trust": g.trust_name}


def uk_time(value: dt.datetime) -> str:
    """A stored (naive UTC) time as UK clock time."""
    local = value.replace(tzinfo=dt.UTC).astimezone(UK)
    return f"{local.day} {local:%B %Y, %H:%M}"


def _page(
    form: ChangePasswordForm, error: str | None = None, status: int = 200
) -> ResponseReturnValue:
    person = actor()
    return render_template(
        "account/index.html",
        form=form,
        action=ActionForm(),
        error=error,
        two_factor=totp.status(person, person.role in TWO_FACTOR_ROLES),
        sessions=sessions.list_sessions(person),
        uk_time=uk_time,
    ), status


@bp.get("/")
@login_required
def mine() -> ResponseReturnValue:
    """The "Your account" page."""
    return _page(ChangePasswordForm())


@bp.post("/password")
@login_required
def change_password() -> ResponseReturnValue:
    """Change your password with your current one; your other sessions end."""
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _page(form, "Enter your current password and a new one", 400)
    person = actor()
    try:
        accounts.change_password(
            person, form.current.data or "", form.password.data or "", form.confirm.data or ""
        )
    except Invalid as exc:
        audit("password_change_failed", reason=str(exc))
        return _page(form, str(exc), 400)
    audit("password_changed")
    notices.password_changed(person.email, person.name)
    flash("Your password has been changed. You are signed out everywhere else.", "success")
    return redirect(url_for("account.mine"))


@bp.route("/two-factor", methods=["GET", "POST"])
@login_required
def two_factor() -> ResponseReturnValue:
    """Turn on two-factor sign-in (offered to everyone, required of some)."""
    return enrolment_page(actor().user_id, url_for("account.two_factor"))


@bp.post("/recovery-codes")
@login_required
def recovery_codes() -> ResponseReturnValue:
    """Replace your recovery codes (the old ones stop working); shown once."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("account.mine"))
    person = actor()
    if not totp.status(person, False).enabled:
        return redirect(url_for("account.mine"))
    codes = totp.new_recovery_codes(person.user_id)
    audit("recovery_codes_replaced")
    return render_template("auth/recovery.html", codes=codes, done=url_for("account.mine"))


@bp.post("/sessions/end-others")
@login_required
def end_others() -> ResponseReturnValue:
    """Sign out every other browser where you are signed in."""
    if ActionForm().validate_on_submit():
        ended = sessions.end_all(actor().user_id, keep=actor().session_token)
        audit("sessions_ended", count=ended)
        flash(f"Signed out of {ended} other session(s).", "success")
    return redirect(url_for("account.mine"))


@bp.post("/people/<int:user_id>/two-factor/reset")
@roles(ADMIN)
def reset_two_factor(user_id: int) -> ResponseReturnValue:
    """An administrator removes a person's second factor (a lost phone); audited."""
    if ActionForm().validate_on_submit():
        email = totp.reset(actor(), user_id)
        audit("two_factor_reset", user_id=user_id, email=email)
        notices.two_factor_reset(email)
        flash(f"Two-factor sign-in reset for {email}: they set it up again at next sign-in.")
    trust_id = whole_number(request.form.get("trust_id"))
    if trust_id is not None:
        return redirect(url_for("manage.people_list", trust_id=trust_id))
    return redirect(url_for("admin.index"))
