"""Administrators: create trusts, invite trust leads and advisors, assign advisors."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from selfassess.domain.organisation import ADMIN, LEAD
from selfassess.services import Invalid, advisors, invitations
from selfassess.services import trusts as trust_service
from selfassess.web.admin_forms import AssignForm, InviteForm, TrustForm, first_error
from selfassess.web.invited import show_invitation
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
    form = TrustForm()
    try:
        if not form.validate_on_submit():
            raise Invalid(first_error(form))
        trust_service.create_trust(form.trust_name.data or "", form.region.data or None)
    except Invalid as exc:
        return _page(400, trust_error=str(exc), page_has_errors=True)
    flash("Trust created.", "success")
    return redirect(url_for("admin.index"))


@bp.post("/invitations")
@roles(ADMIN)
def invite() -> ResponseReturnValue:
    """Invite a trust lead (for one trust) or an advisor; the link is shown once."""
    form = InviteForm()
    try:
        if not form.validate_on_submit():
            raise Invalid(first_error(form))
        role = form.role.data or LEAD
        if role == LEAD and form.trust_id.data is None:
            raise Invalid("Choose the trust the lead will run")
        token = invitations.invite(
            actor(),
            form.trust_id.data if role == LEAD else None,
            role,
            form.name.data or "",
            form.email.data or "",
            all_trusts=bool(form.all.data),
        )
    except Invalid as exc:
        return _page(400, invite_error=str(exc), page_has_errors=True)
    return show_invitation(token, None)


@bp.post("/advisors/<int:user_id>")
@roles(ADMIN)
def assign(user_id: int) -> ResponseReturnValue:
    """Choose the trusts an advisor supports."""
    form = AssignForm()
    if not form.validate_on_submit():
        flash(f"Not saved: {first_error(form)}", "info")
        return redirect(url_for("admin.index"))
    advisors.assign_trusts(actor(), user_id, list(form.trust.data or []), bool(form.all.data))
    flash("Advisor's trusts saved.", "success")
    return redirect(url_for("admin.index"))
