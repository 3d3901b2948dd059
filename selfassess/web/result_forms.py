"""Flask-WTF forms of the results screens: targets with K, agreed actions, board sign-off,
answers to advisors' challenges."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from selfassess.domain import Questionnaire
from selfassess.domain.actions import STATUS_WORDS, ActionStatus
from selfassess.domain.priorities import FOCUS_MAX, FOCUS_MIN
from selfassess.domain.scale import DEFAULT_TARGET, LABELS, LEVELS
from selfassess.domain.validation import ANSWER_LENGTH

TARGET_CHOICES = [SelectChoice(level, f"{level} {LABELS[str(level)]}") for level in LEVELS]


FOCUS_RANGE = f"Enter a number from {FOCUS_MIN} to {FOCUS_MAX}"


class WholeNumberField(IntegerField):
    """A whole number whose parse error reads like the range check's message."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(FOCUS_RANGE) from exc


class TargetsForm(FlaskForm):
    """K and one target per item; :func:`targets_form` adds the item fields."""

    focus_count = WholeNumberField(
        "How many priorities to focus on",
        description=(
            f"The results page, board report and action plan lead with this many "
            f"priorities ({FOCUS_MIN} to {FOCUS_MAX}); the others follow them."
        ),
        # Optional: a post without the field keeps the round's current K.
        validators=[
            Optional(),
            NumberRange(FOCUS_MIN, FOCUS_MAX, FOCUS_RANGE),
        ],
    )

    def targets(self, questionnaire: Questionnaire) -> dict[str, int]:
        """The chosen level of every item."""
        return {i.slug: int(self[target_field(i.slug)].data) for i in questionnaire.items}


def target_field(item: str) -> str:
    return f"target-{item}"


def targets_form(
    questionnaire: Questionnaire, current: Mapping[str, int], focus: int
) -> TargetsForm:
    """A fresh form class per call with one select per item (field names from slugs)."""

    class Form(TargetsForm):
        pass

    for item in questionnaire.items:
        setattr(
            Form,
            target_field(item.slug),
            SelectField(
                item.title,
                choices=TARGET_CHOICES,
                coerce=int,
                default=current.get(item.slug, DEFAULT_TARGET),
            ),
        )
    return Form(focus_count=focus)


class IsoDateField(DateField):
    """A date as a browser's date picker sends it (YYYY-MM-DD), with a message in words."""

    def __init__(self, label: str, invalid: str, **kwargs: Any) -> None:
        super().__init__(label, render_kw={"type": "date"}, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(self.invalid) from exc


class ChartForm(FlaskForm):
    """Which partners to draw on the radar chart (a GET form: nothing changes, no token)."""

    class Meta:
        csrf = False

    partner = SelectMultipleField("Partners to draw on the chart", validate_choice=False)


def chart_form(partners: list[str]) -> ChartForm:
    """The chart form read from the query string, with one choice per partner."""
    form = ChartForm(formdata=request.args)
    form.partner.choices = [SelectChoice(name, name) for name in partners]
    return form


def first_error(form: FlaskForm) -> str:
    """The first error message of a form, for feedback beside it."""
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return "Check the form and try again"


class ActionForm(FlaskForm):
    """The agreed action, owner and due date for one priority (empty action removes it)."""

    item = HiddenField(validators=[InputRequired()])
    action = TextAreaField("Agreed action", validators=[Length(max=2_000)])
    owner = StringField("Owner", validators=[Length(max=200)])
    due_on = IsoDateField(
        "Due date",
        "Enter the due date as a date, for example 2027-03-31",
        validators=[Optional()],
    )
    # Coerced to the enum: a posted value outside it is refused, never stored as text.
    status = SelectField(
        "Status",
        choices=[SelectChoice(s.value, words) for s, words in STATUS_WORDS.items()],
        coerce=lambda value: value if isinstance(value, ActionStatus) else ActionStatus(value),
        default=ActionStatus.NOT_STARTED,
        validators=[Optional()],
    )
    note = TextAreaField("Progress note (optional, dated today)", validators=[Length(max=2_000)])


class SignoffForm(FlaskForm):
    """The date the board ratified the self-assessment and its minute reference."""

    ratified_on = IsoDateField(
        "Date the board ratified the self-assessment",
        "Enter the date the board ratified the results, for example 2027-03-31",
        validators=[InputRequired(message="Enter the date the board ratified the results")],
    )
    minute = StringField(
        "Minute reference",
        validators=[
            InputRequired(message="Enter the minute reference of the board's decision"),
            Length(max=200),
        ],
    )


class ChallengeAnswerForm(FlaskForm):
    """The trust lead's answer to one challenged item."""

    item = HiddenField(validators=[InputRequired()])
    answer = TextAreaField(
        "The trust's answer",
        validators=[
            InputRequired("Write the trust's answer to the challenge"),
            Length(max=ANSWER_LENGTH, message=f"Keep the answer to {ANSWER_LENGTH:,} characters"),
        ],
    )
