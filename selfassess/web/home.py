"""The start page: trusts and their rounds (the full screens come with the online issue)."""

from __future__ import annotations

from flask import Blueprint, render_template

from selfassess.services import trusts as trust_service

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    """List every trust with its partners counted and its rounds."""
    return render_template("home/index.html", trusts=trust_service.list_trusts())
