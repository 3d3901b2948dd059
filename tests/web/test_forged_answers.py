"""A cross-site form cannot plant answers through the recovery paths (issue 9, part 1)."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select
from web_helpers import field, open_first_page, sign_in, sign_in_carrying, stored, token

from selfassess.extensions import db
from selfassess.models import Answer, Response, User
from selfassess.web.proof import issue_proof
from selfassess.web.stash import CARRIED_SALT


@pytest.fixture
def rita_saved(csrf_app, password):
    """Rita has saved 4 and a note on page 1; returns (client, page url, page html)."""
    client = csrf_app.test_client()
    sign_in(client, password)
    url, page = open_first_page(client)
    saved = client.post(
        url,
        data={
            "csrf_token": token(page),
            "revision": field(page, "revision"),
            "answer-q1": "4",
            "answer-q2": "4",
            "note-i1": "Our evidence",
            "action": "draft",
        },
    )
    assert saved.status_code == 302
    return client, url, client.get(url).get_data(as_text=True)


def attack(client, url):
    """What the other site's auto-submitted form sends: no cookie, no token, no proof."""
    client.delete_cookie("session")
    return client.post(
        url, data={"revision": "2", "answer-q1": "1", "answer-q2": "1", "note-i1": ""}
    )


def test_cross_site_post_without_cookie_or_token_stores_nothing(csrf_app, password, rita_saved):
    """ASVS V3.5.1: a cross-site request cannot change answers, even after the victim signs in."""
    client, url, _ = rita_saved
    response = attack(client, url)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "carried" not in body
    assert 'value="1"' not in body
    sign_in(client, password)
    assert stored(csrf_app) == {"q1": "4", "q2": "4"}
    assert "Our evidence" in client.get(url).get_data(as_text=True)


def test_forged_post_with_a_stale_revision_does_not_show_the_forged_answers(csrf_app, rita_saved):
    """ASVS V3.5.1: the 409 page never offers an unproven post's answers for saving."""
    client, url, page = rita_saved
    forged = client.post(url, data={"revision": "0", "answer-q1": "1", "note-i1": "forged"})
    assert forged.status_code == 400
    assert "forged" not in forged.get_data(as_text=True)
    assert stored(csrf_app) == {"q1": "4", "q2": "4"}


def test_expired_session_with_its_own_page_proof_still_saves(csrf_app, password, rita_saved):
    """ASVS V3.5.1: the genuine person's page (with its proof) loses nothing through sign-in."""
    client, url, page = rita_saved
    client.delete_cookie("session")
    later = time.time() + 11 * 3600
    with mock.patch("itsdangerous.timed.time.time", return_value=later):
        body = client.post(
            url,
            data={
                "revision": field(page, "revision"),
                "proof": field(page, "proof"),
                "answer-q1": "3",
                "note-i1": "Typed before lunch",
            },
        ).get_data(as_text=True)
        assert "Your session ended before your answers were saved" in body
        signed = sign_in_carrying(client, password, body)
    assert signed.status_code == 302
    assert stored(csrf_app)["q1"] == "3"


def test_page_proof_expires_after_twelve_hours(csrf_app, rita_saved):
    """ASVS V3.5.1: a proof is bounded in time."""
    client, url, page = rita_saved
    client.delete_cookie("session")
    later = time.time() + 13 * 3600
    with mock.patch("itsdangerous.timed.time.time", return_value=later):
        response = client.post(url, data={"proof": field(page, "proof"), "answer-q1": "1"})
    assert response.status_code == 400


def test_a_proof_for_one_person_is_refused_for_another(csrf_app, password, rita_saved):
    """ASVS V3.5.1: carried answers are saved only for the person the page proof was issued to
    (here a proof issued to someone else, on Rita's response, carried into Rita's sign-in)."""
    client, url, page = rita_saved
    with csrf_app.test_request_context():
        rita = db.session.scalars(select(User).where(User.email == "rita@example.org")).one()
        response_id = db.session.scalars(select(Response.pk)).one()
        carried = URLSafeTimedSerializer(csrf_app.secret_key, salt=CARRIED_SALT).dumps(
            {
                "response_id": response_id,
                "number": 1,
                "form": {"proof": issue_proof(rita.pk + 1, response_id), "answer-q1": "1"},
            }
        )
    client.delete_cookie("session")
    sign_in_page = client.get("/sign-in").get_data(as_text=True)
    signed = client.post(
        "/sign-in",
        data={
            "csrf_token": token(sign_in_page),
            "email": "rita@example.org",
            "password": password,
            "carried": carried,
        },
    )
    assert signed.status_code == 302
    assert stored(csrf_app) == {"q1": "4", "q2": "4"}


def test_a_proof_for_one_response_is_refused_for_another(csrf_app, password, rita_saved):
    """ASVS V3.5.1: a proof is bound to the response it was issued for."""
    client, url, page = rita_saved
    with csrf_app.app_context():
        response_id = db.session.scalars(select(Response.pk)).one()
    other = re.sub(r"/responses/\d+/", f"/responses/{response_id + 1}/", url)
    client.delete_cookie("session")
    response = client.post(other, data={"proof": field(page, "proof"), "answer-q1": "1"})
    assert response.status_code == 400
    with csrf_app.app_context():
        assert db.session.scalars(select(Answer.value)).all() == ["4", "4"]
