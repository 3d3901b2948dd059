"""The appendices of the board report, from a page headed "Appendix": every partner's item
scores, who took part, the method in full and the evidence notes (cut and de-duplicated)."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak

from selfassess.domain.organisation import PARTNER_TYPES
from selfassess.domain.report import RoundReport
from selfassess.domain.rounding import shown_text
from selfassess.report.pdf import labels as words
from selfassess.report.pdf import method as methods
from selfassess.report.pdf.style import para, table

SHADE = colors.HexColor("#fcd6c3")


def codes(report: RoundReport) -> dict[str, str]:
    """A short code per partner (P1, P2, …) so that names never squeeze into narrow columns."""
    return {p.name: f"P{n}" for n, p in enumerate(report.results.partners, start=1)}


def appendix(report: RoundReport) -> list[Flowable]:
    return [
        PageBreak(),
        para(words.APPENDIX, "h1"),
        *partner_table(report),
        *coverage(report),
        *method(report),
        *evidence(report),
    ]


def partner_table(report: RoundReport) -> list[Flowable]:
    """Item scores of every partner that submitted; rows with a spread of 1.0 or more shaded."""
    results = report.results
    code = codes(report)
    shown_partners = [p.name for p in results.partners if p.respondents_submitted]
    single = {p.name for p in results.partners if p.respondents_submitted == 1}
    heads = [code[p] + ("*" if p in single else "") for p in shown_partners]
    rows: list[list[Any]] = [["Item", *heads, "Spread"]]
    marks = []
    for row, item in enumerate(results.questionnaire.items, start=1):
        spread = words.spread(results, item.slug)
        rows.append(
            [
                str(item.title),
                *[shown_text(results.scores.partners[p].items[item.slug]) for p in shown_partners],
                shown_text(spread),
            ]
        )
        if spread is not None and spread >= 1.0:
            marks.append(("BACKGROUND", (0, row), (-1, row), SHADE))
    key = "; ".join(f"{code[p]} {p}" for p in shown_partners)
    if single:
        key += "; * the partner's figures rest on one respondent"
    silent = [p.name for p in results.partners if not p.respondents_submitted]
    return [
        para(words.PARTNER_TABLE, "h2"),
        para("Rows where partners differ by 1.0 level or more (as shown) are shaded. " + key + "."),
        *([para("No submitted response: " + ", ".join(silent) + ".")] if silent else []),
        table(rows, [48, *[11] * len(shown_partners), 16], marks),
    ]


def coverage(report: RoundReport) -> list[Flowable]:
    code = codes(report)
    rows: list[list[Any]] = [["Code", "Partner", "Type", "Respondents submitted"]]
    for p in report.results.partners:
        rows.append(
            [
                code[p.name],
                str(p.name),
                PARTNER_TYPES.get(p.partner_type, p.partner_type.replace("_", " ")),
                str(p.respondents_submitted),
            ]
        )
    return [
        para(words.COVERAGE, "h2"),
        para(words.coverage_sentence(report)),
        table(rows, [14, 86, 50, 30]),
    ]


def method(report: RoundReport) -> list[Flowable]:
    return [
        para(words.METHOD_FULL, "h2"),
        *[para(text) for text in methods.full(report.results.questionnaire.item_rated)],
    ]


def merged_notes(notes: tuple[str, ...]) -> list[tuple[str, int]]:
    """Notes with duplicates merged (same words, ignoring case and spacing), each with how
    many respondents wrote it, cut at NOTE_LIMIT characters."""
    seen: dict[str, list[Any]] = {}
    for note in notes:
        key = " ".join(note.split()).casefold()
        if key in seen:
            seen[key][1] += 1
        else:
            seen[key] = [note, 1]
    return [(words.clip(text, words.NOTE_LIMIT), count) for text, count in seen.values()]


def evidence(report: RoundReport) -> list[Flowable]:
    if not report.evidence:
        return []
    titles = {i.slug: i.title for i in report.results.questionnaire.items}
    story: list[Flowable] = [para(words.EVIDENCE, "h2"), para(words.FULL_NOTES)]
    for priority in report.results.priorities:
        by_partner = report.evidence.get(priority.signals.item, {})
        if not by_partner:
            continue
        story.append(para(f"{priority.rank}. {titles[priority.signals.item]}", "h3"))
        # A paragraph per partner, a line per note: few flowables, and a heading kept with
        # a short first block rather than with all the item's notes.
        for partner, notes in by_partner.items():
            lines = [
                f"– {partner}{f' ({count} respondents)' if count > 1 else ''}: {text}"
                for text, count in merged_notes(notes)
            ]
            story.append(para("\n".join(lines), "bullet"))
    return story
