"""Password rules (ASVS V6.2, NIST SP 800-63B): length, and a strength estimate by zxcvbn.

The same check serves the web forms and the command line. There are no composition rules and
no expiry: length plus a refusal of common, repetitive and guessable passwords is what holds.
"""

from __future__ import annotations

import re
from typing import Any

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 256
# zxcvbn's 3: "safely unguessable: moderate protection from offline slow-hash scenario".
MIN_SCORE = 3
_PERSONAL = "Password must not be based on your name, email address or trust"
# zxcvbn refuses input longer than 72 characters (its work grows fast with length): only
# this prefix is estimated, and a prefix that strong makes the whole password strong.
_ESTIMATED = 72


def _context(name: str, email: str, trust: str) -> list[str]:
    """Words a guesser would try first for this person: their name, e-mail and trust."""
    words = [name, email, trust, *re.split(r"[\s@._+-]+", f"{name} {email} {trust}")]
    return [w.lower() for w in words if len(w) >= 3]


def _without(password: str, context: list[str]) -> str:
    """The password with the person's own words taken out: what a guesser still has to find."""
    rest = password.lower()
    for word in sorted(context, key=len, reverse=True):
        rest = rest.replace(word, "")
    return rest


def _reason(result: dict[str, Any]) -> str:
    """Why zxcvbn found the password weak, in plain English."""
    patterns = {m.get("pattern") for m in result.get("sequence", [])}
    names = {m.get("dictionary_name") for m in result.get("sequence", [])}
    if "user_inputs" in names:
        return _PERSONAL
    if "repeat" in patterns:
        return "Password must not be a repeated character or pattern, like aaaa or abcabc"
    if "sequence" in patterns or "spatial" in patterns:
        return "Password must not be a sequence or keyboard pattern, like 1234 or qwerty"
    if "date" in patterns:
        return "Password must not be mostly a date or year"
    if "dictionary" in patterns:
        return "Password is too common: use three or four unrelated words instead"
    return "Password is too easy to guess: use three or four unrelated words instead"


def problem(password: str, name: str = "", email: str = "", trust: str = "") -> str | None:
    """What is wrong with this password for this person, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    context = _context(name, email, trust)
    result = zxcvbn(password[:_ESTIMATED], user_inputs=context)
    if int(result["score"]) < MIN_SCORE:
        return _reason(result)
    # zxcvbn credits "Rita Richards 2024" for its length; without the name it is a year.
    rest = _without(password, context)
    if rest != password.lower() and (
        len(rest.strip()) < MIN_LENGTH // 2 or int(zxcvbn(rest[:_ESTIMATED])["score"]) < MIN_SCORE
    ):
        return _PERSONAL
    return None
