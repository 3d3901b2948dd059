"""Links that leave the site (invitations, e-mails): built from the configured base URL.

Never from the request's Host header, which a client chooses: ``Host: evil.example`` would
otherwise put the attacker's site into an invitation (ASVS V3.5, host header injection).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def external_url(endpoint: str, **values: Any) -> str:
    """``SELFASSESS_BASE_URL`` followed by the endpoint's path."""
    base = str(current_app.config["BASE_URL"]).rstrip("/")
    return base + url_for(endpoint, **values)
