"""Web blueprints, registered on the app by :func:`init_app`."""

from __future__ import annotations

from flask import Flask

from selfassess.web import home


def init_app(app: Flask) -> None:
    """Register every blueprint."""
    app.register_blueprint(home.bp)
