"""Helpers of the web tests: read hidden fields, sign in and open a page as a browser does."""

from __future__ import annotations

import re

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from selfassess.extensions import db
from selfassess.models import Answer, Round, User


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def field(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def sign_in(client, password):
    page = client.get("/sign-in").get_data(as_text=True)
    response = client.post(
        "/sign-in",
        data={"csrf_token": token(page), "email": "rita@example.org", "password": password},
    )
    assert response.status_code == 302


def open_first_page(client) -> tuple[str, str]:
    dashboard = client.get("/assess").get_data(as_text=True)
    with client.application.app_context():
        round_id = db.session.scalars(select(Round.pk)).one()
    start = client.post(f"/assess/rounds/{round_id}/start", data={"csrf_token": token(dashboard)})
    url = start.headers["Location"]
    return url, client.get(url).get_data(as_text=True)


def stored(app):
    with app.app_context():
        return {a.statement: a.value for a in db.session.scalars(select(Answer))}


def add_person(app, password, email, role, trust_id=None, partner_id=None):
    """A person of the given role, with a fast password hash (tests of apps the make_user
    builder is not bound to)."""
    with app.app_context():
        db.session.add(
            User(
                email=email,
                name=email.split("@")[0].title(),
                role=role,
                password_hash=generate_password_hash(password, "pbkdf2:sha256:1000"),
                trust_id=trust_id,
                partner_id=partner_id,
            )
        )
        db.session.commit()


def sign_in_carrying(client, password, body, email="rita@example.org"):
    """Sign in from the sign-in page that carries answers (``body``), as a browser would."""
    return client.post(
        "/sign-in",
        data={
            "csrf_token": token(body),
            "email": email,
            "password": password,
            "carried": field(body, "carried"),
        },
    )
