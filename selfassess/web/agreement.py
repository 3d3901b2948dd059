"""The partnership's agreed level per item (docs/scoring.md §9): the lead's form for a closed
round. One post, one service call; a refused post shows everything typed again."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from selfassess.domain.agreement import RATIONALE_LENGTH, AgreedEntry
from selfassess.domain.scale import LABELS
from selfassess.policy import MANAGERS, can_record_agreed_level
from selfassess.services import NotFound, agreement, reports
from selfassess.services.agreement import Recorded, Refusal
from selfassess.web.forms import page_field
from selfassess.web.security import actor, roles
from selfassess.web.typed import keeps_typed

bp = Blueprint("agreement", __name__)
NOT_YET = "Agreed levels are recorded once the round has closed and its figures are final."


def _entries(form: Mapping[str, str]) -> dict[str, AgreedEntry]:
    items = {k.removeprefix("level-") for k in form if k.startswith("level-")}
    items |= {k.removeprefix("rationale-") for k in form if k.startswith("rationale-")}
    return {
        item: AgreedEntry(form.get(f"level-{item}", ""), form.get(f"rationale-{item}", ""))
        for item in items
    }


def _render(
    round_id: int,
    typed: Mapping[str, AgreedEntry] | None = None,
    errors: Mapping[str, str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    report = reports.round_report(actor(), round_id)
    if not can_record_agreed_level(actor(), report.trust_id):
        raise NotFound(f"no round {round_id}")
    stored = {item: AgreedEntry(str(v.level), v.rationale) for item, v in report.agreed.items()}
    return render_template(
        "agreement/form.html",
        report=report,
        rows=report.agreed_rows(),
        values={**stored, **(typed or {})},
        errors=errors or {},
        labels=LABELS,
        limit=RATIONALE_LENGTH,
        page_has_errors=bool(errors),
    ), status


@bp.get("/rounds/<int:round_id>/agreed-levels")
@roles(*MANAGERS)
def form(round_id: int) -> ResponseReturnValue:
    """The form: every item with its computed score, validated level and agreed level."""
    return _render(round_id)


@bp.post("/rounds/<int:round_id>/agreed-levels")
@roles(*MANAGERS)
@keeps_typed({"level-*": "Level agreed", "rationale-*": "Why the partnership agreed it"})
def record(round_id: int) -> ResponseReturnValue:
    """Record the agreed levels as sent."""
    typed = _entries(request.form)
    outcome = agreement.record_agreed(actor(), round_id, typed)
    if isinstance(outcome, Recorded):
        flash(f"Agreed levels saved: {outcome.count} item(s) have one.", "success")
        return redirect(url_for("results.round_results", round_id=round_id) + "#agreed")
    if outcome.reason is Refusal.OPEN:
        return _render(round_id, typed, {"form": NOT_YET}, 409)
    fields = {"answer": "level", "note": "rationale"}
    errors = {page_field(fields[p.part], p.slug): p.text for p in outcome.problems}
    return _render(round_id, typed, errors, 400)
