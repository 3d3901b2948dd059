"""The lead's reminder: a preview of the message and its addressees, then sending it to
everyone invited or active for the round who has not submitted (once a day each)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from selfassess.domain.organisation import ADMIN, LEAD
from selfassess.services import Invalid, mail, reminders, round_mail
from selfassess.web.links import external_url
from selfassess.web.security import actor, roles

bp = Blueprint("reminders", __name__)


class ConfirmReminderForm(FlaskForm):
    """The lead confirms the reminder they have just read (the token guards the send)."""


def answer_link() -> str:
    """Where a reminder sends people: their assessments (after signing in)."""
    return external_url("assess.dashboard")


def outcome_words(outcome: reminders.ReminderOutcome) -> list[str]:
    """What happened, in sentences for the lead."""
    words = []
    if outcome.sent:
        words.append(f"Reminder e-mailed to {_people(len(outcome.sent))}.")
    if outcome.not_sent:
        reason = "mail is not set up for this service" if not mail.configured() else "it failed"
        words.append(
            f"No e-mail was sent to {_people(len(outcome.not_sent))} ({reason}): "
            + ", ".join(outcome.not_sent)
        )
    if outcome.skipped:
        words.append(f"{_people(len(outcome.skipped))} already reminded today: not sent again.")
    return words or ["Nobody needed a reminder: everyone invited has submitted."]


def _people(count: int) -> str:
    return f"{count} person" if count == 1 else f"{count} people"


@bp.route("/rounds/<int:round_id>/reminders", methods=["GET", "POST"])
@roles(LEAD, ADMIN)
def remind(round_id: int) -> ResponseReturnValue:
    """GET: the message and who it goes to; POST (confirmed): send it."""
    form = ConfirmReminderForm()
    link = answer_link()
    if form.validate_on_submit():
        try:
            outcome = reminders.send(actor(), round_id, link)
            for line in outcome_words(outcome):
                flash(line, "success" if outcome.sent else "info")
        except Invalid as exc:
            flash(str(exc), "info")
        return redirect(url_for("manage.round_status", round_id=round_id))
    plan = reminders.plan(actor(), round_id)
    sample = plan.to_remind[0] if plan.to_remind else None
    return render_template(
        "manage/reminders.html",
        plan=plan,
        form=form,
        preview=round_mail.reminder_text(sample, link) if sample else None,
        mail_configured=mail.configured(),
    )
