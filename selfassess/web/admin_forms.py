"""The administrators' forms as Flask-WTF classes: WTForms validates and coerces every field
(a trust id that is not a whole number, or names no trust, is a field error, never a 500)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from selfassess.domain.organisation import ADVISOR, LEAD

LARGEST_ID = 2**63 - 1


class TrustForm(FlaskForm):
    """Create a Children's Trust."""

    trust_name = StringField(
        "Name of the Children's Trust",
        validators=[InputRequired("Enter the trust's name"), Length(max=200)],
    )
    region = StringField("Region (optional)", validators=[Optional(), Length(max=100)])


class InviteForm(FlaskForm):
    """Invite a trust lead (for one trust) or an advisor."""

    name = StringField("Name", validators=[InputRequired("Enter the person's name")])
    email = StringField("Email address", validators=[InputRequired("Enter an email address")])
    role = SelectField(
        "Role",
        choices=[
            SelectChoice(LEAD, "Trust lead"),
            SelectChoice(ADVISOR, "Commissioning Support Programme advisor"),
        ],
        default=LEAD,
    )
    trust_id = IntegerField(
        "Trust (trust leads only)",
        validators=[Optional(), NumberRange(1, LARGEST_ID, "Choose a trust that exists")],
    )
    all = BooleanField("Advisor supports all trusts")


class AssignForm(FlaskForm):
    """The trusts an advisor supports."""

    trust = SelectMultipleField("Trusts", coerce=int, validate_choice=False)
    all = BooleanField("All trusts")


def first_error(form: FlaskForm) -> str:
    """The first problem with a form, as its field's message."""
    for messages in form.errors.values():
        return str(messages[0])
    return "Check the form"
