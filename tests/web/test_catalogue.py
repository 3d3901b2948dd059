"""Administrators download a questionnaire file and upload a new version, checked with the
same file:line messages as the CLI; a stored version is never changed."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from selfassess.domain import parse_questionnaire
from selfassess.extensions import db
from selfassess.models import QuestionnaireVersion, Round
from selfassess.services import questionnaires as questionnaire_service


@pytest.fixture
def admin(make_user, auth):
    auth.login(make_user("admin"))


def upload(client, data: bytes, name: str = "mini.yaml"):
    return client.post(
        "/admin/questionnaires/",
        data={"definition": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def current_version(app, slug: str) -> str:
    with app.app_context():
        return questionnaire_service.current(slug).version


def test_the_page_lists_current_versions_with_downloads(app, client, admin):
    page = client.get("/admin/questionnaires/").get_data(as_text=True)
    assert current_version(app, "wcc") in page
    assert "Download wcc.yaml" in page


def test_a_download_loads_back_as_the_same_version(app, client, admin):
    response = client.get("/admin/questionnaires/jcp.yaml")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert parse_questionnaire(text, "jcp.yaml").version == current_version(app, "jcp")


def test_an_upload_becomes_current_and_open_rounds_keep_their_version(
    app, client, admin, make_trust, make_round
):
    round_id = make_round(make_trust())
    before = current_version(app, "mini")
    text = client.get("/admin/questionnaires/mini.yaml").get_data(as_text=True)
    changed = text.replace("First statement.", "First statement, reworded.")
    response = upload(client, changed.encode())
    assert response.status_code == 302
    after = current_version(app, "mini")
    assert after != before
    with app.app_context():
        kept = db.session.get(Round, round_id).questionnaire_version
        old = db.session.scalars(
            select(QuestionnaireVersion).where(QuestionnaireVersion.version == before)
        ).one()
        assert kept.version == before
        assert "First statement." in old.snapshot
        assert "reworded" not in old.snapshot
    page = client.get("/admin/questionnaires/").get_data(as_text=True)
    assert f"mini: version {after} is now current." in page


def test_an_invalid_upload_lists_file_line_problems_and_stores_nothing(app, client, admin):
    before = current_version(app, "mini")
    text = client.get("/admin/questionnaires/mini.yaml").get_data(as_text=True)
    broken = re.sub(r"\n *'4': As 3, and item one[^\n]*", "", text, count=1)
    assert broken != text
    response = upload(client, broken.encode(), "edited.yaml")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "edited.yaml:" in page
    assert "must describe all four levels; missing level(s) 4" in page
    assert current_version(app, "mini") == before


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"id: x\n\xff\xfe", "x.yaml", "x.yaml:2: the file is not UTF-8 text"),
        (b"id: x\n", "x.txt", "The file must be a .yaml definition file"),
        (b"", "x.yaml", "x.yaml:1: the file is empty"),
    ],
)
def test_unreadable_uploads_are_refused(client, admin, data, name, message):
    response = upload(client, data, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_posting_without_a_file_asks_for_one(client, admin):
    response = client.post("/admin/questionnaires/", data={})
    assert response.status_code == 400
    assert "Choose a questionnaire definition file" in response.get_data(as_text=True)


def test_only_administrators_reach_the_catalogue(client, make_trust, make_user, auth):
    auth.login(make_user("lead", make_trust()))
    assert client.get("/admin/questionnaires/").status_code == 403
    assert client.get("/admin/questionnaires/wcc.yaml").status_code == 403
    assert upload(client, b"id: x\n").status_code == 403


def test_an_uploaded_version_survives_init_db_and_any_version_can_be_made_current(
    app, client, admin, questionnaire_dir
):
    """docs/scoring.md §11: a changed shipped file becomes a new version when init-db runs,
    but current only if no version was uploaded since; administrators choose any version."""
    shipped = current_version(app, "mini")
    text = client.get("/admin/questionnaires/mini.yaml").get_data(as_text=True)
    assert upload(client, text.replace("First statement.", "Uploaded.").encode()).status_code == 302
    uploaded = current_version(app, "mini")
    file = questionnaire_dir / "mini.yaml"
    file.write_text(file.read_text().replace("First statement.", "Shipped anew."), "utf-8")
    with app.app_context():
        results = {r.slug: r for r in questionnaire_service.sync(questionnaire_dir)}
    assert results["mini"].created
    assert not results["mini"].current
    assert current_version(app, "mini") == uploaded
    page = client.get("/admin/questionnaires/").get_data(as_text=True)
    with app.app_context():
        row = db.session.scalars(
            select(QuestionnaireVersion).where(QuestionnaireVersion.version == shipped)
        ).one()
    assert f'id="version-{row.pk}"' in page
    made = client.post(f"/admin/questionnaires/versions/{row.pk}/current")
    assert made.status_code == 302
    assert current_version(app, "mini") == shipped
    # now a shipped version is current, so the next init-db makes the new shipped file current
    with app.app_context():
        questionnaire_service.sync(questionnaire_dir)
    assert current_version(app, "mini") not in (shipped, uploaded)


def test_only_administrators_make_a_version_current(app, client, make_trust, make_user, auth):
    auth.login(make_user("lead", make_trust()))
    with app.app_context():
        version_id = questionnaire_service.current_version("mini").pk
    assert client.post(f"/admin/questionnaires/versions/{version_id}/current").status_code in (
        403,
        404,
    )
