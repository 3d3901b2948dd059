"""The factory: configuration layers, database settings, migrations matching the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text

from selfassess import create_app
from selfassess.extensions import db


def make(tmp_path: Path, monkeypatch, config: str | None = None, **test_config):
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    if config is not None:
        (instance / "config.py").write_text(config, encoding="utf-8")
    monkeypatch.setattr("selfassess.Flask.auto_find_instance_path", lambda self: str(instance))
    return create_app(test_config or None)


def test_layers_apply_in_order(tmp_path, monkeypatch):
    monkeypatch.setenv("SELFASSESS_DATABASE_URL", "sqlite:///from-env.sqlite")
    app = make(
        tmp_path,
        monkeypatch,
        'SQLALCHEMY_DATABASE_URI = "sqlite:///from-file"\n'
        'SECRET_KEY = "from-file"\nMAX_CONTENT_LENGTH = 5\n',
    )
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///from-env.sqlite"  # env > file
    assert app.config["SECRET_KEY"] == "from-file"  # file > default
    assert app.config["MAX_CONTENT_LENGTH"] == 5
    tested = make(tmp_path, monkeypatch, TESTING=True, SECRET_KEY="from-test")
    assert tested.config["SECRET_KEY"] == "from-test"  # test > env


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SELFASSESS_DATABASE_URL", raising=False)
    app = make(tmp_path, monkeypatch)
    expected = tmp_path / "instance" / "selfassess.sqlite"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected}"


def test_without_a_configured_key_a_random_one_is_kept_in_the_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SELFASSESS_SECRET_KEY", raising=False)
    first = make(tmp_path, monkeypatch).config["SECRET_KEY"]
    second = make(tmp_path, monkeypatch).config["SECRET_KEY"]
    assert first == second
    assert len(first) == 64
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.sqlite_only("WAL, busy timeout and foreign keys are SQLite pragmas")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    with app.app_context():
        mode = db.session.execute(text("PRAGMA journal_mode")).scalar()
        timeout = db.session.execute(text("PRAGMA busy_timeout")).scalar()
        keys = db.session.execute(text("PRAGMA foreign_keys")).scalar()
    assert (mode, timeout, keys) == ("wal", 10000, 1)  # below the 30 s worker timeout


def test_migrations_build_exactly_the_models_schema(bare_app):
    with bare_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


def test_start_page_shows_no_trust_to_visitors(client, make_trust):
    make_trust("Ashvale")
    page = client.get("/").get_data(as_text=True)
    assert "Sign in" in page
    assert "Ashvale" not in page


def test_admin_start_page_lists_trusts_and_rounds_escaped(
    client, make_trust, make_round, make_user, auth
):
    make_round(make_trust("<b>Ashvale</b> & Co"), name="Baseline")
    auth.login(make_user("admin"))
    page = client.get("/").get_data(as_text=True)
    assert "&lt;b&gt;Ashvale&lt;/b&gt; &amp; Co" in page
    assert "Baseline</a> (mini, open" in page
