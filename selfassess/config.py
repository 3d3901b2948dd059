"""Configuration: defaults, then instance/config.py, then SELFASSESS_* environment, then tests.

With no SECRET_KEY from any layer, a random one is made once and kept in the instance folder.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = {
    "SELFASSESS_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SELFASSESS_SECRET_KEY": "SECRET_KEY",
    "SELFASSESS_QUESTIONNAIRE_DIR": "QUESTIONNAIRE_DIR",
    "SELFASSESS_LOG_LEVEL": "LOG_LEVEL",
    "SELFASSESS_BASE_URL": "BASE_URL",
}


def defaults(app: Flask) -> dict[str, Any]:
    """Settings that hold unless something later overrides them."""
    database = Path(app.instance_path) / "selfassess.sqlite"
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        # Bound parameters carry answers and evidence notes; keep them out of error logs.
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
        "LOG_LEVEL": "INFO",
        # Where people reach the service; links in invitations and e-mails start with it.
        "BASE_URL": "http://127.0.0.1:5000",
        # Below gunicorn's 30 s worker timeout, so a busy database answers 503, not a dropped
        # connection (the 503 page keeps what the person typed).
        "SQLITE_BUSY_TIMEOUT_MS": 10_000,
        "QUESTIONNAIRE_DIR": str(PROJECT_ROOT / "questionnaires"),
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        # A long questionnaire must survive a long pause: the token lives as long as the session.
        "WTF_CSRF_TIME_LIMIT": None,
    }


def load_config(app: Flask, test_config: Mapping[str, Any] | None = None) -> None:
    """Apply each configuration layer in order; later layers win."""
    app.config.from_mapping(defaults(app))
    app.config.from_pyfile("config.py", silent=True)
    for variable, key in ENVIRONMENT.items():
        value = os.environ.get(variable)
        if value:
            app.config[key] = value
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder, made on first use, so that no install
    ever runs with a known key and sessions survive a restart."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()
