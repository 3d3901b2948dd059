"""The tables, one module per area; importing the package registers every table.

The survey tables (trusts, partners, rounds, responses, answers) are re-exported here, as
most code needs them; the other areas are imported from their own modules.
"""

from selfassess.models import accounts as accounts
from selfassess.models import agreement as agreement
from selfassess.models import audit as audit
from selfassess.models import followup as followup
from selfassess.models import identity as identity
from selfassess.models import outbox as outbox
from selfassess.models import ratelimits as ratelimits
from selfassess.models import validation as validation
from selfassess.models.survey import (
    CLOSED,
    DRAFT,
    OPEN,
    SUBMITTED,
    Answer,
    Invitation,
    ItemNote,
    Partner,
    PriorityAction,
    QuestionnaireVersion,
    Response,
    Round,
    Signoff,
    Target,
    Trust,
    User,
    advisor_trust,
    new_session_token,
    utcnow,
)

__all__ = [
    "CLOSED",
    "DRAFT",
    "OPEN",
    "SUBMITTED",
    "Answer",
    "Invitation",
    "ItemNote",
    "Partner",
    "PriorityAction",
    "QuestionnaireVersion",
    "Response",
    "Round",
    "Signoff",
    "Target",
    "Trust",
    "User",
    "accounts",
    "advisor_trust",
    "audit",
    "followup",
    "new_session_token",
    "utcnow",
    "validation",
]
