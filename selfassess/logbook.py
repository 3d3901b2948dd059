"""Logging for the served app: level and format from configuration, lines to stderr.

Under gunicorn, stderr is the error log; under systemd, the journal. Audit events are also
kept in the database (services/audit.py): the log is for operators, the table for audits.
"""

from __future__ import annotations

import logging

from flask import Flask
from flask.logging import default_handler

FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"


def init_app(app: Flask) -> None:
    """Set the app logger's level (LOG_LEVEL, default INFO) and a one-line format."""
    default_handler.setFormatter(logging.Formatter(FORMAT))
    # Attached explicitly: Flask adds it only when no handler exists anywhere up the tree,
    # and a handler on the root logger (a test runner's, a library's) would silence us.
    if default_handler not in app.logger.handlers:
        app.logger.addHandler(default_handler)
    app.logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
