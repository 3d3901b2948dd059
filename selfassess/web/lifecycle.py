"""A round's life for its lead: close (after confirming), reopen, move the closing date;
reopen a submitted response with a reason; deactivate a person after confirming."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from selfassess.domain.organisation import ADMIN
from selfassess.policy import MANAGERS, Actor
from selfassess.services import Invalid, invitations, round_mail, rounds, status
from selfassess.web import filters
from selfassess.web.lifecycle_forms import (
    ActiveForm,
    ClosingDateForm,
    ConfirmForm,
    ReopenForm,
    RoundStateForm,
)
from selfassess.web.links import external_url
from selfassess.web.security import actor, roles

bp = Blueprint("lifecycle", __name__)


def _to_status(round_id: int) -> ResponseReturnValue:
    return redirect(url_for("manage.round_status", round_id=round_id))


@bp.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
@roles(*MANAGERS)
def close(round_id: int) -> ResponseReturnValue:
    """Close a round early, after a page saying what closing does."""
    report = status.round_status(actor(), round_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("manage/close_round.html", report=report, form=form)
    return _change(rounds.close_round, round_id, "Round closed: no more answers are accepted.")


def _change(change: Callable[[Actor, int], None], round_id: int, done: str) -> ResponseReturnValue:
    """Close or reopen; a round already in that state is said so, back on its status page."""
    try:
        change(actor(), round_id)
        flash(done, "success")
    except Invalid as exc:
        flash(str(exc), "info")
    return _to_status(round_id)


@bp.post("/rounds/<int:round_id>/state")
@roles(*MANAGERS)
def round_state(round_id: int) -> ResponseReturnValue:
    """Reopen a closed round (closing goes through its confirmation page)."""
    rounds.check_manages(actor(), round_id)
    if RoundStateForm().open.data != "1":
        return redirect(url_for("lifecycle.close", round_id=round_id))
    return _change(rounds.reopen_round, round_id, "Round reopened: respondents can answer again.")


@bp.route("/rounds/<int:round_id>/closing-date", methods=["GET", "POST"])
@roles(*MANAGERS)
def closing_date(round_id: int) -> ResponseReturnValue:
    """Extend or move the closing date; a round closed by its date opens again."""
    report = status.round_status(actor(), round_id)
    form = ClosingDateForm()
    if form.validate_on_submit() and form.closes_on.data is not None:
        try:
            rounds.set_closing_date(actor(), round_id, form.closes_on.data)
        except Invalid as exc:
            form.closes_on.errors = [str(exc)]
        else:
            when = filters.date(form.closes_on.data)
            flash(f"The round now closes at the end of {when}, UK time.", "success")
            return _to_status(round_id)
    code = 400 if request.method == "POST" else 200
    return render_template("manage/closing_date.html", report=report, form=form), code


@bp.route("/responses/<int:response_id>/reopen", methods=["GET", "POST"])
@roles(*MANAGERS)
def reopen_response(response_id: int) -> ResponseReturnValue:
    """Reopen a submitted response so its respondent can correct it, giving them a reason."""
    preview = status.reopen_preview(actor(), response_id)
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            reopened = status.reopen_response(actor(), response_id, form.reason.data or "")
        except Invalid as exc:
            form.reason.errors = [str(exc)]
        else:
            flash("Response reopened: the respondent can correct and submit it again.", "success")
            _tell_respondent(reopened)
            return _to_status(preview.round_id)
    code = 400 if request.method == "POST" else 200
    return render_template("manage/reopen_response.html", preview=preview, form=form), code


def _tell_respondent(reopened: status.Reopened) -> None:
    """E-mail the respondent the lead's reason (imported responses have no one to tell)."""
    if not reopened.respondent_email:
        return
    sent = round_mail.notify_reopened(
        reopened.respondent_email,
        reopened.respondent_name or "",
        reopened.round_name,
        reopened.reason,
        external_url("assess.overview", response_id=reopened.response_id),
    )
    if not sent:
        flash("No e-mail was sent to the respondent (mail is not set up here).", "info")


@bp.route("/people/<int:user_id>/deactivate", methods=["GET", "POST"])
@roles(*MANAGERS)
def deactivate(user_id: int) -> ResponseReturnValue:
    """Deactivate a person after confirming: they are signed out everywhere."""
    person = invitations.person_preview(actor(), user_id)
    form = ConfirmForm(back=request.args.get("back", ""))
    if not form.validate_on_submit():
        return render_template("manage/deactivate.html", person=person, form=form)
    try:
        invitations.set_active(actor(), user_id, False)
        flash(f"{person.name}'s account is deactivated.", "success")
    except Invalid as exc:
        flash(str(exc), "info")
    return _back(form.back.data, person.trust_id)


@bp.post("/people/<int:user_id>/active")
@roles(*MANAGERS)
def set_active(user_id: int) -> ResponseReturnValue:
    """Reactivate a person (deactivating goes through its confirmation page)."""
    person = invitations.person_preview(actor(), user_id)
    form = ActiveForm()
    if form.active.data != "1":
        return redirect(url_for("lifecycle.deactivate", user_id=user_id))
    invitations.set_active(actor(), user_id, True)
    flash(f"{person.name}'s account is active again.", "success")
    return _back(form.back.data, person.trust_id)


def _back(back: str | None, trust_id: int | None) -> ResponseReturnValue:
    """Back to the directory or the person's trust page (a name, never a client URL)."""
    if actor().role == ADMIN and (back == "directory" or trust_id is None):
        return redirect(url_for("directory.index"))
    if trust_id is None:
        return redirect(url_for("home.index"))
    return redirect(url_for("manage.people_list", trust_id=trust_id))
