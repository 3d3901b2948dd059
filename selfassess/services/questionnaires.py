"""Questionnaire files to stored versions, and the version a round uses; administrators'
download of the current file and upload of a new version (never changing a stored one)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select

from selfassess.domain import (
    Questionnaire,
    QuestionnaireError,
    dump_questionnaire,
    load_questionnaire,
    parse_questionnaire,
)
from selfassess.extensions import db
from selfassess.models import QuestionnaireVersion, Round
from selfassess.policy import Actor, is_admin
from selfassess.services import Forbidden, Invalid, NotFound, audit
from selfassess.services.transactions import writes


@dataclass(frozen=True)
class SyncResult:
    """What loading one file did."""

    slug: str
    version: str
    created: bool
    current: bool = True


def shipped_files(directory: Path) -> list[Path]:
    """The definition files in a directory, in name order."""
    return sorted(directory.glob("*.yaml"))


@writes
def sync(directory: Path) -> list[SyncResult]:
    """Load every file; a changed file becomes a new current version, old ones are kept.

    :raises QuestionnaireError: if any file is invalid (nothing is stored then).
    """
    loaded = [load_questionnaire(path) for path in shipped_files(directory)]
    results = [_store(q) for q in loaded]
    db.session.commit()
    return results


SHIPPED, UPLOADED = "shipped", "uploaded"


def _store(questionnaire: Questionnaire, origin: str = SHIPPED) -> SyncResult:
    """Store a version (content already stored is the same version) and decide what is
    current (docs/scoring.md §11): an upload always becomes current; a shipped file only
    when no uploaded version is current, so an upload survives ``init-db``."""
    rows = db.session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.slug == questionnaire.slug)
    ).all()
    existing = next((r for r in rows if r.version == questionnaire.version), None)
    current = next((r for r in rows if r.is_current), None)
    takes_over = origin == UPLOADED or current is None or current.origin == SHIPPED
    if existing is None:
        existing = QuestionnaireVersion(
            slug=questionnaire.slug,
            version=questionnaire.version,
            title=questionnaire.title,
            snapshot=json.dumps(questionnaire.to_dict(), ensure_ascii=False),
            is_current=False,
            origin=origin,
        )
        db.session.add(existing)
        created = True
    else:
        created = False
        if origin == UPLOADED:
            existing.origin = UPLOADED
    if takes_over:
        for row in rows:
            row.is_current = False
        existing.is_current = True
    return SyncResult(questionnaire.slug, questionnaire.version, created, existing.is_current)


@dataclass(frozen=True)
class VersionRow:
    """A stored version of a questionnaire, for the administrators' list."""

    version_id: int
    slug: str
    version: str
    title: str
    origin: str
    loaded_at: dt.datetime
    is_current: bool
    rounds: int


def versions(actor: Actor) -> list[VersionRow]:
    """Every stored version of every questionnaire, newest first within each."""
    _require_admin(actor)
    used = dict(
        db.session.execute(
            select(Round.questionnaire_version_id, func.count()).group_by(
                Round.questionnaire_version_id
            )
        ).all()
    )
    rows = db.session.scalars(
        select(QuestionnaireVersion).order_by(
            QuestionnaireVersion.slug, QuestionnaireVersion.loaded_at.desc()
        )
    )
    return [
        VersionRow(
            r.pk, r.slug, r.version, r.title, r.origin, r.loaded_at, r.is_current, used.get(r.pk, 0)
        )
        for r in rows
    ]


@writes
def make_current(actor: Actor, version_id: int) -> str:
    """Make a stored version the one new rounds use (§11); returns its slug. Rounds already
    opened keep their version."""
    _require_admin(actor)
    chosen = db.session.get(QuestionnaireVersion, version_id)
    if chosen is None:
        raise NotFound(f"no questionnaire version {version_id}")
    for row in db.session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.slug == chosen.slug)
    ):
        row.is_current = row is chosen
    audit.record("questionnaire_made_current", actor, chosen.slug, chosen.version)
    db.session.commit()
    return chosen.slug


def current_version(slug: str) -> QuestionnaireVersion:
    """The current stored version of a questionnaire.

    :raises NotFound: when no version of ``slug`` is loaded.
    """
    row = db.session.scalars(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.slug == slug, QuestionnaireVersion.is_current
        )
    ).first()
    if row is None:
        raise NotFound(f"no questionnaire '{slug}' is loaded (run init-db)")
    return row


def current(slug: str) -> Questionnaire:
    """The current version of a questionnaire as a domain object."""
    return snapshot_of(current_version(slug))


def snapshot_of(row: QuestionnaireVersion) -> Questionnaire:
    """The domain questionnaire stored in a version row."""
    return parse_snapshot(row.snapshot)


@lru_cache(maxsize=64)
def parse_snapshot(snapshot: str) -> Questionnaire:
    """Snapshots never change once stored, so parsing each distinct one once is enough."""
    return Questionnaire.from_dict(json.loads(snapshot))


def list_current() -> list[Questionnaire]:
    """Every current questionnaire, by slug."""
    rows = db.session.scalars(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.is_current)
        .order_by(QuestionnaireVersion.slug)
    ).all()
    return [snapshot_of(r) for r in rows]


@lru_cache(maxsize=64)
def version_snapshot(version_id: int, version: str) -> Questionnaire:
    """A stored version by id, parsed once. ``version`` (the content hash) is part of the
    key, so a cached entry can never stand for different content."""
    row = db.session.get(QuestionnaireVersion, version_id)
    if row is None or row.version != version:
        raise NotFound(f"no questionnaire version {version_id}")
    return snapshot_of(row)


@dataclass(frozen=True)
class CatalogueRow:
    """One questionnaire as administrators see it: its current version and their use."""

    slug: str
    title: str
    version: str
    loaded_at: dt.datetime
    items: int
    statements: int
    versions: int
    rounds: int  # rounds of any version: those keep the version they were opened with


def _require_admin(actor: Actor) -> None:
    if not is_admin(actor):
        raise Forbidden("administrators only")


def catalogue(actor: Actor) -> list[CatalogueRow]:
    """Every questionnaire with its current version, how many versions and rounds it has."""
    _require_admin(actor)
    versions = dict(
        db.session.execute(
            select(QuestionnaireVersion.slug, func.count()).group_by(QuestionnaireVersion.slug)
        ).all()
    )
    rounds = dict(
        db.session.execute(
            select(QuestionnaireVersion.slug, func.count(Round.pk))
            .join(Round, Round.questionnaire_version_id == QuestionnaireVersion.pk)
            .group_by(QuestionnaireVersion.slug)
        ).all()
    )
    rows = db.session.scalars(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.is_current)
        .order_by(QuestionnaireVersion.slug)
    ).all()
    result = []
    for row in rows:
        content = snapshot_of(row)
        result.append(
            CatalogueRow(
                row.slug,
                row.title,
                row.version,
                row.loaded_at,
                len(content.items),
                sum(1 for _ in content.statements()),
                versions.get(row.slug, 0),
                rounds.get(row.slug, 0),
            )
        )
    return result


def definition_file(actor: Actor, slug: str) -> str:
    """The current version of ``slug`` as a definition file that loads as the same version."""
    _require_admin(actor)
    return dump_questionnaire(current(slug))


@writes
def upload(actor: Actor, data: bytes, filename: str) -> SyncResult:
    """Check an uploaded definition file and make it the current version of its
    questionnaire. Stored versions are never changed: different content is a new version,
    and rounds already opened keep theirs.

    :raises Invalid: listing every problem as ``file:line: message``; nothing is stored.
    """
    _require_admin(actor)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Invalid(
            f"{filename} is not UTF-8 text", [f"{filename}:{line}: the file is not UTF-8 text"]
        ) from exc
    try:
        questionnaire = parse_questionnaire(text, filename)
    except QuestionnaireError as exc:
        raise Invalid(
            f"{len(exc.errors)} problem(s) in {filename}; nothing was stored", exc.errors
        ) from exc
    result = _store(questionnaire, UPLOADED)
    audit.record("questionnaire_uploaded", actor, questionnaire.slug, questionnaire.version)
    db.session.commit()
    return result
