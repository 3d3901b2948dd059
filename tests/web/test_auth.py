"""Signing in and out, invitations, redirects, sessions and security headers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Invitation, User, utcnow
from selfassess.services import invitations
from selfassess.services.accounts import actor_of
from selfassess.services.sessions import load_actor
from selfassess.web.security import safe_next


def test_wrong_password_and_unknown_user_get_the_same_answer(client, make_user):
    make_user("admin", email="ada@example.org")
    wrong = client.post("/sign-in", data={"email": "ada@example.org", "password": "nope"})
    unknown = client.post("/sign-in", data={"email": "who@example.org", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_session_cookie_carries_an_opaque_token_not_the_email(app, client, make_user, auth):
    user_id = make_user("admin", email="ada@example.org")
    auth.login(user_id)
    with client.session_transaction() as session:
        assert "ada@example.org" not in str(dict(session))
        token = session["_user_id"]
    with app.app_context():
        assert load_actor(token).user_id == user_id


def test_a_copied_session_stops_working_after_sign_out(app, make_user, auth, client):
    auth.login(make_user("admin"))
    copy = app.test_client()
    with client.session_transaction() as original, copy.session_transaction() as stolen:
        stolen.update(original)
    assert copy.get("/").status_code == 200
    assert "Trusts and rounds" in copy.get("/").get_data(as_text=True)
    auth.logout()
    assert "Trusts and rounds" not in copy.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/assess", "/assess"),
        ("https://evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("https:evil.example", "/"),
        ("javascript:alert(1)", "/"),
        (None, "/"),
    ],
)
def test_next_only_goes_to_local_paths(target, expected):
    assert safe_next(target, "/") == expected


def test_sign_in_redirects_to_a_safe_next(client, make_user, password):
    make_user("lead", email="ada@example.org")
    response = client.post(
        "/sign-in",
        data={
            "email": "ada@example.org",
            "password": password,
            "next": "https://evil.example/phish",
        },
    )
    assert response.headers["Location"] == "/"


def test_deactivated_people_cannot_sign_in(client, make_user, password):
    make_user("admin", email="ada@example.org", active=False)
    response = client.post("/sign-in", data={"email": "ada@example.org", "password": password})
    assert response.status_code == 200
    assert "Enter a correct email address" in response.get_data(as_text=True)


def invite(app, trust_id, partner_id=None, role="respondent"):
    with app.app_context():
        lead = db.session.scalars(select(User).where(User.role == "lead")).first()
        return invitations.invite(
            actor_of(lead), trust_id, role, "Rita", "Rita@Example.org", partner_id
        )


def test_invitation_link_is_one_time_and_signs_the_person_in(app, client, make_trust, make_user):
    trust_id = make_trust()
    make_user("lead", trust_id)
    token = invite(app, trust_id, partner_id=1)
    page = client.get(f"/invitations/{token}").get_data(as_text=True)
    assert "rita@example.org" in page
    short = client.post(
        f"/invitations/{token}", data={"name": "Rita", "password": "short", "confirm": "short"}
    )
    assert short.status_code == 400
    assert "12 characters or more" in short.get_data(as_text=True)
    done = client.post(
        f"/invitations/{token}",
        data={
            "name": "Rita R",
            "password": "a long enough password",
            "confirm": "a long enough password",
        },
    )
    assert done.status_code == 302
    assert "Your assessments" in client.get("/assess").get_data(as_text=True)
    client.post("/sign-out")
    assert client.get(f"/invitations/{token}").status_code == 404
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "rita@example.org")).one()
    assert (user.role, user.partner_id, user.name) == ("respondent", 1, "Rita R")
    assert not user.password_hash.startswith("pbkdf2:sha256:1000")  # the app's own default


@pytest.mark.parametrize("change", ["revoked_at", "expires_at"])
def test_withdrawn_and_expired_invitations_do_not_work(app, client, make_trust, make_user, change):
    trust_id = make_trust()
    make_user("lead", trust_id)
    token = invite(app, trust_id, 1)
    with app.app_context():
        invitation = db.session.scalars(select(Invitation)).one()
        setattr(invitation, change, utcnow() - dt.timedelta(seconds=1))
        db.session.commit()
    assert client.get(f"/invitations/{token}").status_code == 404
    response = client.post(
        f"/invitations/{token}",
        data={
            "name": "X",
            "password": "a long enough password",
            "confirm": "a long enough password",
        },
    )
    assert response.status_code == 404


def test_unknown_invitation_token_is_not_found(client):
    assert client.get("/invitations/not-a-token").status_code == 404


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)


def test_error_pages_have_no_traceback(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
