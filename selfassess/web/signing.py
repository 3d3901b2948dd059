"""Signed, timed tokens of the web layer (page proofs, device cookies, carried answers), each
with its own salt so that a token made for one purpose never passes for another."""

from __future__ import annotations

from flask import current_app
from itsdangerous import URLSafeTimedSerializer


def signer(salt: str) -> URLSafeTimedSerializer:
    """A serializer keyed by the app's secret key and ``salt``.

    :raises RuntimeError: when the app has no secret key (it refuses to start without one).
    """
    key = current_app.secret_key
    if not key:
        raise RuntimeError("SECRET_KEY is not set")
    return URLSafeTimedSerializer(key, salt=salt)
