"""The administrators' directory: people and open invitations across trusts (filter by
trust and role, a page at a time), withdrawing invitations, deactivating people."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from selfassess.domain.organisation import ADMIN, ROLES
from selfassess.services import directory
from selfassess.web.forms import whole_number
from selfassess.web.lifecycle_forms import ConfirmForm, DirectoryForm
from selfassess.web.security import actor, roles

bp = Blueprint("directory", __name__)


@bp.get("/directory")
@roles(ADMIN)
def index() -> ResponseReturnValue:
    """People or open invitations of every trust, filtered, a page at a time."""
    form = DirectoryForm(request.args)
    form.trust.choices = [SelectChoice("", "All trusts")] + [
        SelectChoice(str(pk), name) for pk, name in directory.trust_choices(actor())
    ]
    form.role.choices = [SelectChoice("", "All roles")] + [
        SelectChoice(role, label) for role, label in ROLES.items()
    ]
    valid = form.validate()
    trust_id = whole_number(form.trust.data) if valid else None
    role = form.role.data if valid and form.role.data else None
    page = whole_number(form.page.data) or 1
    show = form.show.data if valid else "people"
    listing = directory.open_invitations if show == "invitations" else directory.people
    found = listing(actor(), trust_id, role, page)
    filters = {"show": show, "trust": trust_id or "", "role": role or ""}
    return render_template(
        "admin/directory.html",
        form=form,
        found=found,
        show=show,
        filters=filters,
        confirm=ConfirmForm(),
        options={
            name: [(c.value, c.label) for c in getattr(form, name).choices]
            for name in ("show", "trust", "role")
        },
    ), 200 if valid else 400


@bp.post("/directory/invitations/<int:invitation_id>/withdraw")
@roles(ADMIN)
def withdraw(invitation_id: int) -> ResponseReturnValue:
    """Withdraw an open invitation: its link stops working."""
    form = ConfirmForm()
    if form.validate_on_submit():
        if directory.withdraw_invitation(actor(), invitation_id):
            flash("Invitation withdrawn: the link no longer works.", "success")
        else:
            flash("That invitation was already used, withdrawn or expired.", "info")
    return redirect(url_for("directory.index", show="invitations"))
