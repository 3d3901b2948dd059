"""GET /healthz for load balancers and monitors: no sign-in, no personal data."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from selfassess.services import health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 {"status": "ok", "database": "ok"} after a one-row query; 503 otherwise."""
    if health.database_ok():
        return jsonify(status="ok", database="ok")
    return jsonify(status="unavailable", database="unavailable"), 503
