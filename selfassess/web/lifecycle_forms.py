"""Flask-WTF forms of a round's life: opening dates, closing date, confirmations, reasons,
and the administrators' directory filters."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from selfassess import clock
from selfassess.domain import lifecycle
from selfassess.services.status import REASON_LENGTH

DATE_FORMAT = "Enter the date as YYYY-MM-DD, for example 2027-03-31"


class GovDateField(DateField):
    """An ISO date (what a browser's date input sends) with a message people can act on."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(DATE_FORMAT) from exc


def _not_past(form: FlaskForm, field: GovDateField) -> None:
    if field.data is not None and field.data < clock.uk_today():
        raise ValidationError("The closing date must be today or in the future")


class NewRoundForm(FlaskForm):
    """A new round: questionnaire, name, opening and closing dates."""

    questionnaire = StringField(validators=[InputRequired("Choose a questionnaire")])
    name = StringField(validators=[InputRequired("Enter a name for the round"), Length(max=200)])
    opens_on = GovDateField(validators=[Optional()])
    closes_on = GovDateField(validators=[Optional(), _not_past])
    # Start from the last round's answers (docs/scoring.md §10).
    carry_forward = BooleanField()

    def validate_closes_on(self, field: GovDateField) -> None:
        opens = self.opens_on.data or clock.uk_today()
        if field.data is not None and lifecycle.date_problems(opens, field.data, dt.date.min):
            raise ValidationError("The closing date must be the same as or after the opening date")


class ClosingDateForm(FlaskForm):
    """A new closing date for a round (extending it, or setting one)."""

    closes_on = GovDateField(validators=[InputRequired("Enter the new closing date"), _not_past])


class ConfirmForm(FlaskForm):
    """A confirmation page's button: only the CSRF token, plus where to go back to."""

    back = HiddenField()


class ReopenForm(FlaskForm):
    """Reopening a submitted response: the respondent is shown the reason."""

    reason = TextAreaField(
        validators=[
            InputRequired("Give the respondent a reason for reopening their response"),
            Length(max=REASON_LENGTH),
        ]
    )


class DirectoryForm(FlaskForm):
    """Filters of the administrators' list of people and invitations (a GET form)."""

    class Meta:
        csrf = False  # a search: nothing changes, and its links must be shareable

    show = SelectField(
        choices=[SelectChoice("people", "People"), SelectChoice("invitations", "Open invitations")],
        default="people",
    )
    trust = SelectField(validators=[Optional()])
    role = SelectField(validators=[Optional()])
    page = StringField(validators=[Optional()])


class RoundStateForm(FlaskForm):
    """Reopen a closed round: ``open`` is "1" from the reopen button."""

    open = HiddenField()


class ActiveForm(FlaskForm):
    """Reactivate a person: ``active`` is "1"; ``back`` names the page to return to."""

    active = HiddenField()
    back = HiddenField()
