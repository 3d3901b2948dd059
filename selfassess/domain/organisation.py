"""Kinds of partner organisation and the roles people hold in the tool."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

PARTNER_TYPES: Final[dict[str, str]] = {
    "local_authority": "Local authority",
    "primary_care_trust": "Primary care trust",
    "other_nhs": "Other NHS body",
    "school_or_college": "School or college",
    "youth_justice": "Youth justice",
    "police": "Police",
    "third_sector": "Third sector",
    "private_provider": "Private provider",
    "other": "Other",
}


class Role(StrEnum):
    """The role a person holds; stored as its value, so comparisons with stored text hold."""

    ADMIN = "admin"
    ADVISOR = "advisor"
    LEAD = "lead"
    RESPONDENT = "respondent"
    BOARD = "board"


ADMIN: Final = Role.ADMIN
ADVISOR: Final = Role.ADVISOR
LEAD: Final = Role.LEAD
RESPONDENT: Final = Role.RESPONDENT
BOARD: Final = Role.BOARD
ROLES: Final[dict[str, str]] = {
    ADMIN: "Administrator",
    ADVISOR: "Commissioning Support Programme advisor",
    LEAD: "Trust lead",
    RESPONDENT: "Respondent",
    BOARD: "Board member",
}
