"""Helpers of the web tests: read hidden fields, sign in and open a page as a browser does."""

from __future__ import annotations

import re

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Answer, Round


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
