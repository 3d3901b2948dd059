"""Signing in and access checks for views: Flask-Login wiring and policy decorators."""

from __future__ import annotations

from flask import Flask

from selfassess.extensions import login_manager
from selfassess.policy import Actor
from selfassess.services import accounts


def init_app(app: Flask) -> None:
    """Tell Flask-Login how to find the signed-in person."""
    login_manager.user_loader(_load)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."


def _load(session_token: str) -> Actor | None:
    return accounts.load_actor(session_token)
