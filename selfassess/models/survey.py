"""Database tables as typed SQLAlchemy models: constraints and indexes, no behaviour."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from selfassess import clock
from selfassess.domain.actions import ActionStatus
from selfassess.domain.statuses import ResponseStatus, RoundStatus
from selfassess.extensions import db

# The statuses, as stored (defined once, in the domain).
OPEN = RoundStatus.OPEN
CLOSED = RoundStatus.CLOSED
DRAFT = ResponseStatus.DRAFT
SUBMITTED = ResponseStatus.SUBMITTED


def utcnow() -> dt.datetime:
    """Timestamps are stored as naive UTC, the same on SQLite and PostgreSQL (from the
    app's clock, which tests can set)."""
    return clock.utcnow()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


advisor_trust = Table(
    "advisor_trust",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("trust_id", ForeignKey("trust.id", ondelete="CASCADE"), primary_key=True),
)


class QuestionnaireVersion(db.Model):  # type: ignore[name-defined]
    """A snapshot of one questionnaire file's content; rounds point at the version they use."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    snapshot: Mapped[str] = mapped_column(Text)
    is_current: Mapped[bool] = mapped_column(default=True)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # "shipped" (a file of the questionnaires folder, loaded by init-db) or "uploaded" by an
    # administrator: a shipped file never displaces an uploaded current version (§11).
    origin: Mapped[str] = mapped_column(String(10), default="shipped", server_default="shipped")


class Trust(db.Model):  # type: ignore[name-defined]
    """A Children's Trust area."""

    __tablename__ = "trust"

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Off when the trust's people all sign in with an identity provider (ASVS V6.1.3).
    passwords_allowed: Mapped[bool] = mapped_column(default=True, server_default=sa_true())

    partners: Mapped[list[Partner]] = relationship(back_populates="trust", order_by="Partner.name")


class Partner(db.Model):  # type: ignore[name-defined]
    """An organisation in a trust; ``removed_at`` hides it while keeping past answers."""

    __tablename__ = "partner"
    __table_args__ = (UniqueConstraint("trust_id", "name"),)

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trust.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    partner_type: Mapped[str] = mapped_column(String(40))
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    trust: Mapped[Trust] = relationship(back_populates="partners")


class User(db.Model):  # type: ignore[name-defined]
    """A person who signs in; trust and partner scope what they may see."""

    __tablename__ = "user"

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    trust_id: Mapped[int | None] = mapped_column(ForeignKey("trust.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"))
    all_trusts: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    # Throttling of browsers this person has not signed in from (ASVS V6.3.1): attempts are
    # counted atomically in SQL; at the limit such browsers wait, known browsers do not.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Changed whenever every session of the person is ended (the sessions themselves are
    # UserSession rows); a marker that all earlier sign-ins are void.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Two-factor sign-in: the TOTP key, set at enrolment and confirmed by a first code; the
    # last accepted time step, so that a code cannot be replayed within its window.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    totp_last_step: Mapped[int | None] = mapped_column()

    advised_trusts: Mapped[list[Trust]] = relationship(secondary=advisor_trust)


class Round(db.Model):  # type: ignore[name-defined]
    """An assessment round of one trust on one questionnaire version."""

    __tablename__ = "assessment_round"
    __table_args__ = (UniqueConstraint("trust_id", "name"),)

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trust.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    name: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # K: how many priorities the round's results lead with (docs/scoring.md §3), 3-10.
    focus_count: Mapped[int] = mapped_column(default=5, server_default="5")
    # Opened "starting from the last round's answers" (docs/scoring.md §10): that round.
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_round.id", ondelete="SET NULL")
    )

    trust: Mapped[Trust] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    targets: Mapped[list[Target]] = relationship(cascade="all, delete-orphan")


class Target(db.Model):  # type: ignore[name-defined]
    """The level a trust aims for on one item in one round (default 3 when absent)."""

    __tablename__ = "target"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_round.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[str] = mapped_column(String(60), primary_key=True)
    level: Mapped[int]


class Response(db.Model):  # type: ignore[name-defined]
    """One respondent's answers for one partner in one round; only submitted ones count."""

    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("round_id", "partner_id", "respondent"),
        Index("ix_response_round_status", "round_id", "status"),
    )

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("assessment_round.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"), index=True)
    respondent: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=DRAFT)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Why the trust lead last reopened it, shown to the respondent (kept after resubmitting).
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    reopened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Optimistic locking: a save based on a stale version is refused, never applied.
    revision: Mapped[int] = mapped_column(default=1)

    partner: Mapped[Partner] = relationship()
    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    notes: Mapped[list[ItemNote]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    __mapper_args__ = {"version_id_col": revision}


class Answer(db.Model):  # type: ignore[name-defined]
    """One statement's answer (1-4, dk, na) with its evidence note."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("response_id", "statement"),)

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    statement: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(String(2))
    evidence: Mapped[str | None] = mapped_column(Text)
    # Saved as carried from the last round and kept unchanged (docs/scoring.md §10).
    carried: Mapped[bool] = mapped_column(default=False, server_default=sa_false())


class ItemNote(db.Model):  # type: ignore[name-defined]
    """The evidence note a respondent writes for one item."""

    __tablename__ = "item_note"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[str] = mapped_column(String(60), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class Invitation(db.Model):  # type: ignore[name-defined]
    """A one-time link for a person to join with a role; only a hash of its token is kept."""

    __tablename__ = "invitation"

    pk: Mapped[int] = mapped_column("id", primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    trust_id: Mapped[int | None] = mapped_column(ForeignKey("trust.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"))
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    all_trusts: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class PriorityAction(db.Model):  # type: ignore[name-defined]
    """The action a trust agreed for one development priority of a round."""

    __tablename__ = "priority_action"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_round.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[str] = mapped_column(String(60), primary_key=True)
    action: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Stored by value ("in_progress") with a CHECK constraint: never a loose string.
    status: Mapped[ActionStatus] = mapped_column(
        Enum(
            ActionStatus,
            name="action_status",
            native_enum=False,
            create_constraint=True,
            length=20,
            values_callable=lambda kinds: [k.value for k in kinds],
        ),
        default=ActionStatus.NOT_STARTED,
        server_default=ActionStatus.NOT_STARTED.value,
    )


class Signoff(db.Model):  # type: ignore[name-defined]
    """The board's ratification of a round's self-assessment; until then outputs are draft."""

    __tablename__ = "signoff"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_round.id", ondelete="CASCADE"), primary_key=True
    )
    ratified_on: Mapped[dt.date] = mapped_column(Date)
    minute_reference: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
