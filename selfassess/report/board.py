"""The board report's recipe, in one place: which charts, which sections in which order,
and what the metadata and footer say. The web view, the command line and the benchmark
all call :func:`board_report`."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable

from selfassess.domain.report import RoundReport
from selfassess.report import charts
from selfassess.report.pdf import document as pdf
from selfassess.report.pdf import labels as words
from selfassess.report.pdf import sections
from selfassess.report.pdf.appendix import appendix
from selfassess.report.pdf.summary import summary


def board_report(
    report: RoundReport, generated: dt.date | None = None, online_url: str | None = None
) -> bytes:
    """The board's PDF: page 1 executive summary, the main body, then the appendices.
    ``online_url`` is the accessible results page that the first page's footer links."""
    info = report.results.info
    footer = pdf.Footer(
        names=(info.trust, info.name),
        status=words.status_short(report),
        first_page_note=words.UNTAGGED + (online_url or words.ONLINE) + ".",
        link=online_url or "",
    )
    return pdf.build(
        story(report, generated or dt.date.today()),
        title=f"{words.TITLE}: {info.trust}, {info.name}",
        subject=words.status_line(report),
        author=words.AUTHOR,
        footer=footer,
    )


def story(report: RoundReport, generated: dt.date) -> list[Flowable]:
    """Every flowable of the report, in reading order, charts included."""
    results = report.results
    return [
        *summary(report, generated),
        *sections.items(report, charts.radar(results, fmt="png", numbered=True)),
        *sections.phases(report, charts.phase_bars(results, fmt="png")),
        *sections.last_actions(report),
        *sections.priorities(report),
        *sections.since_last(report),
        *sections.validation(report),
        *sections.agreed(report),
        *sections.method_brief(report),
        *appendix(report),
    ]
