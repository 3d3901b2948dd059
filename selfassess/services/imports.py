"""CSV import of submitted responses: all or nothing, every error as FILE:ROW: message.

Files are read in whatever encoding and delimiter Excel or another tool wrote (see
:mod:`selfassess.domain.csvfile`), and the summary says which were used and which rows
had control characters removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select

from selfassess.domain.csvfile import DELIMITERS, CsvProblem, decode, detect_delimiter, records
from selfassess.domain.scale import InvalidAnswer, parse_answer
from selfassess.domain.text import InvalidText, clean_text, control_characters
from selfassess.extensions import db
from selfassess.models import CLOSED, SUBMITTED, Answer, Partner, Response, utcnow
from selfassess.policy import Actor
from selfassess.services import Invalid, audit
from selfassess.services.questionnaires import snapshot_of
from selfassess.services.rounds import get_round
from selfassess.services.transactions import writes

HEADER = ("partner", "respondent", "statement", "answer", "evidence")
EVIDENCE_LENGTH = 10_000
FIELD_LENGTH = 10_000  # any field, checked before anything else
RESPONDENT_LENGTH = 200
MAX_ROWS = 200_000


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored."""

    responses: int
    answers: int
    replaced: int
    encoding: str = ""  # empty when the caller passed text, not bytes
    delimiter: str = ","
    cleaned_rows: tuple[int, ...] = field(default=())
    # Per partner: (name, respondents, answers), for the preview before storing.
    by_partner: tuple[tuple[str, int, int], ...] = field(default=())

    def report(self) -> list[str]:
        """How the file was read, and what was removed from it, for people to check."""
        separated = f"separated by {DELIMITERS[self.delimiter]}."
        # Text handed over already decoded has no encoding of its own to report.
        read = f"Read as {self.encoding}, " if self.encoding else "Read as text "
        lines = [read + separated]
        if self.cleaned_rows:
            rows = ", ".join(map(str, self.cleaned_rows))
            lines.append(f"Removed control characters from row(s) {rows}.")
        return lines


@dataclass(frozen=True)
class _Row:
    partner_id: int
    respondent: str
    statement: str
    value: str
    evidence: str | None


def import_responses(
    by: Actor,
    round_id: int,
    data: str | bytes,
    filename: str,
    preview: bool = False,
) -> ImportSummary:
    """Store each (partner, respondent) of a CSV as one submitted response, replacing
    that respondent's earlier response in the round. ``data`` is the file's bytes (the
    encoding is detected) or text already decoded. With ``preview``, the same checks run
    and the summary says what would be stored, but nothing is.

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
    try:
        decoded = decode(data) if isinstance(data, bytes) else None
    except CsvProblem as exc:
        errors = [f"{filename}:{exc.line}: {exc.message}"]
        raise Invalid(f"{filename} cannot be read", errors) from exc
    text = decoded.text if decoded else str(data)
    delimiter = detect_delimiter(text.removeprefix("\ufeff"), HEADER)
    parsed = _parse(text, delimiter, filename, partners, set(statements))
    if parsed.errors:
        raise Invalid(
            f"{len(parsed.errors)} error(s) in {filename}; nothing imported", parsed.errors
        )
    if preview:
        stored = _would_store(round_id, parsed.rows)
    else:
        stored = _store(round_id, parsed.rows, by, filename)
    names = {pk: name for name, pk in partners.items()}
    return ImportSummary(
        stored.responses,
        stored.answers,
        stored.replaced,
        encoding=decoded.encoding if decoded else "",
        delimiter=delimiter,
        cleaned_rows=tuple(parsed.cleaned),
        by_partner=_by_partner(parsed.rows, names),
    )


def _by_partner(rows: list[_Row], names: dict[int, str]) -> tuple[tuple[str, int, int], ...]:
    respondents: dict[int, set[str]] = {}
    answers: dict[int, int] = {}
    for row in rows:
        respondents.setdefault(row.partner_id, set()).add(row.respondent)
        answers[row.partner_id] = answers.get(row.partner_id, 0) + 1
    return tuple(
        (names[pk], len(respondents[pk]), answers[pk])
        for pk in sorted(respondents, key=lambda pk: names[pk])
    )


def _would_store(round_id: int, rows: list[_Row]) -> ImportSummary:
    """What :func:`_store` would do, read only."""
    keys = {(row.partner_id, row.respondent) for row in rows}
    existing = db.session.execute(
        select(Response.partner_id, Response.respondent).where(Response.round_id == round_id)
    ).all()
    db.session.rollback()  # end the read
    return ImportSummary(len(keys), len(rows), sum(1 for e in existing if tuple(e) in keys))


@dataclass
class _Parsed:
    rows: list[_Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cleaned: list[int] = field(default_factory=list)
    seen: dict[tuple[int, str, str], int] = field(default_factory=dict)


def _parse(
    text: str, delimiter: str, filename: str, partners: dict[str, int], statements: set[str]
) -> _Parsed:
    parsed = _Parsed()
    lines = records(text.removeprefix("\ufeff"), delimiter, FIELD_LENGTH)
    try:
        header = next(lines, None)
        if header is None or tuple(h.strip().lower() for h in header[1]) != HEADER:
            name = DELIMITERS[delimiter]
            parsed.errors.append(
                f"{filename}:1: the header must be {','.join(HEADER)} (read as separated by "
                f"{name}; commas, semicolons and tabs are accepted)"
            )
            return parsed
        for line, record in lines:
            if not _take(parsed, line, record, partners, statements, filename):
                break
    except CsvProblem as exc:
        parsed.errors.append(f"{filename}:{exc.line}: {exc.message}")
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(f"{filename}:1: the file has no answers")
    return parsed


def _take(
    parsed: _Parsed,
    line: int,
    record: list[str],
    partners: dict[str, int],
    statements: set[str],
    filename: str,
) -> bool:
    """Check one record into ``parsed``; False when reading should stop."""
    if not any(cell.strip() for cell in record):
        return True
    if len(parsed.rows) >= MAX_ROWS:
        parsed.errors.append(f"{filename}:{line}: more than {MAX_ROWS} rows")
        return False
    row, problems = _check_row(record, partners, statements)
    parsed.errors.extend(f"{filename}:{line}: {p}" for p in problems)
    if row is None:
        return True
    key = (row.partner_id, row.respondent, row.statement)
    if key in parsed.seen:
        parsed.errors.append(
            f"{filename}:{line}: respondent '{row.respondent}' already "
            f"answered '{row.statement}' on row {parsed.seen[key]}"
        )
        return True
    parsed.seen[key] = line
    parsed.rows.append(row)
    if any(control_characters(cell) for cell in record):
        parsed.cleaned.append(line)
    return True


def _check_row(
    record: list[str], partners: dict[str, int], statements: set[str]
) -> tuple[_Row | None, list[str]]:
    if len(record) != len(HEADER):
        return None, [f"expected {len(HEADER)} columns, found {len(record)}"]
    too_long = [
        f"{name} is {len(cell):,} characters long; the limit is {FIELD_LENGTH:,}"
        for name, cell in zip(HEADER, record, strict=True)
        if len(cell) > FIELD_LENGTH
    ]
    if too_long:
        return None, too_long
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


@writes
def _store(round_id: int, rows: list[_Row], by: Actor, filename: str) -> ImportSummary:
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
    audit.record(
        "responses_imported",
        by,
        target=f"round {round_id}",
        detail=f"file={filename} responses={len(responses)} answers={len(rows)}",
    )
    db.session.commit()
    return ImportSummary(len(responses), len(rows), len(existing))
