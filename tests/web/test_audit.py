"""The audit trail is kept in the database, readable by administrators (issue 9, part 4)."""

from __future__ import annotations

import json

from sqlalchemy import select
from web_helpers import add_person

from selfassess import create_app
from selfassess.extensions import db
from selfassess.models.audit import AuditEvent


def events(app) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.pk)).all()
        db.session.expunge_all()
        return list(rows)


def test_security_events_are_recorded_without_secrets(app, client, make_user, password):
    """ASVS V16.2.1, V16.3.1, V16.3.2: sign-ins, failures and denials are kept with who, when,
    where; a crafted e-mail cannot forge a row; no password is recorded."""
    make_user("lead", email="ada@example.org")
    client.post("/sign-in", data={"email": "ada@example.org\r\nevent=forged", "password": "x"})
    client.post("/sign-in", data={"email": "ada@example.org", "password": password})
    client.get("/assess")  # a lead is not a respondent: denied
    client.get("/rounds/999999/results")  # not found
    rows = events(app)
    assert [r.event for r in rows] == ["sign_in_failed", "sign_in", "denied", "not_found"]
    failed, signed, denied, missing = rows
    assert failed.user_email == "ada@example.org event=forged"
    assert signed.user_email == "ada@example.org"
    assert signed.role == "lead"
    assert denied.target == "/assess"
    assert denied.ip == "127.0.0.1"
    assert missing.target == "/rounds/999999/results"
    assert all(password not in (r.detail or "") + (r.user_email or "") for r in rows)


def test_audit_is_recorded_under_production_logging(tmp_path, questionnaire_dir, password, capfd):
    """ASVS V16.2.1: a denial is recorded, and logged to stderr, by an app configured as in
    production (the log level is the app's own, not lowered by the test)."""
    app = create_app(
        {
            "SECRET_KEY": "production-like",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite'}",
            "QUESTIONNAIRE_DIR": str(questionnaire_dir),
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
    add_person(app, password, "lee@example.org", "lead")
    client = app.test_client()
    client.post("/sign-in", data={"email": "lee@example.org", "password": password})
    assert client.get("/admin/audit").status_code == 403
    assert [r.event for r in events(app)] == ["sign_in", "denied"]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    err = capfd.readouterr().err
    assert "INFO [selfassess] audit event=denied" in err


def test_administrators_read_and_filter_the_trail(app, client, auth, make_user):
    """ASVS V16.3.1: administrators, and only they, read the trail, filtered and paginated."""
    admin = make_user("admin", email="ada@example.org")
    lead = make_user("lead", email="lee@example.org")
    auth.login(lead)
    assert client.get("/admin/audit").status_code == 403
    auth.logout()
    auth.login(admin)
    page = client.get("/admin/audit?event=denied").get_data(as_text=True)
    assert "lee@example.org" in page
    assert "ada@example.org" not in page.split("Events (page")[1]
    assert client.get("/admin/audit?since=2026-13-45").status_code == 400
    assert client.get("/admin/audit?page=99999999999999999999").status_code == 400


def test_audit_log_command_prints_json_lines(app, client, make_user, password, runner):
    """ASVS V16.3: operators read the trail from the command line."""
    make_user("lead", email="ada@example.org")
    client.post("/sign-in", data={"email": "ada@example.org", "password": password})
    result = runner.invoke(args=["audit-log", "--format", "json", "--event", "sign_in"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["event"] for r in rows] == ["sign_in"]
    assert {"at", "event", "user", "trust", "ip"} <= set(rows[0])
    assert rows[0]["user"] == "ada@example.org"
    bad = runner.invoke(args=["audit-log", "--since", "yesterday"])
    assert bad.exit_code != 0
    assert "Traceback" not in bad.output
