"""The audit trail: recording security events and reading them back (ASVS V16.2, V16.3).

Events are rows of ``audit_event``, written in the caller's transaction when there is one
(a round closed and its audit row commit together) and committed on their own otherwise.
Administrators read them; the CLI reads them as the system.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from selfassess import policy
from selfassess.extensions import db
from selfassess.models.audit import AuditEvent
from selfassess.policy import Actor
from selfassess.services import Forbidden
from selfassess.services.transactions import begin_write

EVENTS = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "denied",
    "not_found",
    "export",
    "invitation_created",
    "invitation_accepted",
    "role_changed",
    "person_deactivated",
    "round_opened",
    "round_closed",
    "round_reopened",
    "closing_date_changed",
    "invitation_withdrawn",
    "response_reopened",
    "targets_changed",
    "signed_off",
    "validation_saved",
    "challenge_answered",
    "password_changed",
    "action_changed",
    "reminders_sent",
    "responses_imported",
)
PAGE_SIZE = 50
# The client address of the request being served, set by the web layer for each request
# (services never read the request themselves).
client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


@dataclass(frozen=True)
class AuditFilter:
    """What an administrator narrows the trail to; None means any."""

    event: str | None = None
    person: str | None = None  # part of an e-mail address
    trust_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def _clean(value: object, limit: int) -> str | None:
    """One line, bounded: a crafted value cannot forge rows or lines."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text[:limit]


def record(
    event: str,
    actor: Actor | None,
    target: object = None,
    detail: object = None,
    email: str | None = None,
    commit: bool = False,
) -> None:
    """Add an event to the session; ``commit`` when the caller has nothing else to commit."""
    if commit:
        begin_write()
    db.session.add(
        AuditEvent(
            event=event,
            user_id=actor.user_id if actor else None,
            user_email=_clean(actor.email if actor else email, 254),
            role=actor.role if actor else None,
            trust_id=actor.trust_id if actor else None,
            target=_clean(target, 200),
            ip=_clean(client_address.get(), 64),
            detail=_clean(detail, 500),
        )
    )
    if commit:
        db.session.commit()


def _query(filters: AuditFilter) -> Select[AuditEvent]:
    query = select(AuditEvent)
    if filters.event:
        query = query.where(AuditEvent.event == filters.event)
    if filters.person:
        query = query.where(AuditEvent.user_email.contains(filters.person.lower()))
    if filters.trust_id is not None:
        query = query.where(AuditEvent.trust_id == filters.trust_id)
    if filters.since:
        query = query.where(AuditEvent.at >= dt.datetime.combine(filters.since, dt.time()))
    if filters.until:
        end = dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time())
        query = query.where(AuditEvent.at < end)
    return query


def page_of(actor: Actor, filters: AuditFilter, page: int) -> tuple[list[AuditEvent], int]:
    """One page of events, newest first, and the number of pages (administrators only)."""
    if not policy.is_admin(actor):
        raise Forbidden("only administrators read the audit trail")
    query = _query(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    rows = db.session.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.pk.desc())
        .offset((min(max(page, 1), pages) - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    db.session.expunge_all()
    db.session.rollback()  # end the read before the page is rendered
    return list(rows), pages


def as_json(row: AuditEvent) -> dict[str, object]:
    """A row as the CLI prints it (one JSON object per line)."""
    return {
        "at": row.at.replace(tzinfo=dt.UTC).isoformat(),
        "event": row.event,
        "user": row.user_email,
        "user_id": row.user_id,
        "role": row.role,
        "trust": row.trust_id,
        "target": row.target,
        "ip": row.ip,
        "detail": row.detail,
    }


def export(actor: Actor, filters: AuditFilter) -> Iterator[dict[str, object]]:
    """Every matching event, oldest first (administrators and the system)."""
    if not policy.is_admin(actor):
        raise Forbidden("only administrators read the audit trail")
    for row in db.session.scalars(_query(filters).order_by(AuditEvent.at, AuditEvent.pk)):
        yield as_json(row)
