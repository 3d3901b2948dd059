"""Administrators: trusts, invitations for leads and advisors, advisor assignments."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Invitation, Trust, User


@pytest.fixture
def admin(make_user, auth):
    auth.login(make_user("admin"))


def test_admin_creates_a_trust(app, client, admin):
    assert (
        client.post(
            "/admin/trusts", data={"trust_name": "Brackmoor", "region": "North West"}
        ).status_code
        == 302
    )
    with app.app_context():
        trust = db.session.scalars(select(Trust)).one()
    assert (trust.name, trust.region) == ("Brackmoor", "North West")
    again = client.post("/admin/trusts", data={"trust_name": "Brackmoor"})
    assert again.status_code == 400


def test_admin_invites_a_lead_for_a_trust_and_an_advisor(app, client, admin, make_trust):
    trust_id = make_trust()
    lead = client.post(
        "/admin/invitations",
        data={"name": "Lou", "email": "lou@example.org", "role": "lead", "trust_id": str(trust_id)},
    )
    assert re.search(r"/invitations/[\w-]+", lead.get_data(as_text=True))
    adviser = client.post(
        "/admin/invitations",
        data={"name": "Ann", "email": "ann@example.org", "role": "advisor", "all": "1"},
    )
    assert adviser.status_code == 200
    with app.app_context():
        rows = {
            i.email: (i.role, i.trust_id, i.all_trusts)
            for i in db.session.scalars(select(Invitation))
        }
    assert rows == {
        "lou@example.org": ("lead", trust_id, False),
        "ann@example.org": ("advisor", None, True),
    }


def test_admin_assigns_trusts_to_an_advisor(app, client, admin, make_trust, make_user):
    make_trust("One")
    second = make_trust("Two")
    advisor = make_user("advisor")
    client.post(f"/admin/advisors/{advisor}", data={"trust": [str(second)]})
    with app.app_context():
        user = db.session.get(User, advisor)
        assert [t.pk for t in user.advised_trusts] == [second]
        assert not user.all_trusts


@pytest.mark.parametrize("role", ["lead", "board", "respondent", "advisor"])
def test_only_administrators_reach_administration(client, make_user, make_trust, auth, role):
    trust_id = make_trust()
    auth.login(make_user(role, trust_id if role != "advisor" else None))
    assert client.get("/admin/").status_code == 403
    assert client.post("/admin/trusts", data={"trust_name": "X"}).status_code == 403
