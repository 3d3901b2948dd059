"""A lead's form with an expired form token comes back with what was typed (issue 9, 3)."""

from __future__ import annotations

import re

from sqlalchemy import select
from web_helpers import add_person

from selfassess.extensions import db
from selfassess.models import Partner, Trust


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def proof(page: str) -> str:
    return re.search(r'name="form_proof" value="([^"]+)"', page).group(1)


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
    form = client.get(f"/trusts/{trust_id}/partners").get_data(as_text=True)
    typed = {
        "name": "Ysgol Gymraeg Glan-y-Môr",
        "partner_type": "school_or_college",
        "form_proof": proof(form),
    }
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


def _lead(csrf_app, password):
    with csrf_app.app_context():
        trust_id = db.session.scalars(select(Trust.pk)).one()
    add_person(csrf_app, password, "lee@example.org", "lead", trust_id)
    client = csrf_app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    client.post(
        "/sign-in",
        data={"csrf_token": token(page), "email": "lee@example.org", "password": password},
    )
    return client, trust_id


def test_a_lead_form_posted_after_the_session_ended_is_carried_through_sign_in(csrf_app, password):
    """Issue 18 part 2: the one keeper of typed input serves an expired session too: what
    the lead typed is carried, signed, through sign-in and shown back to send again."""
    client, trust_id = _lead(csrf_app, password)
    form = client.get(f"/trusts/{trust_id}/partners").get_data(as_text=True)
    client.delete_cookie("session")
    posted = client.post(
        f"/trusts/{trust_id}/partners",
        data={
            "csrf_token": token(form),
            "form_proof": proof(form),
            "name": "Ysgol Gymraeg Glan-y-Môr",
            "partner_type": "school_or_college",
        },
    )
    body = posted.get_data(as_text=True)
    assert posted.status_code == 401
    assert "Your session ended before your form was sent" in body
    carried = re.search(r'name="carried" value="([^"]+)"', body).group(1)
    signed = client.post(
        "/sign-in",
        data={
            "csrf_token": token(body),
            "email": "lee@example.org",
            "password": password,
            "carried": carried,
        },
    )
    page = signed.get_data(as_text=True)
    assert signed.status_code == 400
    assert "Ysgol Gymraeg Glan-y-Môr" in page
    assert f'action="/trusts/{trust_id}/partners"' in page
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    again = client.post(f"/trusts/{trust_id}/partners", data=kept)
    assert again.status_code == 302, again.get_data(as_text=True)[:3000]
    with csrf_app.app_context():
        assert "Ysgol Gymraeg Glan-y-Môr" in db.session.scalars(select(Partner.name)).all()


def test_a_form_without_its_proof_is_never_shown_back(csrf_app, password):
    """ASVS V3.5.1: a cross-site post (no form proof of the signed-in person) with an
    invalid token is refused without showing or storing its text."""
    client, trust_id = _lead(csrf_app, password)
    refused = client.post(
        f"/trusts/{trust_id}/partners",
        data={"csrf_token": "x", "name": "Planted by another site", "partner_type": "other"},
    )
    assert refused.status_code == 400
    assert "Planted by another site" not in refused.get_data(as_text=True)
