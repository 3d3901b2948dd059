"""The start page: sign-in for visitors, each role's landing page for everyone else."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from selfassess.domain.organisation import BOARD, LEAD, RESPONDENT
from selfassess.policy import can_manage_trust, can_read_trust
from selfassess.services import rounds
from selfassess.services import trusts as trust_service
from selfassess.web.security import actor

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    """Send each person where their work is; visitors see what the service is."""
    if not current_user.is_authenticated:
        return render_template("home/start.html")
    person = actor()
    if person.role == RESPONDENT:
        return redirect(url_for("assess.dashboard"))
    if person.role == LEAD and person.trust_id is not None:
        return redirect(url_for("manage.trust", trust_id=person.trust_id))
    if person.role == BOARD and person.trust_id is not None:
        return render_template(
            "home/board.html", rounds=rounds.list_rounds(person, person.trust_id)
        )
    visible = [t for t in trust_service.list_trusts() if can_read_trust(person, t.trust_id)]
    manageable = {t.trust_id for t in visible if can_manage_trust(person, t.trust_id)}
    return render_template("home/index.html", trusts=visible, manageable=manageable)
