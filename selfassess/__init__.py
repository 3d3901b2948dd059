"""The application factory: configuration, extensions, blueprints and commands."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from selfassess import cli, database, jobs, logbook, web
from selfassess import models as models  # registers every table
from selfassess.config import load_config
from selfassess.extensions import csrf, db, limiter, login_manager, migrate
from selfassess.services import ratelimit_store as ratelimit_store  # registers selfassess+db://

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
    limiter.init_app(app)
    if app.config["PROXIES"]:
        # Trust exactly this many proxies' X-Forwarded-* headers, so that client addresses
        # (rate limits, audit) and https links are right and cannot be forged from outside.
        hops = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    jobs.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app
