"""Reading an uploaded CSV file: which encoding and delimiter it uses, and its records with a
field-length limit, so that whatever bytes arrive the caller gets text or a FILE:ROW problem.

Excel's plain "CSV" on many UK machines writes Windows-1252 with semicolons; "CSV UTF-8"
writes a byte order mark; "Unicode text" writes UTF-16 with tabs. All of these are read.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

DELIMITERS: Final[dict[str, str]] = {",": "commas", ";": "semicolons", "\t": "tabs"}


class CsvProblem(ValueError):
    """The file cannot be read past ``line``; ``message`` says why."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Decoded:
    """The text of a file and the encoding it was read with."""

    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark, or
    Windows-1252 when the bytes are not UTF-8.

    :raises CsvProblem: when the bytes are none of these.
    """
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_strict(data[3:], "utf-8", "UTF-8 (with byte order mark)"), "UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_strict(data, "utf-16", "UTF-16"), "UTF-16")
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    # Windows-1252 leaves five byte values undefined; a file using them is not text we know.
    return Decoded(_strict(data, "cp1252", "UTF-8 or Windows-1252"), "Windows-1252")


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvProblem(
            line, f"the file is not {name} text (byte 0x{data[exc.start]:02x} cannot be read)"
        ) from exc


def detect_delimiter(text: str, header: tuple[str, ...]) -> str:
    """The delimiter with which the first record reads as ``header``; failing that, the
    candidate that occurs most often in the first line (commas on a tie)."""
    first_line = text.split("\n", 1)[0]
    for delimiter in DELIMITERS:
        try:
            first = next(csv.reader(io.StringIO(first_line), delimiter=delimiter), [])
        except csv.Error:
            continue
        if tuple(cell.strip().lower() for cell in first) == header:
            return delimiter
    return max(DELIMITERS, key=first_line.count)


def records(text: str, delimiter: str, max_field: int) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it ends on. Fields up to the csv module's own limit are
    returned for the caller to check against ``max_field``; a longer one stops reading.

    :raises CsvProblem: when the csv module cannot go on.
    """
    # The module's limit (131,072 characters by default) is process-wide, so it is left
    # alone: anything past it is far over ``max_field`` and refused here with its line.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num or 1
            if "field limit" in str(exc):
                raise CsvProblem(
                    line, f"a field is longer than {max_field:,} characters; reading stopped here"
                ) from exc
            raise CsvProblem(line, f"cannot read the file past this row ({exc})") from exc
        yield reader.line_num, record
