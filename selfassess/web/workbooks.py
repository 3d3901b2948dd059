"""Excel downloads of a round, beside its CSV files: the same rows, typed (issue 22 part 5)."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from selfassess.domain.organisation import ADMIN, LEAD
from selfassess.exports import tables
from selfassess.exports.xlsx import workbook
from selfassess.policy import RESULT_READERS
from selfassess.services import answers, reports, tallies
from selfassess.services.answers import HEADER
from selfassess.web.downloads import XLSX, download
from selfassess.web.security import actor, roles

bp = Blueprint("workbooks", __name__)


def _name(round_id: int, what: str) -> str:
    return f"selfassess-round-{round_id}-{what}.xlsx"


@bp.get("/rounds/<int:round_id>/results.xlsx")
@roles(*RESULT_READERS)
def results_xlsx(round_id: int) -> ResponseReturnValue:
    """Every table of the round that its readers may have, one sheet each: scores, agreed
    actions and the tallies to recompute them."""
    report = reports.round_report(actor(), round_id)
    sheets = [
        tables.scores_sheet(report),
        tables.actions_sheet(report),
        tables.tallies_sheet(tallies.round_tallies(actor(), round_id)),
    ]
    return download(workbook(sheets), XLSX, _name(round_id, "results"))


@bp.get("/rounds/<int:round_id>/scores.xlsx")
@roles(*RESULT_READERS)
def scores_xlsx(round_id: int) -> ResponseReturnValue:
    report = reports.round_report(actor(), round_id)
    return download(workbook([tables.scores_sheet(report)]), XLSX, _name(round_id, "scores"))


@bp.get("/rounds/<int:round_id>/tallies.xlsx")
@roles(*RESULT_READERS)
def tallies_xlsx(round_id: int) -> ResponseReturnValue:
    rows = tallies.round_tallies(actor(), round_id)
    return download(workbook([tables.tallies_sheet(rows)]), XLSX, _name(round_id, "tallies"))


@bp.get("/rounds/<int:round_id>/actions.xlsx")
@roles(*RESULT_READERS)
def actions_xlsx(round_id: int) -> ResponseReturnValue:
    report = reports.round_report(actor(), round_id)
    return download(workbook([tables.actions_sheet(report)]), XLSX, _name(round_id, "actions"))


@bp.get("/rounds/<int:round_id>/answers.xlsx")
@roles(LEAD, ADMIN)
def answers_xlsx(round_id: int) -> ResponseReturnValue:
    """Raw submitted answers (trust lead and administrators only, as the CSV)."""
    rows = answers.answer_rows(actor(), round_id)
    sheet = tables.answers_sheet(HEADER, rows)
    return download(workbook([sheet]), XLSX, _name(round_id, "answers"))
