"""The pure core: questionnaire model, answer scale, scoring and priorities (no web, no DB)."""

from selfassess.domain.loader import (
    QuestionnaireError,
    dump_questionnaire,
    load_questionnaire,
    parse_questionnaire,
)
from selfassess.domain.priorities import (
    ItemSignals,
    Priority,
    assess_items,
    rank_priorities,
)
from selfassess.domain.questionnaire import (
    PHASES,
    Item,
    Questionnaire,
    Section,
    Statement,
)
from selfassess.domain.scoring import (
    AnswerRecord,
    Figures,
    RoundScores,
    StatementTally,
    score_round,
    tally_answers,
)

__all__ = [
    "PHASES",
    "AnswerRecord",
    "Figures",
    "Item",
    "ItemSignals",
    "Priority",
    "Questionnaire",
    "QuestionnaireError",
    "RoundScores",
    "Section",
    "Statement",
    "StatementTally",
    "assess_items",
    "dump_questionnaire",
    "load_questionnaire",
    "parse_questionnaire",
    "rank_priorities",
    "score_round",
    "tally_answers",
]
