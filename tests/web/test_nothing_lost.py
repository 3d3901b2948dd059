"""Nothing typed is lost: expired form tokens and expired sessions bring the answers back."""

from __future__ import annotations

import time
from unittest import mock

from web_helpers import field, open_first_page, sign_in, sign_in_carrying, stored, token


def test_expired_form_token_brings_the_page_back_with_the_answers(csrf_app, password):
    client = csrf_app.test_client()
    sign_in(client, password)
    url, page = open_first_page(client)
    posted = {
        "csrf_token": token(page),
        "revision": field(page, "revision"),
        "proof": field(page, "proof"),
        "answer-q1": "3",
        "answer-q2": "dk",
        "note-i1": "Typed over a long lunch",
    }
    later = time.time() + 8 * 3600
    with mock.patch("itsdangerous.timed.time.time", return_value=later):
        response = client.post(url, data=posted)
        body = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "your answers were not saved yet" in body
        assert 'value="3" checked' in body
        assert 'value="dk" checked' in body
        assert "Typed over a long lunch" in body
        assert stored(csrf_app) == {}
        again = client.post(url, data={**posted, "csrf_token": token(body)})
    assert again.status_code == 302
    assert stored(csrf_app) == {"q1": "3", "q2": "dk"}


def test_expired_session_carries_the_answers_through_sign_in(csrf_app, password):
    client = csrf_app.test_client()
    sign_in(client, password)
    url, page = open_first_page(client)
    client.delete_cookie("session")  # the session ended (timeout, restart, new browser)
    response = client.post(
        url,
        data={
            "csrf_token": token(page),
            "revision": field(page, "revision"),
            "proof": field(page, "proof"),
            "answer-q1": "4",
            "note-i1": "Carried over",
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Your session ended before your answers were saved" in body
    assert stored(csrf_app) == {}
    signed = sign_in_carrying(client, password, body)
    assert signed.status_code == 302
    assert stored(csrf_app) == {"q1": "4"}
    back = client.get(signed.headers["Location"]).get_data(as_text=True)
    assert "Carried over" in back


def test_carried_answers_cannot_be_forged(csrf_app, password):
    client = csrf_app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    response = client.post(
        "/sign-in",
        data={
            "csrf_token": token(page),
            "email": "rita@example.org",
            "password": password,
            "carried": "forged.value.here",
        },
    )
    assert response.status_code == 302
    assert stored(csrf_app) == {}


def test_post_without_a_token_on_other_forms_is_refused(csrf_app):
    response = csrf_app.test_client().post("/sign-in", data={"email": "x", "password": "y"})
    assert response.status_code == 400
