"""Results of a round: the page, charts, the board PDF, exports, actions and sign-off."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from selfassess import exports
from selfassess.domain.actions import ActionStatus
from selfassess.domain.agreement import notable
from selfassess.domain.likeforlike import like_for_like
from selfassess.domain.organisation import ADMIN, LEAD
from selfassess.domain.questionnaire import PHASES
from selfassess.domain.report import change_text, divergent_items, explain
from selfassess.domain.results import ONE_RESPONDENT
from selfassess.domain.rounding import shown
from selfassess.domain.validation import VERDICT_WORDS, counts, validated_items
from selfassess.policy import (
    RESULT_READERS,
    can_answer_challenge,
    can_read_answers,
    can_record_agreed_level,
    can_validate,
)
from selfassess.report import charts
from selfassess.services import Invalid, answers, board_files, reports, rounds, tallies
from selfassess.services.answers import HEADER
from selfassess.web.downloads import download
from selfassess.web.notices import HERE, HERE_ERROR, here_notices
from selfassess.web.result_forms import (
    ActionForm,
    ChallengeAnswerForm,
    SignoffForm,
    chart_form,
    first_error,
)
from selfassess.web.security import actor, audit, roles
from selfassess.web.typed import keeps_typed

bp = Blueprint("results", __name__)


@bp.get("/rounds/<int:round_id>/results")
@roles(*RESULT_READERS)
def round_results(round_id: int) -> ResponseReturnValue:
    """How the trust is doing and what to do next: overall score and change, status against
    target, marks, focus priorities with actions; the detail follows, collapsed."""
    report = reports.round_report(actor(), round_id)
    partners = list(report.results.scores.partners)
    chart = chart_form(partners)
    chosen = [p for p in (chart.partner.data or []) if p in partners]
    notices = here_notices()
    marks = report.partner_marks
    return render_template(
        "results/round.html",
        report=report,
        r=report.results,
        chosen=chosen,
        chart=chart,
        phases=PHASES,
        divergent=set(divergent_items(report.results)),
        explain=explain,
        shown=shown,
        change_text=change_text,
        partner_marks=marks,
        one_respondent=[name for name, m in marks.items() if ONE_RESPONDENT in m],
        notices=notices,
        open_others=any(f"priority-{p.signals.item}" in notices for p in report.others),
        action_form=ActionForm(),
        signoff_form=SignoffForm(),
        items={i.slug: i for i in report.results.questionnaire.items},
        may_read_answers=can_read_answers(actor(), report.trust_id),
        may_validate=can_validate(actor(), report.trust_id),
        may_answer=can_answer_challenge(actor(), report.trust_id),
        validated=validated_items(report.results, report.validation),
        rows=report.agreed_rows(),
        like=like_for_like(report.previous, report.results) if report.previous else None,
        notable=notable(report.agreed, report.results.scores.trust.items),
        may_record_agreed=can_record_agreed_level(actor(), report.trust_id),
        validation_counts=counts(report.validation.values()),
        verdicts=VERDICT_WORDS,
        answer_form=ChallengeAnswerForm(),
    )


@bp.get("/rounds/<int:round_id>/radar.svg")
@roles(*RESULT_READERS)
def radar(round_id: int) -> ResponseReturnValue:
    """The radar chart: trust, target ring and the partners named in ?partner=."""
    results = reports.readable_results(round_id, actor())
    svg = charts.radar(results, request.args.getlist("partner"))
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/rounds/<int:round_id>/phases.svg")
@roles(*RESULT_READERS)
def phase_chart(round_id: int) -> ResponseReturnValue:
    results = reports.readable_results(round_id, actor())
    return Response(charts.phase_bars(results), mimetype="image/svg+xml")


@bp.get("/rounds/<int:round_id>/report.pdf")
@roles(*RESULT_READERS)
def board_pdf(round_id: int) -> ResponseReturnValue:
    """The stored board report, drawn by a job once per change (services/board_files.py).
    While a new one is being made, a page says so and offers the last one (``?last=1``).
    Served with an ETag (304 when unchanged) and ``Cache-Control: private``; the file name
    is built from ids, never from user text (P19)."""
    pdf = board_files.current(actor(), round_id)
    if pdf is None:
        board_files.request(actor(), round_id)  # on demand: the first reader asks for it
        pdf = board_files.current(actor(), round_id)
    if pdf is None or pdf.stored_key is None or (pdf.stale and not request.args.get("last")):
        page = render_template("results/pdf_waiting.html", round_id=round_id, pdf=pdf)
        return page, 202, {"Retry-After": "10", "Refresh": "10"}
    if pdf.etag and pdf.etag in request.if_none_match:
        return _cached(Response(status=304), pdf.etag)
    data = board_files.read(pdf)
    if data is None:  # the store lost it: make it again
        board_files.request(actor(), round_id)
        return render_template("results/pdf_waiting.html", round_id=round_id, pdf=None), 202
    audit("export", target=f"round {round_id}", file="report.pdf")
    name = f"selfassess-round-{round_id}-board-report.pdf"
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return _cached(response, pdf.etag or "")


def _cached(response: Response, etag: str) -> Response:
    """A private cache may keep the file but must ask again (the ETag answers 304)."""
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/rounds/<int:round_id>/results.json")
@roles(*RESULT_READERS)
def results_json(round_id: int) -> ResponseReturnValue:
    report = reports.round_report(actor(), round_id)
    body = json.dumps(exports.report_to_dict(report), indent=2, ensure_ascii=False)
    return download(body, "application/json", f"selfassess-round-{round_id}-results.json")


def _csv(round_id: int, kind: str, text: str) -> ResponseReturnValue:
    """A round's CSV download, named from ids only (never from user text: P19)."""
    return download(exports.csv_file(text), "text/csv", f"selfassess-round-{round_id}-{kind}.csv")


@bp.get("/rounds/<int:round_id>/scores.csv")
@roles(*RESULT_READERS)
def scores_csv(round_id: int) -> ResponseReturnValue:
    report = reports.round_report(actor(), round_id)
    return _csv(round_id, "scores", exports.report_to_csv(report))


@bp.get("/rounds/<int:round_id>/tallies.csv")
@roles(*RESULT_READERS)
def tallies_csv(round_id: int) -> ResponseReturnValue:
    """Answers counted per partner and statement (no respondent named): every role that may
    read the results can recompute every figure from it."""
    rows = tallies.round_tallies(actor(), round_id)
    return _csv(round_id, "tallies", exports.tallies_to_csv(rows))


@bp.get("/rounds/<int:round_id>/actions.csv")
@roles(*RESULT_READERS)
def actions_csv(round_id: int) -> ResponseReturnValue:
    """The round's agreed actions with status and progress notes, then the last round's."""
    report = reports.round_report(actor(), round_id)
    return _csv(round_id, "actions", exports.actions_to_csv(report))


@bp.get("/rounds/<int:round_id>/answers.csv")
@roles(LEAD, ADMIN)
def answers_csv(round_id: int) -> ResponseReturnValue:
    """Raw submitted answers (trust lead and administrators only)."""
    rows = answers.answer_rows(actor(), round_id)
    return _csv(round_id, "answers", exports.write_csv(HEADER, rows))


@bp.post("/rounds/<int:round_id>/actions")
@roles(LEAD, ADMIN)
@keeps_typed({"action": "Agreed action", "owner": "Owner", "due_on": "Due date", "item": "Item"})
def record_action(round_id: int) -> ResponseReturnValue:
    """Record the agreed action, owner and due date of a priority; the answer is shown in
    the priority's own card, where the person is looking."""
    rounds.check_manages(actor(), round_id)
    form = ActionForm()
    anchor = f"priority-{form.item.data or ''}"
    if form.validate_on_submit():
        try:
            reports.set_action(
                actor(),
                round_id,
                form.item.data or "",
                form.action.data or "",
                form.owner.data or "",
                form.due_on.data,
                form.status.data or ActionStatus.NOT_STARTED,
                form.note.data or "",
            )
            flash("Action saved.", f"{HERE}{anchor}")
        except Invalid as exc:
            flash(str(exc), f"{HERE_ERROR}{anchor}")
    else:
        flash(first_error(form), f"{HERE_ERROR}{anchor}")
    return redirect(url_for("results.round_results", round_id=round_id, _anchor=anchor))


@bp.post("/rounds/<int:round_id>/signoff")
@roles(LEAD, ADMIN)
@keeps_typed({"ratified_on": "Date ratified", "minute": "Minute reference"})
def signoff(round_id: int) -> ResponseReturnValue:
    """Record that the board ratified the self-assessment (feedback beside the form)."""
    rounds.check_manages(actor(), round_id)
    form = SignoffForm()
    if form.validate_on_submit() and form.ratified_on.data is not None:
        try:
            reports.record_signoff(actor(), round_id, form.ratified_on.data, form.minute.data or "")
            flash("Board sign-off recorded: reports are no longer marked draft.", f"{HERE}signoff")
        except Invalid as exc:
            flash(str(exc), f"{HERE_ERROR}signoff")
    else:
        flash(first_error(form), f"{HERE_ERROR}signoff")
    return redirect(url_for("results.round_results", round_id=round_id, _anchor="signoff"))
