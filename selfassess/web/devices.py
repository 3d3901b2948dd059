"""The "device cookie" (OWASP, ASVS V6.3.1): a signed list of nonces, one per account that
has signed in from this browser. services/throttle.py counts attempts from such a browser
apart from everyone else's, so an attacker's failures never block the owner here."""

from __future__ import annotations

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from selfassess.services import throttle
from selfassess.web.signing import signer

SALT = "selfassess.device"
MAX_AGE = 180 * 24 * 3600
KEPT = 5  # accounts remembered per browser (a shared office computer)


def _name() -> str:
    return "__Host-device" if current_app.config["HTTPS"] else "device"


def _serializer() -> URLSafeTimedSerializer:
    return signer(SALT)


def nonces() -> list[str]:
    """The nonces this browser holds (none when the cookie is missing, old or forged)."""
    raw = request.cookies.get(_name())
    if not raw:
        return []
    try:
        value = _serializer().loads(raw, max_age=MAX_AGE)
    except BadSignature:
        return []
    return [str(n) for n in value][:KEPT] if isinstance(value, list) else []


def remember(response: Response, user_id: int) -> None:
    """Make this browser known for the person who has just signed in."""
    nonce = throttle.remember_device(user_id)
    kept = [nonce, *nonces()][:KEPT]
    response.set_cookie(
        _name(),
        _serializer().dumps(kept),
        max_age=MAX_AGE,
        path="/",
        secure=current_app.config["HTTPS"],
        httponly=True,
        samesite="Lax",
    )
