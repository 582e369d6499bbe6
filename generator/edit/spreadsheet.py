"""`assembly export` / `assembly import`: responses, commitments and progress as a spreadsheet.

Layout
------
One CSV file, one row per thing, and a first column `row_type` that says which kind of thing:

    response     one per recommendation: the council's position and the date it decided
    commitment   one per commitment of that response: what the council will do, and whether it is done
    progress     one per progress update, oldest first

Every row starts with `recommendation`, `number` and `title`, so a row can be sorted or filtered
and still say what it is about. A kind uses only its own columns and leaves the others empty:

    row_type, recommendation, number, title,
    position, response_date,                                  (response)
    commitment,                                               (commitment: its id; progress: the
                                                               commitment the update reports on)
    action, owner, due, status, done_on,                      (commitment)
    progress_date, progress_status, progress_percent, progress_note,   (progress)
    export_check                                              (response and commitment rows)

`SHEETS` lists the columns of each kind, in the CSV's order. A workbook (.xlsx, generator.edit.
workbook) has one sheet per kind, named after it, with exactly those columns: its rows are the CSV's
rows of that kind without `row_type` (the sheet's name says it). The import turns the sheets back
into the CSV's rows and `read_records` reads both, so a CSV and a workbook go through the same
checks and the same transaction, and stay interchangeable. Every cell of a workbook is text.

What an import changes: a commitment's `status` and `done_on`, and its `id` where it has none;
the response's `position` and `date`; the progress updates (added, removed or edited, including
which `commitment` each reports on). The other commitment columns are shown for reference: an edit
there is reported, never ignored. Each change is a splice of the file's text (generator.edit.
yaml_edit): comments, key order, quoting and the Markdown body stay as written, and an export
followed by an import with no edits changes no file.

Spreadsheets run a cell that starts with =, +, - or @ as a formula. Such cells are written with a
leading ' (which spreadsheets read as "this is text") and the ' is taken off again on import. Text
that LibreOffice or Excel would read as a number and save back written differently (012, 1.10,
1,000, 1e5, more than 15 digits) gets the same ', and a cell holding a ; or a tab is quoted, because
LibreOffice offers comma, semicolon and tab as separators at once: opened with the options
LibreOffice offers and saved again, the CSV imports with no change (tests/test_office_round_trip.py).
Dates are written as text, year-month-day; one a spreadsheet has turned into 12/03/2020 is reported
with its row and column. A whole number written 40.0 (as pandas writes one) reads as 40.

A CSV opened as Windows-1252 instead of UTF-8 and saved again (LibreOffice, when its Text Import
window's character set is not set to UTF-8) starts with ï»¿ and has Ã© for é, Â£ for £. The
mark is ignored; each garbled cell is reported with what it should say, and `--repair-encoding`
reads them as they were meant. The repair is exact (the letters are turned back into the bytes
they were read from, which must be valid UTF-8), never a guess, and the officer sees it in
`--dry-run` first.

Sheets from before `row_type` (one row per progress update, with position and response_date on
every row) are still imported as they always were: an officer may hold a sheet with an afternoon's
edits in it, and refusing it would lose that work. Columns that such a sheet does not have
(commitments, the commitment an update reports on) are left as they are in the files.

Import is a transaction
-----------------------
Nothing is written until every row has been read and checked, the changed files have been made in
memory, and the whole assembly, changes applied, has been validated in a temporary copy. Then
`apply_changes` writes each new file beside the one it replaces (a hidden temporary file, flushed to
disk), checks that no file has changed since the import read it, and only then renames each
temporary file over its original. A rename replaces a file whole, so a file is either old or new;
if any rename fails, the files already replaced are put back from hard links (or copies) made just
before, so the content is left as it was: all files change, or none.

What a sheet was made from
--------------------------
The last column, `export_check`, records what each row held at export time as a short hash:
`response:<hash> progress:<hash>` on a response row (its position and date, and all of its progress
rows together), `commitment:<hash>` on a commitment row. On import, for each row:

- the cells equal the file as it is now: nothing to do;
- otherwise, the fields where the sheet and the file differ were changed either in the sheet or in
  the file since the export. The import finds which split of them reproduces the recorded hash:
  the fields changed in the sheet are written, the fields a colleague changed in the file are kept.
  When no split does, the same field was changed in both places, and the import is refused for
  that row, naming it, so that neither change is silently lost;
- the progress rows of a recommendation are compared as a whole: changed in the sheet only, they
  are written; in the file only, the file is kept; in both, the import is refused.

A row with no check (added by hand, or from an old sheet) is taken as written. A hash of each whole
file would have been simpler, but it would refuse an import whenever a colleague had changed
anything in the file; the checks work per field instead, so a colleague's edit to one commitment
never blocks an officer's edit to another, and the sheet stays one table with no hidden rows. Two
people appending progress updates to the same recommendation is refused for now; merging the two
lists is left for later.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from generator.edit.yaml_edit import CannotEdit, FrontMatter, scalar
from generator.errors import ContentError, Problems, SourceLocation
from generator.load.files import ID_PATTERN
from generator.model.corpus import AssemblyContent
from generator.model.hints import choice_problem
from generator.model.records import Commitment, CommitmentStatus, Position, ProgressUpdate, Response
from generator.write.cells import protect as protect_cell
from generator.write.cells import unprotect

ROW_TYPES = ("response", "commitment", "progress")
KEY_COLUMNS = ["recommendation", "number", "title"]
SHEETS: dict[str, list[str]] = {
    "response": [*KEY_COLUMNS, "position", "response_date", "export_check"],
    "commitment": [*KEY_COLUMNS, "commitment", "action", "owner", "due", "status", "done_on", "export_check"],
    "progress": [*KEY_COLUMNS, "commitment", "progress_date", "progress_status", "progress_percent", "progress_note"],
}
"""The columns of each kind of row: one sheet each in a workbook."""
COLUMNS = ["row_type", *KEY_COLUMNS, "position", "response_date", "commitment", "action", "owner", "due", "status",
           "done_on", "progress_date", "progress_status", "progress_percent", "progress_note", "export_check"]
"""The columns of the CSV, every kind in one file."""
OLD_COLUMNS = [*KEY_COLUMNS, "position", "response_date", "progress_date", "progress_status", "progress_percent",
               "progress_note"]
"""The layout written before `row_type`: one row per progress update."""

RESPONSE_FIELDS = ["position", "response_date"]
COMMITMENT_FIELDS = ["commitment", "action", "owner", "due", "status", "done_on"]
PROGRESS_FIELDS = ["progress_date", "progress_status", "progress_percent", "progress_note", "commitment"]
PROGRESS_KEYS = {"progress_date": "date", "progress_status": "status", "progress_percent": "percent",
                 "progress_note": "note", "commitment": "commitment"}
"""Progress column → field of a progress update."""
REFERENCE_ONLY = ("action", "owner", "due")
"""Commitment columns shown so the officer knows which commitment a row is; changed in the file."""

RESPONSE_ORDER = ["recommendation", "position", "date", "decided_by", "reasons", "earlier_positions", "commitments",
                  "progress"]
COMMITMENT_ORDER = ["id", "action", "owner", "due", "status", "done_on"]
PROGRESS_ORDER = ["date", "status", "percent", "note", "commitment"]
STATUSES = [s.value for s in CommitmentStatus]
CLOSED = (CommitmentStatus.DONE.value, CommitmentStatus.DROPPED.value)

# --- cells ------------------------------------------------------------------------------------

NUMBER_LIKE = re.compile(r"[+-]?(?=\.?\d)\d*(?:,\d{3})*(?:\.\d*)?(?:[eE][+-]?\d+)?%?")
"""Text a spreadsheet program reads as a number when it opens a CSV (1,000  012  1.10  1e5  40%)."""
PLAIN_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d*[1-9])?%?")
"""A number written as a spreadsheet program writes it back (40, 0.5, 40%): it survives unchanged."""


def changed_by_spreadsheet(value: str) -> bool:
    """Whether LibreOffice or Excel, opening the CSV with the options they offer, would read this
    text as a number and save it back written differently: 012 as 12, 1.10 as 1.1, 1,000 as 1000,
    1e5 as 100000, twenty digits as 1.23456789012346E+019."""
    if not NUMBER_LIKE.fullmatch(value):
        return False
    return not PLAIN_NUMBER.fullmatch(value) or sum(c.isdigit() for c in value) > 15


def protect(value: str) -> str:
    """A cell that a spreadsheet shows as text: a ' before a formula's first character
    (generator.write.cells) and before text a spreadsheet would rewrite as a number."""
    if changed_by_spreadsheet(value.lstrip("'")):  # after any ' already there, as for formulas
        return "'" + value
    return str(protect_cell(value))


def unprotect_cell(value: str) -> str:
    """A cell as written, without the ' that `protect` added."""
    if value.startswith("'") and changed_by_spreadsheet(value.lstrip("'")):
        return value[1:]
    return unprotect(value)


CSV_QUOTED = re.compile(r'[,;\t"\r\n]')
"""A cell with any of these is written between double quotes: LibreOffice opens a CSV with comma,
semicolon and tab all ticked as separators, so a note with a ; must be quoted as well."""


def csv_line(values: list[str]) -> str:
    return ",".join('"' + v.replace('"', '""') + '"' if CSV_QUOTED.search(v) else v for v in values) + "\r\n"


def clean(value: str) -> str:
    """A cell as compared and imported: without surrounding spaces, with Unix line breaks."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _cleaned(cells: dict[str, str]) -> dict[str, str]:
    return {column: clean(value) for column, value in cells.items()}


def response_cells(response: Response | None) -> dict[str, str]:
    """What a response row shows of a response (the cells as they would be read back)."""
    return _cleaned({"position": response.position.value if response else "",
            "response_date": _date(response.date) if response else ""})


def commitment_cells(commitment: Commitment) -> dict[str, str]:
    return _cleaned({"commitment": commitment.id or "", "action": commitment.action, "owner": commitment.owner or "",
            "due": _date(commitment.due), "status": commitment.status.value, "done_on": _date(commitment.done_on)})


def progress_cells(update: ProgressUpdate) -> dict[str, str]:
    return _cleaned({"progress_date": _date(update.date), "progress_status": update.status,
            "progress_percent": "" if update.percent is None else str(update.percent),
            "progress_note": update.note or "", "commitment": update.commitment or ""})


def digest(kind: str, recommendation: str, values: object) -> str:
    """A short hash of what a row (or a recommendation's progress rows) held."""
    text = json.dumps([kind, recommendation, values], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def _row_values(cells: dict[str, str], columns: list[str]) -> list[str]:
    return [clean(cells.get(c, "")) for c in columns]


def _progress_values(rows: list[dict[str, str]]) -> list[list[str]]:
    return [_row_values(r, PROGRESS_FIELDS) for r in rows]


def file_digest(rec_id: str, response: Response | None) -> str:
    """A short hash of every field of a response the spreadsheet shows, to tell whether the file
    changed after the export."""
    if response is None:
        return digest("file", rec_id, None)
    return digest("file", rec_id, [_row_values(response_cells(response), RESPONSE_FIELDS),
                                   [_row_values(commitment_cells(c), COMMITMENT_FIELDS) for c in response.commitments],
                                   _progress_values([progress_cells(u) for u in response.progress])])


def parse_check(text: str) -> dict[str, str]:
    return dict(re.findall(r"([a-z]+):([0-9a-f]{10})\b", text))


# --- export -----------------------------------------------------------------------------------

def export_rows(content: AssemblyContent) -> list[dict[str, str]]:
    """Every row of the spreadsheet, as plain values (before `protect`)."""
    rows: list[dict[str, str]] = []
    for rec in content.recommendations:
        response = content.response_for(rec)
        base = {"recommendation": rec.id, "number": rec.number, "title": rec.title}

        def row(kind: str, cells: dict[str, str], base: dict[str, str] = base) -> dict[str, str]:
            return {column: "" for column in COLUMNS} | {"row_type": kind} | base | cells

        progress = [progress_cells(u) for u in response.progress] if response else []
        head = response_cells(response)
        check = (f"response:{digest('response', rec.id, _row_values(head, RESPONSE_FIELDS))} "
                 f"progress:{digest('progress', rec.id, _progress_values(progress))} "
                 f"file:{file_digest(rec.id, response)}")
        rows.append(row("response", head | {"export_check": check}))
        for commitment in response.commitments if response else []:
            cells = commitment_cells(commitment)
            check = f"commitment:{digest('commitment', rec.id, _row_values(cells, COMMITMENT_FIELDS))}"
            rows.append(row("commitment", cells | {"export_check": check}))
        rows.extend(row("progress", cells) for cells in progress)
    return rows


def export_csv(content: AssemblyContent) -> str:
    lines = [csv_line(COLUMNS), *(csv_line([protect(row[c]) for c in COLUMNS]) for row in export_rows(content))]
    return "\ufeff" + "".join(lines)


# --- import: reading the sheet ----------------------------------------------------------------

@dataclass
class Row:
    number: int
    """The row in the spreadsheet (the header is row 1)."""
    kind: str
    cells: dict[str, str]
    """Column → cleaned value, for the columns the sheet has."""


@dataclass
class Planned:
    """What an import would do to one recommendation's response."""

    recommendation: str
    position: Position | None = None
    """None: keep the position as it is."""
    date: dt.date | None = None
    progress: list[ProgressUpdate] | None = None
    """The progress updates as the sheet has them; None: keep them as they are."""
    progress_fields: tuple[str, ...] = ()
    """The fields of a progress update the sheet has columns for (the others are kept)."""
    commitments: dict[int, dict[str, str | None]] = field(default_factory=dict)
    """Index of a commitment → field → new YAML text (None: remove the field)."""
    first_row: int = 0


class Places:
    """Where each row and cell of a spreadsheet is, for messages. A CSV's rows are numbered as a
    spreadsheet numbers them (the header is row 1) and its cells by their column."""

    literal = False
    """Whether cells hold their text exactly. A CSV cell may start with the ' that `protect` added
    (taken off on import); a workbook's text cells need none."""

    def __init__(self, name: str) -> None:
        self.name = name

    def at(self, record: int, column: int) -> SourceLocation:
        """The cell at `column` (counted from 0) of record `record` (the header is record 1)."""
        return SourceLocation(self.name, record, column + 1)

    def row(self, record: int) -> str:
        """A row as a message names it."""
        return f"row {record}"


class _Sheet:
    """The spreadsheet as read, with the position of each column for messages."""

    def __init__(self, places: Places, header: list[str], problems: Problems) -> None:
        self.places = places
        self.problems = problems
        self.index: dict[str, int] = {}
        for i, name in enumerate(header):
            self.index.setdefault(clean(name).lower(), i)
        self.new_layout = "row_type" in self.index
        self.stale: list[tuple[int, str]] = []
        """(row, file) for each response file changed after this spreadsheet was exported."""

    def has(self, column: str) -> bool:
        return column in self.index

    def row(self, record: int) -> str:
        return self.places.row(record)

    def error(self, row: int, column: str, message: str) -> None:
        self.problems.error(self.places.at(row, self.index.get(column, 0)), f"{column}: {message}")

    def cells(self, values: list[str]) -> dict[str, str]:
        cells = {name: clean(values[i] if self.places.literal else unprotect_cell(clean(values[i])))
                 if i < len(values) else "" for name, i in self.index.items()}
        for name in WHOLE_NUMBERS:
            if name in cells:
                cells[name] = whole_number(cells[name])
        return cells


WHOLE_NUMBERS = ("progress_percent",)
"""The columns the import reads as a whole number."""


def whole_number(text: str) -> str:
    """A whole number as the files write it: 40 for the 40.0 (or 40,0) a spreadsheet program or a
    data tool may write. Any other text is left as it is, to be checked where it is read."""
    match = re.fullmatch(r"(\d+)[.,]0+(%?)", text)
    return f"{int(match.group(1))}{match.group(2)}" if match else text


def parse_date(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"dates are written year-month-day, such as 2020-03-12; found '{text}' (a spreadsheet "
                         "may have changed it: format the column as text)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date: check the day and the month (year-month-day)") from None


# --- a CSV opened with the wrong character set -----------------------------------------------

MISREAD_BOM = "\ufeff".encode("utf-8").decode("cp1252")
"""The byte-order mark that starts the exported CSV, as a program reading the file as Windows-1252
(or Latin-1) instead of UTF-8 shows it: three letters, ï»¿, before the first column's name."""

OPEN_AS_UTF8 = ("next time, open the exported file choosing UTF-8: in LibreOffice, choose 'Unicode (UTF-8)' "
                "as the Character set in the Text Import window; in Excel, use Data > From Text/CSV and choose "
                "'65001: Unicode (UTF-8)' as the File origin")


def _misread_byte(char: str) -> int:
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        if ord(char) < 0x100:  # a byte Windows-1252 leaves undefined, read as Latin-1 reads it
            return ord(char)
        if 0xF180 <= ord(char) <= 0xF1FF:  # ... or as LibreOffice reads it: U+F19D for the byte 9D
            return ord(char) - 0xF100
        raise


def misread_utf8(text: str) -> str | None:
    """What `text` said before a program read its UTF-8 bytes as Windows-1252 (or Latin-1) and saved
    the letters it saw again as UTF-8 (cafÃ© for café, Â£ for £); None unless `text` is exactly that.

    The repair is unambiguous: the letters are turned back into the bytes they were read from, and
    those bytes must be valid UTF-8 throughout. Text written as meant (café, £, an em dash) almost
    never is: an accented letter on its own is not a valid UTF-8 sequence."""
    if text.isascii():
        return None
    try:
        meant = bytes(_misread_byte(char) for char in text).decode("utf-8")
    except (UnicodeError, ValueError):
        return None
    return meant if meant != text else None


def _garbled_pairs(text: str) -> list[tuple[str, str]]:
    """Each distinct garbled stretch of `text` and what it should say: (Ã©, é), (Â£, £)."""
    pairs: list[tuple[str, str]] = []
    for match in re.finditer(r"[^\x00-\x7f]+", text):
        meant = misread_utf8(match.group())
        if meant is not None and (match.group(), meant) not in pairs:
            pairs.append((match.group(), meant))
    return pairs


def _misread_cells(records: list[list[str]], places: Places, problems: Problems, repair: bool,
                   misread_mark: bool) -> None:
    """Every cell whose text is UTF-8 read with the wrong character set: repaired in `records` when
    `repair`, otherwise an error naming the cell, what it should say and how to fix it.

    In a file that shows it was misread (the mark read as ï»¿, or a whole cell garbled), a cell
    with garbled stretches that is not garbled as a whole (an officer typed into it after opening
    the file, correctly) is reported too, and never repaired: which letters were typed and which
    were garbled is a guess, so the officer corrects it."""
    found = 0
    mixed: list[tuple[int, int, str]] = []
    for number, values in enumerate(records, start=1):
        for column, value in enumerate(values):
            meant = misread_utf8(value)
            if meant is None:
                if _garbled_pairs(value):
                    mixed.append((number, column, value))
                continue
            found += 1
            if repair:
                values[column] = meant
                continue
            name = records[0][column] if number > 1 and column < len(records[0]) else "this cell"
            pairs = _garbled_pairs(value)
            shown = ", ".join(f"{garbled} where it should say {meant_part}" for garbled, meant_part in pairs[:3])
            more = f" (and {len(pairs) - 3} more)" if len(pairs) > 3 else ""
            problems.error(places.at(number, column),
                           f"{name}: this cell says {shown}{more}: the file was opened as Windows-1252 (Western "
                           "Europe) instead of UTF-8 and saved again, which turns each accented letter or symbol "
                           "into two or three others; import with --repair-encoding to read every such cell as it "
                           "was meant (see the changes with --dry-run first), or correct the cell by hand")
    if found or misread_mark:
        for number, column, value in mixed:
            name = records[0][column] if number > 1 and column < len(records[0]) else "this cell"
            shown = ", ".join(f"{garbled} where it should say {meant_part}"
                              for garbled, meant_part in _garbled_pairs(value)[:3])
            problems.error(places.at(number, column),
                           f"{name}: this cell says {shown}, garbled by opening the file as Windows-1252 (Western "
                           "Europe) instead of UTF-8, but other letters of it were typed correctly afterwards, so "
                           "it cannot be repaired for you: correct the garbled letters by hand")
    if found and not repair:
        problems.error(places.at(1, 0), f"{found} cell{'s' if found != 1 else ''} of this file "
                       f"{'are' if found != 1 else 'is'} garbled by opening it with the wrong character set (each "
                       "is listed): import with --repair-encoding to read them as they were meant, or correct them "
                       f"by hand; {OPEN_AS_UTF8}")


MAX_CELL = 10_000
"""The most characters a cell may hold: a note or an action is a few sentences."""


def read_rows(csv_text: str, csv_name: str, content: AssemblyContent, statuses: list[str],
              problems: Problems, force: bool = False, repair: bool = False) -> list[Planned]:
    """Every row of a CSV read and checked against the content as it is now; what to change, by
    recommendation (see read_records)."""
    text = csv_text.lstrip("\ufeff")
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)  # Excel in some languages saves with ; between cells
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # an oversized cell is reported below, not a crash
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        problems.error(SourceLocation(csv_name, 1, 1), f"this file is not a spreadsheet saved as CSV ({exc}): "
                       "save it again as 'CSV UTF-8', or export a fresh copy with assembly export")
        return []
    finally:
        csv.field_size_limit(limit)
    return read_records(records, Places(csv_name), content, statuses, problems, force=force, repair=repair)


def read_records(records: list[list[str]], places: Places, content: AssemblyContent, statuses: list[str],
                 problems: Problems, force: bool = False, repair: bool = False) -> list[Planned]:
    """Every row read and checked against the content as it is now; what to change, by recommendation.
    `records` are the rows of a CSV (a workbook's sheets are turned into the same rows, see
    generator.edit.workbook), the first naming the columns.

    Nothing is planned unless every row is right: a missing column, a row with more or fewer
    cells than the first row, an oversized cell, a cell mangled by opening the file with the wrong
    character set (unless `repair`), a row for an unknown recommendation or a response file
    changed since the export (unless `force`) is an error located by row and column."""
    records = [list(values) for values in records]
    misread_mark = bool(records and records[0] and records[0][0].startswith(MISREAD_BOM))
    if misread_mark:
        records[0][0] = records[0][0][len(MISREAD_BOM):]  # the mark itself, read as three letters: not content
    _misread_cells(records, places, problems, repair, misread_mark)
    if problems.errors:
        return []
    sheet = _Sheet(places, records[0] if records else [], problems)
    width = len(records[0]) if records else 0
    for number, values in enumerate(records[1:], start=2):
        if values and any(v.strip() for v in values) and len(values) != width:
            problems.error(places.at(number, min(len(values), width)),
                           f"this row has {len(values)} cells but the first row names {width} columns: a cell was "
                           "added or removed, which would move every value after it; put the row back as it was "
                           "exported")
        for column, value in enumerate(values):
            if len(value) > MAX_CELL:
                problems.error(places.at(number, column), f"this cell holds {len(value):,} "
                               f"characters; a cell may hold at most {MAX_CELL:,}: write the long text in the "
                               "response file instead")
    if problems.errors:
        return []
    if not sheet.new_layout and any(sheet.has(c) for c in ("export_check", "action", "done_on")):
        problems.error(places.at(1, 0), "the first row has no row_type column, which says what each "
                       "row is about: put it back as the first column, or export a fresh copy with assembly export")
        return []
    required = ["row_type", "recommendation"] if sheet.new_layout else \
        ["recommendation", "position", "response_date", "progress_date", "progress_status"]
    if sheet.new_layout:
        required = [c for c in COLUMNS if c != "export_check" or sheet.has("export_check")]
    missing = [c for c in required if not sheet.has(c)]
    if missing:
        problems.error(places.at(1, 0), f"the first row must name the columns; missing: "
                       f"{', '.join(missing)} (export a fresh copy with assembly export)")
        return []
    known = {r.id for r in content.recommendations}
    grouped: dict[str, list[Row]] = {}
    for number, values in enumerate(records[1:], start=2):
        cells = sheet.cells(values)
        if not any(cells.values()):
            continue
        rec_id = cells.get("recommendation", "")
        if rec_id not in known:
            sheet.error(number, "recommendation", f"there is no recommendation '{rec_id}' in this assembly")
            continue
        if sheet.new_layout:
            kind = cells["row_type"].lower()
            if kind not in ROW_TYPES:
                sheet.error(number, "row_type", f"must be one of {', '.join(ROW_TYPES)}; found '{cells['row_type']}'")
                continue
            grouped.setdefault(rec_id, []).append(Row(number, kind, cells))
        else:
            grouped.setdefault(rec_id, []).extend(_old_layout_rows(number, cells))
    plans = []
    for rec in content.recommendations:
        if rec.id in grouped:
            reader = _Recommendation(sheet, content, rec.id, content.response_for(rec), statuses)
            plans.append(reader.plan(grouped[rec.id]))
    if sheet.stale and not force:
        for row, rel in sheet.stale:
            sheet.error(row, "export_check", f"{rel} was changed after this spreadsheet was exported: nothing was "
                        "imported, so that the newer text is not lost; export again and make your edits on the new "
                        "spreadsheet, or import with --force to apply only the cells you edited (changes made since "
                        "to other fields are kept)")
        return []
    return plans


def _old_layout_rows(number: int, cells: dict[str, str]) -> list[Row]:
    """A row of the layout before `row_type`: the response's fields, and a progress update if any."""
    rows = [Row(number, "response", cells)]
    if any(cells.get(c) for c in ("progress_date", "progress_status", "progress_percent", "progress_note")):
        rows.append(Row(number, "progress", cells))
    return rows


class _Recommendation:
    """Reads the rows of one recommendation against its response file as it is now."""

    def __init__(self, sheet: _Sheet, content: AssemblyContent, rec_id: str, response: Response | None,
                 statuses: list[str]) -> None:
        self.sheet = sheet
        self.rec_id = rec_id
        self.response = response
        self.statuses = statuses
        self.rel = response.source if response else f"content/{content.slug}/responses/{rec_id}.md"
        self.plan_ = Planned(rec_id)

    def error(self, row: int, column: str, message: str) -> None:
        self.sheet.error(row, column, message)

    def plan(self, rows: list[Row]) -> Planned:
        self.plan_.first_row = rows[0].number
        heads = [r for r in rows if r.kind == "response"]
        check: dict[str, str] = {}
        if self.sheet.new_layout:
            for extra in heads[1:]:
                self.error(extra.number, "row_type", f"'{self.rec_id}' has a response row already ("
                           f"{self.sheet.row(heads[0].number)}): keep one response row per recommendation")
            heads = heads[:1]
            check = parse_check(heads[0].cells.get("export_check", "")) if heads else {}
            if "file" in check and check["file"] != file_digest(self.rec_id, self.response):
                self.sheet.stale.append((heads[0].number, self.rel))
        if heads:
            self._response(heads, check.get("response"))
        ids = self._commitments([r for r in rows if r.kind == "commitment"])
        self._progress([r for r in rows if r.kind == "progress"], check.get("progress"), ids)
        return self.plan_

    # --- the response row ---------------------------------------------------------------------

    def _response(self, heads: list[Row], check: str | None) -> None:
        head = heads[0]
        now = response_cells(self.response)
        sheet = {c: head.cells.get(c, now[c]) if self.sheet.has(c) else now[c] for c in RESPONSE_FIELDS}
        for column in RESPONSE_FIELDS:
            if not sheet[column]:
                sheet[column] = now[column]  # an empty cell keeps what the file has
        edited = self._merge("response", head, RESPONSE_FIELDS, sheet, now, check)
        if edited is None:
            return
        errors = len(self.sheet.problems.errors)
        if "position" in edited:
            try:
                self.plan_.position = Position(sheet["position"])
            except ValueError:
                self.error(head.number, "position", choice_problem(sheet["position"], Position))
        if "response_date" in edited:
            try:
                self.plan_.date = parse_date(sheet["response_date"])
            except ValueError as exc:
                self.error(head.number, "response_date", str(exc))
        if not self.sheet.new_layout and len(self.sheet.problems.errors) == errors:
            first = (head.cells.get("position", ""), head.cells.get("response_date", ""))
            for other in heads[1:]:  # the old layout repeats them on every row
                if (other.cells.get("position", ""), other.cells.get("response_date", "")) != first:
                    self.error(other.number, "position", f"position and response_date must be the same on "
                               f"every row of '{self.rec_id}' ({self.sheet.row(head.number)} differs)")

    # --- commitment rows ----------------------------------------------------------------------

    def _commitments(self, rows: list[Row]) -> set[str]:
        """Check the commitment rows and plan their edits; the ids commitments will have after."""
        current = self.response.commitments if self.response else []
        ids = {c.id for c in current if c.id}
        taken: dict[int, int] = {}  # index of a commitment → the row about it
        new_ids: dict[str, int] = {}
        for row in rows:
            if self.response is None:
                self.error(row.number, "commitment", f"'{self.rec_id}' has no response yet, so no commitments: "
                           "fill in position and response_date on its response row, import, then add "
                           f"commitments in {self.rel}")
                continue
            check = parse_check(row.cells.get("export_check", "")).get("commitment")
            if check and digest("commitment", self.rec_id, _row_values(row.cells, COMMITMENT_FIELDS)) == check:
                continue  # not edited in the sheet: what the file has now is kept
            index = self._find_commitment(row, current, taken, check)
            if index is None:
                continue
            if index in taken:
                self.error(row.number, "commitment", f"{self.sheet.row(taken[index])} is about the same commitment: "
                           f"keep one row per commitment (new commitments are added in {self.rel})")
                continue
            taken[index] = row.number
            commitment = current[index]
            now = commitment_cells(commitment)
            sheet = {c: row.cells[c] if self.sheet.has(c) else now[c] for c in COMMITMENT_FIELDS}
            edited = self._merge("commitment", row, COMMITMENT_FIELDS, sheet, now, check)
            if not edited:
                continue
            changes = self._commitment_edits(row, commitment, sheet, now, edited, new_ids)
            if changes:
                self.plan_.commitments[index] = changes
                if changes.get("id"):
                    ids.add(sheet["commitment"])
        return ids

    def _find_commitment(self, row: Row, current: list[Commitment], taken: dict[int, int],
                         check: str | None) -> int | None:
        cid, action = row.cells.get("commitment", ""), row.cells.get("action", "")
        by_id = [i for i, c in enumerate(current) if cid and c.id == cid]
        if by_id:
            return by_id[0]
        by_action = [i for i, c in enumerate(current) if c.action.strip() == action and i not in taken]
        if by_action:
            return by_action[0]
        if check:  # the action may have been reworded in the file since the export
            for i, commitment in enumerate(current):
                if i in taken:
                    continue
                now = commitment_cells(commitment)
                sheet = {c: row.cells.get(c, now[c]) for c in COMMITMENT_FIELDS}
                if _split(self.rec_id, "commitment", COMMITMENT_FIELDS, sheet, now, check) is not None:
                    return i
        if cid and not any(c.action.strip() == action for c in current):
            known = [c.id for c in current if c.id]
            self.error(row.number, "commitment", f"there is no commitment '{cid}' in {self.rel}"
                       + (f" (its commitments' ids are {', '.join(known)})" if known else "")
                       + f": commitments are added in {self.rel}, not in the spreadsheet")
        else:
            self.error(row.number, "action", f"no commitment in {self.rel} has this action: the action is shown "
                       "for reference and is changed in the response file; write it back as it was "
                       "(or export again)")
        return None

    def _commitment_edits(self, row: Row, commitment: Commitment, sheet: dict[str, str], now: dict[str, str],
                          edited: set[str], new_ids: dict[str, int]) -> dict[str, str | None]:
        changes: dict[str, str | None] = {}
        for column in REFERENCE_ONLY:
            if column not in edited:
                continue
            if column == "due" and sheet["due"]:
                try:
                    parse_date(sheet["due"])
                except ValueError as exc:
                    self.error(row.number, "due", str(exc))
                    continue
            self.error(row.number, column, f"is shown for reference and is not changed from the spreadsheet: "
                       f"write '{now[column]}' back, or change it in {self.rel}")
        if "commitment" in edited:
            new_id = sheet["commitment"]
            if commitment.id:
                self.error(row.number, "commitment", f"this commitment's id is '{commitment.id}': an id is not "
                           "changed once given, because progress updates name it; write "
                           f"'{commitment.id}' back")
            elif not ID_PATTERN.match(new_id):
                fixed = re.sub(r"[^a-z0-9]+", "-", new_id.lower()).strip("-") or "cafe"
                self.error(row.number, "commitment", f"'{new_id}' is not an id: use lower-case letters, digits and "
                           f"hyphens, such as '{fixed}'")
            elif new_id in {c.id for c in (self.response.commitments if self.response else [])} \
                    or new_id in new_ids:
                self.error(row.number, "commitment", f"'{new_id}' is already the id of another commitment of "
                           f"'{self.rec_id}': give each commitment its own id")
            else:
                new_ids[new_id] = row.number
                changes["id"] = new_id
        status = sheet["status"]
        if status not in STATUSES:
            self.error(row.number, "status", choice_problem(status, CommitmentStatus))
            status = ""
        done_on: dt.date | None = None
        if sheet["done_on"]:
            try:
                done_on = parse_date(sheet["done_on"])
            except ValueError as exc:
                self.error(row.number, "done_on", str(exc))
            else:
                if status and status not in CLOSED:
                    self.error(row.number, "done_on", f"is the date the commitment was delivered or dropped, but "
                               f"its status is {status}: write done (or dropped) in status, or empty this cell")
        if "status" in edited and status:
            changes["status"] = scalar(status)
        if "done_on" in edited and (done_on or not sheet["done_on"]):
            changes["done_on"] = done_on.isoformat() if done_on else None
        return changes

    # --- progress rows ------------------------------------------------------------------------

    def _progress(self, rows: list[Row], check: str | None, ids: set[str]) -> None:
        fields = tuple(PROGRESS_KEYS[c] for c in PROGRESS_FIELDS if self.sheet.has(c))
        now = [progress_cells(u) for u in (self.response.progress if self.response else [])]
        sheet = [{c: r.cells[c] if self.sheet.has(c) else "" for c in PROGRESS_FIELDS} for r in rows]

        def compared(values: list[dict[str, str]]) -> list[list[str]]:
            return [[v[c] for c in PROGRESS_FIELDS if PROGRESS_KEYS[c] in fields] for v in values]

        if compared(sheet) == compared(now):
            return
        if check is not None and self.sheet.has("export_check"):
            if digest("progress", self.rec_id, _progress_values(sheet)) == check:
                return  # not edited in the sheet: what the file has now is kept
            if digest("progress", self.rec_id, _progress_values(now)) != check:
                self.error(rows[0].number if rows else self.plan_.first_row, "progress_date",
                           f"the progress of '{self.rec_id}' was changed in {self.rel} after this spreadsheet "
                           "was exported, and its progress rows were edited too: nothing was imported, so "
                           "that neither change is lost; export again and make your edit on the new spreadsheet")
                return
        updates: list[ProgressUpdate] = []
        for row in rows:
            update = self._update(row, ids)
            if update is not None:
                updates.append(update)
        self.plan_.progress = updates
        self.plan_.progress_fields = fields

    def _update(self, row: Row, ids: set[str]) -> ProgressUpdate | None:
        values = row.cells
        ok = True
        day = None
        try:
            day = parse_date(values.get("progress_date", ""))
        except ValueError as exc:
            self.error(row.number, "progress_date", str(exc))
            ok = False
        status = values.get("progress_status", "")
        if status not in self.statuses:
            self.error(row.number, "progress_status", f"must be one of {', '.join(self.statuses)}; "
                       f"found '{status}'")
            ok = False
        percent: int | None = None
        raw_percent = values.get("progress_percent", "").rstrip("%").strip()
        if raw_percent:
            if raw_percent.isdigit() and int(raw_percent) <= 100:
                percent = int(raw_percent)
            else:
                self.error(row.number, "progress_percent", f"must be a whole number from 0 to 100; "
                           f"found '{values.get('progress_percent')}'")
                ok = False
        commitment = values.get("commitment", "") or None
        if commitment and commitment not in ids:
            if ids:
                self.error(row.number, "commitment", f"there is no commitment '{commitment}' in the response to "
                           f"'{self.rec_id}': write one of {', '.join(sorted(ids))} (the ids in the commitment "
                           "column of its commitment rows), or leave the cell empty")
            else:
                self.error(row.number, "commitment", f"no commitment of '{self.rec_id}' has an id yet: type a "
                           "short id, such as 'cafe', in the commitment column of that commitment's own row, and "
                           "the same id here; or leave the cell empty")
            ok = False
        if not ok or day is None:
            return None
        return ProgressUpdate(date=day, status=status, percent=percent,
                              note=values.get("progress_note") or None, commitment=commitment)

    # --- what was edited where ----------------------------------------------------------------

    def _merge(self, kind: str, row: Row, columns: list[str], sheet: dict[str, str], now: dict[str, str],
               check: str | None) -> set[str] | None:
        """The columns to write from the sheet. None when the same field was changed in the file
        since the export (reported)."""
        differ = {c for c in columns if sheet[c] != now[c]}
        if not differ or check is None or not self.sheet.has("export_check"):
            return differ
        edited = _split(self.rec_id, kind, columns, sheet, now, check)
        if edited is None:
            column = next(c for c in columns if c in differ)
            self.error(row.number, column, f"{self.rel} was changed after this spreadsheet was exported, in a "
                       f"field edited on this row too ('{now[column]}' in the file, '{sheet[column]}' here): "
                       "nothing was imported, so that neither change is lost; export again and make your "
                       "edit on the new spreadsheet")
        return edited


def _split(rec_id: str, kind: str, columns: list[str], sheet: dict[str, str], now: dict[str, str],
           check: str) -> set[str] | None:
    """Which of the differing fields were edited in the sheet: the set F for which the row as
    exported (the file's values on F, the sheet's elsewhere) has the recorded hash."""
    differ = [c for c in columns if sheet[c] != now[c]]
    for size in range(len(differ) + 1):
        for edited in combinations(differ, size):
            exported = [now[c] if c in edited else sheet[c] for c in columns]
            if digest(kind, rec_id, exported) == check:
                return set(edited)
    return None


# --- import: writing the files ----------------------------------------------------------------

def _progress_text(update: ProgressUpdate) -> str:
    parts = [f"date: {update.date.isoformat()}", f"status: {scalar(update.status)}"]
    if update.percent is not None:
        parts.append(f"percent: {update.percent}")
    if update.note:
        parts.append(f"note: {json.dumps(update.note, ensure_ascii=False)}")
    if update.commitment:
        parts.append(f"commitment: {update.commitment}")
    return "{" + ", ".join(parts) + "}"


def _progress_data(update: ProgressUpdate) -> dict[str, str]:
    data = {"date": update.date.isoformat(), "status": update.status}
    if update.percent is not None:
        data["percent"] = str(update.percent)
    if update.note:
        data["note"] = update.note
    if update.commitment:
        data["commitment"] = update.commitment
    return data


def _progress_block(updates: list[ProgressUpdate]) -> list[str]:
    if not updates:
        return ["progress: []"]
    return ["progress:", *(f"  - {_progress_text(u)}" for u in updates)]


def _progress_value(update: ProgressUpdate, key: str) -> str | None:
    """One field of an update as YAML text (None: absent)."""
    if key == "date":
        return update.date.isoformat()
    if key == "status":
        return scalar(update.status)
    if key == "percent":
        return None if update.percent is None else str(update.percent)
    if key == "note":
        return json.dumps(update.note, ensure_ascii=False) if update.note else None
    return update.commitment or None


def _progress_key(update: ProgressUpdate, fields: tuple[str, ...]) -> tuple[str | None, ...]:
    return tuple(None if (v := getattr(update, f)) is None else str(v) for f in fields)


def plan_import(root: Path, content: AssemblyContent, folder: Path, planned: list[Planned],
                problems: Problems) -> dict[Path, tuple[str, str]]:
    """The new text of every file the import changes (nothing is written here)."""
    changes: dict[Path, tuple[str, str]] = {}
    for plan in planned:
        response = content.response_for(next(r for r in content.recommendations if r.id == plan.recommendation))
        if response is None:
            created = _new_response(folder, plan)
            if created is not None:
                changes[created[0]] = ("", created[1])
            continue
        if not _changes_anything(plan, response):
            continue
        path = root / response.source
        old = path.read_bytes().decode("utf-8")
        try:
            new = _edit(old, plan, response)
        except CannotEdit as exc:
            problems.error(SourceLocation(response.source, 1, 1), f"the spreadsheet's changes could not be made "
                           f"in this file without disturbing it ({exc}): make them here by hand")
            continue
        if new != old:
            changes[path] = (old, new)
    return changes


def _changes_anything(plan: Planned, response: Response) -> bool:
    if plan.position is not None and plan.position != response.position:
        return True
    if plan.date is not None and plan.date != response.date:
        return True
    if plan.commitments:
        return True
    if plan.progress is None:
        return False
    return [_progress_key(u, plan.progress_fields) for u in plan.progress] != \
        [_progress_key(u, plan.progress_fields) for u in response.progress]


def _new_response(folder: Path, plan: Planned) -> tuple[Path, str] | None:
    progress = plan.progress or []
    if plan.position is None and not progress:
        return None
    path = folder / "responses" / f"{plan.recommendation}.md"
    if path.exists():
        path = folder / "responses" / f"{plan.recommendation}-response.md"
    day = plan.date or (progress[0].date if progress else None)
    lines = ["---", f"recommendation: {plan.recommendation}",
             f"position: {(plan.position or Position.UNDER_CONSIDERATION).value}",
             f"date: {day.isoformat() if day else ''}", *_progress_block(progress), "---",
             "The council's response in full.", ""]
    return path, "\n".join(lines)


def _edit(text: str, plan: Planned, response: Response) -> str:
    """The file with the plan's changes spliced in; every other character as it was."""
    try:
        return _splice(text, plan, response, rewrite_progress=False)
    except CannotEdit:
        if plan.progress is None:
            raise
        return _splice(text, plan, response, rewrite_progress=True)


def _splice(text: str, plan: Planned, response: Response, *, rewrite_progress: bool) -> str:
    front = FrontMatter(text)
    top: dict[str, str | None] = {}
    if plan.position is not None and plan.position != response.position:
        top["position"] = plan.position.value
    if plan.date is not None and plan.date != response.date:
        top["date"] = plan.date.isoformat()
    if top:
        front.set_fields((), top, RESPONSE_ORDER)
    for index, edits in sorted(plan.commitments.items()):
        front.set_fields(("commitments", index), edits, COMMITMENT_ORDER)
    if plan.progress is not None:
        _splice_progress(front, plan, response, rewrite_progress)
    return front.result()


def _splice_progress(front: FrontMatter, plan: Planned, response: Response, rewrite: bool) -> None:
    assert plan.progress is not None
    new, old, fields = plan.progress, response.progress, plan.progress_fields
    old_keys = [_progress_key(u, fields) for u in old]
    new_keys = [_progress_key(u, fields) for u in new]
    if old_keys == new_keys:
        return
    node = front.node(("progress",))
    if node is None:
        if new:
            front.add_top_level("progress", _progress_block(new), [_progress_data(u) for u in new])
        return
    if rewrite:
        front.replace_field("progress", _progress_block(new), [_progress_data(u) for u in new])
        return
    if not new:
        front.delete_items(("progress",), list(range(len(old))))
        return
    if not old:
        front.insert_items(("progress",), 0, [_progress_text(u) for u in new], [_progress_data(u) for u in new])
        return
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        if i2 - i1 > paired:
            front.delete_items(("progress",), list(range(i1 + paired, i2)))
        elif j2 - j1 > paired:
            added = new[j1 + paired:j2]
            front.insert_items(("progress",), i2, [_progress_text(u) for u in added],
                               [_progress_data(u) for u in added])
        for k in range(paired):
            before, after = old[i1 + k], new[j1 + k]
            edits = {key: _progress_value(after, key) for key in fields
                     if _progress_value(after, key) != _progress_value(before, key)}
            if edits:
                front.set_fields(("progress", i1 + k), edits, PROGRESS_ORDER)


# --- import: the transaction ------------------------------------------------------------------

def apply_changes(changes: dict[Path, tuple[str, str]]) -> None:
    """Write every changed file, or none: each new text goes to a hidden temporary file beside
    its original first; only when all are written, and no file has changed since it was read, is
    each renamed over its original. A failure part way puts back the files already replaced."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, (old, new) in sorted(changes.items()):
            _still_as_read(path, old)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
            staged.append((path, Path(name)))
            with os.fdopen(handle, "wb") as stream:
                stream.write(new.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
            if path.exists():
                shutil.copymode(path, name)
    except BaseException:
        for _, staged_file in staged:
            staged_file.unlink(missing_ok=True)
        raise
    replaced: list[tuple[Path, Path | None]] = []
    try:
        for path, staged_file in staged:
            backup = _keep_old(path)
            replaced.append((path, backup))
            os.replace(staged_file, path)
    except BaseException:
        for path, backup in reversed(replaced):
            if backup is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(backup, path)
        for _, staged_file in staged:
            staged_file.unlink(missing_ok=True)
        raise
    finally:
        for _, backup in replaced:
            if backup is not None:
                backup.unlink(missing_ok=True)


def _still_as_read(path: Path, old: str) -> None:
    if not path.exists():
        unchanged = old == ""  # a new file: nobody has made it meanwhile
    else:
        unchanged = bool(old) and path.read_bytes().decode("utf-8", errors="replace") == old
    if not unchanged:
        problems = Problems()
        problems.error(SourceLocation(path.as_posix()), "this file was changed while the import was running "
                       "(by an editor, or a colleague): nothing was written; run the import again")
        raise ContentError(problems)


def _keep_old(path: Path) -> Path | None:
    """A second name for the file about to be replaced, to put it back if the import fails."""
    if not path.exists():
        return None
    backup = path.with_name(f".{path.name}.{os.getpid()}.old")
    backup.unlink(missing_ok=True)
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)
    return backup


def diff(changes: dict[Path, tuple[str, str]], root: Path) -> str:
    out: list[str] = []
    for path, (old, new) in sorted(changes.items()):
        name = path.relative_to(root).as_posix()
        out.extend(difflib.unified_diff(old.splitlines(), new.splitlines(), f"{name} (now)",
                                        f"{name} (after import)", lineterm=""))
    return "\n".join(out)


def trial_copy(root: Path, changes: dict[Path, tuple[str, str]]) -> tempfile.TemporaryDirectory[str]:
    """A copy of the project with the changes applied, to validate before touching anything."""
    temp = tempfile.TemporaryDirectory(prefix="assembly-import-")
    shutil.copy(root / "site_config.yml", Path(temp.name) / "site_config.yml")
    shutil.copytree(root / "content", Path(temp.name) / "content", symlinks=True)
    for path, (_, new) in changes.items():
        target = Path(temp.name) / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(new.encode("utf-8"))
    return temp
