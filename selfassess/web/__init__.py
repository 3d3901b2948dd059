"""Web blueprints, registered on the app by :func:`init_app`."""

from __future__ import annotations

from flask import Flask

from selfassess.web import home, security


def init_app(app: Flask) -> None:
    """Register every blueprint and the sign-in wiring."""
    security.init_app(app)
    app.register_blueprint(home.bp)
