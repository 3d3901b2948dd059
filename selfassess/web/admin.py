"""Administrators: create trusts, invite trust leads and advisors, assign advisors."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from selfassess.domain.organisation import ADMIN, LEAD
from selfassess.services import Invalid, advisors, invitations
from selfassess.services import trusts as trust_service
from selfassess.web.forms import whole_number
from selfassess.web.manage import show_invitation
from selfassess.web.security import actor, roles

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(status: int = 200, **extra: object) -> ResponseReturnValue:
    return render_template(
        "admin/index.html",
        trusts=trust_service.list_trusts(),
        advisors=advisors.list_advisors(actor()),
        form=request.form,
        **extra,
    ), status


@bp.get("/")
@roles(ADMIN)
def index() -> ResponseReturnValue:
    """Trusts, advisors and the forms to add them."""
    return _page()


@bp.post("/trusts")
@roles(ADMIN)
def create_trust() -> ResponseReturnValue:
    """Create a Children's Trust."""
    try:
        trust_service.create_trust(
            request.form.get("trust_name", ""), request.form.get("region") or None
        )
    except Invalid as exc:
        return _page(400, trust_error=str(exc), page_has_errors=True)
    flash("Trust created.", "success")
    return redirect(url_for("admin.index"))


@bp.post("/invitations")
@roles(ADMIN)
def invite() -> ResponseReturnValue:
    """Invite a trust lead (for one trust) or an advisor; the link is shown once."""
    form = request.form
    role = form.get("role", LEAD)
    trust = form.get("trust_id", "")
    try:
        token = invitations.invite(
            actor(),
            whole_number(trust) if role == LEAD else None,
            role,
            form.get("name", ""),
            form.get("email", ""),
            all_trusts=form.get("all") == "1",
        )
    except Invalid as exc:
        return _page(400, invite_error=str(exc), page_has_errors=True)
    return show_invitation(token, None)


@bp.post("/advisors/<int:user_id>")
@roles(ADMIN)
def assign(user_id: int) -> ResponseReturnValue:
    """Choose the trusts an advisor supports."""
    chosen = [n for n in map(whole_number, request.form.getlist("trust")) if n is not None]
    advisors.assign_trusts(actor(), user_id, chosen, request.form.get("all") == "1")
    flash("Advisor's trusts saved.", "success")
    return redirect(url_for("admin.index"))
