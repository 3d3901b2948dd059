"""The filter forms of the comparison and benchmark pages. They are GET forms that change
nothing, so they carry no CSRF token; WTForms parses and checks every value, so a bad date
or an unknown region is an error on its field, never a 500 or a silently empty table."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from selfassess.services.compare import INVERTED_PERIOD, Filters

BAD_DATE = "Enter a real date, for example 2026-04-01"


class BenchmarkForm(FlaskForm):
    """Whether open rounds (then provisional) may stand for the other trusts."""

    class Meta:
        csrf = False

    include_open = BooleanField("Include rounds that are still open (provisional figures)")


class CompareFilterForm(BenchmarkForm):
    """Region, period of opening dates (``from`` and ``to``, as in the URLs) and open rounds."""

    region = SelectField(
        "Region", choices=[SelectChoice("", "All regions")], validators=[Optional()]
    )
    start = DateField(
        "Rounds opened from", name="from", validators=[Optional()], invalid_value_message=BAD_DATE
    )
    end = DateField(
        "Rounds opened until", name="to", validators=[Optional()], invalid_value_message=BAD_DATE
    )

    def validate_end(self, field: DateField) -> None:
        """An inverted period would leave no trust at all: say so instead."""
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(INVERTED_PERIOD)

    def filters(self) -> Filters:
        """The validated choices, for the services."""
        return Filters(
            region=self.region.data or None,
            start=self.start.data,
            end=self.end.data,
            include_open=bool(self.include_open.data),
        )

    def errors_list(self) -> list[tuple[str, str]]:
        """(field id, message) pairs for the GOV.UK error summary."""
        return [(f.id, e) for f in self for e in f.errors]

    def query(self) -> dict[str, Any]:
        """The filter as URL arguments, for links that keep it (exports, sorting, profiles)."""
        found: dict[str, Any] = {}
        for name in ("region", "from", "to", "include_open"):
            value = request.args.get(name)
            if value:
                found[name] = value
        return found


def filter_form(regions: list[str]) -> CompareFilterForm:
    """The comparison filter read from the query string, its region choices set."""
    form = CompareFilterForm(formdata=request.args)
    form.region.choices = [SelectChoice("", "All regions"), *[SelectChoice(r, r) for r in regions]]
    return form


def benchmark_form() -> BenchmarkForm:
    return BenchmarkForm(formdata=request.args)
