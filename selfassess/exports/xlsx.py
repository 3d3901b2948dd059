"""Excel workbooks of the same tables as the CSV files: one sheet per table, numbers and dates
typed, the header row frozen, columns sized, and text never stored as a formula.

A cell that starts with ``=`` would be stored by openpyxl as a formula (docs/pitfalls.md P14);
every text cell is marked as text after it is assigned, so a partner called ``=HYPERLINK(…)``
stays a name, exactly as typed (no apostrophe, unlike the CSV, which a spreadsheet would run).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MAX_WIDTH = 60
SHEET_TITLE_LENGTH = 31  # Excel's limit


@dataclass(frozen=True)
class Sheet:
    """One table: its sheet title, header and rows (cells: text, numbers, dates or None)."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]


def _cell(sheet: object, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, whatever it starts with
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def workbook(sheets: Iterable[Sheet]) -> bytes:
    """The ``.xlsx`` bytes of these tables, in order."""
    book = Workbook(write_only=True)
    for table in sheets:
        sheet = book.create_sheet(title=table.title[:SHEET_TITLE_LENGTH])
        rows = [list(r) for r in table.rows]
        widths = [len(h) for h in table.header]
        for row in rows:
            for n, value in enumerate(row[: len(widths)]):
                widths[n] = max(widths[n], len(str(value)) if value is not None else 0)
        for n, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(n)].width = min(MAX_WIDTH, width + 2)
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for name in table.header:
            cell = _cell(sheet, name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def iso_dates(rows: Iterable[Sequence[object]], columns: Sequence[int]) -> list[list[object]]:
    """Rows with the ISO date text of these columns as dates, so a spreadsheet sorts them."""
    typed = []
    for row in rows:
        cells = list(row)
        for n in columns:
            if isinstance(cells[n], str) and cells[n]:
                with contextlib.suppress(ValueError):  # not a date: kept as text
                    cells[n] = dt.date.fromisoformat(str(cells[n]))
        typed.append(cells)
    return typed
