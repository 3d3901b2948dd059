"""Pages every public-sector service has: the accessibility statement and the privacy notice,
open to everyone (signed in or not) and linked from every page's footer."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

from selfassess.services.invitations import VALID_FOR

bp = Blueprint("about", __name__)


@bp.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    """How accessible the service is, as tested; the board PDF's limits; how to report."""
    return render_template("about/accessibility.html")


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    """What is kept about whom, who sees it, for how long, and whom to ask."""
    config = current_app.config
    retention = {
        "answers": config["RETENTION_ANSWERS_MONTHS"],
        "sign_in": config["RETENTION_SIGN_IN_MONTHS"],
        "audit": config["RETENTION_AUDIT_MONTHS"],
    }
    return render_template(
        "about/privacy.html", invitation_days=VALID_FOR.days, retention=retention
    )
