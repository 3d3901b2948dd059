"""Page proofs: tokens that show a questionnaire post came from that person's own page.

A proof is signed by the server, bound to the person and the response, issued when the page
is rendered and valid for 12 hours (a long questionnaire and a lunch break). The recovery
paths in :mod:`selfassess.web.stash` act on posted answers only when it holds (ASVS V3.5).
"""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

from selfassess.web.signing import signer

PROOF_SALT = "selfassess.page-proof"
PROOF_FIELD = "proof"
MAX_AGE = 12 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return signer(PROOF_SALT)


def issue_proof(user_id: int, response_id: int) -> str:
    """The page proof for a page of ``response_id`` rendered for ``user_id``."""
    return _serializer().dumps({"user": user_id, "response": response_id})


def proof_owner(token: object, response_id: int) -> int | None:
    """The person a valid, unexpired proof for ``response_id`` was issued to, else None."""
    if not isinstance(token, str) or not token:
        return None
    try:
        data: Any = _serializer().loads(token, max_age=MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("response") != response_id:
        return None
    owner = data.get("user")
    return owner if isinstance(owner, int) else None
