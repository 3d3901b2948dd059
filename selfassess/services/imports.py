"""CSV import of submitted responses: all or nothing, every error as FILE:ROW: message."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from selfassess.domain.scale import InvalidAnswer, parse_answer
from selfassess.domain.text import InvalidText, clean_text
from selfassess.extensions import db
from selfassess.models import CLOSED, SUBMITTED, Answer, Partner, Response, utcnow
from selfassess.services import Invalid
from selfassess.services.questionnaires import snapshot_of
from selfassess.services.rounds import get_round

HEADER = ("partner", "respondent", "statement", "answer", "evidence")
EVIDENCE_LENGTH = 10_000
RESPONDENT_LENGTH = 200
MAX_ROWS = 200_000


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored."""

    responses: int
    answers: int
    replaced: int


@dataclass(frozen=True)
class _Row:
    partner_id: int
    respondent: str
    statement: str
    value: str
    evidence: str | None


def import_responses(round_id: int, text: str, filename: str) -> ImportSummary:
    """Store each (partner, respondent) of a CSV as one submitted response, replacing
    that respondent's earlier response in the round.

    :raises Invalid: listing every bad row; nothing is stored then.
    """
    round_ = get_round(round_id)
    if round_.status == CLOSED:
        raise Invalid(f"round {round_id} is closed; reopen it before importing")
    statements = snapshot_of(round_.questionnaire_version).item_of_statement
    partners = {
        p.name: p.pk
        for p in db.session.scalars(
            select(Partner).where(Partner.trust_id == round_.trust_id, Partner.removed_at.is_(None))
        )
    }
    rows, errors = _parse(text, filename, partners, set(statements))
    if errors:
        raise Invalid(f"{len(errors)} error(s) in {filename}; nothing imported", errors)
    return _store(round_id, rows)


def _parse(
    text: str, filename: str, partners: dict[str, int], statements: set[str]
) -> tuple[list[_Row], list[str]]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header) != HEADER:
        return [], [f"{filename}:1: the header must be {','.join(HEADER)}"]
    rows: list[_Row] = []
    errors: list[str] = []
    seen: dict[tuple[int, str, str], int] = {}
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(f"{filename}:{line}: more than {MAX_ROWS} rows")
            break
        row, problems = _check_row(record, partners, statements)
        errors.extend(f"{filename}:{line}: {p}" for p in problems)
        if row is None:
            continue
        key = (row.partner_id, row.respondent, row.statement)
        if key in seen:
            errors.append(
                f"{filename}:{line}: respondent '{row.respondent}' already "
                f"answered '{row.statement}' on row {seen[key]}"
            )
            continue
        seen[key] = line
        rows.append(row)
    if not rows and not errors:
        errors.append(f"{filename}:1: the file has no answers")
    return rows, errors


def _check_row(
    record: list[str], partners: dict[str, int], statements: set[str]
) -> tuple[_Row | None, list[str]]:
    if len(record) != len(HEADER):
        return None, [f"expected {len(HEADER)} columns, found {len(record)}"]
    partner, respondent, statement, answer, evidence = (c.strip() for c in record)
    problems = []
    # Names are stored normalised (see trusts.clean_name); match them the same way.
    partner = clean_text(partner, 10_000, single_line=True)
    if partner not in partners:
        problems.append(f"unknown partner '{partner}'")
    if statement not in statements:
        problems.append(f"unknown statement '{statement}'")
    try:
        respondent = clean_text(respondent, RESPONDENT_LENGTH, single_line=True)
        evidence = clean_text(evidence, EVIDENCE_LENGTH)
    except InvalidText as exc:
        problems.append(f"respondent or evidence {exc}")
    if not respondent:
        problems.append("respondent is empty")
    try:
        value = parse_answer(answer)
    except InvalidAnswer as exc:
        problems.append(str(exc))
    if problems:
        return None, problems
    return _Row(partners[partner], respondent, statement, value, evidence or None), []


def _store(round_id: int, rows: list[_Row]) -> ImportSummary:
    """One transaction: replace the respondents' responses, insert every answer."""
    grouped: dict[tuple[int, str], list[_Row]] = {}
    for row in rows:
        grouped.setdefault((row.partner_id, row.respondent), []).append(row)
    existing = [
        r
        for r in db.session.scalars(select(Response).where(Response.round_id == round_id))
        if (r.partner_id, r.respondent) in grouped
    ]
    if existing:
        old_ids = [r.pk for r in existing]
        db.session.execute(delete(Answer).where(Answer.response_id.in_(old_ids)))
        db.session.execute(delete(Response).where(Response.pk.in_(old_ids)))
    now = utcnow()
    responses = {
        key: Response(
            round_id=round_id,
            partner_id=key[0],
            respondent=key[1],
            status=SUBMITTED,
            created_at=now,
            updated_at=now,
            submitted_at=now,
        )
        for key in grouped
    }
    db.session.add_all(responses.values())
    db.session.flush()
    db.session.execute(
        insert(Answer),
        [
            {
                "response_id": responses[key].pk,
                "statement": r.statement,
                "value": r.value,
                "evidence": r.evidence,
            }
            for key, group in grouped.items()
            for r in group
        ],
    )
    db.session.commit()
    return ImportSummary(len(responses), len(rows), len(existing))
