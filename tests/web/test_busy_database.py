"""A busy database answers 503 with what was typed, never a dropped connection (issue 10)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from sqlalchemy import select
from web_helpers import add_person

from selfassess.extensions import db
from selfassess.models import Answer, Partner
from selfassess.policy import SYSTEM
from selfassess.services import rounds, trusts
from selfassess.web.errors import _proven_page_post


@pytest.mark.sqlite_only("holds SQLite's write lock from a second connection")
def test_a_save_while_another_writer_holds_the_lock_gets_503_with_the_answers(
    app_factory, password, tmp_path
):
    """Nothing typed is lost when the database stays busy past the busy timeout."""
    app = app_factory("busy", SQLITE_BUSY_TIMEOUT_MS=100)
    client = app.test_client()
    with app.app_context():
        trust_id = trusts.create_trust("Ashvale")
        trusts.add_partner(str(trust_id), "Council", "local_authority")
        round_id = rounds.open_round(SYSTEM, str(trust_id), "mini", "Baseline")
    with app.app_context():  # the make_user builder is bound to the default app
        partner_id = db.session.scalars(select(Partner.pk)).one()
    add_person(app, password, "rita@example.org", "respondent", trust_id, partner_id)
    client.post("/sign-in", data={"email": "rita@example.org", "password": password})
    url = client.post(f"/assess/rounds/{round_id}/start").headers["Location"]
    page = client.get(url).get_data(as_text=True)
    form = {
        "revision": re.search(r'name="revision" value="(\d+)"', page).group(1),
        "proof": re.search(r'name="proof" value="([^"]+)"', page).group(1),
        "answer-q1": "4",
        "note-i1": "Typed while the import ran",
    }
    blocker = sqlite3.connect(tmp_path / "busy.sqlite", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        assert client.get(url).status_code == 200  # readers are not blocked by the writer
        busy = client.post(url, data=form)
        body = busy.get_data(as_text=True)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert busy.status_code == 503
    assert "Typed while the import ran" in body
    assert 'name="answer-q1" value="4"' in body
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body))
    kept.pop("csrf_token")
    assert client.post(url, data=kept).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Answer.value)).all() == ["4"]


def test_a_forged_post_is_not_shown_back_on_the_busy_page(app):
    """ASVS V3.5.1: the 503 page keeps only a proven questionnaire post."""
    with app.test_request_context("/responses/1/pages/1", method="POST", data={"proof": "x"}):
        assert not _proven_page_post()


@pytest.mark.sqlite_only("holds SQLite's write lock from a second connection")
def test_a_lead_form_sent_while_the_database_is_busy_comes_back_on_the_503_page(
    app_factory, password, tmp_path
):
    """Issue 18 part 2: the busy page keeps what a lead typed into a declared form (with the
    form proof of the signed-in lead), as it does for questionnaire pages."""
    app = app_factory("busy", SQLITE_BUSY_TIMEOUT_MS=100)
    client = app.test_client()
    with app.app_context():
        trust_id = trusts.create_trust("Ashvale")
    add_person(app, password, "lee@example.org", "lead", trust_id)
    client.post("/sign-in", data={"email": "lee@example.org", "password": password})
    page = client.get(f"/trusts/{trust_id}/partners").get_data(as_text=True)
    form = {
        "form_proof": re.search(r'name="form_proof" value="([^"]+)"', page).group(1),
        "name": "Glan-y-Môr Youth Project",
        "partner_type": "voluntary",
    }
    blocker = sqlite3.connect(tmp_path / "busy.sqlite", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        busy = client.post(f"/trusts/{trust_id}/partners", data=form)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert busy.status_code == 503
    assert 'name="name" value="Glan-y-Môr Youth Project"' in busy.get_data(as_text=True)
