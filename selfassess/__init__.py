"""The application factory: configuration, extensions, blueprints and commands."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from selfassess import audit_model as audit_model  # registers the audit table
from selfassess import cli, database, logbook, web
from selfassess import models as models  # registers the tables
from selfassess.config import load_config
from selfassess.extensions import csrf, db, login_manager, migrate

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build an app; ``test_config`` overrides every other configuration layer."""
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, test_config)
    logbook.init_app(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app
