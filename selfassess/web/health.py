"""GET /healthz for load balancers and monitors: no sign-in, no personal data."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from selfassess.services import health
from selfassess.services.deferred import EXTENSION

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 {"status": "ok", "database": "ok", "queue": {...}} after a one-row query and a
    look at the job queue; 503 when the database fails or the queue is stuck (its oldest
    job ready to run has waited longer than QUEUE_STUCK_SECONDS: no consumer is running)."""
    database = health.database_ok()
    try:
        found = current_app.extensions[EXTENSION].health()
        queue = {
            "depth": found.depth,
            "scheduled": found.scheduled,
            "oldest_seconds": found.oldest_seconds,
        }
        stuck = found.oldest_seconds > current_app.config["QUEUE_STUCK_SECONDS"]
        queue["status"] = "stuck" if stuck else "ok"
    except Exception as exc:  # an unreachable Redis must not hide the database's answer
        current_app.logger.error("job queue unreadable: %s", type(exc).__name__)
        queue, stuck = {"status": "unavailable"}, True
    ok = database and not stuck
    body = {
        "status": "ok" if ok else "unavailable",
        "database": "ok" if database else "unavailable",
        "queue": queue,
    }
    return jsonify(body), 200 if ok else 503
