"""A spreadsheet opened in LibreOffice and saved again imports with no change, for the CSV and the
workbook: export → LibreOffice headless (the options an officer gets by default) → import reports
no change and every content file keeps its bytes.

The CSV options are those of LibreOffice's Text Import window as it first opens (its defaults in
the registry, org.openoffice.Office.Calc/Dialogs/CSVImport): comma, semicolon and tab all ticked
as separators, " around text, from row 1, every column Standard, the default language, "Format
quoted field as text", "Detect special numbers" and "Evaluate formulas" off. The character set is
UTF-8, which the window shows for a file starting with a byte-order mark; a file read as
Windows-1252 instead is the case of test_a_csv_libreoffice_read_as_windows_1252_is_repaired. As
filter options (LibreOffice's help, "CSV Filter Options": token 1 separators, 2 text delimiter,
3 character set, 4 first row, 5 column formats, 6 language, 7 quoted field as text, 8 detect special
numbers, 11 remove spaces, 13 evaluate formulas): 44/59/9,34,76,1,,0,false,false,false,false,false,-1,false.
Saved with "Keep current format": comma, ", UTF-8, cell contents as shown.

LibreOffice (Debian's libreoffice-calc-nogui; .ci/run installs it) missing skips these tests on a
developer's machine and fails them under CI (CI=true)."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from test_spreadsheet_office import REL, SLUG, TRICKY, openpyxl

from generator.edit import spreadsheet

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ON_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
CSV_FILTER = "Text - txt - csv (StarCalc)"
CSV_IMPORT = "44/59/9,34,76,1,,0,false,false,false,false,false,-1,false"
CSV_IMPORT_AS_WINDOWS_1252 = "44/59/9,34,1,1,,0,false,false,false,false,false,-1,false"
CSV_EXPORT = "44,34,76,1,,0,false,true,true,false,false"


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LibreOffice's user settings for these tests: fresh defaults, and no clash with a LibreOffice
    the developer has open."""
    if not SOFFICE:
        reason = "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
        if ON_CI:
            pytest.fail(f"{reason} (CI=true: the office round trip must run)", pytrace=False)
        pytest.skip(reason)
    return tmp_path_factory.mktemp("libreoffice-profile")


def libreoffice(profile: Path, source: Path, convert_to: str, infilter: str | None = None) -> Path:
    """Open `source` in LibreOffice and save it again; the saved file."""
    out = source.parent / "saved-by-libreoffice"
    out.mkdir(exist_ok=True)
    command = [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", convert_to, "--outdir", str(out), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    saved = out / source.name
    assert result.returncode == 0 and saved.is_file(), f"LibreOffice failed: {result.stdout}\n{result.stderr}"
    return saved


def fingerprint(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


@pytest.fixture
def tricky(example: Path) -> Path:
    (example / REL).write_text(TRICKY, encoding="utf-8")
    assert run_cli("--root", str(example), "check", SLUG).code == 0
    return example


def imports_without_change(root: Path, sheet: Path) -> None:
    before = fingerprint(root)
    dry = run_cli("--root", str(root), "import", SLUG, str(sheet), "--dry-run")
    assert dry.code == 0, dry.err
    assert dry.out.strip() == "0 files would change.", dry.out
    real = run_cli("--root", str(root), "import", SLUG, str(sheet))
    assert real.code == 0, real.err
    assert fingerprint(root) == before


def test_a_csv_opened_and_saved_in_libreoffice_imports_with_no_change(tricky: Path, profile: Path) -> None:
    exported = tricky / "responses.csv"
    assert run_cli("--root", str(tricky), "export", SLUG, str(exported)).code == 0
    saved = libreoffice(profile, exported, f"csv:{CSV_FILTER}:{CSV_EXPORT}", f"{CSV_FILTER}:{CSV_IMPORT}")
    assert saved.read_bytes() != exported.read_bytes()  # LibreOffice wrote the file itself
    imports_without_change(tricky, saved)


def test_the_csv_round_trip_would_change_text_without_the_protections(tricky: Path, profile: Path) -> None:
    """The same rows written plainly (no ', only the quoting the csv module does): LibreOffice turns
    012 into 12 and splits a cell at its ;. This is what the round trip above guards against."""
    exported = tricky / "responses.csv"
    assert run_cli("--root", str(tricky), "export", SLUG, str(exported)).code == 0
    rows = list(csv.reader(io.StringIO(exported.read_bytes().decode("utf-8-sig"))))
    plain = tricky / "plain.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [[spreadsheet.unprotect_cell(cell) for cell in row] for row in rows])
    plain.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    saved = libreoffice(profile, plain, f"csv:{CSV_FILTER}:{CSV_EXPORT}", f"{CSV_FILTER}:{CSV_IMPORT}")
    text = saved.read_text(encoding="utf-8")
    assert "2020-08-01,in-progress,40,12," in text  # the note 012
    result = run_cli("--root", str(tricky), "import", SLUG, str(saved), "--dry-run")
    assert result.code == 1 or "0 files would change" not in result.out


def test_a_workbook_opened_and_saved_in_libreoffice_imports_with_no_change(tricky: Path, profile: Path) -> None:
    exported = tricky / "responses.xlsx"
    assert run_cli("--root", str(tricky), "export", SLUG, str(exported)).code == 0
    saved = libreoffice(profile, exported, "xlsx")
    assert saved.read_bytes() != exported.read_bytes()
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames == list(spreadsheet.ROW_TYPES)
    assert book["response"].protection.sheet and book["commitment"].protection.sheet  # the ids stay locked
    assert book["response"]["A2"].protection.locked and not book["response"]["D2"].protection.locked
    imports_without_change(tricky, saved)


def test_a_csv_libreoffice_read_as_windows_1252_is_repaired(tricky: Path, profile: Path) -> None:
    """The issue as reported: the Text Import window set to Windows-1252, the file saved as UTF-8."""
    exported = tricky / "responses.csv"
    assert run_cli("--root", str(tricky), "export", SLUG, str(exported)).code == 0
    saved = libreoffice(profile, exported, f"csv:{CSV_FILTER}:{CSV_EXPORT}",
                        f"{CSV_FILTER}:{CSV_IMPORT_AS_WINDOWS_1252}")
    assert saved.read_text(encoding="utf-8").startswith("ï»¿row_type,")
    before = fingerprint(tricky)
    refused = run_cli("--root", str(tricky), "import", SLUG, str(saved))
    assert refused.code == 1
    assert any("this cell says Â£ where it should say £" in line for line in refused.lines), refused.err
    assert fingerprint(tricky) == before
    repaired = run_cli("--root", str(tricky), "import", SLUG, str(saved), "--repair-encoding", "--dry-run")
    assert repaired.code == 0, repaired.err
    assert repaired.out.strip() == "0 files would change."
