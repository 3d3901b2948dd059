"""A trust lead imports answers for a round from a CSV or Excel file: upload, see every
problem or a preview of what will be stored, then confirm (issue 22 part 6).

Between preview and confirm the file waits in the instance folder under a random name; the
confirm button carries a signed token naming it, bound to the person and the round, valid
for an hour. Nothing is stored until the person confirms, and then all or nothing.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from itsdangerous import BadSignature
from werkzeug.utils import secure_filename

from selfassess.policy import MANAGERS
from selfassess.services import Invalid, uploads
from selfassess.services.imports import HEADER
from selfassess.web.errors import error_page
from selfassess.web.security import actor, roles
from selfassess.web.signing import signer

bp = Blueprint("uploads", __name__)
SALT = "selfassess.answer-upload"
WAIT = 3600  # seconds a checked file waits for its confirmation


class AnswersFileForm(FlaskForm):
    """One CSV or Excel file of answers."""

    answers = FileField(
        "File of answers (CSV or Excel)",
        validators=[
            FileRequired("Choose a CSV or Excel file of answers"),
            FileAllowed(["csv", "txt", "xlsx"], "The file must be a .csv or .xlsx file"),
        ],
    )


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _page(round_id: int, form: AnswersFileForm, errors: list[str], status: int = 200):
    name = uploads.round_name(actor(), round_id)
    return render_template(
        "uploads/form.html",
        round_id=round_id,
        name=name,
        form=form,
        errors=errors,
        header=",".join(HEADER),
        max_rows=uploads.MAX_UPLOAD_ROWS,
    ), status


@bp.get("/rounds/<int:round_id>/import")
@roles(*MANAGERS)
def start(round_id: int) -> ResponseReturnValue:
    """The upload form, with the columns the file needs."""
    return _page(round_id, AnswersFileForm(), [])


@bp.post("/rounds/<int:round_id>/import")
@roles(*MANAGERS)
def check(round_id: int) -> ResponseReturnValue:
    """Check the file as import-responses does; show every problem, or what will be stored."""
    form = AnswersFileForm()
    if not form.validate_on_submit():
        return _page(round_id, form, [e for es in form.errors.values() for e in es], 400)
    filename = secure_filename(form.answers.data.filename or "") or "answers.csv"
    data = form.answers.data.read(uploads.MAX_UPLOAD_BYTES + 1)
    try:
        summary = uploads.preview_upload(actor(), round_id, data, filename)
    except Invalid as exc:
        return _page(round_id, form, exc.errors, 400)
    stored = secrets.token_hex(16)
    (_folder() / stored).write_bytes(data)
    token = signer(SALT).dumps({"u": actor().user_id, "r": round_id, "f": stored, "n": filename})
    return render_template(
        "uploads/preview.html",
        round_id=round_id,
        summary=summary,
        token=token,
        filename=filename,
        name=uploads.round_name(actor(), round_id),
    )


@bp.post("/rounds/<int:round_id>/import/confirm")
@roles(*MANAGERS)
def confirm(round_id: int) -> ResponseReturnValue:
    """Store the checked file, all or nothing; the waiting copy is deleted either way."""
    uploads.round_name(actor(), round_id)  # another trust's round: 404 before anything else
    try:
        held = signer(SALT).loads(request.form.get("token", ""), max_age=WAIT)
    except BadSignature:
        flash("That check has expired: upload the file again.", "info")
        return redirect(url_for("uploads.start", round_id=round_id))
    if held.get("u") != actor().user_id or held.get("r") != round_id:
        return error_page(400)
    path = _folder() / secure_filename(str(held.get("f", "")))
    if not path.is_file():
        flash("That file has already been imported or has expired: upload it again.", "info")
        return redirect(url_for("uploads.start", round_id=round_id))
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    try:
        summary = uploads.store_upload(actor(), round_id, data, str(held.get("n", "answers.csv")))
    except Invalid as exc:  # the round changed since the check (closed, partner removed)
        return _page(round_id, AnswersFileForm(), exc.errors, 400)
    flash(
        f"Imported {summary.answers} answers from {summary.responses} respondents"
        + (f", replacing {summary.replaced} earlier responses." if summary.replaced else "."),
        "success",
    )
    return redirect(url_for("manage.round_status", round_id=round_id))
