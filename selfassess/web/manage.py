"""A trust lead's screens: partners, people and invitations, rounds, targets and status."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from selfassess.domain.organisation import PARTNER_TYPES, RESPONDENT, ROLES
from selfassess.policy import MANAGERS, can_reset_two_factor
from selfassess.services import Invalid, invitations, outbox, partners, people, rounds, status
from selfassess.services import questionnaires as questionnaire_service
from selfassess.web.forms import whole_number
from selfassess.web.invited import show_invitation
from selfassess.web.lifecycle_forms import ConfirmForm, NewRoundForm
from selfassess.web.result_forms import target_field, targets_form
from selfassess.web.security import actor, roles
from selfassess.web.typed import keeps_typed

bp = Blueprint("manage", __name__)
NEW_ROUND_FIELDS = {
    "questionnaire": "Questionnaire",
    "name": "Round name",
    "opens_on": "Opening date",
    "closes_on": "Closing date",
    "carry_forward": "Start from the last round's answers",
}


@bp.get("/trusts/<int:trust_id>")
@roles(*MANAGERS)
def trust(trust_id: int) -> ResponseReturnValue:
    """A trust's home for its lead: rounds, partners and people at a glance."""
    name = partners.trust_name(actor(), trust_id)
    return render_template(
        "manage/trust.html",
        trust_id=trust_id,
        trust_name=name,
        rounds=rounds.list_rounds(actor(), trust_id),
        partners=partners.list_partners(actor(), trust_id),
    )


@bp.route("/trusts/<int:trust_id>/partners", methods=["GET", "POST"])
@roles(*MANAGERS)
@keeps_typed({"name": "Partner name", "partner_type": "Kind of organisation"})
def partner_list(trust_id: int) -> ResponseReturnValue:
    """List partners and add one."""
    context = {
        "trust_id": trust_id,
        "trust_name": partners.trust_name(actor(), trust_id),
        "partners": partners.list_partners(actor(), trust_id),
        "types": PARTNER_TYPES,
        "form": request.form,
    }
    if request.method == "GET":
        return render_template("manage/partners.html", **context)
    form = request.form
    try:
        partners.create_partner(
            actor(), trust_id, form.get("name", ""), form.get("partner_type", "")
        )
    except Invalid as exc:
        return render_template(
            "manage/partners.html", error=str(exc), page_has_errors=True, **context
        ), 400
    flash(f"Added {form.get('name', '').strip()}.", "success")
    return redirect(url_for("manage.partner_list", trust_id=trust_id))


@bp.post("/partners/<int:partner_id>/rename")
@roles(*MANAGERS)
def rename_partner(partner_id: int) -> ResponseReturnValue:
    """Rename a partner; the trust's partner page shows the result."""
    trust_id = whole_number(request.form.get("trust_id")) or 0
    try:
        partners.rename_partner(actor(), partner_id, request.form.get("name", ""))
        flash("Partner renamed.", "success")
    except Invalid as exc:
        flash(str(exc), "info")
    return redirect(
        url_for("manage.partner_list", trust_id=trust_id) if trust_id else url_for("home.index")
    )


@bp.route("/partners/<int:partner_id>/remove", methods=["GET", "POST"])
@roles(*MANAGERS)
def remove_partner(partner_id: int) -> ResponseReturnValue:
    """Remove a partner, after confirmation; its submitted answers are kept."""
    name, submitted = partners.removal_impact(actor(), partner_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template(
            "manage/remove_partner.html",
            partner_id=partner_id,
            name=name,
            submitted=submitted,
            form=form,
        )
    trust_id = partners.remove_partner(actor(), partner_id)
    flash(f"Removed {name}. Its submitted answers stay in the results of past rounds.", "success")
    return redirect(url_for("manage.partner_list", trust_id=trust_id))


@bp.route("/trusts/<int:trust_id>/people", methods=["GET", "POST"])
@roles(*MANAGERS)
def people_list(trust_id: int) -> ResponseReturnValue:
    """People and invitations of the trust; invite someone (the link is shown once)."""
    name = partners.trust_name(actor(), trust_id)
    context = {
        "trust_id": trust_id,
        "trust_name": name,
        "roles": ROLES,
        "people": people.list_people(actor(), trust_id),
        "invitations": invitations.list_invitations(actor(), trust_id),
        "partners": partners.list_partners(actor(), trust_id),
        "form": request.form,
        "may_reset_two_factor": can_reset_two_factor(actor()),
    }
    if request.method == "GET":
        return render_template("manage/people.html", **context)
    form = request.form
    partner = form.get("partner_id", "")
    try:
        token = invitations.invite(
            actor(),
            trust_id,
            form.get("role", RESPONDENT),
            form.get("name", ""),
            form.get("email", ""),
            whole_number(partner),
        )
    except Invalid as exc:
        return render_template(
            "manage/people.html", error=str(exc), page_has_errors=True, **context
        ), 400
    return show_invitation(token, trust_id)


@bp.post("/invitations/<int:invitation_id>/revoke")
@roles(*MANAGERS)
def revoke(invitation_id: int) -> ResponseReturnValue:
    """Withdraw an invitation link that has not been used."""
    invitations.revoke(actor(), invitation_id)
    flash("Invitation withdrawn: the link no longer works.", "success")
    return _back_to_people()


def _back_to_people() -> ResponseReturnValue:
    """Back to the people page the form came from (an id, never a URL from the client)."""
    trust_id = whole_number(request.form.get("trust_id"))
    if trust_id is not None:
        return redirect(url_for("manage.people_list", trust_id=trust_id))
    return redirect(url_for("home.index"))


@bp.route("/trusts/<int:trust_id>/rounds/new", methods=["GET", "POST"])
@roles(*MANAGERS)
@keeps_typed(
    {
        "questionnaire": "Questionnaire",
        "name": "Round name",
        "opens_on": "Opening date",
        "closes_on": "Closing date",
        "carry_forward": "Start from the last round's answers",
    }
)
def new_round(trust_id: int) -> ResponseReturnValue:
    """Open a round: questionnaire, name, opening and closing dates."""
    name = partners.trust_name(actor(), trust_id)
    form = NewRoundForm()
    if form.validate_on_submit():
        try:
            round_id = rounds.open_round(
                actor(),
                str(trust_id),
                form.questionnaire.data or "",
                form.name.data or "",
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                carry_forward=bool(form.carry_forward.data),
            )
        except Invalid as exc:
            form.name.errors = [str(exc)]
        else:
            flash("Round opened. Set targets below if the default of 3 does not fit.", "success")
            return redirect(url_for("manage.targets", round_id=round_id))
    errors = [(f, messages[0]) for f, messages in form.errors.items() if f != "csrf_token"]
    return render_template(
        "manage/new_round.html",
        trust_id=trust_id,
        trust_name=name,
        questionnaires=questionnaire_service.list_current(),
        form=form,
        errors=errors,
        page_has_errors=bool(errors),
    ), 400 if errors else 200


@bp.route("/rounds/<int:round_id>/targets", methods=["GET", "POST"])
@roles(*MANAGERS)
def targets(round_id: int) -> ResponseReturnValue:
    """Target level per item (default 3, Established) and K, the number of focus priorities."""
    round_name, content, current, focus = rounds.target_form(actor(), round_id)
    form = targets_form(content, current, focus)
    if form.validate_on_submit():
        try:
            rounds.set_targets(actor(), round_id, form.targets(content), form.focus_count.data)
            flash("Targets saved.", "success")
            return redirect(url_for("manage.round_status", round_id=round_id))
        except Invalid as exc:
            form.focus_count.errors = [str(exc)]
    status_code = 400 if form.errors else 200
    return render_template(
        "manage/targets.html",
        round_id=round_id,
        round_name=round_name,
        questionnaire=content,
        form=form,
        target_field=target_field,
        summary=[
            (name, "Choose a level from 1 to 4" if name.startswith("target-") else errors[0])
            for name, errors in form.errors.items()
            if name != "csrf_token"
        ],
    ), status_code


@bp.get("/rounds/<int:round_id>/status")
@roles(*MANAGERS)
def round_status(round_id: int) -> ResponseReturnValue:
    """Who has been invited, started and submitted, per partner, to chase the missing."""
    report = status.round_status(actor(), round_id)
    failed = outbox.failures(actor(), round_id)
    return render_template("manage/status.html", report=report, failed_mail=failed)
