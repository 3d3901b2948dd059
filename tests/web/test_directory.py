"""The administrators' directory: people and open invitations across trusts, filtered and
paginated; withdrawing invitations; deactivating after a confirmation."""

from __future__ import annotations

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Invitation, User
from selfassess.models.audit import AuditEvent
from selfassess.services import directory, invitations
from selfassess.services.accounts import actor_of


def two_trusts(app, make_trust, make_user):
    north, south = make_trust("Northvale"), make_trust("Southvale")
    lead = make_user("lead", north, name="Nora North")
    make_user("respondent", south, partner="Council", name="Sam South")
    with app.app_context():
        invitations.invite(
            actor_of(db.session.get(User, lead)), north, "board", "Bea Board", "bea@example.org"
        )
    return north, south, lead


def test_administrators_list_people_and_invitations_across_trusts(
    app, client, auth, make_trust, make_user
):
    north, south, _ = two_trusts(app, make_trust, make_user)
    auth.login(make_user("admin", name="Ada Admin"))
    everyone = client.get("/directory").get_data(as_text=True)
    assert "Nora North" in everyone
    assert "Sam South" in everyone
    assert "Northvale" in everyone
    assert "Southvale" in everyone
    only_south = client.get(f"/directory?trust={south}").get_data(as_text=True)
    assert "Sam South" in only_south
    assert "Nora North" not in only_south
    leads = client.get("/directory?role=lead").get_data(as_text=True)
    assert "Nora North" in leads
    assert "Sam South" not in leads
    invited = client.get(f"/directory?show=invitations&trust={north}").get_data(as_text=True)
    assert "Bea Board" in invited
    assert client.get("/directory?trust=nonsense").status_code == 400


def test_the_directory_is_paginated(app, client, auth, make_trust, make_user):
    trust_id = make_trust()
    for number in range(directory.PAGE_SIZE + 3):
        make_user("board", trust_id, name=f"Person {number:02d}")
    auth.login(make_user("admin", name="Ada Admin"))
    first = client.get(f"/directory?trust={trust_id}").get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert "Person 00" in first
    assert "Person 27" not in first
    assert f"/directory?page=2&amp;show=people&amp;trust={trust_id}" in first
    second = client.get(f"/directory?trust={trust_id}&page=2").get_data(as_text=True)
    assert "Person 27" in second
    assert "Person 00" not in second


def test_withdrawing_an_invitation(app, client, auth, make_trust, make_user):
    two_trusts(app, make_trust, make_user)
    auth.login(make_user("admin", name="Ada Admin"))
    with app.app_context():
        invitation_id = db.session.scalars(select(Invitation.pk)).one()
    done = client.post(f"/directory/invitations/{invitation_id}/withdraw")
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).revoked_at is not None
        events = db.session.scalars(select(AuditEvent.event)).all()
    assert "invitation_withdrawn" in events
    assert "Bea Board" not in client.get("/directory?show=invitations").get_data(as_text=True)


def test_administrators_deactivate_anyone_after_confirming(app, client, auth, make_user):
    advisor = make_user("advisor", name="Avi Advisor")
    auth.login(make_user("admin", name="Ada Admin"))
    page = client.get(f"/people/{advisor}/deactivate?back=directory").get_data(as_text=True)
    assert "Deactivate Avi Advisor?" in page
    with app.app_context():
        assert db.session.get(User, advisor).active
    done = client.post(f"/people/{advisor}/deactivate", data={"back": "directory"})
    assert done.headers["Location"].endswith("/directory")
    with app.app_context():
        assert not db.session.get(User, advisor).active


def test_leads_cannot_use_the_directory(app, client, auth, make_trust, make_user):
    _, _, lead = two_trusts(app, make_trust, make_user)
    auth.login(lead)
    assert client.get("/directory").status_code == 403
    with app.app_context():
        invitation_id = db.session.scalars(select(Invitation.pk)).one()
    assert client.post(f"/directory/invitations/{invitation_id}/withdraw").status_code == 403
    advisor = make_user("advisor")
    assert client.get(f"/people/{advisor}/deactivate").status_code == 404
