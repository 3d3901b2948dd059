"""The scoring method in plain words, as printed on the methodology page of every report."""

from __future__ import annotations

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
    "Development priorities. The target of an item is set by the trust lead (3 Established "
    "unless changed). The gap is the target minus the trust item score. The divergence is "
    "the highest minus the lowest partner item score (needs two partners). The don't-know "
    "rate is the share of Don't know among all level and Don't know answers to the item's "
    "statements. An item is a priority when the gap is above 0 (below target), the "
    "divergence is 1.0 or more (partners disagree), or the don't-know rate is 30% or more "
    "(knowledge gap). Priorities are ranked by gap, then divergence, then don't-know rate "
    "(largest first), then questionnaire order.",
    "Figures here show 1 decimal place. The JSON and CSV exports carry 4 decimal places, so "
    "every figure can be recomputed by hand from the exported answers.",
)
