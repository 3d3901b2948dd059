"""The board PDF of a 10-partner csp round (cold and warm) against a bare reportlab document
of the same length with the same images; and the results page, warm."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate
from sqlalchemy import func, select

from bench.common import Section, dispose, median_seconds, national_app
from selfassess.extensions import db
from selfassess.models import CLOSED, Partner, Round
from selfassess.policy import SYSTEM
from selfassess.report import board, charts
from selfassess.services import reports

FILLER = "Commissioning self-assessment of children's services. " * 12


def bare_document(pages: int, radar_png: bytes, phase_png: bytes) -> bytes:
    """The floor: as many pages of plain paragraphs, and the same two images."""
    style = getSampleStyleSheet()["BodyText"]
    story = [
        Image(io.BytesIO(radar_png), width=150 * mm, height=140.6 * mm),
        PageBreak(),
        Image(io.BytesIO(phase_png), width=170 * mm, height=68 * mm),
        PageBreak(),
    ]
    for _ in range(max(pages - 2, 1)):
        story += [Paragraph(FILLER, style) for _ in range(8)] + [PageBreak()]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def run() -> Section:
    app = national_app()
    with app.app_context():
        round_id = db.session.scalars(
            select(Round.pk).where(Round.status == CLOSED).order_by(Round.pk)
        ).first()
        partners = db.session.scalar(
            select(func.count())
            .select_from(Partner)
            .join(Round, Round.trust_id == Partner.trust_id)
            .where(Round.pk == round_id)
        )
        report = reports.round_report(SYSTEM, round_id)

        def cold() -> bytes:
            charts._draw.cache_clear()
            return board.board_report(report)

        def warm() -> bytes:
            return board.board_report(report)

        pages = cold().count(b"/Type /Page\n") or cold().count(b"/Type /Page")
        radar_png = charts.radar(report.results, fmt="png")
        phase_png = charts.phase_bars(report.results, fmt="png")
        floor = median_seconds(lambda: bare_document(pages, radar_png, phase_png), repeat=5)
        cold_time = median_seconds(cold, repeat=3)
        warm_time = median_seconds(warm, repeat=5)
    page_time, bare_time = _results_page(app, round_id)
    dispose(app)
    section = Section(
        "Board report and results page",
        f"Round {round_id} of the national data set: `csp`, {partners} partners, 5 respondents "
        f"each; the report has {pages} pages. Floor: a bare reportlab document of the same "
        "number of pages with the same two chart images. Cold: charts drawn (matplotlib) and "
        "the PDF built; warm: charts from the content cache, PDF built. The results page is "
        "requested through the Flask test client as the trust lead, after one warm-up "
        "request, on one core.",
    )
    section.rows += [
        ("bare reportlab document (floor)", f"{floor * 1000:.0f} ms", "–"),
        ("board PDF, cold", f"{cold_time * 1000:.0f} ms = {cold_time / floor:.2f}x floor", "–"),
        (
            "board PDF, warm",
            f"{warm_time * 1000:.0f} ms = {warm_time / floor:.2f}x floor",
            "≤ 2x floor",
        ),
        (
            "results page, warm",
            f"{page_time * 1000:.0f} ms = {page_time / bare_time:.0f}x a bare endpoint",
            "≤ 300 ms",
        ),
    ]
    return section


def _results_page(app, round_id: int) -> tuple[float, float]:
    app.add_url_rule("/bench-bare", "bench_bare", lambda: "ok")
    client = app.test_client()
    response = client.post(
        "/sign-in", data={"email": "lead@demo.example", "password": "selfassess-demo"}
    )
    assert response.status_code == 302, response.status_code
    url = f"/rounds/{round_id}/results"
    assert client.get(url).status_code == 200
    return (
        median_seconds(lambda: client.get(url), repeat=11),
        median_seconds(lambda: client.get("/bench-bare"), repeat=11),
    )
