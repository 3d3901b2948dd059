"""The scoring method in plain words (docs/scoring.md, version 3): in brief for the body of
the board report, in full for its appendix; item-rated rounds say how they were answered."""

from __future__ import annotations

METHOD_BRIEF = (
    "Each partner's respondents rate every statement from 1 (Not yet in place) to 4 "
    "(Exemplary); Don't know and Not applicable give no level. Only submitted responses "
    "count. A partner's item score is the average of its statement scores; the trust's score "
    "is the average of its partners' scores, each partner weighing the same.",
    "Scores are shown to 1 decimal place, rounded half away from zero as spreadsheets do "
    "(2.25 shows as 2.3). Gaps, spreads and changes are worked out from the shown scores, so "
    "they always agree with the figures beside them.",
    "An item is a development priority when the trust scores below its target, partners' "
    "scores differ by 1.0 or more, or 30% or more of answers are Don't know. The first "
    "priorities in rank order, as many as the trust lead chose, are the focus priorities. "
    "The method in full is in the appendix.",
)

METHOD = (
    "Every statement is answered with a level from 1 to 4 (1 Not yet in place, 2 Developing, "
    "3 Established, 4 Exemplary), Don't know, or Not applicable. Only submitted responses "
    "count; drafts never do.",
    "1. For each partner and statement, the levels given by the partner's respondents are "
    "averaged (respondents of one partner are pooled). Don't know and Not applicable give "
    "no level and are left out.",
    "2. A partner's item score is the average of its statement scores for that item.",
    "3. A partner's section score is the average of its item scores in the section.",
    "4. A partner's phase score is the average of its item scores for the items that belong "
    "to the phase (1 needs assessment and strategic planning, 2 shaping and managing the "
    "market, 3 improving performance, monitoring and evaluating).",
    "5. A partner's overall score is the average of all its item scores; items weigh equally.",
    "6. Every trust figure (item, section, phase, overall) is the average over partners of "
    "the same partner figure: each partner weighs the same, however many people answered.",
    "An average skips figures that cannot be computed; an average of nothing is shown as "
    "'–' and exported as null.",
    "Rounding. Scores are shown to 1 decimal place and Don't know rates as whole "
    "percentages, always rounding halves away from zero, as a spreadsheet's ROUND does "
    "(2.25 shows as 2.3, 2.35 as 2.4). Every figure shown beside scores is worked out from "
    "the shown scores: gap, spread and change since the last round.",
    "Development priorities. The target of an item is set by the trust lead (3 Established "
    "unless changed). The gap is the target minus the shown trust item score. The spread "
    "(divergence) is the highest minus the lowest shown partner item score (needs two "
    "partners). The don't-know rate is the share of Don't know among all level and Don't "
    "know answers to the item's statements. An item is a priority when the gap is above 0 "
    "(below target), the spread is 1.0 or more (partners disagree), or the don't-know rate "
    "is 30% or more (knowledge gap). Priorities are ranked by gap, then spread, then "
    "don't-know rate (largest first), then questionnaire order. The first K of them, K set "
    "by the trust lead from 3 to 10 (5 unless changed), are the focus priorities; the others "
    "are listed after them with the same figures.",
    "The target of a section or phase is the average of its items' targets, to 1 decimal "
    "place; its status is At or above target (gap 0 or less), Below target (gap under 1.0), "
    "Well below target (gap 1.0 or more) or No score yet. A change between rounds is the "
    "later shown figure minus the earlier one: +0.1 or more is improved, −0.1 or less "
    "declined, 0.0 unchanged.",
    "Careful marks. Figures are provisional while the round is open and draft until the "
    "board ratifies them. Low coverage means fewer than half of the round's partners "
    "submitted; one respondent means a partner's figures rest on a single person.",
    "Figures here show 1 decimal place. The JSON and CSV exports carry 4 decimal places, so "
    "every figure can be recomputed by hand from the exported answers.",
)

# Item-rated rounds (docs/scoring.md §1, §2.2): the first paragraphs say so.
ITEM_RATED_BRIEF = (
    "Each partner's respondents rate every item once, choosing which of its own four levels "
    "describes the partnership (1 Not yet in place to 4 Exemplary); Don't know and Not "
    "applicable give no level. Only submitted responses count. A partner's item score is the "
    "average of its respondents' levels; the trust's score is the average of its partners' "
    "scores, each partner weighing the same.",
    *METHOD_BRIEF[1:],
)
ITEM_RATED = (
    "Every item is answered once with one of its own four levels (1 Not yet in place, 2 "
    "Developing, 3 Established, 4 Exemplary), Don't know, or Not applicable; its statements "
    "are prompts of what to look for, not answered. Only submitted responses count.",
    "1-2. For each partner and item, the levels given by the partner's respondents are "
    "averaged (respondents of one partner are pooled): that is the partner's item score. "
    "Don't know and Not applicable give no level and are left out.",
    *METHOD[3:],
)


def brief(item_rated: bool) -> tuple[str, ...]:
    """The method in brief for a round answered item by item or statement by statement."""
    return ITEM_RATED_BRIEF if item_rated else METHOD_BRIEF


def full(item_rated: bool) -> tuple[str, ...]:
    """The method in full, for the appendix."""
    return ITEM_RATED if item_rated else METHOD
