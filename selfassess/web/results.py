"""Results of a round: the page, charts, the board PDF, exports, actions and sign-off."""

from __future__ import annotations

import datetime as dt
import io
import json

from flask import Blueprint, Response, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from selfassess import board, charts, exports
from selfassess.domain.organisation import ADMIN, ADVISOR, BOARD, LEAD
from selfassess.domain.questionnaire import PHASES
from selfassess.domain.report import divergent_items, explain, weakest_phase
from selfassess.services import Invalid, answers, reports, rounds
from selfassess.services.answers import HEADER
from selfassess.web.security import actor, audit, roles

bp = Blueprint("results", __name__)
READERS = (LEAD, BOARD, ADVISOR, ADMIN)


@bp.get("/rounds/<int:round_id>/results")
@roles(*READERS)
def round_results(round_id: int) -> ResponseReturnValue:
    """Scores per partner, phase and item, charts, divergence, priorities and sign-off."""
    report = reports.round_report(round_id, actor())
    chosen = [p for p in request.args.getlist("partner") if p in report.results.scores.partners]
    return render_template(
        "results/round.html",
        report=report,
        r=report.results,
        chosen=chosen,
        phases=PHASES,
        divergent=set(divergent_items(report.results)),
        explain=explain,
        weakest=weakest_phase(report.results),
        items={i.slug: i for i in report.results.questionnaire.items},
    )


@bp.get("/rounds/<int:round_id>/radar.svg")
@roles(*READERS)
def radar(round_id: int) -> ResponseReturnValue:
    """The radar chart: trust, target ring and the partners named in ?partner=."""
    results = reports.readable_results(round_id, actor())
    svg = charts.radar(results, request.args.getlist("partner"))
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/rounds/<int:round_id>/phases.svg")
@roles(*READERS)
def phase_chart(round_id: int) -> ResponseReturnValue:
    results = reports.readable_results(round_id, actor())
    return Response(charts.phase_bars(results), mimetype="image/svg+xml")


@bp.get("/rounds/<int:round_id>/report.pdf")
@roles(*READERS)
def board_pdf(round_id: int) -> ResponseReturnValue:
    """The board report; the file name is built from ids, never from user text (P19)."""
    report = reports.round_report(round_id, actor())
    audit("board-report", round=round_id)
    online = url_for("results.round_results", round_id=round_id, _external=True)
    data = board.board_report(report, online_url=online)
    return send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"selfassess-round-{round_id}-board-report.pdf",
    )


@bp.get("/rounds/<int:round_id>/results.json")
@roles(*READERS)
def results_json(round_id: int) -> ResponseReturnValue:
    report = reports.round_report(round_id, actor())
    body = json.dumps(exports.report_to_dict(report), indent=2, ensure_ascii=False)
    return _download(body, "application/json", f"selfassess-round-{round_id}-results.json")


@bp.get("/rounds/<int:round_id>/scores.csv")
@roles(*READERS)
def scores_csv(round_id: int) -> ResponseReturnValue:
    report = reports.round_report(round_id, actor())
    return _download(
        "\ufeff" + exports.report_to_csv(report),
        "text/csv",
        f"selfassess-round-{round_id}-scores.csv",
    )


@bp.get("/rounds/<int:round_id>/answers.csv")
@roles(LEAD, ADMIN)
def answers_csv(round_id: int) -> ResponseReturnValue:
    """Raw submitted answers (trust lead and administrators only)."""
    rows = answers.answer_rows(round_id, actor())
    return _download(
        "\ufeff" + exports.write_csv(HEADER, rows),
        "text/csv",
        f"selfassess-round-{round_id}-answers.csv",
    )


def _download(body: str, mimetype: str, name: str) -> ResponseReturnValue:
    audit("export", file=name)
    return send_file(
        io.BytesIO(body.encode("utf-8")), mimetype=mimetype, as_attachment=True, download_name=name
    )


@bp.post("/rounds/<int:round_id>/actions")
@roles(LEAD, ADMIN)
def record_action(round_id: int) -> ResponseReturnValue:
    """Record the agreed action, owner and due date of a priority."""
    rounds.check_manages(actor(), round_id)
    form = request.form
    try:
        due = dt.date.fromisoformat(form["due_on"]) if form.get("due_on") else None
        reports.set_action(
            actor(),
            round_id,
            form.get("item", ""),
            form.get("action", ""),
            form.get("owner", ""),
            due,
        )
        flash("Action saved.", "success")
    except (ValueError, Invalid) as exc:
        flash(str(exc) if isinstance(exc, Invalid) else "Enter the due date as YYYY-MM-DD", "info")
    return redirect(
        url_for(
            "results.round_results", round_id=round_id, _anchor=f"priority-{form.get('item', '')}"
        )
    )


@bp.post("/rounds/<int:round_id>/signoff")
@roles(LEAD, ADMIN)
def signoff(round_id: int) -> ResponseReturnValue:
    """Record that the board ratified the self-assessment."""
    rounds.check_manages(actor(), round_id)
    form = request.form
    try:
        ratified = dt.date.fromisoformat(form.get("ratified_on", ""))
        reports.record_signoff(actor(), round_id, ratified, form.get("minute", ""))
        flash("Board sign-off recorded: reports are no longer marked draft.", "success")
    except (ValueError, Invalid) as exc:
        flash(str(exc) if isinstance(exc, Invalid) else "Enter the date as YYYY-MM-DD", "info")
    return redirect(url_for("results.round_results", round_id=round_id))
