"""A lead's form with an expired form token comes back with what was typed (issue 9, 3)."""

from __future__ import annotations

import re

from sqlalchemy import select
from web_helpers import add_person

from selfassess.extensions import db
from selfassess.models import Partner, Trust


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_adding_a_partner_with_an_expired_token_keeps_what_was_typed(csrf_app, password):
    """ASVS V3.5.1 with nothing lost: refused without a valid token, shown back to the
    signed-in lead, stored only when they send it again with a fresh token."""
    with csrf_app.app_context():
        trust_id = db.session.scalars(select(Trust.pk)).one()
    add_person(csrf_app, password, "lee@example.org", "lead", trust_id)
    client = csrf_app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    client.post(
        "/sign-in",
        data={"csrf_token": token(page), "email": "lee@example.org", "password": password},
    )
    typed = {"name": "Ysgol Gymraeg Glan-y-Môr", "partner_type": "school_or_college"}
    refused = client.post(
        f"/trusts/{trust_id}/partners", data={"csrf_token": "expired.token", **typed}
    )
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Ysgol Gymraeg Glan-y-Môr" in body
    with csrf_app.app_context():
        assert db.session.scalars(select(Partner.name)).all() == ["Council"]
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body))
    again = client.post(f"/trusts/{trust_id}/partners", data=kept)
    assert again.status_code == 302
    with csrf_app.app_context():
        assert "Ysgol Gymraeg Glan-y-Môr" in db.session.scalars(select(Partner.name)).all()
