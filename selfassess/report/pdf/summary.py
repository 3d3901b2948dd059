"""Page 1 of the board report: the executive summary a board member reads first."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from selfassess.domain.report import RoundReport
from selfassess.domain.rounding import shown_text
from selfassess.report.pdf import labels as words
from selfassess.report.pdf.style import para, table


def summary(report: RoundReport, generated: dt.date) -> list[Flowable]:
    """Who, when and in what state; the overall score and its change; status against target
    per section and phase; coverage and marks; focus priorities; what the board is asked."""
    results = report.results
    story: list[Flowable] = [
        para(words.TITLE, "title"),
        para(words.subtitle(report), "subtitle"),
        para(
            f"Questionnaire version {results.questionnaire.version} · "
            f"report of {generated:%d %B %Y}"
        ),
        para(words.SUMMARY, "h1"),
        para("Status: " + words.status_line(report)),
        para(words.overall_sentence(report)),
        _status_table(report),
        Spacer(1, 2 * mm),
        para(words.coverage_sentence(report)),
        *[
            para("Careful – " + mark, "bullet")
            for mark in words.quality_marks(report, summary=True)
        ],
        *[
            para(text)
            for text in [words.validation_sentence(report), words.agreed_sentence(report)]
            if text
        ],
        *_focus(report),
        para(words.ASKED, "h2"),
        *[para(ask, "bullet", "•") for ask in words.board_asks(report)],
        PageBreak(),
    ]
    return story


def _marks(report: RoundReport) -> list[Flowable]:
    marks = words.quality_marks(report, summary=True)
    if not marks:
        return [para(words.NO_MARKS)]
    return [para("Careful:"), *[para(mark, "bullet", "•") for mark in marks]]


def _status_table(report: RoundReport) -> Flowable:
    rows: list[list[object]] = [["Section or phase", "Score", "Target", "Status"]]
    for line in report.status_lines():
        name = line.title if line.kind == "section" else f"Phase {line.title}"
        rows.append(
            [name, shown_text(line.score), shown_text(line.target), words.status_text(line)]
        )
    return table(rows, [90, 18, 18, 54])


def _focus(report: RoundReport) -> list[Flowable]:
    if not report.focus:
        return [para("Focus priorities", "h2"), para("No item is a development priority.")]
    titles = {i.slug: i.title for i in report.results.questionnaire.items}
    rows: list[list[object]] = [["", "Focus priority", "Why", "Agreed action", "Owner", "Due"]]
    for priority in report.focus:
        item = priority.signals.item
        action = report.actions.get(item)
        rows.append(
            [
                str(priority.rank),
                str(titles[item]),
                str(words.reasons_short(priority)),
                str(words.clip(action.action, 160) if action else "Not yet agreed"),
                str(words.clip(action.owner, 60) if action and action.owner else "–"),
                str(words.due_text(action.due_on) if action else "–"),
            ]
        )
    others = len(report.others)
    return [
        para(f"Focus priorities ({len(report.focus)} of {len(report.results.priorities)})", "h2"),
        table(rows, [6, 52, 30, 52, 22, 18]),
        para(
            f"{others} other items are below target or in question (section '{words.PRIORITIES}')."
            if others
            else "There are no other priorities."
        ),
    ]
