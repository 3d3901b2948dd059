"""Is the database answering? One one-row query, for load balancers and monitoring."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from selfassess.extensions import db
from selfassess.services.transactions import release_session


def database_ok() -> bool:
    """True when a one-row query succeeds (no personal data is read)."""
    try:
        ok = db.session.execute(text("SELECT 1")).scalar() == 1
        db.session.rollback()
        return ok
    except DBAPIError:
        release_session()
        return False
