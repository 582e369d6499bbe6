"""`assembly export ASSEMBLY FILE.xlsx` / `assembly import ASSEMBLY FILE.xlsx`: the spreadsheet as a workbook.

A workbook has one sheet per kind of row, named after it (`response`, `commitment`, `progress`),
with the columns `spreadsheet.SHEETS` lists: the CSV's rows of that kind without `row_type` (the
sheet's name says it). The import turns the sheets back into exactly the CSV's rows and hands them
to `spreadsheet.read_records`, so a workbook goes through the same checks, the same planned changes,
the same trial copy and the same all-or-nothing write as a CSV.

Every cell is written as text, with the Text number format (@), so Excel and LibreOffice never
turn a date, a number such as 012 or a note starting with = into something else, and what an
officer types into those columns stays text too. No ' is needed before a cell starting with =:
a text cell is never run as a formula.

The response and commitment sheets are protected without a password (a guard against accidents,
not a lock): only the cells an import applies can be edited (position and response_date; a
commitment's status and done_on, and its id while it has none). The ids, titles, the commitments'
action, owner and due (changed in the response file) and export_check are locked. The progress
sheet is not protected: rows are added and deleted there, and Excel does not delete a row that
holds a locked cell. Its columns are formatted as text all the way down, so a new row's date stays
as typed.

On import a cell that is not text is read as it shows: a whole number as 40 (never 40.0), a date
as 2020-03-12. A formula is refused with its sheet, row and column: its text is not what the cell
shows, and the result it showed is not stored reliably.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from generator.edit.spreadsheet import COLUMNS, ROW_TYPES, SHEETS, Places, clean, export_rows
from generator.errors import Problems, SourceLocation
from generator.model.corpus import AssemblyContent
from generator.model.records import CommitmentStatus, Position

EDITABLE: dict[str, set[str]] = {
    "response": {"position", "response_date"},
    "commitment": {"status", "done_on"},  # and the commitment's id while it has none
}
"""The cells an import applies, unlocked on the protected sheets (the progress sheet is all editable)."""
CHOICES = {("response", "position"): [p.value for p in Position],
           ("commitment", "status"): [s.value for s in CommitmentStatus]}
"""Columns offered as a drop-down list of the values the import accepts."""
WIDTHS = {"recommendation": 24, "number": 8, "title": 40, "position": 22, "response_date": 14, "commitment": 16,
          "action": 50, "owner": 20, "due": 12, "status": 14, "done_on": 12, "progress_date": 14,
          "progress_status": 16, "progress_percent": 10, "progress_note": 60, "export_check": 20}
"""Column widths in characters: enough for the usual value; long text wraps."""
TEXT = "@"


def export_workbook(content: AssemblyContent) -> bytes:
    """The spreadsheet as an .xlsx workbook, one sheet per kind of row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    rows = export_rows(content)
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)
    for kind in ROW_TYPES:
        columns = SHEETS[kind]
        sheet = book.create_sheet(kind)
        sheet.freeze_panes = "A2"
        for number, name in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=number)
            _text(cell, name)
            cell.number_format = TEXT
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDDDDD")
            cell.alignment = wrap
            letter = get_column_letter(number)
            dimension = sheet.column_dimensions[letter]
            dimension.width = WIDTHS.get(name, 16)
            dimension.number_format = TEXT
            dimension.alignment = wrap
            if kind == "progress":
                dimension.protection = unlocked
        kept = [row for row in rows if row["row_type"] == kind]
        for line, row in enumerate(kept, start=2):
            for number, name in enumerate(columns, start=1):
                cell = sheet.cell(row=line, column=number)
                _text(cell, row[name])
                cell.number_format = TEXT
                cell.alignment = wrap
                if kind == "progress" or name in EDITABLE[kind] or (name == "commitment" and not row[name]):
                    cell.protection = unlocked
        last = max(len(kept) + 1, 2)
        for (sheet_kind, name), values in CHOICES.items():
            if sheet_kind == kind:
                letter = get_column_letter(columns.index(name) + 1)
                choice = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                                        showErrorMessage=True, errorTitle=name,
                                        error=f"{name} is one of: {', '.join(values)}")
                choice.add(f"{letter}2:{letter}{last}")
                sheet.add_data_validation(choice)
        if kind != "progress":
            sheet.protection.sheet = True
            sheet.protection.formatColumns = False  # columns may still be widened
            sheet.protection.formatRows = False
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(cell: Any, value: str) -> None:
    """A text cell: openpyxl would otherwise store a value starting with = as a formula."""
    cell.value = value if value != "" else None
    if value != "":
        cell.data_type = "s"


# --- import -----------------------------------------------------------------------------------

class WorkbookPlaces(Places):
    """Where each of the rows made from a workbook is: its sheet, row and column."""

    literal = True

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.rows: dict[int, tuple[str, int, dict[str, int]]] = {}
        """Record → (sheet, row in the sheet, column name → position in the sheet from 0)."""

    def label(self, kind: str) -> str:
        return f"{self.name} ({kind} sheet)"

    def at(self, record: int, column: int) -> SourceLocation:
        if record not in self.rows:
            return SourceLocation(self.name, 1, 1)
        kind, line, index = self.rows[record]
        name = COLUMNS[column] if column < len(COLUMNS) else ""
        return SourceLocation(self.label(kind), line, index.get(name, 0) + 1)

    def row(self, record: int) -> str:
        if record not in self.rows:
            return f"row {record}"
        kind, line, _ = self.rows[record]
        return f"row {line} of the {kind} sheet"


def cell_text(cell: Any) -> str:
    """What a cell shows, as the CSV would hold it."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def workbook_records(data: bytes, name: str, problems: Problems) -> tuple[list[list[str]], WorkbookPlaces]:
    """The workbook's sheets as the CSV's rows (the first naming COLUMNS), and where each row is.
    Problems with the workbook itself (not a workbook, a missing sheet or column, a formula, a value
    in a column with no name) are errors; then no rows are returned."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    places = WorkbookPlaces(name)
    try:
        book = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        problems.error(SourceLocation(name, 1, 1), f"this file is not an Excel workbook ({exc}): save it again as "
                       "'Excel Workbook (.xlsx)', or export a fresh copy with assembly export")
        return [], places
    sheets: dict[str, Any] = {}
    for sheet in book.worksheets:
        sheets.setdefault(sheet.title.strip().lower(), sheet)
    missing = [kind for kind in ROW_TYPES if kind not in sheets]
    if missing:
        problems.error(SourceLocation(name, 1, 1), f"this workbook has no sheet named {' or '.join(missing)}; it "
                       f"needs the sheets {', '.join(ROW_TYPES)} as exported (a sheet that was deleted would delete "
                       "its rows): put the sheet back, or export a fresh copy with assembly export")
        return [], places
    records = [list(COLUMNS)]
    for kind in ROW_TYPES:
        label = places.label(kind)
        rows = list(sheets[kind].iter_rows())
        header = [clean(cell_text(cell)).lower() for cell in rows[0]] if rows else []
        index: dict[str, int] = {}
        for position, heading in enumerate(header):
            if heading:
                index.setdefault(heading, position)
        absent = [c for c in SHEETS[kind] if c != "export_check" and c not in index]
        if absent:
            problems.error(SourceLocation(label, 1, 1), f"the first row must name the columns; missing: "
                           f"{', '.join(absent)} (export a fresh copy with assembly export)")
            continue
        for line, cells in enumerate(rows[1:], start=2):
            values: dict[str, str] = {}
            for position, cell in enumerate(cells):
                if cell.data_type == "f":
                    shown = cell.value if isinstance(cell.value, str) else "a formula"
                    problems.error(SourceLocation(label, line, position + 1), f"this cell holds a formula ({shown}); "
                                   "the import reads text only: if you meant the text, format the cell as Text and "
                                   "type it again, or type a ' before it")
                    continue
                text = cell_text(cell)
                heading = header[position] if position < len(header) else ""
                if not heading:
                    if text.strip():
                        problems.error(SourceLocation(label, line, position + 1), "this cell is in a column with no "
                                       "name in the first row, so the import cannot tell what it is: move it into "
                                       "its column, or delete it")
                    continue
                if index[heading] == position:
                    values[heading] = text
            if not any(v.strip() for v in values.values()):
                continue
            records.append([kind if column == "row_type" else values.get(column, "") for column in COLUMNS])
            places.rows[len(records)] = (kind, line, index)
    if problems.errors:
        return [], places
    return records, places
