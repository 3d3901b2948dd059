"""The statuses a round and a response can be in, defined once for every layer.

They are ``StrEnum`` members, so the database column stores the plain value and a
comparison with the stored string holds; code compares with the members, never with
string literals.
"""

from __future__ import annotations

from enum import StrEnum


class RoundStatus(StrEnum):
    """A round's stored status (by the calendar a round may be closed while still stored
    ``open``: see :mod:`selfassess.domain.lifecycle`)."""

    OPEN = "open"
    CLOSED = "closed"


class ResponseStatus(StrEnum):
    """A response is a draft until its respondent submits it; only submitted ones count."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
