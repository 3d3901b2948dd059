"""The engine on PostgreSQL, the later production database: migrations up and down, the worked
example from CSV to JSON, and saving a page. `make test` starts the cluster (scripts/pg_up.sh)
and sets SELFASSESS_TEST_DATABASE_URL; without it these tests fail rather than skip."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from sqlalchemy import inspect, text
from werkzeug.security import generate_password_hash

from selfassess import create_app
from selfassess.extensions import db
from selfassess.models import User
from selfassess.policy import SYSTEM
from selfassess.services import rounds, trusts

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.postgresql_only("the engine's own checks on PostgreSQL")


@pytest.fixture
def pg_app(questionnaire_dir):
    url = os.environ.get("SELFASSESS_TEST_DATABASE_URL")
    if not url:
        pytest.fail(
            "SELFASSESS_TEST_DATABASE_URL is not set: run the suite with `make test`, "
            "which starts a throwaway PostgreSQL (scripts/pg_up.sh)"
        )
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "QUESTIONNAIRE_DIR": str(questionnaire_dir),
        }
    )
    with app.app_context():
        db.session.execute(text("DROP SCHEMA public CASCADE"))
        db.session.execute(text("CREATE SCHEMA public"))
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_migrations_match_the_models_and_go_back_down(pg_app):
    with pg_app.app_context():
        with db.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
        downgrade(revision="base")
        assert inspect(db.engine).get_table_names() == ["alembic_version"]


def test_worked_example_from_csv_to_json(pg_app):
    runner = pg_app.test_cli_runner()
    for args in (
        ["create-trust", "Ashvale"],
        ["add-partner", "Ashvale", "Council", "--type", "local_authority"],
        ["add-partner", "Ashvale", "PCT", "--type", "primary_care_trust"],
        ["add-partner", "Ashvale", "Schools", "--type", "school_or_college"],
        ["add-partner", "Ashvale", "Police", "--type", "police"],
    ):
        assert runner.invoke(args=args).exit_code == 0
    opened = runner.invoke(
        args=[
            "open-round",
            "Ashvale",
            "--questionnaire",
            "mini",
            "--name",
            "Baseline",
            "--target",
            "i2=2",
            "--target",
            "i3=4",
        ]
    )
    round_id = opened.output.splitlines()[-1]
    imported = runner.invoke(args=["import-responses", round_id, str(DATA / "worked_example.csv")])
    assert imported.exit_code == 0, imported.output
    exported = json.loads(runner.invoke(args=["export-results", round_id]).output)
    del exported["round"], exported["questionnaire"], exported["generated_at"]
    assert exported == json.loads((DATA / "worked_example.json").read_text(encoding="utf-8"))


def test_saving_a_page_and_a_stale_save(pg_app, password):
    with pg_app.app_context():
        trust_id = trusts.create_trust("Ashvale")
        trusts.add_partner(str(trust_id), "Council", "local_authority")
        round_id = rounds.open_round(SYSTEM, str(trust_id), "mini", "Baseline")
        db.session.add(
            User(
                email="r@example.org",
                name="R",
                role="respondent",
                trust_id=trust_id,
                partner_id=1,
                password_hash=generate_password_hash(password, "pbkdf2:sha256:1000"),
            )
        )
        db.session.commit()
    client = pg_app.test_client()
    assert (
        client.post("/sign-in", data={"email": "r@example.org", "password": password}).status_code
        == 302
    )
    url = client.post(f"/assess/rounds/{round_id}/start").headers["Location"]
    page = client.get(url).get_data(as_text=True)
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    note = "Evidence with a NUL\x00 and שלום"
    assert (
        client.post(url, data={"revision": revision, "answer-q1": "3", "note-i1": note}).status_code
        == 302
    )
    stale = client.post(url, data={"revision": revision, "answer-q1": "1"})
    assert stale.status_code == 409
    assert "Evidence with a NUL and שלום" in client.get(url).get_data(as_text=True)
