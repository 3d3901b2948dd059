"""Advisors compare trusts; every trust sees its progress and an anonymous benchmark.

The services apply the small-numbers rule for the signed-in person; these views only show
what they are given, and a withheld figure reads "Not enough trusts to compare"."""

from __future__ import annotations

import io
import json

from flask import Blueprint, Response, render_template, request, send_file
from flask.typing import ResponseReturnValue

from selfassess.domain.changes import change_text
from selfassess.domain.compare import WITHHELD, Comparison, figure, figure_keys, figure_titles
from selfassess.domain.organisation import ADMIN, ADVISOR
from selfassess.domain.rounding import QUARTILE_PLACES, shown_text
from selfassess.exports import comparison as compare_exports
from selfassess.exports import tables
from selfassess.exports.xlsx import workbook
from selfassess.policy import RESULT_READERS
from selfassess.report import charts
from selfassess.services import compare as compare_service
from selfassess.services import progress, questionnaires
from selfassess.web.compare_forms import CompareFilterForm, benchmark_form, filter_form
from selfassess.web.downloads import XLSX
from selfassess.web.security import actor, roles

bp = Blueprint("compare", __name__)
ADVISORS = (ADVISOR, ADMIN)


@bp.context_processor
def figures_as_text() -> dict[str, object]:
    """Figures as docs/scoring.md §4 prints them (half away from zero, never "−0.0")."""
    return {
        "score_text": shown_text,
        "quartile_text": lambda v: shown_text(v, QUARTILE_PLACES),
        "change_text": change_text,
        "withheld": WITHHELD,
    }


def _comparison(slug: str) -> tuple[CompareFilterForm, Comparison | None]:
    """The filter form and, when it is valid, the comparison the signed-in person may see."""
    form = filter_form(compare_service.regions())
    if not form.validate():
        return form, None
    return form, compare_service.compare(slug, actor(), form.filters())


def _bad_filter(form: CompareFilterForm) -> Response:
    text = "\n".join(message for _, message in form.errors_list())
    return Response(f"The filter has a problem:\n{text}\n", status=400, mimetype="text/plain")


@bp.get("/compare")
@roles(*ADVISORS)
def choose() -> ResponseReturnValue:
    """Pick a questionnaire to compare trusts on."""
    return render_template("compare/choose.html", questionnaires=questionnaires.list_current())


@bp.get("/compare/<slug>")
@roles(*ADVISORS)
def table(slug: str) -> ResponseReturnValue:
    """Trusts x figures as a heatmap, sortable, filtered by region and round period."""
    questionnaire = questionnaires.current(slug)
    form, comparison = _comparison(slug)
    keys = figure_keys(questionnaire)
    sort = request.args.get("sort", "name")
    rows = [] if comparison is None else list(comparison.rows)
    if sort in keys:
        rows.sort(key=lambda r: (figure(r.results, sort) is None, figure(r.results, sort) or 0))
    page = render_template(
        "compare/table.html",
        q=questionnaire,
        c=comparison,
        form=form,
        rows=rows,
        keys=keys,
        titles=figure_titles(questionnaire),
        figure=figure,
        sort=sort if sort in keys else "name",
        query=form.query() if comparison else {},
        page_has_errors=comparison is None,
    )
    return page, 200 if comparison else 400


@bp.get("/compare/<slug>/export.<fmt>")
@roles(*ADVISORS)
def export(slug: str, fmt: str) -> ResponseReturnValue:
    """The comparison as JSON or CSV, with the same filters and the same withheld figures."""
    if fmt not in ("json", "csv", "xlsx"):
        return Response("unknown format", status=404)
    form, comparison = _comparison(slug)
    if comparison is None:
        return _bad_filter(form)
    body: str | bytes
    if fmt == "json":
        body = json.dumps(compare_exports.to_dict(comparison), indent=2, ensure_ascii=False)
        mimetype = "application/json"
    elif fmt == "xlsx":
        body, mimetype = workbook([tables.comparison_sheet(comparison)]), XLSX
    else:
        body, mimetype = compare_exports.to_csv(comparison), "text/csv"  # BOM included
    return send_file(
        io.BytesIO(body.encode("utf-8") if isinstance(body, str) else body),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"selfassess-compare-{comparison.questionnaire.slug}.{fmt}",
    )


@bp.get("/compare/<slug>/trusts/<int:trust_id>")
@roles(*ADVISORS)
def profile(slug: str, trust_id: int) -> ResponseReturnValue:
    """One trust against the median of all trusts (or its region): radar, priorities,
    coverage and its rounds over time."""
    history = progress.trust_progress(actor(), trust_id, slug)
    form, comparison = _comparison(slug)
    if comparison is None:
        return _bad_filter(form)
    row = next((r for r in comparison.rows if r.trust_id == trust_id), None)
    return render_template(
        "compare/profile.html",
        c=comparison,
        row=row,
        history=history,
        spreads=comparison.regional or comparison.national,
        titles=figure_titles(comparison.questionnaire),
        figure=figure,
        keys=figure_keys(comparison.questionnaire),
        slug=slug,
        query=form.query(),
    )


@bp.get("/compare/<slug>/trusts/<int:trust_id>/radar.svg")
@roles(*ADVISORS)
def profile_radar(slug: str, trust_id: int) -> ResponseReturnValue:
    form, comparison = _comparison(slug)
    if comparison is None:
        return _bad_filter(form)
    row = next((r for r in comparison.rows if r.trust_id == trust_id), None)
    if row is None:
        return Response("not found", status=404)
    spreads = comparison.regional or comparison.national
    medians = {k: None if s is None else s.median for k, s in spreads.items()}
    name = "Median of the region's trusts" if comparison.regional else "Median of all trusts"
    return Response(charts.radar_against(row.results, name, medians), mimetype="image/svg+xml")


@bp.get("/trusts/<int:trust_id>/progress/<slug>")
@roles(*RESULT_READERS)
def trust_progress(trust_id: int, slug: str) -> ResponseReturnValue:
    """Scores over the trust's rounds and what changed since the previous round."""
    history = progress.trust_progress(actor(), trust_id, slug)
    titles = {}
    for results in history.rounds:  # items of older versions keep their own titles
        titles.update(figure_titles(results.questionnaire))
    return render_template("compare/progress.html", h=history, titles=titles)


@bp.get("/trusts/<int:trust_id>/progress/<slug>/trend.svg")
@roles(*RESULT_READERS)
def trend(trust_id: int, slug: str) -> ResponseReturnValue:
    history = progress.trust_progress(actor(), trust_id, slug)
    return Response(charts.trend(list(history.rounds)), mimetype="image/svg+xml")


@bp.get("/rounds/<int:round_id>/benchmark")
@roles(*RESULT_READERS)
def benchmark(round_id: int) -> ResponseReturnValue:
    """Where the round stands among all trusts, without naming any other trust."""
    form = benchmark_form()
    form.validate()
    include_open = bool(form.include_open.data)
    own, lines = compare_service.anonymous_benchmark(actor(), round_id, include_open)
    return render_template(
        "compare/benchmark.html",
        r=own,
        lines=lines,
        names=figure_titles(own.questionnaire),
        form=form,
        include_open=include_open,
    )
