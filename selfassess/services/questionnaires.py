"""Questionnaire files to stored versions, and the version a round uses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from selfassess.domain import Questionnaire, load_questionnaire
from selfassess.extensions import db
from selfassess.models import QuestionnaireVersion
from selfassess.services import NotFound


@dataclass(frozen=True)
class SyncResult:
    """What loading one file did."""

    slug: str
    version: str
    created: bool


def shipped_files(directory: Path) -> list[Path]:
    """The definition files in a directory, in name order."""
    return sorted(directory.glob("*.yaml"))


def sync(directory: Path) -> list[SyncResult]:
    """Load every file; a changed file becomes a new current version, old ones are kept.

    :raises QuestionnaireError: if any file is invalid (nothing is stored then).
    """
    loaded = [load_questionnaire(path) for path in shipped_files(directory)]
    results = [_store(q) for q in loaded]
    db.session.commit()
    return results


def _store(questionnaire: Questionnaire) -> SyncResult:
    rows = db.session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.slug == questionnaire.slug)
    ).all()
    existing = next((r for r in rows if r.version == questionnaire.version), None)
    for row in rows:
        row.is_current = row is existing
    if existing is None:
        db.session.add(
            QuestionnaireVersion(
                slug=questionnaire.slug,
                version=questionnaire.version,
                title=questionnaire.title,
                snapshot=json.dumps(questionnaire.to_dict(), ensure_ascii=False),
                is_current=True,
            )
        )
    return SyncResult(questionnaire.slug, questionnaire.version, existing is None)


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
