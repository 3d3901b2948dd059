"""GET /healthz: up when the database answers, 503 when it does not (issue 10)."""

from __future__ import annotations

from selfassess import create_app
from selfassess.extensions import db


def test_healthz_answers_ok_without_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
    assert response.get_json()["database"] == "ok"
    assert "Set-Cookie" not in response.headers


def test_healthz_is_503_when_the_database_is_gone(questionnaire_dir):
    app = create_app(
        {
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent/dir/db.sqlite",
            "QUEUE_URL": "immediate:",
            "QUESTIONNAIRE_DIR": str(questionnaire_dir),
        }
    )
    response = app.test_client().get("/healthz")
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
