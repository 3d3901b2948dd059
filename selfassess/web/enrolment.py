"""Two-factor enrolment: the key as a QR code and text, then the recovery codes; shared by
first sign-in (auth) and the account page."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from selfassess.services import Invalid, throttle, totp
from selfassess.web import signin
from selfassess.web.auth_forms import CodeForm
from selfassess.web.qr import qr_svg
from selfassess.web.security import audit


def enrolment_page(
    user_id: int, action: str, pending: dict[str, int] | None = None
) -> ResponseReturnValue:
    """Show the key (QR code and text) or, with a correct code, the recovery codes."""
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        try:
            codes = totp.confirm(user_id, form.code.data or "")
        except Invalid as exc:
            error = str(exc)
        else:
            audit("two_factor_enrolled", user_id=user_id)
            if pending is None:
                return render_template(
                    "auth/recovery.html", codes=codes, done=url_for("account.mine")
                )
            slot = throttle.Slot(user_id, pending["device"])
            return signin.complete(
                user_id, slot, form.next.data, None, show=lambda done: _codes(codes, done)
            )
    try:
        secret, uri = totp.enrolment_secret(user_id)
    except Invalid:  # already set up
        return redirect(url_for("account.mine"))
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    return render_template(
        "auth/enrol.html", form=form, secret=secret, qr=qr_svg(uri), action=action, error=error
    ), (400 if error else 200)


def _codes(codes: list[str], done: str) -> str:
    return render_template("auth/recovery.html", codes=codes, done=done)
