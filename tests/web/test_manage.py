"""A trust lead's screens: partners, invitations, rounds, targets, status, reopening."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Invitation, Partner, Response, Round, Target, User
from selfassess.web.links import external_url


@pytest.fixture
def lead(make_trust, make_user, auth):
    trust_id = make_trust()
    auth.login(make_user("lead", trust_id))
    return trust_id


def test_trust_page_shows_rounds_partners_and_links(client, lead, make_round):
    make_round(lead, name="Baseline 2009")
    page = client.get(f"/trusts/{lead}").get_data(as_text=True)
    assert "Baseline 2009" in page
    assert "Partners (4)" in page


def test_add_and_rename_partner(app, client, lead):
    added = client.post(
        f"/trusts/{lead}/partners", data={"name": "Ashvale YOS", "partner_type": "youth_justice"}
    )
    assert added.status_code == 302
    duplicate = client.post(
        f"/trusts/{lead}/partners", data={"name": "Council", "partner_type": "other"}
    )
    assert duplicate.status_code == 400
    assert "already has a partner named" in duplicate.get_data(as_text=True)
    with app.app_context():
        partner_id = db.session.scalars(
            select(Partner.pk).where(Partner.name == "Ashvale YOS")
        ).one()
    client.post(
        f"/partners/{partner_id}/rename", data={"name": "Ashvale Youth Justice", "trust_id": lead}
    )
    assert "Ashvale Youth Justice" in client.get(f"/trusts/{lead}/partners").get_data(as_text=True)


def test_removing_a_partner_with_answers_asks_first_and_keeps_them(
    app, client, worked_round, make_user, auth
):
    with app.app_context():
        trust_id = db.session.get(Round, worked_round).trust_id
        partner_id = db.session.scalars(select(Partner.pk).where(Partner.name == "Schools")).one()
    auth.login(make_user("lead", trust_id))
    confirm = client.get(f"/partners/{partner_id}/remove").get_data(as_text=True)
    assert "Schools has 3 submitted responses" in confirm
    client.post(f"/partners/{partner_id}/remove")
    with app.app_context():
        partner = db.session.get(Partner, partner_id)
        kept = db.session.scalars(select(Response).where(Response.partner_id == partner_id)).all()
    assert partner.removed_at is not None
    assert len(kept) == 3


def test_invite_shows_the_link_once_and_lists_the_invitation(app, client, lead):
    created = client.post(
        f"/trusts/{lead}/people",
        data={"name": "Rita", "email": "rita@example.org", "role": "respondent", "partner_id": "1"},
    )
    body = created.get_data(as_text=True)
    assert created.status_code == 200
    link = re.search(r'value="(https://selfassess.example.org/invitations/[^"]+)"', body).group(1)
    people = client.get(f"/trusts/{lead}/people").get_data(as_text=True)
    assert "rita@example.org" in people
    assert "Pending" in people
    assert link.rsplit("/", 1)[1] not in people
    with app.app_context():
        invitation = db.session.scalars(select(Invitation)).one()
    assert link.rsplit("/", 1)[1] != invitation.token_hash
    client.post(f"/invitations/{invitation.pk}/revoke", data={"trust_id": lead})
    assert "Revoked" in client.get(f"/trusts/{lead}/people").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "a@example.org", "role": "board"}, "Name must not be empty"),
        ({"name": "A", "email": "not-an-email", "role": "board"}, "correct format"),
        ({"name": "A", "email": "a@example.org", "role": "respondent"}, "Choose the partner"),
    ],
)
def test_invitation_errors(client, lead, data, message):
    response = client.post(f"/trusts/{lead}/people", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_lead_cannot_invite_an_advisor(client, lead):
    response = client.post(
        f"/trusts/{lead}/people", data={"name": "A", "role": "advisor", "email": "adv@example.org"}
    )
    assert response.status_code == 403


def test_open_round_then_targets_then_close_and_reopen(app, client, lead):
    opened = client.post(
        f"/trusts/{lead}/rounds/new",
        data={"questionnaire": "mini", "name": "Baseline", "closes_on": "2030-03-31"},
    )
    assert opened.status_code == 302
    targets_url = opened.headers["Location"]
    assert "Item two" in client.get(targets_url).get_data(as_text=True)
    client.post(targets_url, data={"target-i1": "3", "target-i2": "4", "target-i3": "2"})
    with app.app_context():
        round_ = db.session.scalars(select(Round)).one()
        stored = {t.item: t.level for t in db.session.scalars(select(Target))}
    assert stored == {"i2": 4, "i3": 2}
    asked = client.post(f"/rounds/{round_.pk}/state", data={"open": "0"})
    assert asked.headers["Location"].endswith(f"/rounds/{round_.pk}/close")
    assert "Close Baseline now?" in client.get(f"/rounds/{round_.pk}/close").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Round, round_.pk).status == "open"
    client.post(f"/rounds/{round_.pk}/close")
    with app.app_context():
        assert db.session.get(Round, round_.pk).status == "closed"
    client.post(f"/rounds/{round_.pk}/state", data={"open": "1"})
    with app.app_context():
        assert db.session.get(Round, round_.pk).status == "open"


def test_open_round_with_a_bad_date_keeps_the_form(client, lead):
    response = client.post(
        f"/trusts/{lead}/rounds/new",
        data={"questionnaire": "mini", "name": "Baseline", "closes_on": "31/03/2030"},
    )
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_data(as_text=True)
    assert 'value="Baseline"' in response.get_data(as_text=True)


def test_status_page_counts_and_reopening_a_response(app, client, worked_round, make_user, auth):
    with app.app_context():
        trust_id = db.session.get(Round, worked_round).trust_id
    make_user("respondent", trust_id, partner="Police", name="Pat Police")
    auth.login(make_user("lead", trust_id))
    page = client.get(f"/rounds/{worked_round}/status").get_data(as_text=True)
    assert "Pat Police: not started" in page
    assert page.count("Reopen<span") == 6
    with app.app_context():
        response_id = db.session.scalars(
            select(Response.pk).where(Response.respondent == "b1")
        ).one()
    confirm = client.get(f"/responses/{response_id}/reopen").get_data(as_text=True)
    assert "Reopen the response of b1?" in confirm
    refused = client.post(f"/responses/{response_id}/reopen", data={"reason": "  "})
    assert refused.status_code == 400
    assert "Give the respondent a reason" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Response, response_id).status == "submitted"
    client.post(f"/responses/{response_id}/reopen", data={"reason": "Check item two, please"})
    with app.app_context():
        response = db.session.get(Response, response_id)
        assert response.status == "draft"
        assert response.reopen_reason == "Check item two, please"


def test_deactivating_someone_ends_their_sessions(app, client, lead, make_user):
    other = make_user("board", lead)
    with app.app_context():
        token = db.session.get(User, other).session_token
    asked = client.post(f"/people/{other}/active", data={"active": "0", "trust_id": lead})
    assert asked.headers["Location"].endswith(f"/people/{other}/deactivate")
    confirm = client.get(f"/people/{other}/deactivate").get_data(as_text=True)
    assert "They are signed out everywhere" in confirm
    with app.app_context():
        assert db.session.get(User, other).active
    client.post(f"/people/{other}/deactivate")
    with app.app_context():
        user = db.session.get(User, other)
    assert not user.active
    assert user.session_token != token


def test_a_configured_sender_gets_the_invitation_link(app, client, lead):
    sent = []
    app.config["INVITATION_SENDER"] = lambda email, name, link: sent.append((email, name, link))
    page = client.post(
        f"/trusts/{lead}/people",
        data={"name": "Rita", "email": "Rita@Example.org", "role": "board"},
    ).get_data(as_text=True)
    assert "The link has been sent to" in page
    assert sent[0][:2] == ("rita@example.org", "Rita")
    assert sent[0][2].startswith("https://selfassess.example.org/invitations/")


def test_invitation_links_ignore_the_host_header(app):
    """ASVS V3.5 (host header injection): links come from SELFASSESS_BASE_URL, never Host."""
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        link = external_url("auth.accept", token="abc")
    assert link == "https://selfassess.example.org/invitations/abc"
