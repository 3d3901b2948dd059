"""What a reminder says, and which rounds are due one: pure rules and words, so that the
preview a lead reads is exactly the message the respondent gets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

# Rounds closing this many days after today (UK date) are reminded by `send-reminders --due`.
DUE_DAYS: Final = (7, 2)


@dataclass(frozen=True)
class ReminderFacts:
    """Everything one reminder names: the person, where they answer, how far they are."""

    name: str
    email: str
    trust: str
    round_name: str
    partner: str
    closes_on: dt.date | None
    answered: int
    total: int
    invited: bool  # an invitation not yet accepted: no account yet

    @property
    def progress(self) -> str:
        return f"{self.answered} of {self.total} answered"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def subject(facts: ReminderFacts) -> str:
    closing = f", closes {long_date(facts.closes_on)}" if facts.closes_on else ""
    return f"Reminder: {facts.trust} self-assessment, {facts.round_name}{closing}"


def paragraphs(facts: ReminderFacts) -> list[str]:
    """The message body, one string per paragraph (the link follows them)."""
    closing = (
        f"The round closes at the end of {long_date(facts.closes_on)} (UK time)."
        if facts.closes_on
        else "The round has no closing date yet, but your trust lead is waiting for answers."
    )
    words = [
        f"Dear {facts.name},",
        f"This is a reminder from {facts.trust}: the self-assessment round "
        f"\u201c{facts.round_name}\u201d for {facts.partner} is waiting for your answers. "
        + closing,
        f"Your progress so far: {facts.progress}.",
    ]
    if facts.invited:
        words.append(
            "You have not accepted your invitation yet: open the invitation link we e-mailed "
            "you to choose your password (ask your trust lead for a new one if it has "
            "expired), then sign in at the link below."
        )
    else:
        words.append("Sign in at the link below to carry on where you left off.")
    return words


def due(closes_on: dt.date | None, today: dt.date) -> bool:
    """Whether a round closing on ``closes_on`` is due a reminder on ``today`` (UK dates)."""
    return closes_on is not None and (closes_on - today).days in DUE_DAYS
