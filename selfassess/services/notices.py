"""The e-mails the account side sends: invitations, reset links, warnings. Each returns
whether it was really sent (see services/mail.py), so the screen can say so."""

from __future__ import annotations

from markupsafe import Markup

from selfassess.extensions import db
from selfassess.models import User
from selfassess.services.mail import send_mail

SIGN_OFF = "This message was sent by selfassess. Do not reply to it."


def _html(paragraphs: list[str], link: str | None = None) -> str:
    body = Markup("").join(Markup("<p>{}</p>\n").format(p) for p in paragraphs)
    if link:
        body += Markup('<p><a href="{0}">{0}</a></p>\n').format(link)
    body += Markup("<p><small>{}</small></p>").format(SIGN_OFF)
    return str(Markup('<!doctype html><html lang="en-GB"><body>\n{}</body></html>').format(body))


def _text(paragraphs: list[str], link: str | None = None) -> str:
    return "\n\n".join([*paragraphs, *([link] if link else []), SIGN_OFF]) + "\n"


def _send(to: str, subject: str, paragraphs: list[str], link: str | None = None) -> bool:
    return send_mail(to, subject, _text(paragraphs, link), _html(paragraphs, link))


def invitation(to: str, name: str, link: str) -> bool:
    """An invitation link (the hook INVITATION_SENDER of web/manage.py calls this)."""
    return _send(
        to,
        "Your invitation to selfassess",
        [
            f"Dear {name},",
            "You have been invited to the commissioning self-assessment. Open this link to "
            "choose your password. It works once and expires in 14 days.",
        ],
        link,
    )


def reset_link(to: str, name: str, link: str) -> bool:
    return _send(
        to,
        "Reset your selfassess password",
        [
            f"Dear {name},",
            "Someone (we hope you) asked to reset your password. Open this link within an "
            "hour to choose a new one. It works once. If you did not ask, ignore this "
            "message: your password stays as it is.",
        ],
        link,
    )


def guessing(to: str, name: str) -> bool:
    """Warn the person that their password is being guessed (ASVS V6.3.5)."""
    return _send(
        to,
        "Attempts to sign in to your selfassess account",
        [
            f"Dear {name},",
            "There have been repeated attempts to sign in to your account with a wrong "
            "password. Browsers you have signed in from before still work as usual; other "
            "sign-in attempts are being slowed down.",
            "If these were not you, no action is needed while your password is strong. If "
            "you think someone knows your password, change it from \u201cYour account\u201d.",
        ],
    )


def password_changed(to: str, name: str) -> bool:
    """Tell the person their password changed (ASVS V6.3.7: notify of changes to auth)."""
    return _send(
        to,
        "Your selfassess password was changed",
        [
            f"Dear {name},",
            "The password of your account was just changed, and other signed-in sessions "
            "were ended. If this was not you, ask your trust lead or administrator for a "
            "reset link at once.",
        ],
    )


def password_changed_for(user_id: str) -> bool:
    """The same notice, by account id (after a reset, where only the id is at hand)."""
    user = db.session.get(User, int(user_id))
    return password_changed(user.email, user.name) if user else False


def two_factor_reset(to: str) -> bool:
    """Tell the person an administrator removed their second factor (ASVS V6.3.7)."""
    return _send(
        to,
        "Your selfassess two-factor sign-in was reset",
        [
            "Hello,",
            "An administrator has reset the two-factor sign-in of your account, for example "
            "because you lost your phone. You will set it up again at your next sign-in. If "
            "you did not ask for this, tell your administrator at once.",
        ],
    )
