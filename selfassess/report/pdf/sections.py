"""The main body of the board report: charts with their tables, priorities with reasons,
since the last round and the method in brief. Each function returns platypus flowables."""

from __future__ import annotations

import io
import struct
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak

from selfassess.domain.compare import compare_rounds, priority_changes
from selfassess.domain.likeforlike import LikeForLike, like_for_like
from selfassess.domain.priorities import Priority
from selfassess.domain.questionnaire import PHASES
from selfassess.domain.report import RoundReport, explain
from selfassess.domain.rounding import percent_text, shown_text
from selfassess.domain.validation import challenged
from selfassess.report.pdf import labels as words
from selfassess.report.pdf import method
from selfassess.report.pdf.style import para, table

CHART_DPI = 200  # charts.py draws PNGs at this resolution


def chart(png: bytes) -> Image:
    """A chart printed at the size it was drawn, so its text prints at its point size."""
    width, height = struct.unpack(">II", png[16:24])  # the PNG's IHDR chunk
    return Image(io.BytesIO(png), width=width / CHART_DPI * inch, height=height / CHART_DPI * inch)


def items(report: RoundReport, radar_png: bytes) -> list[Flowable]:
    results = report.results
    signals = {s.item: s for s in results.signals}
    rows: list[list[Any]] = [["Item", "Trust", "Target", "Gap", "Spread", "Don't know"]]
    for number, item in enumerate(results.questionnaire.items, start=1):
        s = signals[item.slug]
        rows.append(
            [
                f"{number}. {item.title}",
                shown_text(s.score),
                str(s.target),
                shown_text(words.gap(s)),
                shown_text(words.spread(results, s.item)),
                percent_text(s.dont_know_rate),
            ]
        )
    return [
        para(words.ITEMS, "h1"),
        para(
            "The trust's score for each item (the average of the partners' scores) against its "
            "target; the chart's axes are numbered as the items in the table. The spread is the "
            "highest minus the lowest partner score."
        ),
        chart(radar_png),
        table(rows, [100, 16, 16, 16, 16, 16]),
        PageBreak(),
    ]


def phases(report: RoundReport, phase_png: bytes) -> list[Flowable]:
    results = report.results
    rows: list[list[Any]] = [["Phase", "Trust", "Target", "Lowest partner", "Highest partner"]]
    targets = {line.key: line.target for line in report.status_lines() if line.kind == "phase"}
    for phase, name in PHASES.items():
        scored = {
            partner: figures.phases[phase]
            for partner, figures in results.scores.partners.items()
            if figures.phases[phase] is not None
        }
        low = min(scored, key=lambda p: (scored[p], p)) if scored else None
        high = max(scored, key=lambda p: (scored[p], p)) if scored else None
        rows.append(
            [
                f"{phase}. {name}",
                shown_text(results.scores.trust.phases[phase]),
                shown_text(targets[str(phase)]),
                str(f"{low} {shown_text(scored[low])}" if low else "–"),
                str(f"{high} {shown_text(scored[high])}" if high else "–"),
            ]
        )
    return [
        para(words.PHASE_SCORES, "h1"),
        para(
            "Bars show the trust score from 1 to 4; each partner that submitted is a marker; "
            "the dashed line is the target. Partner scores by item are in the appendix."
        ),
        chart(phase_png),
        table(rows, [60, 15, 17, 44, 44]),
    ]


def priorities(report: RoundReport) -> list[Flowable]:
    """Focus priorities in full (reasons, figures, agreed action), then the others briefly."""
    results = report.results
    titles = {i.slug: i.title for i in results.questionnaire.items}
    story: list[Flowable] = [para(words.PRIORITIES, "h1")]
    for priority in report.focus:
        story.append(KeepTogether(_focus_block(report, priority, titles[priority.signals.item])))
    if not results.priorities:
        story.append(para("No item is a development priority in this round."))
    if report.others:
        rows: list[list[Any]] = [["Rank", "Item", "Why", "Score", "Gap", "Spread", "Don't know"]]
        for p in report.others:
            s = p.signals
            rows.append(
                [
                    str(p.rank),
                    str(titles[s.item]),
                    str(words.reasons_short(p)),
                    shown_text(s.score),
                    shown_text(words.gap(s)),
                    shown_text(words.spread(results, s.item)),
                    percent_text(s.dont_know_rate),
                ]
            )
        story += [para(words.OTHERS, "h2"), table(rows, [14, 66, 36, 15, 13, 17, 19])]
    return story


def last_actions(report: RoundReport) -> list[Flowable]:
    """The previous round's agreed actions: status beside the change in the item's score."""
    if not report.last_actions or report.previous is None:
        return []
    rows: list[list[Any]] = [["Item and action", "Owner", "Status", "Then", "Now", "Change"]]
    for f in report.last_actions:
        rows.append(
            [
                f"{f.title}: {words.clip(f.action, 300)}",
                f"{f.owner or '–'}, {words.due_text(f.due_on)}",
                f.status.words,
                shown_text(f.before),
                shown_text(f.after),
                words.change(f.before, f.after)[0],
            ]
        )
    return [
        para(words.LAST_ACTIONS, "h1"),
        para(f"Agreed in {report.previous.info.name}; scores are the trust's item scores."),
        table(rows, [78, 28, 20, 12, 12, 26]),
    ]


def _focus_block(report: RoundReport, priority: Priority, title: str) -> list[Flowable]:
    action = report.actions.get(priority.signals.item)
    block = [
        para(f"{priority.rank}. {title}", "h2"),
        para(words.figures_line(priority, report.results)),
        *[para(line, "bullet", "•") for line in explain(priority, report.results)],
    ]
    if action:
        block.append(para(f"Agreed action: {action.action}"))
        block.append(
            para(
                f"Owner: {action.owner or '–'} · due {words.due_text(action.due_on)}"
                f" · {action.status.words}"
            )
        )
    else:
        block.append(para("Agreed action: not yet recorded."))
    return block


def _like_note(like: LikeForLike | None) -> list[Flowable]:
    if like is None:
        return []
    return [
        para(
            "The partners who answered changed between the rounds: the last column is "
            f"the change over the {len(like.partners)} partners who answered both times "
            f"({', '.join(like.partners)})."
        )
    ]


def since_last(report: RoundReport) -> list[Flowable]:
    """Changes since the trust's previous round of the questionnaire, when there is one.
    Round names go in the sentence above the table, never in its narrow columns."""
    before, after = report.previous, report.results
    if before is None:
        return []
    found, different = compare_rounds(before, after)
    titles = {
        "overall": "Overall",
        **{f"phase-{p}": f"Phase {p}. {n}" for p, n in PHASES.items()},
        **{i.slug: i.title for i in after.questionnaire.items},
    }
    like = like_for_like(before, after)
    rows: list[list[Any]] = [["Figure", "Last round", "This round", "Change", "Direction"]]
    if like is not None:
        rows[0].append("Like for like")
    for c in found:
        delta, direction = words.change(c.before, c.after)
        row = [str(titles[c.key]), shown_text(c.before), shown_text(c.after), delta, direction]
        if like is not None:
            same = like.changes.get(c.key)
            row.append(same.delta_text if same is not None else "–")
        rows.append(row)
    moved = priority_changes(
        [p.signals.item for p in before.priorities], [p.signals.item for p in after.priorities]
    )
    story: list[Flowable] = [
        para(words.SINCE, "h1"),
        para(
            f"Last round: {before.info.name}. This round: {after.info.name}. A change of 0.1 "
            "or more between the shown scores counts as improved or declined."
        ),
    ]
    if different:
        story.append(para(words.VERSIONS_DIFFER))
    story += _like_note(like)
    widths = [96, 21, 21, 20, 22] if like is None else [76, 20, 20, 18, 22, 24]
    story.append(table(rows, widths))
    for label, key in (
        ("New priorities", "new"),
        ("Still priorities", "continuing"),
        ("No longer priorities", "resolved"),
    ):
        names = [titles.get(i, i) for i in moved[key]]
        story.append(para(f"{label}: {', '.join(names) if names else 'none'}."))
    return story


def validation(report: RoundReport) -> list[Flowable]:
    """Confirm and challenge (docs/scoring.md §8): the counts, then every challenge beside
    the self-assessed score, with the trust's answer."""
    story: list[Flowable] = [para(words.CONFIRM, "h1")]
    sentence = words.validation_sentence(report)
    if sentence is None:
        return [*story, para("No advisor has validated this round.")]
    story.append(para(sentence))
    rows: list[list[Any]] = [
        ["Challenged item", "Self-assessed", "Validated", "Difference", "Challenge", "Answer"]
    ]
    for v in challenged(report.results, report.validation):
        rows.append(
            [
                v.title,
                shown_text(v.self_assessed),
                str(v.validation.level),
                words.signed(v.difference),
                words.clip(f"{v.validation.note} ({v.validation.advisor})", words.NOTE_LIMIT),
                words.clip(v.validation.answer or "Not yet answered", words.NOTE_LIMIT),
            ]
        )
    if len(rows) == 1:
        return [*story, para("No item was challenged.")]
    return [*story, table(rows, [34, 18, 16, 17, 48, 47])]


def method_brief(report: RoundReport) -> list[Flowable]:
    return [
        para(words.METHOD_BRIEF, "h1"),
        *[para(text) for text in method.brief(report.results.questionnaire.item_rated)],
    ]


def agreed(report: RoundReport) -> list[Flowable]:
    """The partnership's agreed levels (docs/scoring.md §9) beside the computed and the
    validated levels; nothing when none was recorded."""
    sentence = words.agreed_sentence(report)
    if sentence is None:
        return []
    rows: list[list[Any]] = [["Item", "Computed", "Agreed", "Difference", "Validated", "Why"]]
    for row in report.agreed_rows():
        if row.agreed is not None:
            rows.append(
                [
                    row.title,
                    shown_text(row.score),
                    str(row.agreed.level),
                    words.signed(row.difference),
                    str(row.validated or "–"),
                    words.clip(row.agreed.rationale, words.NOTE_LIMIT),
                ]
            )
    return [para(words.AGREED, "h1"), para(sentence), table(rows, [40, 18, 16, 18, 17, 71])]
