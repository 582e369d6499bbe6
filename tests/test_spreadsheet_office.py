"""Spreadsheets that survive office software: the .xlsx workbook (every cell text, ids locked),
imported through the same checks and transaction as the CSV; whole numbers written 40.0; a CSV
opened with the wrong character set and saved again; text a spreadsheet would rewrite as a number."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from pathlib import Path

import pytest
from conftest import Run, run_cli

try:
    import openpyxl
except ImportError:  # a virtual environment made before openpyxl was a dependency
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        raise
    pytest.skip("openpyxl is not installed: run .venv/bin/pip install -e '.[test]' again", allow_module_level=True)

from generator.edit import spreadsheet
from generator.edit.workbook import EDITABLE

SLUG = "riverside-town-centre"
REL = f"content/{SLUG}/responses/better-lighting.md"

# Text that spreadsheets like to change: a formula, numbers written in ways a spreadsheet rewrites,
# a date, a separator that LibreOffice also offers (;), accents and symbols, a commitment with no id.
TRICKY = """---
recommendation: better-lighting
position: accepted
date: 2020-03-12
commitments:
  - {id: lights, action: "Light the underpass; the car park", owner: Highways, due: 2020-12-31, status: in-progress}
  - {action: "=Check LED lamp costs", owner: "@lighting-team", due: 2021-06-30, status: done, done_on: 2021-05-04}
progress:
  - {date: 2020-07-01, status: in-progress, percent: 30, note: "=SUM(A1:A3) is not a formula", commitment: lights}
  - {date: 2020-08-01, status: in-progress, percent: 40, note: "012"}
  - {date: 2020-09-01, status: in-progress, note: "1.10"}
  - {date: 2020-10-01, status: in-progress, note: "1,000 lamps for £1.2 million; the café too"}
  - {date: 2020-11-01, status: in-progress, note: "2020-03-12"}
  - {date: 2020-12-01, status: in-progress, note: "12345678901234567890"}
  - {date: 2021-01-01, status: in-progress, note: "1e5\tand a tab"}
  - {date: 2021-02-01, status: in-progress, note: "Ünïcödé — “curly” ‘quotes’ …"}
  - {date: 2021-03-01, status: in-progress, note: "line one\\nline two"}
---
## Our response

We accept this recommendation in full.
"""


def fingerprint(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


def cli(root: Path, *args: str) -> Run:
    return run_cli("--root", str(root), *args)


@pytest.fixture
def tricky(example: Path) -> Path:
    (example / REL).write_text(TRICKY, encoding="utf-8")
    result = cli(example, "check", SLUG)
    assert result.code == 0, result.err
    return example


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


# --- the workbook -----------------------------------------------------------------------------

def test_the_workbook_has_a_sheet_per_kind_every_cell_text_and_ids_locked(tricky: Path) -> None:
    out = tricky / "responses.xlsx"
    result = cli(tricky, "export", SLUG, str(out))
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == list(spreadsheet.ROW_TYPES)
    assert cli(tricky, "export", SLUG, str(tricky / "same.csv")).code == 0
    csv_data = csv_rows(tricky / "same.csv")
    header = csv_data[0]
    for kind in spreadsheet.ROW_TYPES:
        sheet = book[kind]
        columns = spreadsheet.SHEETS[kind]
        rows = list(sheet.iter_rows())
        assert [c.value for c in rows[0]] == columns
        assert sheet.freeze_panes == "A2"
        # The same rows as the CSV's rows of this kind, the ' for spreadsheets taken off.
        expected = [[spreadsheet.unprotect_cell(r[header.index(c)]) for c in columns]
                    for r in csv_data[1:] if r[0] == kind]
        assert [[c.value or "" for c in row] for row in rows[1:]] == expected
        for row in rows:
            for cell in row:
                if cell.value is not None:
                    assert cell.data_type == "s", (kind, cell.coordinate, cell.value)
                assert cell.number_format == "@"
                assert cell.alignment.wrap_text
        for number, name in enumerate(columns, start=1):
            width = sheet.column_dimensions[openpyxl.utils.get_column_letter(number)].width
            assert 8 <= width <= 60, (kind, name, width)
        if kind == "progress":
            assert not sheet.protection.sheet  # rows are added and deleted here
            assert not any(cell.protection.locked for row in rows[1:] for cell in row)
            continue
        assert sheet.protection.sheet and not sheet.protection.password
        for row in rows[1:]:
            for name, cell in zip(columns, row, strict=True):
                editable = name in EDITABLE[kind] or (name == "commitment" and not cell.value)
                assert cell.protection.locked is not editable, (kind, cell.coordinate, name)
    formula = [c for c in book["progress"]["H"] if c.value == "=SUM(A1:A3) is not a formula"]
    assert formula and formula[0].data_type == "s"
    no_id = [r for r in book["commitment"].iter_rows(min_row=2) if r[4].value == "=Check LED lamp costs"]
    assert no_id and no_id[0][3].value is None and not no_id[0][3].protection.locked
    assert no_id[0][0].protection.locked and no_id[0][-1].protection.locked  # recommendation, export_check


def test_a_workbook_round_trip_changes_nothing(tricky: Path) -> None:
    before = fingerprint(tricky)
    out = tricky / "responses.xlsx"
    assert cli(tricky, "export", SLUG, str(out)).code == 0
    result = cli(tricky, "import", SLUG, str(out))
    assert result.code == 0, result.err
    assert "0 files changed" in result.out
    assert fingerprint(tricky) == before


def edit_workbook(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    commitments = book["commitment"]
    for row in commitments.iter_rows(min_row=2):
        if row[0].value == "better-lighting" and row[3].value == "lights":
            row[7].value = "done"
            row[8].value = "2021-01-15"
    progress = book["progress"]
    progress.append(["better-lighting", "11", "", "lights", "2021-04-01", "completed", "100.0", "All lit; at last"])
    book.save(path)


def edit_csv(path: Path) -> None:
    rows = csv_rows(path)
    header = rows[0]
    at = header.index
    for row in rows[1:]:
        if (row[0], row[at("recommendation")], row[at("commitment")]) == ("commitment", "better-lighting", "lights"):
            row[at("status")], row[at("done_on")] = "done", "2021-01-15"
    new = [""] * len(header)
    for name, value in [("row_type", "progress"), ("recommendation", "better-lighting"), ("commitment", "lights"),
                        ("progress_date", "2021-04-01"), ("progress_status", "completed"),
                        ("progress_percent", "100.0"), ("progress_note", "All lit; at last")]:
        new[at(name)] = value
    last = max(i for i, r in enumerate(rows) if r[at("recommendation")] == "better-lighting")
    rows.insert(last + 1, new)
    write_csv(path, rows)


def test_the_same_edit_in_a_workbook_and_in_a_csv_changes_the_files_the_same_way(tricky: Path, tmp_path: Path) -> None:
    import shutil

    twin = tmp_path / "twin"
    shutil.copytree(tricky, twin)
    book, sheet = tricky / "r.xlsx", twin / "r.csv"
    assert cli(tricky, "export", SLUG, str(book)).code == 0
    assert cli(twin, "export", SLUG, str(sheet)).code == 0
    edit_workbook(book)
    edit_csv(sheet)
    from_book = cli(tricky, "import", SLUG, str(book))
    from_csv = cli(twin, "import", SLUG, str(sheet))
    assert from_book.code == 0, from_book.err
    assert from_csv.code == 0, from_csv.err
    text = (tricky / REL).read_text(encoding="utf-8")
    assert text == (twin / REL).read_text(encoding="utf-8")
    assert "status: done, done_on: 2021-01-15}" in text
    assert '{date: 2021-04-01, status: completed, percent: 100, note: "All lit; at last", commitment: lights}' in text
    assert fingerprint(tricky) == fingerprint(twin)


def test_mistakes_in_a_workbook_name_the_sheet_row_and_column(tricky: Path) -> None:
    out = tricky / "r.xlsx"
    assert cli(tricky, "export", SLUG, str(out)).code == 0
    book = openpyxl.load_workbook(out)
    commitments = book["commitment"]
    status_row = next(r[0].row for r in commitments.iter_rows(min_row=2) if r[3].value == "lights")
    commitments.cell(status_row, 8).value = "finished"  # status
    progress = book["progress"]
    progress.append(["better-lighting", "11", "", "", "2021-13-01", "completed", "", "A bad date"])
    bad = progress.max_row
    progress.append(["better-lighting", "11", "", "", "=TODAY()", "completed", "", "A formula"])
    formula = progress.max_row
    book.save(out)
    before = fingerprint(tricky)
    result = cli(tricky, "import", SLUG, str(out))
    assert result.code == 1
    assert any(line.startswith(f"r.xlsx (progress sheet):{formula}:5: error: this cell holds a formula (=TODAY())")
               for line in result.lines), result.err
    assert fingerprint(tricky) == before
    # Without the formula, the other mistakes are reported with their sheet, row and column.
    book = openpyxl.load_workbook(out)
    book["progress"].delete_rows(formula)
    book.save(out)
    result = cli(tricky, "import", SLUG, str(out))
    assert result.code == 1
    assert any(line.startswith(f"r.xlsx (commitment sheet):{status_row}:8: error: status:") and "finished" in line
               for line in result.lines), result.err
    assert any(line.startswith(f"r.xlsx (progress sheet):{bad}:5: error: progress_date:") and "2021-13-01" in line
               for line in result.lines), result.err
    assert fingerprint(tricky) == before


def test_a_workbook_without_one_of_its_sheets_is_refused(tricky: Path) -> None:
    out = tricky / "r.xlsx"
    assert cli(tricky, "export", SLUG, str(out)).code == 0
    book = openpyxl.load_workbook(out)
    del book["progress"]
    book.save(out)
    before = fingerprint(tricky)
    result = cli(tricky, "import", SLUG, str(out))
    assert result.code == 1
    assert result.lines == ["r.xlsx:1:1: error: this workbook has no sheet named progress; it needs the sheets "
                            "response, commitment, progress as exported (a sheet that was deleted would delete its "
                            "rows): put the sheet back, or export a fresh copy with assembly export"]
    assert fingerprint(tricky) == before


def test_numbers_and_dates_typed_into_a_workbook_read_as_text(tricky: Path) -> None:
    import datetime as dt

    out = tricky / "r.xlsx"
    assert cli(tricky, "export", SLUG, str(out)).code == 0
    book = openpyxl.load_workbook(out)
    progress = book["progress"]
    progress.append(["better-lighting", 11, None, "lights", dt.datetime(2021, 4, 1), "completed", 100.0, "Done"])
    book.save(out)
    result = cli(tricky, "import", SLUG, str(out))
    assert result.code == 0, result.err
    assert "{date: 2021-04-01, status: completed, percent: 100, note: \"Done\", commitment: lights}" in \
        (tricky / REL).read_text(encoding="utf-8")


def test_a_file_that_is_not_a_workbook_is_refused(tricky: Path) -> None:
    (tricky / "r.xlsx").write_bytes(b"row_type,recommendation\r\n")
    result = cli(tricky, "import", SLUG, str(tricky / "r.xlsx"))
    assert result.code == 1
    assert len(result.lines) == 1
    assert result.lines[0].startswith("r.xlsx:1:1: error: this file is not an Excel workbook")


# --- whole numbers ------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "read"), [("40.0", "40"), ("40,00", "40"), ("40.0%", "40%"), ("40", "40"),
                                               ("40.5", "40.5"), ("4O", "4O"), ("", "")])
def test_whole_numbers_written_with_a_decimal_point_read_as_whole(written: str, read: str) -> None:
    assert spreadsheet.whole_number(written) == read


def test_a_csv_with_percent_written_40_point_0_changes_nothing(tricky: Path) -> None:
    out = tricky / "r.csv"
    assert cli(tricky, "export", SLUG, str(out)).code == 0
    rows = csv_rows(out)
    at = rows[0].index("progress_percent")
    touched = 0
    for row in rows[1:]:
        if row[at]:
            row[at] += ".0"  # as pandas writes a column of numbers with gaps in it
            touched += 1
    assert touched > 5
    write_csv(out, rows)
    before = fingerprint(tricky)
    result = cli(tricky, "import", SLUG, str(out))
    assert result.code == 0, result.err
    assert "0 files changed" in result.out
    assert fingerprint(tricky) == before


# --- a CSV opened with the wrong character set --------------------------------------------------

def misread(path: Path) -> None:
    """What LibreOffice does when the Text Import window reads the file as Windows-1252 and the
    officer saves it as UTF-8: the mark and every non-ASCII character become two or three letters."""
    raw = path.read_bytes()
    text = "".join(bytes([b]).decode("cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                   else chr(0xF100 + b) for b in raw)
    path.write_bytes(text.encode("utf-8"))


def test_a_misread_byte_order_mark_alone_is_ignored(example: Path) -> None:
    out = example / "r.csv"
    assert cli(example, "export", SLUG, str(out)).code == 0
    rows = csv_rows(out)
    rows[0][0] = "ï»¿" + rows[0][0]  # the accents of the cells are as they were
    write_csv(out, rows, encoding="utf-8")
    result = cli(example, "import", SLUG, str(out), "--dry-run")
    assert result.code == 0, result.err
    assert not result.lines
    assert "ï»¿row_type" not in result.err


def test_a_csv_garbled_by_the_wrong_character_set_is_reported_cell_by_cell_and_repaired(tricky: Path) -> None:
    out = tricky / "r.csv"
    assert cli(tricky, "export", SLUG, str(out)).code == 0
    original = csv_rows(out)
    misread(out)
    garbled = csv_rows(out)
    assert garbled[0][0] == "ï»¿row_type"
    before = fingerprint(tricky)
    result = cli(tricky, "import", SLUG, str(out), "--dry-run")
    assert result.code == 1
    expected = [(r, c) for r, row in enumerate(original, start=1) for c, cell in enumerate(row, start=1)
                if not cell.isascii()]
    assert len(expected) >= 5
    cells = [line for line in result.lines if ": this cell says " in line]
    assert [tuple(int(n) for n in line.split(":")[1:3]) for line in cells] == expected
    note = next(line for line in cells if "Â£ where it should say £, Ã© where it should say é" in line)
    assert "opened as Windows-1252 (Western Europe) instead of UTF-8" in note and "--repair-encoding" in note
    summary = [line for line in result.lines if line.startswith("r.csv:1:1: error:")]
    assert len(summary) == 1 and "Unicode (UTF-8)" in summary[0] and "65001" in summary[0]
    # The repair reads every cell as it was exported: nothing changes.
    repaired = cli(tricky, "import", SLUG, str(out), "--repair-encoding")
    assert repaired.code == 0, repaired.err
    assert "0 files changed" in repaired.out
    assert fingerprint(tricky) == before


def test_a_repaired_cell_keeps_the_officers_edit(tricky: Path) -> None:
    out = tricky / "r.csv"
    assert cli(tricky, "export", SLUG, str(out)).code == 0
    misread(out)
    rows = csv_rows(out)
    at = rows[0].index("progress_note")
    row = next(r for r in rows if "1,000 lamps" in r[at])
    row[at] = row[at].replace("1,000 lamps", "1,200 lamps")
    write_csv(out, rows, encoding="utf-8")
    result = cli(tricky, "import", SLUG, str(out), "--repair-encoding")
    assert result.code == 0, result.err
    assert 'note: "1,200 lamps for £1.2 million; the café too"' in (tricky / REL).read_text(encoding="utf-8")


def test_a_garbled_cell_typed_into_afterwards_is_reported_and_never_guessed(tricky: Path) -> None:
    out = tricky / "r.csv"
    assert cli(tricky, "export", SLUG, str(out)).code == 0
    misread(out)
    rows = csv_rows(out)
    at = rows[0].index("progress_note")
    number, row = next((n, r) for n, r in enumerate(rows, start=1) if "1,000 lamps" in r[at])
    row[at] += " – and the naïve lamps"  # typed correctly after the file was opened wrongly
    write_csv(out, rows, encoding="utf-8")
    before = fingerprint(tricky)
    for extra in ([], ["--repair-encoding"]):
        result = cli(tricky, "import", SLUG, str(out), *extra)
        assert result.code == 1
        assert any(line.startswith(f"r.csv:{number}:{at + 1}: error: progress_note: this cell says Â£ where it "
                                   "should say £") and "cannot be repaired for you" in line
                   for line in result.lines), result.err
        assert fingerprint(tricky) == before


@pytest.mark.parametrize(("text", "meant"), [
    ("cafÃ©", "café"), ("Â£1.2 million", "£1.2 million"), ("â€œcurlyâ€\uf19d", "“curly”"), ("café", None),
    ("£5", None), ("plain", None), ("Ã", None), ("naïve — “quoted”", None),
])
def test_misread_text_is_repaired_only_when_it_is_exactly_that(text: str, meant: str | None) -> None:
    assert spreadsheet.misread_utf8(text) == meant


def test_a_csv_saved_in_another_character_set_gets_advice_for_excel_and_libreoffice(tricky: Path) -> None:
    out = tricky / "r.csv"
    assert cli(tricky, "export", SLUG, str(out)).code == 0
    out.write_bytes(out.read_bytes().decode("utf-8-sig").encode("cp1252", errors="replace"))
    result = cli(tricky, "import", SLUG, str(out))
    assert result.code == 2
    assert "CSV UTF-8 (Comma delimited)" in result.err and "Unicode (UTF-8)" in result.err


# --- text a spreadsheet would rewrite ------------------------------------------------------------

@pytest.mark.parametrize("value", ["012", "1.10", "1,000", "1e5", "1.", "12345678901234567890", "0.1234567890123456",
                                   "'012", "''1.10"])
def test_text_a_spreadsheet_rewrites_as_a_number_is_protected(value: str) -> None:
    protected = spreadsheet.protect(value)
    assert protected == "'" + value
    assert spreadsheet.unprotect_cell(protected) == value


@pytest.mark.parametrize("value", ["40", "0", "0.5", "40%", "2020-03-12", "12/03/2020", "7a", "plain", "TRUE", ""])
def test_text_that_survives_a_spreadsheet_is_written_as_it_is(value: str) -> None:
    assert spreadsheet.protect(value) == value
    assert spreadsheet.unprotect_cell(value) == value


@pytest.mark.parametrize("value", ["=1+1", "-5", "'quoted", "''=x", "'=x", "a;b", "1,2;3"])
def test_protect_and_unprotect_cell_are_inverse(value: str) -> None:
    assert spreadsheet.unprotect_cell(spreadsheet.protect(value)) == value


def test_a_cell_with_a_semicolon_or_a_tab_is_quoted() -> None:
    assert spreadsheet.csv_line(["a;b", "c\td", "plain", 'say "hi"', "x,y"]) == \
        '"a;b","c\td",plain,"say ""hi""","x,y"\r\n'
