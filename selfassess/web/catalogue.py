"""Administrators' questionnaire catalogue: download each current definition file and upload
a new version, checked with the same ``file:line`` messages as ``questionnaires check``."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.utils import secure_filename

from selfassess.domain.loader import MAX_BYTES
from selfassess.domain.organisation import ADMIN
from selfassess.services import Invalid
from selfassess.services import questionnaires as questionnaire_service
from selfassess.web.security import actor, roles

bp = Blueprint("catalogue", __name__, url_prefix="/admin/questionnaires")


class UploadForm(FlaskForm):
    """One definition file."""

    definition = FileField(
        "Questionnaire definition file",
        validators=[
            FileRequired("Choose a questionnaire definition file"),
            FileAllowed(["yaml", "yml"], "The file must be a .yaml definition file"),
        ],
    )


def _page(form: UploadForm, errors: list[str] | None = None, status: int = 200) -> tuple[str, int]:
    return render_template(
        "catalogue/index.html",
        rows=questionnaire_service.catalogue(actor()),
        versions=questionnaire_service.versions(actor()),
        form=form,
        errors=errors or [],
        page_has_errors=bool(errors),
    ), status


@bp.get("/")
@roles(ADMIN)
def index() -> ResponseReturnValue:
    """The current version of each questionnaire, its download, and the upload form."""
    return _page(UploadForm())


@bp.get("/<slug>.yaml")
@roles(ADMIN)
def download(slug: str) -> ResponseReturnValue:
    """The current version as a definition file (it loads back as the same version)."""
    text = questionnaire_service.definition_file(actor(), slug)
    return Response(
        text,
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{secure_filename(slug)}.yaml"'},
    )


@bp.post("/")
@roles(ADMIN)
def upload() -> ResponseReturnValue:
    """Check the file; if it is valid, its content becomes the current version."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(form, [e for errors in form.errors.values() for e in errors], 400)
    name = secure_filename(form.definition.data.filename or "") or "upload.yaml"
    # One byte past the limit is enough for the loader to say the file is too large.
    data = form.definition.data.read(MAX_BYTES + 1)
    try:
        result = questionnaire_service.upload(actor(), data, name)
    except Invalid as exc:
        return _page(form, exc.errors, 400)
    if result.created:
        flash(f"{result.slug}: version {result.version} is now current.", "success")
    else:
        flash(
            f"{result.slug}: this content is already stored as version {result.version}; "
            "it is now current.",
            "success",
        )
    return redirect(url_for("catalogue.index"))


@bp.post("/versions/<int:version_id>/current")
@roles(ADMIN)
def make_current(version_id: int) -> ResponseReturnValue:
    """Make a stored version the one new rounds use (docs/scoring.md §11)."""
    slug = questionnaire_service.make_current(actor(), version_id)
    flash(f"That version of {slug} is now current: new rounds use it.", "success")
    return redirect(url_for("catalogue.index") + "#versions")
