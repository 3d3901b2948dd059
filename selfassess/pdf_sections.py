"""The sections of the board report, each a list of platypus flowables."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from selfassess.domain.compare import compare_rounds, priority_changes
from selfassess.domain.questionnaire import PHASES
from selfassess.domain.report import RoundReport, divergent_items, explain, one_decimal
from selfassess.domain.report import weakest_phase as find_weakest_phase
from selfassess.pdf_method import METHOD
from selfassess.pdf_style import GRID, para, status_line


def cover(report: RoundReport, generated: dt.date) -> list[Flowable]:
    info, coverage = report.results.info, report.coverage
    lines = [
        info.trust,
        f"{info.name} · {report.results.questionnaire.title}",
        f"Questionnaire version {report.results.questionnaire.version}",
        f"Report of {generated:%d %B %Y}",
        f"{coverage.partners_submitted} of {coverage.partners_total} partners and "
        f"{coverage.respondents_submitted} of {coverage.respondents_invited} invited "
        "respondents submitted",
        status_line(report),
    ]
    return [
        Spacer(1, 60 * mm),
        para("Commissioning self-assessment", "title"),
        Spacer(1, 10 * mm),
        *[para(line, "cover") for line in lines],
        PageBreak(),
    ]


def summary(report: RoundReport) -> list[Flowable]:
    results = report.results
    trust = results.scores.trust
    story: list[Flowable] = [
        para("Summary", "h1"),
        para(f"Overall trust score: {one_decimal(trust.overall)} out of 4."),
    ]
    weakest = find_weakest_phase(results)
    if weakest:
        story.append(para(f"Weakest phase: {weakest[0]}. {weakest[1]} ({weakest[2]:.1f})."))
    sections = [["Section", "Trust score"]] + [
        [para(s.title, "cell"), one_decimal(trust.sections[s.slug])]
        for s in results.questionnaire.sections
    ]
    phases = [["Phase", "Trust score"]] + [
        [para(f"{p}. {name}", "cell"), one_decimal(trust.phases[p])] for p, name in PHASES.items()
    ]
    story += [
        Spacer(1, 4 * mm),
        table(sections, [120 * mm, 30 * mm]),
        Spacer(1, 4 * mm),
        table(phases, [120 * mm, 30 * mm]),
        para("Top priorities", "h2"),
    ]
    titles = {i.slug: i.title for i in results.questionnaire.items}
    for priority in results.priorities[:5]:
        story.append(
            para(
                f"{priority.rank}. {titles[priority.signals.item]}: "
                + " ".join(explain(priority, results))
            )
        )
    if not results.priorities:
        story.append(para("No item is a development priority."))
    return [*story, PageBreak()]


def table(rows: list[list[Any]], widths: list[float], extra: list[Any] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(GRID)
    if extra:
        table.setStyle(TableStyle(extra))
    return table


def charts(report: RoundReport, radar_png: bytes, phase_png: bytes) -> list[Flowable]:
    results = report.results
    items = [["Item", "Trust", "Target"]] + [
        [
            para(i.title, "cell"),
            one_decimal(results.scores.trust.items[i.slug]),
            str(results.targets.get(i.slug, 3)),
        ]
        for i in results.questionnaire.items
    ]
    return [
        para("Scores by item", "h1"),
        Image(io.BytesIO(radar_png), width=150 * mm, height=140.6 * mm),
        table(items, [120 * mm, 20 * mm, 20 * mm]),
        PageBreak(),
        para("Scores by commissioning phase", "h1"),
        Image(io.BytesIO(phase_png), width=170 * mm, height=68 * mm),
        PageBreak(),
    ]


def divergence(report: RoundReport) -> list[Flowable]:
    results = report.results
    partners = list(results.scores.partners)
    flagged = set(divergent_items(results))
    header = ["Item", *[para(p, "cell") for p in partners], "Spread"]
    rows: list[list[Any]] = [header]
    marks = []
    for row, item in enumerate(results.questionnaire.items, start=1):
        signals = next(s for s in results.signals if s.item == item.slug)
        rows.append(
            [
                para(item.title + (" (partners disagree)" if item.slug in flagged else ""), "cell"),
                *[one_decimal(results.scores.partners[p].items[item.slug]) for p in partners],
                one_decimal(signals.divergence),
            ]
        )
        if item.slug in flagged:
            marks.append(("BACKGROUND", (0, row), (-1, row), colors.HexColor("#fcd6c3")))
    width = (180 - 55 - 14) * mm / max(len(partners), 1)
    return [
        para("Where partners disagree", "h1"),
        para(
            "Item scores of each partner. Items whose partner scores differ by 1.0 "
            "level or more are shaded."
        ),
        table(rows, [55 * mm, *[width] * len(partners), 14 * mm], marks),
        PageBreak(),
    ]


def priorities(report: RoundReport) -> list[Flowable]:
    results = report.results
    titles = {i.slug: i.title for i in results.questionnaire.items}
    story: list[Flowable] = [para("Development priorities and agreed actions", "h1")]
    for priority in results.priorities:
        s = priority.signals
        action = report.actions.get(s.item)
        block = [
            para(f"{priority.rank}. {titles[s.item]}", "h2"),
            para(
                f"Score {one_decimal(s.score)} · target {s.target} · gap "
                f"{one_decimal(s.gap)} · divergence {one_decimal(s.divergence)} · don't know "
                f"{'–' if s.dont_know_rate is None else f'{s.dont_know_rate:.0%}'}"
            ),
            *[para("• " + line) for line in explain(priority, results)],
        ]
        if action:
            due = f"{action.due_on:%d %B %Y}" if action.due_on else "no date"
            block.append(para(f"Agreed action: {action.action}"))
            block.append(para(f"Owner: {action.owner or '–'} · due {due}"))
        else:
            block.append(para("Agreed action: not yet recorded."))
        story.append(KeepTogether(block[:4]))
        story.extend(block[4:])
    if not results.priorities:
        story.append(para("No item is a development priority in this round."))
    return [*story, PageBreak()]


def coverage(report: RoundReport) -> list[Flowable]:
    rows = [["Partner", "Type", "Respondents submitted"]] + [
        [
            para(p.name, "cell"),
            para(p.partner_type.replace("_", " "), "cell"),
            str(p.respondents_submitted),
        ]
        for p in report.results.partners
    ]
    c = report.coverage
    return [
        para("Who took part", "h1"),
        para(
            f"{c.partners_submitted} of {c.partners_total} partners and "
            f"{c.respondents_submitted} of {c.respondents_invited} invited respondents "
            "submitted. Only submitted responses count."
        ),
        table(rows, [90 * mm, 50 * mm, 35 * mm]),
    ]


def evidence(report: RoundReport) -> list[Flowable]:
    if not report.evidence:
        return []
    titles = {i.slug: i.title for i in report.results.questionnaire.items}
    story: list[Flowable] = [PageBreak(), para("Evidence notes for the priorities", "h1")]
    for priority in report.results.priorities:
        by_partner = report.evidence.get(priority.signals.item, {})
        if by_partner:
            story.append(para(titles[priority.signals.item], "h2"))
            for partner, notes in by_partner.items():
                story.append(para(partner, "body"))
                story.extend(para("– " + note) for note in notes)
    return story


def method() -> list[Flowable]:
    return [
        PageBreak(),
        para("How the figures are calculated", "h1"),
        *[para(text) for text in METHOD],
    ]


def since_last(report: RoundReport) -> list[Flowable]:
    """Changes since the trust's previous round of the questionnaire, when there is one."""
    before, after = report.previous, report.results
    if before is None:
        return []
    found, different = compare_rounds(before, after)
    titles = {
        "overall": "Overall",
        **{f"phase-{p}": f"Phase {p}. {n}" for p, n in PHASES.items()},
        **{i.slug: i.title for i in after.questionnaire.items},
    }
    rows: list[list[Any]] = [["Figure", before.info.name, after.info.name, "Change", ""]]
    for c in found:
        delta = "–" if c.delta is None else f"{c.delta:+.1f}"
        rows.append(
            [
                para(titles[c.key], "cell"),
                one_decimal(c.before),
                one_decimal(c.after),
                delta,
                c.direction,
            ]
        )
    moved = priority_changes(
        [p.signals.item for p in before.priorities], [p.signals.item for p in after.priorities]
    )
    story: list[Flowable] = [
        para("Since the last round", "h1"),
        para(
            f"Compared with {before.info.name}. A change of 0.1 or more counts as improved "
            "or declined."
        ),
    ]
    if different:
        story.append(
            para(
                "The two rounds used different versions of the questionnaire: "
                "items are compared where both versions have them."
            )
        )
    story.append(table(rows, [80 * mm, 25 * mm, 25 * mm, 20 * mm, 30 * mm]))
    for label, key in (
        ("New priorities", "new"),
        ("Still priorities", "continuing"),
        ("No longer priorities", "resolved"),
    ):
        names = [titles.get(i, i) for i in moved[key]]
        story.append(para(f"{label}: {', '.join(names) if names else 'none'}."))
    return [*story, PageBreak()]
