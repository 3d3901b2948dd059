"""The e-mails of a round's life: reminders to people who have not submitted, and the
notice to a respondent whose response the lead reopened (with the lead's reason). Each
returns whether it was queued for sending (services/mail.py), so the screen can say so."""

from __future__ import annotations

from markupsafe import Markup

from selfassess.domain import reminders as words
from selfassess.services.mail import send_mail

SIGN_OFF = "This message was sent by selfassess. Do not reply to it."


def _text(paragraphs: list[str], link: str) -> str:
    return "\n\n".join([*paragraphs, link, SIGN_OFF]) + "\n"


def _html(paragraphs: list[str], link: str) -> str:
    body = Markup("").join(Markup("<p>{}</p>\n").format(p) for p in paragraphs)
    body += Markup('<p><a href="{0}">{0}</a></p>\n').format(link)
    body += Markup("<p><small>{}</small></p>").format(SIGN_OFF)
    return str(Markup('<!doctype html><html lang="en-GB"><body>\n{}</body></html>').format(body))


def _send(
    to: str,
    subject: str,
    paragraphs: list[str],
    link: str,
    key: str | None = None,
    round_id: int | None = None,
) -> bool:
    text, html = _text(paragraphs, link), _html(paragraphs, link)
    return send_mail(to, subject, text, html, key=key, round_id=round_id)


def reminder_text(facts: words.ReminderFacts, link: str) -> tuple[str, str]:
    """Subject and plain text of a reminder, as the lead previews it."""
    return words.subject(facts), _text(words.paragraphs(facts), link)


def send_reminder(
    facts: words.ReminderFacts, link: str, key: str | None = None, round_id: int | None = None
) -> bool:
    """Queue a reminder (``key`` makes it once only; ``round_id`` lists a failure there)."""
    paragraphs = words.paragraphs(facts)
    return _send(facts.email, words.subject(facts), paragraphs, link, key, round_id)


def notify_reopened(email: str, name: str, round_name: str, reason: str, link: str) -> bool:
    """Tell a respondent their submitted response was reopened, and why (the lead's reason)."""
    return _send(
        email,
        f"Your response to {round_name} was reopened",
        [
            f"Dear {name},",
            f"Your trust lead has reopened your submitted response to \u201c{round_name}\u201d "
            "so that it can be corrected. Their reason:",
            reason,
            "Your answers are kept. Sign in at the link below, make the changes and submit "
            "the response again.",
        ],
        link,
    )


def send_notice(
    to: str, subject: str, paragraphs: list[str], link: str, key: str, round_id: int
) -> bool:
    """Any other message about a round (e.g. an overdue action), queued once by ``key``."""
    return _send(to, subject, paragraphs, link, key=key, round_id=round_id)
