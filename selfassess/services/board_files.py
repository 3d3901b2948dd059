"""Board PDFs drawn once per change, not once per reader.

A round's PDF is stored (services/filestore.py) in two variants: ``full`` (with evidence
notes) for people who may read answers, ``summary`` for the other result readers (advisors).
Any flush that changes what the report shows (a response submitted or reopened, actions,
sign-off, validation, targets, the round itself) marks the round's stored files stale in
that same transaction and defers the job ``board_pdf``, so a rolled-back change neither
marks nor queues. The job draws only if the report's fingerprint changed, and records its
file only if no further change came while it drew (the ``generation`` check).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from selfassess import clock
from selfassess.extensions import db
from selfassess.models import PriorityAction, Response, Round, Signoff, Target, utcnow
from selfassess.models.followup import ActionNote
from selfassess.models.outbox import BoardFile
from selfassess.models.validation import Validation
from selfassess.policy import SYSTEM, Actor, can_read_evidence, can_read_results, is_admin
from selfassess.report import board
from selfassess.services import Forbidden, NotFound, reports
from selfassess.services.deferred import defer, defer_on
from selfassess.services.filestore import store
from selfassess.services.transactions import reads, writes

FULL, SUMMARY = "full", "summary"
VARIANTS = (FULL, SUMMARY)
# What a change to any of these rows can alter in the report (keyed by their round id).
WATCHED = (PriorityAction, Signoff, Target, ActionNote, Validation)


@dataclass(frozen=True)
class StoredPdf:
    """A reader's variant of the round's PDF: the file, if one was made, and whether a new
    one is being made."""

    round_id: int
    variant: str
    stored_key: str | None
    etag: str | None
    built_at: dt.datetime | None
    stale: bool

    @property
    def ready(self) -> bool:
        return self.stored_key is not None and not self.stale


def variant_for(actor: Actor, trust_id: int) -> str:
    return FULL if can_read_evidence(actor, trust_id) else SUMMARY


@reads
def current(actor: Actor, round_id: int) -> StoredPdf | None:
    """The reader's variant as stored (None if never asked for).

    :raises NotFound: no such round, or the person may not read its results.
    """
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can_read_results(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    variant = variant_for(actor, round_.trust_id)
    row = db.session.get(BoardFile, (round_id, variant))
    if row is None:
        return None
    return StoredPdf(round_id, variant, row.stored_key, row.etag, row.built_at, row.stale)


@writes
def request(actor: Actor, round_id: int) -> None:
    """Ask for the reader's variant to be made (on demand): queued after the commit."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can_read_results(actor, round_.trust_id):
        raise NotFound(f"no round {round_id}")
    variant = variant_for(actor, round_.trust_id)
    row = db.session.get(BoardFile, (round_id, variant))
    if row is None:
        db.session.add(BoardFile(round_id=round_id, variant=variant, stale=True, generation=0))
    defer("board_pdf", round_id, variant)
    db.session.commit()


def read(pdf: StoredPdf) -> bytes | None:
    """The stored file's bytes (None if it went missing from the store)."""
    return store().get(pdf.stored_key) if pdf.stored_key else None


def build_stale(actor: Actor, round_id: int, variant: str | None, online_url: str) -> int:
    """Rebuild the round's stale variants (and ``variant``); how many PDFs were drawn."""
    if not is_admin(actor):
        raise Forbidden("only the job queue builds stored PDFs")
    drawn = 0
    for wanted, generation in _stale_variants(round_id, variant):
        report = reports.round_report(SYSTEM, round_id, evidence=wanted == FULL)
        fingerprint = hashlib.sha256(f"{report!r}|{online_url}".encode()).hexdigest()
        if _unchanged(round_id, wanted, fingerprint, generation):
            continue
        data = board.board_report(report, generated=clock.uk_today(), online_url=online_url)
        etag = hashlib.sha256(data).hexdigest()[:32]
        key = f"board/round-{round_id}-{wanted}-{etag}.pdf"
        store().put(key, data)
        drawn += 1
        old = _record(round_id, wanted, generation, key, etag, fingerprint)
        if old and old != key:
            store().delete(old)
    return drawn


@reads
def _stale_variants(round_id: int, variant: str | None) -> list[tuple[str, int]]:
    rows = db.session.scalars(select(BoardFile).where(BoardFile.round_id == round_id)).all()
    return [(r.variant, r.generation) for r in rows if r.stale or r.variant == variant]


@writes
def _unchanged(round_id: int, variant: str, fingerprint: str, generation: int) -> bool:
    """If the report is what the stored file shows, mark it current without drawing."""
    row = db.session.get(BoardFile, (round_id, variant))
    if row is None or row.fingerprint != fingerprint or row.stored_key is None:
        return False
    if store().get(row.stored_key) is None:
        return False
    if row.generation == generation:
        row.stale = False
        db.session.commit()
    return True


@writes
def _record(
    round_id: int, variant: str, generation: int, key: str, etag: str, fingerprint: str
) -> str | None:
    """Point the row at the new file unless a change came meanwhile (then it stays stale,
    and the job that change queued draws again); the key of the file it replaced."""
    row = db.session.get(BoardFile, (round_id, variant))
    if row is None or row.generation != generation:
        return None
    old = row.stored_key
    row.stored_key, row.etag, row.fingerprint = key, etag, fingerprint
    row.built_at, row.stale, row.builds = utcnow(), False, row.builds + 1
    db.session.commit()
    return old


def _changed_rounds(session: Session) -> set[int]:
    rounds: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, WATCHED):
            rounds.add(obj.round_id)
        elif isinstance(obj, Round) and obj.pk is not None:
            rounds.add(obj.pk)
        elif isinstance(obj, Response) and (
            obj in session.new or obj in session.deleted or _status_changed(obj)
        ):
            rounds.add(obj.round_id)
    return {r for r in rounds if r is not None}


def _status_changed(response: Response) -> bool:
    # Saving answers of a draft bumps the response's revision: only its status matters.
    return bool(inspect(response).attrs.status.history.has_changes())


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, context: object, instances: object) -> None:
    changed = _changed_rounds(session)
    if changed:
        session.info.setdefault("selfassess.board_changed", set()).update(changed)


@event.listens_for(Session, "after_flush")
def _mark_stale(session: Session, context: object) -> None:
    for round_id in sorted(session.info.pop("selfassess.board_changed", set())):
        marked = session.connection().execute(
            update(BoardFile.__table__)
            .where(BoardFile.__table__.c.round_id == round_id)
            .values(stale=True, generation=BoardFile.__table__.c.generation + 1)
        )
        if marked.rowcount:
            defer_on(session, "board_pdf", round_id)
