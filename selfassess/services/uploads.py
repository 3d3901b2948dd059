"""A trust lead's import of answers in the browser: the same checks as ``import-responses``,
a preview of what would be stored, then all or nothing (issue 22 part 6).

An Excel workbook is read as the CSV it would save as (its first sheet, row for row), so
every problem still names ``FILE:ROW`` as in the spreadsheet.
"""

from __future__ import annotations

import csv
import io
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from selfassess.models import Round
from selfassess.policy import Actor, can_manage_trust
from selfassess.services import Invalid, imports
from selfassess.services.access import visible
from selfassess.services.transactions import reads

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # the app's request limit too (MAX_CONTENT_LENGTH)
MAX_UPLOAD_ROWS = 50_000
XLSX_SUFFIX = ".xlsx"


def _as_csv(data: bytes, filename: str) -> bytes | str:
    """The upload as CSV text when it is a workbook; CSV bytes stay as they are (the importer
    detects their encoding and delimiter).

    :raises Invalid: for a workbook that cannot be read or has too many rows.
    """
    if not filename.lower().endswith(XLSX_SUFFIX):
        return data
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Invalid(
            f"{filename} cannot be read", [f"{filename}:1: not an Excel workbook"]
        ) from exc
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
        if n > MAX_UPLOAD_ROWS + 1:
            raise Invalid(
                f"{filename} is too long",
                [f"{filename}:{n}: more than {MAX_UPLOAD_ROWS:,} rows; split the file"],
            )
        writer.writerow(_text(v) for v in row)
    book.close()
    return out.getvalue()


def _text(value: object) -> str:
    """A cell as the text it shows: 3.0 is "3", an empty cell is ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@reads
def round_name(actor: Actor, round_id: int) -> str:
    """The name of a round the person may import answers into.

    :raises NotFound: when the person does not manage the round's trust.
    """
    return str(visible(Round, round_id, can_manage_trust, actor, "round").name)


def _checked(actor: Actor, round_id: int, data: bytes, filename: str) -> bytes | str:
    visible(Round, round_id, can_manage_trust, actor, "round")
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid(
            f"{filename} is too large",
            [f"{filename}: the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"],
        )
    content = _as_csv(data, filename)
    rows = (content if isinstance(content, str) else content.decode("latin-1")).count("\n")
    if rows > MAX_UPLOAD_ROWS + 1:
        raise Invalid(
            f"{filename} is too long",
            [f"{filename}: more than {MAX_UPLOAD_ROWS:,} rows; split the file"],
        )
    return content


def preview_upload(
    actor: Actor, round_id: int, data: bytes, filename: str
) -> imports.ImportSummary:
    """What importing this file would store, after every check; nothing is stored.

    :raises NotFound: when the person does not manage the round's trust.
    :raises Invalid: listing every bad row as FILE:ROW: message.
    """
    return imports.import_responses(
        actor, round_id, _checked(actor, round_id, data, filename), filename, preview=True
    )


def store_upload(actor: Actor, round_id: int, data: bytes, filename: str) -> imports.ImportSummary:
    """Import the file, all or nothing, and record who did it in the audit trail.

    :raises NotFound: when the person does not manage the round's trust.
    :raises Invalid: listing every bad row; nothing is stored then.
    """
    content = _checked(actor, round_id, data, filename)
    return imports.import_responses(actor, round_id, content, filename)
