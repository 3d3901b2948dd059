"""Advisors compare trusts; every trust sees its progress and an anonymous benchmark."""

from __future__ import annotations

import datetime as dt
import io
import json

from flask import Blueprint, Response, render_template, request, send_file
from flask.typing import ResponseReturnValue

from selfassess import charts, exports
from selfassess.domain.compare import Comparison, figure, figure_keys
from selfassess.domain.organisation import ADMIN, ADVISOR, BOARD, LEAD
from selfassess.domain.questionnaire import PHASES
from selfassess.services import compare as compare_service
from selfassess.services import progress, questionnaires
from selfassess.web.security import actor, roles

bp = Blueprint("compare", __name__)
ADVISORS = (ADVISOR, ADMIN)
READERS = (LEAD, BOARD, ADVISOR, ADMIN)


def _date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _comparison(slug: str) -> Comparison:
    region = request.args.get("region") or None
    return compare_service.compare(slug, actor(), region, _date("from"), _date("to"))


def titles(comparison: Comparison) -> dict[str, str]:
    """Column titles of the compared figures."""
    return {
        "overall": "Overall",
        **{f"phase-{p}": f"Phase {p}" for p in PHASES},
        **{i.slug: i.title for i in comparison.questionnaire.items},
    }


@bp.get("/compare")
@roles(*ADVISORS)
def choose() -> ResponseReturnValue:
    """Pick a questionnaire to compare trusts on."""
    return render_template("compare/choose.html", questionnaires=questionnaires.list_current())


@bp.get("/compare/<slug>")
@roles(*ADVISORS)
def table(slug: str) -> ResponseReturnValue:
    """Trusts x figures as a heatmap, sortable, filtered by region and round period."""
    comparison = _comparison(slug)
    keys = figure_keys(comparison.questionnaire)
    sort = request.args.get("sort", "name")
    rows = sorted(comparison.rows, key=lambda r: r.name)
    if sort in keys:
        rows.sort(key=lambda r: (figure(r.results, sort) is None, figure(r.results, sort) or 0))
    return render_template(
        "compare/table.html",
        c=comparison,
        rows=rows,
        keys=keys,
        titles=titles(comparison),
        figure=figure,
        sort=sort,
        regions=compare_service.regions(),
        args=request.args,
    )


@bp.get("/compare/<slug>/export.<fmt>")
@roles(*ADVISORS)
def export(slug: str, fmt: str) -> ResponseReturnValue:
    """The comparison as JSON or CSV, with the same filters."""
    comparison = _comparison(slug)
    if fmt == "json":
        body = json.dumps(exports.comparison_to_dict(comparison), indent=2, ensure_ascii=False)
        mimetype = "application/json"
    elif fmt == "csv":
        body, mimetype = "\ufeff" + exports.comparison_to_csv(comparison), "text/csv"
    else:
        return Response("unknown format", status=404)
    return send_file(
        io.BytesIO(body.encode("utf-8")),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"selfassess-compare-{comparison.questionnaire.slug}.{fmt}",
    )


@bp.get("/compare/<slug>/trusts/<int:trust_id>")
@roles(*ADVISORS)
def profile(slug: str, trust_id: int) -> ResponseReturnValue:
    """One trust against the median of all trusts (or its region): radar, priorities,
    coverage and its rounds over time."""
    comparison = _comparison(slug)
    row = next((r for r in comparison.rows if r.trust_id == trust_id), None)
    history = progress.trust_progress(actor(), trust_id, slug)
    spreads = comparison.regional or comparison.national
    return render_template(
        "compare/profile.html",
        c=comparison,
        row=row,
        history=history,
        spreads=spreads,
        titles=titles(comparison),
        figure=figure,
        keys=figure_keys(comparison.questionnaire),
        slug=slug,
    )


@bp.get("/compare/<slug>/trusts/<int:trust_id>/radar.svg")
@roles(*ADVISORS)
def profile_radar(slug: str, trust_id: int) -> ResponseReturnValue:
    comparison = _comparison(slug)
    row = next((r for r in comparison.rows if r.trust_id == trust_id), None)
    if row is None:
        return Response("not found", status=404)
    spreads = comparison.regional or comparison.national
    medians = {k: s.median for k, s in spreads.items()}
    name = "Median of the region's trusts" if comparison.regional else "Median of all trusts"
    return Response(charts.radar_against(row.results, name, medians), mimetype="image/svg+xml")


@bp.get("/trusts/<int:trust_id>/progress/<slug>")
@roles(*READERS)
def trust_progress(trust_id: int, slug: str) -> ResponseReturnValue:
    """Scores over the trust's rounds and what changed since the previous round."""
    history = progress.trust_progress(actor(), trust_id, slug)
    return render_template("compare/progress.html", h=history, phases=PHASES)


@bp.get("/trusts/<int:trust_id>/progress/<slug>/trend.svg")
@roles(*READERS)
def trend(trust_id: int, slug: str) -> ResponseReturnValue:
    history = progress.trust_progress(actor(), trust_id, slug)
    return Response(charts.trend(list(history.rounds)), mimetype="image/svg+xml")


@bp.get("/rounds/<int:round_id>/benchmark")
@roles(*READERS)
def benchmark(round_id: int) -> ResponseReturnValue:
    """Where the round stands among all trusts, without naming any other trust."""
    own, lines = compare_service.anonymous_benchmark(actor(), round_id)
    names = {
        "overall": "Overall",
        **{f"phase-{p}": f"Phase {p}. {n}" for p, n in PHASES.items()},
        **{i.slug: i.title for i in own.questionnaire.items},
    }
    return render_template("compare/benchmark.html", r=own, lines=lines, names=names)
