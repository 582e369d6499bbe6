"""An import is a transaction: any mistake in the sheet is a located error and changes nothing;
a sheet older than the content is refused; two imports never interleave."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_cli

SLUG = "riverside-town-centre"


def fingerprint(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


def export(root: Path) -> tuple[Path, list[list[str]]]:
    path = root / "sheet.csv"
    assert run_cli("--root", str(root), "export", SLUG, str(path)).code == 0
    return path, list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def write(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")


def refused(root: Path, path: Path) -> list[str]:
    before = fingerprint(root)
    result = run_cli("--root", str(root), "import", SLUG, str(path))
    assert result.code == 1, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert fingerprint(root) == before, "a refused import changes no file"
    return result.lines


def test_a_missing_column_is_refused(example: Path) -> None:
    path, rows = export(example)
    gone = rows[0].index("progress_note")
    write(path, [r[:gone] + r[gone + 1:] for r in rows])
    assert refused(example, path) == [
        "sheet.csv:1:1: error: the first row must name the columns; missing: progress_note (export a fresh copy "
        "with assembly export)"]


def test_a_row_cut_short_is_refused(example: Path) -> None:
    path, rows = export(example)
    progress = next(i for i, r in enumerate(rows) if r[0] == "progress")
    rows[progress] = rows[progress][:5]
    write(path, rows)
    assert refused(example, path) == [
        f"sheet.csv:{progress + 1}:6: error: this row has 5 cells but the first row names {len(rows[0])} columns: a "
        "cell was added or removed, which would move every value after it; put the row back as it was exported"]


def test_an_oversized_cell_is_a_located_error(example: Path) -> None:
    path, rows = export(example)
    progress = next(i for i, r in enumerate(rows) if r[0] == "progress")
    note = rows[0].index("progress_note")
    rows[progress][note] = "x" * 200_000
    write(path, rows)
    assert refused(example, path) == [
        f"sheet.csv:{progress + 1}:{note + 1}: error: this cell holds 200,000 characters; a cell may hold at most "
        "10,000: write the long text in the response file instead"]


def test_a_row_for_an_unknown_recommendation_is_refused(example: Path) -> None:
    path, rows = export(example)
    rows[1][1] = "no-such-thing"
    write(path, rows)
    assert refused(example, path) == [
        "sheet.csv:2:2: error: recommendation: there is no recommendation 'no-such-thing' in this assembly"]


def test_an_older_sheet_is_refused_naming_the_file_and_force_keeps_the_newer_lines(example: Path) -> None:
    path, rows = export(example)
    response = example / "content" / SLUG / "responses" / "better-lighting.md"
    text = response.read_text(encoding="utf-8")
    added = "  - {date: 2026-11-30, status: completed, percent: 100, note: \"Checked again after dark.\"}\n"
    newer = text.replace("\n---\n", "\n" + added + "---\n", 1)
    assert newer != text
    response.write_text(newer, encoding="utf-8")
    row = next(i for i, r in enumerate(rows) if r[0] == "response" and r[1] == "better-lighting") + 1
    column = rows[0].index("export_check") + 1
    assert refused(example, path) == [
        f"sheet.csv:{row}:{column}: error: export_check: content/{SLUG}/responses/better-lighting.md was changed "
        "after this spreadsheet was exported: nothing was imported, so that the newer text is not lost; export "
        "again and make your edits on the new spreadsheet, or import with --force to apply only the cells you "
        "edited (changes made since to other fields are kept)"]
    forced = run_cli("--root", str(example), "import", SLUG, str(path), "--force")
    assert forced.code == 0, forced.err
    assert "Checked again after dark." in response.read_text(encoding="utf-8"), "the unedited progress is kept"


def test_two_imports_at_once_never_lose_an_update(example: Path) -> None:
    """Two officers each mark a different commitment of the same response delivered, and import
    at the same moment: the second waits for the first, then sees the file changed and refuses,
    or (had it been exported later) applies its own change on top. Never is one change lost."""
    path, rows = export(example)
    status, done_on, ident = (rows[0].index(c) for c in ("status", "done_on", "commitment"))
    by_rec: dict[str, list[list[str]]] = {}
    for r in rows:
        if r[0] == "commitment" and r[status] != "done":
            by_rec.setdefault(r[1], []).append(r)
    rec, targets = next((k, v) for k, v in by_rec.items() if len(v) >= 2)
    sheets = []
    for n, target in enumerate(targets[:2]):
        copy = [list(r) for r in rows]
        row = next(r for r in copy if r == target)
        row[status], row[done_on] = "done", "2026-11-20"
        sheet = example / f"sheet-{n}.csv"
        write(sheet, copy)
        sheets.append(sheet)
    processes = [subprocess.Popen([sys.executable, "-m", "generator", "--root", str(example), "import", SLUG,
                                   str(sheet)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for sheet in sheets]
    codes = [p.wait(timeout=300) for p in processes]
    assert sorted(codes) == [0, 1], [p.stderr.read() for p in processes if p.stderr]  # type: ignore[union-attr]
    text = (example / "content" / SLUG / "responses" / f"{rec}.md").read_text(encoding="utf-8")
    assert text.count("done_on: 2026-11-20") == 1, "exactly the first import's change, whole"
