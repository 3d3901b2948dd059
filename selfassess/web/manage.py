"""A trust lead's screens: partners, people and invitations, rounds, targets and status."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from selfassess.domain.organisation import ADMIN, LEAD, PARTNER_TYPES, RESPONDENT, ROLES
from selfassess.services import Invalid, invitations, partners, people, rounds, status
from selfassess.services import questionnaires as questionnaire_service
from selfassess.web.forms import whole_number
from selfassess.web.links import external_url
from selfassess.web.result_forms import target_field, targets_form
from selfassess.web.security import actor, roles

bp = Blueprint("manage", __name__)
MANAGERS = (LEAD, ADMIN)


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
    if request.method == "GET":
        return render_template(
            "manage/remove_partner.html", partner_id=partner_id, name=name, submitted=submitted
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


def show_invitation(token: str, trust_id: int | None) -> ResponseReturnValue:
    """The one-time link, shown once to the person who made it to copy and send. When the
    app is configured with INVITATION_SENDER (a callable taking e-mail, name and link, e.g.
    one that sends mail), it is also handed to that."""
    link = external_url("auth.accept", token=token)
    name, email = request.form.get("name", ""), request.form.get("email", "")
    sender = current_app.config.get("INVITATION_SENDER")
    sent = False
    if callable(sender):
        # A sender may say it did not send (False: mail not set up, or refused).
        sent = sender(email.strip().lower(), name.strip(), link) is not False
    return render_template(
        "manage/invited.html", trust_id=trust_id, link=link, name=name, email=email, sent=sent
    )


@bp.post("/invitations/<int:invitation_id>/revoke")
@roles(*MANAGERS)
def revoke(invitation_id: int) -> ResponseReturnValue:
    """Withdraw an invitation link that has not been used."""
    invitations.revoke(actor(), invitation_id)
    flash("Invitation withdrawn: the link no longer works.", "success")
    return _back_to_people()


@bp.post("/people/<int:user_id>/active")
@roles(*MANAGERS)
def set_active(user_id: int) -> ResponseReturnValue:
    """Deactivate or reactivate a person; deactivation signs them out everywhere."""
    active = request.form.get("active") == "1"
    try:
        invitations.set_active(actor(), user_id, active)
        flash("Account reactivated." if active else "Account deactivated.", "success")
    except Invalid as exc:
        flash(str(exc), "info")
    return _back_to_people()


def _back_to_people() -> ResponseReturnValue:
    """Back to the people page the form came from (an id, never a URL from the client)."""
    trust_id = whole_number(request.form.get("trust_id"))
    if trust_id is not None:
        return redirect(url_for("manage.people_list", trust_id=trust_id))
    return redirect(url_for("home.index"))


@bp.route("/trusts/<int:trust_id>/rounds/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def new_round(trust_id: int) -> ResponseReturnValue:
    """Open a round: questionnaire, name, closing date, optional targets per item."""
    name = partners.trust_name(actor(), trust_id)
    choices = questionnaire_service.list_current()
    form = request.form
    if request.method == "GET":
        return render_template(
            "manage/new_round.html",
            trust_id=trust_id,
            trust_name=name,
            questionnaires=choices,
            form=form,
        )
    try:
        closes = form.get("closes_on", "")
        round_id = rounds.open_round(
            str(trust_id),
            form.get("questionnaire", ""),
            form.get("name", ""),
            closes_on=dt.date.fromisoformat(closes) if closes else None,
            actor=actor(),
        )
    except (ValueError, Invalid) as exc:
        return render_template(
            "manage/new_round.html",
            trust_id=trust_id,
            trust_name=name,
            questionnaires=choices,
            form=form,
            page_has_errors=True,
            error=str(exc) if isinstance(exc, Invalid) else "Enter the closing date as YYYY-MM-DD",
        ), 400
    flash("Round opened. Set targets below if the default of 3 does not fit.", "success")
    return redirect(url_for("manage.targets", round_id=round_id))


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


@bp.post("/rounds/<int:round_id>/state")
@roles(*MANAGERS)
def round_state(round_id: int) -> ResponseReturnValue:
    """Close or reopen a round."""
    try:
        if request.form.get("open") == "1":
            rounds.reopen_round(round_id, actor=actor())
            flash("Round reopened: respondents can answer again.", "success")
        else:
            rounds.close_round(round_id, actor=actor())
            flash("Round closed: no more answers are accepted.", "success")
    except Invalid as exc:
        flash(str(exc), "info")
    return redirect(url_for("manage.round_status", round_id=round_id))


@bp.get("/rounds/<int:round_id>/status")
@roles(*MANAGERS)
def round_status(round_id: int) -> ResponseReturnValue:
    """Who has been invited, started and submitted, per partner, to chase the missing."""
    report = status.round_status(actor(), round_id)
    return render_template("manage/status.html", report=report)


@bp.post("/responses/<int:response_id>/reopen")
@roles(*MANAGERS)
def reopen_response(response_id: int) -> ResponseReturnValue:
    """Reopen a submitted response so its respondent can correct it."""
    try:
        round_id = status.reopen_response(actor(), response_id)
        flash("Response reopened: the respondent can correct and submit it again.", "success")
    except Invalid as exc:
        flash(str(exc), "info")
        round_id = whole_number(request.form.get("round_id")) or 0
    return redirect(url_for("manage.round_status", round_id=round_id))
