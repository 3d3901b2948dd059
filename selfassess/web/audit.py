"""Administrators read the audit trail at /admin/audit: filtered by event, person, trust, date."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from selfassess.domain.organisation import ADMIN
from selfassess.services import audit, trusts
from selfassess.web.security import actor, roles

bp = Blueprint("audit", __name__, url_prefix="/admin")


class AuditFilterForm(FlaskForm):
    """The filters of the audit page (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    event = SelectField(
        "Event",
        choices=[SelectChoice("", "Any event"), *[SelectChoice(e, e) for e in audit.EVENTS]],
    )
    person = StringField("Person (part of an e-mail address)", validators=[Optional()])
    trust = SelectField("Trust", coerce=str, validators=[Optional()])
    since = DateField("From (YYYY-MM-DD)", validators=[Optional()])
    until = DateField("To (YYYY-MM-DD)", validators=[Optional()])
    page = IntegerField("Page", default=1, validators=[Optional(), NumberRange(1, 10**6)])


@bp.get("/audit")
@roles(ADMIN)
def trail() -> ResponseReturnValue:
    """Security events, newest first, 50 a page."""
    form = AuditFilterForm(request.args)
    form.trust.choices = [SelectChoice("", "Any trust")] + [
        SelectChoice(str(t.trust_id), t.name) for t in trusts.list_trusts()
    ]
    valid = form.validate()
    filters = audit.AuditFilter()
    if valid:
        filters = audit.AuditFilter(
            event=form.event.data or None,
            person=(form.person.data or "").strip() or None,
            trust_id=int(form.trust.data) if form.trust.data else None,
            since=form.since.data,
            until=form.until.data,
        )
    page = form.page.data if valid and form.page.data else 1
    rows, pages = audit.page_of(actor(), filters, page)
    status = 200 if valid or not request.args else 400
    return render_template(
        "admin/audit.html", form=form, rows=rows, page=min(page, pages), pages=pages
    ), status
