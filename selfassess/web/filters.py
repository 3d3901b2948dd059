"""Template filters: how figures, dates and answers are shown on screen."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from selfassess.domain.organisation import BOARD, LEAD, PARTNER_TYPES, ROLES
from selfassess.domain.rounding import shown_text
from selfassess.domain.scale import LABELS
from selfassess.policy import areas

UK = ZoneInfo("Europe/London")


def score(value: float | None) -> str:
    """Screens show 1 decimal place, halves away from zero (2.25 is 2.3); undefined is "–"."""
    return shown_text(value)


def date(value: dt.date | dt.datetime | None) -> str:
    """A calendar date; a stored (naive UTC) moment is first put on a UK clock, so 23:30 UTC
    in British Summer Time shows as the next day."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = _uk(value)
    return f"{value.day} {value:%B %Y}"


def _uk(value: dt.datetime) -> dt.datetime:
    """A moment on a UK clock: naive values are stored UTC; aware ones are converted."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(UK)


def when(value: dt.datetime | None) -> str:
    """A stored (naive UTC) moment in UK time, as people in England read a clock."""
    if value is None:
        return "–"
    local = _uk(value)
    return f"{local.day} {local:%B %Y, %H:%M} UK time"


FILTERS = {
    "score": score,
    "date": date,
    "when": when,
    "answer_label": lambda value: LABELS.get(value, "–"),
    "partner_type": lambda value: PARTNER_TYPES.get(value, value),
    "role_name": lambda value: ROLES.get(value, value),
}


MENU_LABELS = {
    "assess.dashboard": "Your assessments",
    "home.index": "Trusts",
    "compare.choose": "Compare trusts",
    "admin.index": "Administration",
    "directory.index": "People",
    "audit.trail": "Audit trail",
    "catalogue.index": "Questionnaires",
}


def nav_links(person: object) -> list[tuple[str, str]]:
    """Navigation for the signed-in person: which areas is policy's rule (policy.areas),
    the words are here. Pages still check access themselves."""
    endpoints = areas(person)
    single_trust = getattr(person, "role", None) in (LEAD, BOARD)
    return [
        (e, "Home" if single_trust and e == "home.index" else MENU_LABELS[e]) for e in endpoints
    ]
