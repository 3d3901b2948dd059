"""The answer scale: levels 1-4, don't know and not applicable, with labels and descriptors."""

from __future__ import annotations

from typing import Final

LEVELS: Final = (1, 2, 3, 4)
DONT_KNOW: Final = "dk"
NOT_APPLICABLE: Final = "na"
VALUES: Final = ("1", "2", "3", "4", DONT_KNOW, NOT_APPLICABLE)

LABELS: Final[dict[str, str]] = {
    "1": "Not yet in place",
    "2": "Developing",
    "3": "Established",
    "4": "Exemplary",
    DONT_KNOW: "Don't know",
    NOT_APPLICABLE: "Not applicable",
}

# One line per level; an item may specialise any of them in its definition file.
DESCRIPTORS: Final[dict[int, str]] = {
    1: "Nothing agreed or working yet, or only in isolated pockets.",
    2: "Work has started and is agreed in principle, but is patchy or new.",
    3: "Agreed, in routine use across partners and checked from time to time.",
    4: "Embedded, reviewed against outcomes and improved; others learn from it.",
}

DEFAULT_TARGET: Final = 3


class InvalidAnswer(ValueError):
    """Raised for a value that is not on the scale."""


def parse_answer(text: str) -> str:
    """Return the canonical answer value for ``text`` (``' DK '`` gives ``'dk'``).

    :raises InvalidAnswer: when the text is not one of 1, 2, 3, 4, dk, na.
    """
    value = text.strip().lower()
    if value not in VALUES:
        allowed = " ".join(VALUES)
        raise InvalidAnswer(f"answer {text!r} is not one of {allowed}")
    return value


def level_of(value: str) -> int | None:
    """The level an answer counts as, or None for don't know and not applicable."""
    return int(value) if value in ("1", "2", "3", "4") else None
