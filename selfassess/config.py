"""Configuration: defaults, then instance/config.py, then SELFASSESS_* environment, then tests.

With no SECRET_KEY from any layer, a random one is made once and kept in the instance folder.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
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
    "SELFASSESS_MAIL_SERVER": "MAIL_SERVER",
    "SELFASSESS_MAIL_PORT": "MAIL_PORT",
    "SELFASSESS_MAIL_USE_TLS": "MAIL_USE_TLS",
    "SELFASSESS_MAIL_USERNAME": "MAIL_USERNAME",
    "SELFASSESS_MAIL_PASSWORD": "MAIL_PASSWORD",
    "SELFASSESS_MAIL_SENDER": "MAIL_SENDER",
    "SELFASSESS_SESSION_IDLE_MINUTES": "SESSION_IDLE_MINUTES",
    "SELFASSESS_SESSION_MAX_HOURS": "SESSION_MAX_HOURS",
    "SELFASSESS_HTTPS": "HTTPS",
    "SELFASSESS_PROXIES": "PROXIES",
    "SELFASSESS_RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "SELFASSESS_SSO_PROVIDERS": "SSO_PROVIDERS",
    "SELFASSESS_RETENTION_ANSWERS_MONTHS": "RETENTION_ANSWERS_MONTHS",
    "SELFASSESS_RETENTION_SIGN_IN_MONTHS": "RETENTION_SIGN_IN_MONTHS",
    "SELFASSESS_RETENTION_AUDIT_MONTHS": "RETENTION_AUDIT_MONTHS",
    "SELFASSESS_QUEUE_URL": "QUEUE_URL",
    "SELFASSESS_QUEUE_STUCK_SECONDS": "QUEUE_STUCK_SECONDS",
    "SELFASSESS_FILE_STORE": "FILE_STORE",
    "SELFASSESS_S3_ENDPOINT_URL": "S3_ENDPOINT_URL",
}


# Retention, mail, the job queue and stored files: fixed defaults, independent of the app.
DATA_AND_JOBS: dict[str, Any] = {
    # How long personal data is kept (UK GDPR Art. 5(1)(e); docs/data-protection.md):
    # respondents' answers and notes after their round closes (then anonymised, so the
    # figures stay), and sign-in sessions and audit records after they were written.
    "RETENTION_ANSWERS_MONTHS": 24,
    "RETENTION_SIGN_IN_MONTHS": 24,
    "RETENTION_AUDIT_MONTHS": 24,
    "MAIL_SENDER": "selfassess <selfassess@localhost>",
    # The job queue (selfassess/jobs/queue.py): unset = a SQLite file in the instance
    # folder; redis://HOST:PORT/DB when several servers share one queue.
    "QUEUE_URL": None,
    # /healthz answers 503 when the oldest job ready to run has waited longer than this.
    "QUEUE_STUCK_SECONDS": 600,
    # Reminders of rounds closing in 7 or 2 days go out from this UK hour on.
    "REMINDER_HOUR": 8,
    # Stored board PDFs: unset = the instance folder; s3://BUCKET/PREFIX for S3-compatible
    # storage (S3_ENDPOINT_URL for a non-AWS endpoint; credentials as boto3 reads them).
    "FILE_STORE": None,
    "S3_ENDPOINT_URL": None,
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
        "SESSION_IDLE_MINUTES": 60,
        "SESSION_MAX_HOURS": 12,
        "HTTPS": False,
        "PROXIES": 0,
        # Counters in the app's database, shared by every worker and server using it
        # (services/ratelimit_store.py); redis://host:port for a Redis store instead.
        "RATELIMIT_STORAGE_URI": "selfassess+db://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed sign-ins per client address (known browsers are exempt: services/throttle.py).
        # Generous: 200 staff behind one office NAT sign in on a Monday morning, typos and
        # all; guessing one account is slowed by the per-account throttle instead.
        "RATELIMIT_SIGN_IN": "30 per minute;300 per hour",
        "RATELIMIT_RESET": "5 per 15 minutes;20 per day",
        **DATA_AND_JOBS,
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
    _derived(app)


def flag(value: object) -> bool:
    """A yes/no setting that may arrive as text from the environment ("0" and "" are no)."""
    return str(value).strip().lower() not in ("", "0", "false", "no", "off", "none")


def _derived(app: Flask) -> None:
    """Settings that follow from others: numbers from text, and what HTTPS implies."""
    config = app.config
    config["SESSION_IDLE_MINUTES"] = int(config["SESSION_IDLE_MINUTES"])
    config["SESSION_MAX_HOURS"] = int(config["SESSION_MAX_HOURS"])
    config["PROXIES"] = int(config["PROXIES"])
    for months in (
        "RETENTION_ANSWERS_MONTHS",
        "RETENTION_SIGN_IN_MONTHS",
        "RETENTION_AUDIT_MONTHS",
    ):
        config[months] = int(config[months])
    config["QUEUE_STUCK_SECONDS"] = int(config["QUEUE_STUCK_SECONDS"])
    config["HTTPS"] = flag(config["HTTPS"])
    # Identity providers (docs/accounts.md): a JSON list from the environment, or a list.
    providers = config.get("SSO_PROVIDERS") or []
    config["SSO_PROVIDERS"] = json.loads(providers) if isinstance(providers, str) else providers
    # The signed cookie itself need not outlive the server-side session it points at.
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=config["SESSION_MAX_HOURS"])
    if config["HTTPS"]:
        # __Host- makes the browser refuse the cookie unless Secure, Path=/ and no Domain,
        # so a sibling subdomain cannot plant or overwrite it (ASVS V3.3.1).
        config.update(
            SESSION_COOKIE_SECURE=True,
            SESSION_COOKIE_NAME="__Host-session",
            SESSION_COOKIE_PATH="/",
            SESSION_COOKIE_DOMAIN=None,
            PREFERRED_URL_SCHEME="https",
        )


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder, made on first use, so that no install
    ever runs with a known key and sessions survive a restart."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()
