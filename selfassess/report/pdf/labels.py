"""Every label and sentence of the board report, in one place, with the figures it prints.

Figures go through :mod:`selfassess.domain.rounding` (half away from zero), and every derived
figure printed beside scores (gap, change, status against target) is computed from the shown
scores (docs/scoring.md §4), so no flag contradicts the numbers next to it.
"""

from __future__ import annotations

import datetime as dt

from selfassess.domain.likeforlike import like_for_like
from selfassess.domain.priorities import (
    BELOW_TARGET,
    DIVERGENCE,
    KNOWLEDGE_GAP,
    ItemSignals,
    Priority,
)
from selfassess.domain.report import RoundReport, StatusLine
from selfassess.domain.results import RoundResults
from selfassess.domain.rounding import percent_text, round_half_away, shown, shown_text
from selfassess.domain.validation import CHALLENGE, counts

TITLE = "Commissioning self-assessment"
AUTHOR = "selfassess"
SUMMARY = "Summary for the board"
ITEMS = "Scores by item"
PHASE_SCORES = "Scores by commissioning phase"
PRIORITIES = "Development priorities and agreed actions"
OTHERS = "Other items below target or in question"
SINCE = "Since the last round"
LAST_ACTIONS = "Actions from the last round"
CONFIRM = "Confirm and challenge"
AGREED = "The partnership's agreed levels"
VERSIONS_DIFFER = (
    "The two rounds used different versions of the questionnaire: items are compared where "
    "both versions have them."
)
METHOD_BRIEF = "How the figures are calculated, in brief"
APPENDIX = "Appendix"
PARTNER_TABLE = "A1. Scores of each partner by item"
COVERAGE = "A2. Who took part"
METHOD_FULL = "A3. How the figures are calculated"
EVIDENCE = "A4. Evidence notes for the priorities"
ASKED = "The board is asked to:"
NO_MARKS = (
    "Data quality: at least half of the partners submitted and no partner's figures rest "
    "on a single respondent."
)
NOTE_LIMIT = 600  # characters of an evidence note printed; the rest is online
FULL_NOTES = "Notes are cut at 600 characters: the full notes are in the online results."
UNTAGGED = (
    "This PDF is not tagged for screen readers (ReportLab cannot write a tagged PDF). "
    "The same results are online, accessible (WCAG 2.2 AA): "
)
ONLINE = "the results page of this round in selfassess"
REASON_WORDS = {
    BELOW_TARGET: "below target",
    DIVERGENCE: "partners disagree",
    KNOWLEDGE_GAP: "knowledge gap",
}
DIRECTIONS = {1: "improved", -1: "declined", 0: "unchanged"}


def subtitle(report: RoundReport) -> str:
    info = report.results.info
    return f"{info.trust} · {info.name} · {report.results.questionnaire.title}"


def status_words(report: RoundReport) -> list[str]:
    """The round's state, each part in full: draft or ratified, and provisional."""
    if report.signoff is None:
        words = ["DRAFT: not yet ratified by the board"]
    else:
        words = [
            f"Ratified by the board on {report.signoff.ratified_on:%d %B %Y} "
            f"(minute {report.signoff.minute_reference})"
        ]
    if report.provisional:
        words.append("PROVISIONAL: the round is still open")
    return words


def status_line(report: RoundReport) -> str:
    return " · ".join(status_words(report))


def status_short(report: RoundReport) -> str:
    """The state in the fewest words, for the footer (never cut off)."""
    words = ["DRAFT" if report.draft else "RATIFIED"]
    if report.provisional:
        words.append("PROVISIONAL")
    return " · ".join(words)


def change(before: float | None, after: float | None) -> tuple[str, str]:
    """Change between two figures as shown, and its direction (docs/scoring.md §6)."""
    if before is None or after is None:
        return "–", ""
    delta = round_half_away((shown(after) or 0.0) - (shown(before) or 0.0), 1)
    sign = (delta > 0) - (delta < 0)
    text = "0.0" if sign == 0 else f"{'+' if sign > 0 else '−'}{shown_text(abs(delta))}"
    return text, DIRECTIONS[sign]


def overall_sentence(report: RoundReport) -> str:
    results, previous = report.results, report.previous
    overall = results.scores.trust.overall
    text = f"Overall score: {shown_text(overall)} out of 4"
    if previous is None:
        return text + " (the first round: no earlier figure to compare)."
    before = previous.scores.trust.overall
    delta, direction = change(before, overall)
    if not direction:
        return text + f"; no comparable figure in {previous.info.name}."
    text += f", {direction} ({delta}) since {previous.info.name} ({shown_text(before)})"
    like = like_for_like(previous, results)
    if like is None:
        return text + "."
    # docs/scoring.md §6: the partners who answered changed, so say it and show the change
    # over the partners present both times.
    return text + f"; {like.beside('overall')} (the partners who answered changed)."


def status_text(line: StatusLine) -> str:
    """A section's or phase's status in the four words of docs/scoring.md §3, with its gap."""
    if line.gap is None or line.gap <= 0:
        return line.words
    return f"{line.words} by {shown_text(line.gap)}"


def coverage_sentence(report: RoundReport) -> str:
    c = report.coverage
    return (
        f"{c.partners_submitted} of {c.partners_total} partners and {c.respondents_submitted} "
        f"of {c.respondents_invited} invited respondents submitted. Only submitted responses count."
    )


def quality_marks(report: RoundReport, summary: bool = False) -> list[str]:
    """Data-quality marks (docs/scoring.md §5) in words; empty when there is none. In the
    summary, provisional and draft are left out: the status line says them."""
    marks = []
    if report.provisional and not summary:
        marks.append("Provisional: the round is still open, so the figures can change.")
    if report.draft and not summary:
        marks.append("Draft: the board has not ratified these results.")
    c = report.coverage
    if c.partners_total and 2 * c.partners_submitted < c.partners_total:
        marks.append(
            f"Low coverage: only {c.partners_submitted} of {c.partners_total} partners "
            "submitted, so trust figures may not represent the partnership."
        )
    single = [p.name for p in report.results.partners if p.respondents_submitted == 1]
    if single:
        marks.append("One respondent: the figures of " + ", ".join(single) + " rest on one person.")
    return marks


def reasons_short(priority: Priority) -> str:
    return ", ".join(REASON_WORDS[r] for r in priority.signals.reasons)


def gap(signals: ItemSignals) -> float | None:
    """Target minus the shown trust score (docs/scoring.md §3–§4)."""
    score = shown(signals.score)
    return None if score is None else round_half_away(signals.target - score, 1)


def spread(results: RoundResults, item: str) -> float | None:
    """Highest minus lowest shown partner score; needs two partners (docs/scoring.md §3)."""
    values = [
        value
        for value in (shown(f.items.get(item)) for f in results.scores.partners.values())
        if value is not None
    ]
    return round_half_away(max(values) - min(values), 1) if len(values) >= 2 else None


def figures_line(priority: Priority, results: RoundResults) -> str:
    s = priority.signals
    return (
        f"Score {shown_text(s.score)} · target {s.target} · gap {shown_text(gap(s))} · "
        f"spread {shown_text(spread(results, s.item))} · "
        f"don't know {percent_text(s.dont_know_rate)}"
    )


def due_text(due_on: dt.date | None) -> str:
    return f"{due_on:%d %b %Y}" if due_on else "no date"


def board_asks(report: RoundReport) -> list[str]:
    """What the board is asked to do, from the round's state."""
    asks = []
    if report.draft and report.provisional:
        asks.append("note that the results are provisional: ratify them once the round closes;")
    elif report.draft:
        asks.append("ratify the self-assessment as a true account of the partnership;")
    missing = sum(1 for p in report.focus if p.signals.item not in report.actions)
    if report.focus:
        asks.append(
            f"agree the actions, owners and dates for the {len(report.focus)} focus priorities"
            + (f" ({missing} still without an agreed action);" if missing else ";")
        )
    # "Challenged" is the advisor's word (confirm and challenge): these are items in question.
    asks.append("note the items that need attention: " + challenges(report) + ".")
    return asks


def challenges(report: RoundReport) -> str:
    signals = report.results.signals
    counts = [
        (sum(1 for s in signals if reason in s.reasons), words)
        for reason, words in (
            (BELOW_TARGET, "below target"),
            (DIVERGENCE, "where partners disagree by a level or more"),
            (KNOWLEDGE_GAP, "where many answers are Don't know"),
        )
    ]
    parts = [f"{n} of {len(signals)} items {words}" for n, words in counts if n]
    return "; ".join(parts) if parts else "no item is below target or in question"


def clip(text: str, limit: int) -> str:
    """``text`` cut at ``limit`` characters, at a space where there is one, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 4 // 5:  # a word boundary near the limit, else cut mid-word
        cut = cut[:space]
    return cut.rstrip() + "…"


def validation_sentence(report: RoundReport) -> str | None:
    """The summary's counts of advisor validation (docs/scoring.md §8), or None when no
    advisor has validated the round."""
    agreed, challenged = counts(report.validation.values())
    if not agreed and not challenged:
        return None
    answered = sum(1 for v in report.validation.values() if v.verdict == CHALLENGE and v.answer)
    return (
        f"Advisor validation (confirm and challenge): {agreed} item{'s' if agreed != 1 else ''} "
        f"agreed, {challenged} challenged ({answered} answered by the trust). "
        "The self-assessed scores stand as they are; the validated levels are shown beside them."
    )


def agreed_sentence(report: RoundReport) -> str | None:
    """The summary's count of agreed levels (docs/scoring.md §9) and the items where the
    agreed level is 1.0 or more from the computed score; None when none was recorded."""
    if not report.agreed:
        return None
    rows = report.agreed_rows()
    far = [r.title for r in rows if r.difference is not None and abs(r.difference) >= 1.0]
    text = (
        f"{len(report.agreed)} of {len(rows)} items have an agreed level, which the "
        "partnership agreed after rating"
    )
    if far:
        return text + f"; it differs from the computed score by 1.0 or more for {', '.join(far)}."
    return text + "; none differs from the computed score by 1.0 or more."


def signed(value: float | None) -> str:
    """A difference with its sign: "+0.2", "-1.1", "0.0"; undefined is "–"."""
    text = shown_text(value)
    return f"+{text}" if value is not None and value > 0 else text
