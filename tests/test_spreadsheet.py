"""Spreadsheet round trip: export → import changes nothing; edits change exactly what was edited."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from conftest import run_cli

SLUG = "riverside-town-centre"


def fingerprint(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


def export(root: Path) -> tuple[Path, list[dict[str, str]]]:
    out = root / "progress.csv"
    assert run_cli("--root", str(root), "export", SLUG, str(out)).code == 0
    with open(out, encoding="utf-8-sig", newline="") as stream:
        return out, list(csv.DictReader(stream))


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_export_then_import_without_edits_changes_nothing(example: Path) -> None:
    before = fingerprint(example)
    path, rows = export(example)
    assert len({r["recommendation"] for r in rows}) == 14
    result = run_cli("--root", str(example), "import", SLUG, str(path))
    assert result.code == 0, result.err
    assert "0 files changed" in result.out
    assert fingerprint(example) == before


def test_edits_change_exactly_the_fields_edited(example: Path) -> None:
    path, rows = export(example)
    response = example / "content" / SLUG / "responses" / "fair-rents.md"
    cycle = example / "content" / SLUG / "responses" / "safe-cycle-routes.md"
    before_response, before_cycle = response.read_text(), cycle.read_text()
    for row in rows:
        if row["recommendation"] == "fair-rents":
            row["position"] = "referred"
    last = max(i for i, r in enumerate(rows) if r["recommendation"] == "safe-cycle-routes")
    added = dict(rows[last], progress_date="2023-05-01", progress_status="completed", progress_percent="100",
                 progress_note="Both routes open, with 60 cycle spaces")
    rows.insert(last + 1, added)
    write(path, rows)
    others = {k: v for k, v in fingerprint(example).items() if "fair-rents" not in k and "safe-cycle" not in k}

    dry = run_cli("--root", str(example), "import", SLUG, str(path), "--dry-run")
    assert dry.code == 0 and "2 files would change" in dry.out
    assert response.read_text() == before_response

    assert run_cli("--root", str(example), "import", SLUG, str(path)).code == 0
    assert response.read_text() == before_response.replace("position: not-accepted", "position: referred", 1)
    new_cycle = cycle.read_text()
    assert new_cycle.count("\n") == before_cycle.count("\n") + 1
    assert '  - {date: 2023-05-01, status: completed, percent: 100, note: "Both routes open, with 60 cycle ' \
           'spaces"}' in new_cycle
    assert new_cycle.split("---\n", 2)[2] == before_cycle.split("---\n", 2)[2]  # the Markdown is untouched
    assert {k: v for k, v in fingerprint(example).items() if k in others} == others
    assert run_cli("--root", str(example), "check").code == 0


def test_bad_rows_are_reported_by_row_and_column(example: Path) -> None:
    path, rows = export(example)
    rows[0]["position"] = "acepted"
    rows[1]["progress_date"] = "12/03/2020"
    rows[2]["progress_percent"] = "120"
    rows[3]["recommendation"] = "no-such-thing"
    write(path, rows)
    before = fingerprint(example)
    result = run_cli("--root", str(example), "import", SLUG, str(path))
    assert result.code == 1
    assert result.lines == [
        "progress.csv:2:4: error: position: must be one of accepted, accepted-in-part, under-consideration, "
        "not-accepted, referred; found 'acepted'",
        "progress.csv:3:6: error: progress_date: dates are written year-month-day, such as 2020-03-12; found "
        "'12/03/2020' (a spreadsheet may have changed it: format the column as text)",
        "progress.csv:4:8: error: progress_percent: must be a whole number from 0 to 100; found '120'",
        "progress.csv:5:1: error: recommendation: there is no recommendation 'no-such-thing' in this assembly",
    ]
    assert fingerprint(example) == before


def test_a_response_can_be_started_from_the_spreadsheet(example: Path) -> None:
    path, rows = export(example)
    for row in rows:
        if row["recommendation"] == "parking-charges":
            row.update(position="accepted", response_date="2023-02-01", progress_date="2023-02-01",
                       progress_status="not-started", progress_percent="0", progress_note="Agreed today")
    write(path, rows)
    assert run_cli("--root", str(example), "import", SLUG, str(path)).code == 0
    created = example / "content" / SLUG / "responses" / "parking-charges.md"
    assert created.is_file() and "position: accepted" in created.read_text()
    assert run_cli("--root", str(example), "check").code == 0


def test_import_that_would_break_the_content_changes_nothing(example: Path) -> None:
    path, rows = export(example)
    for row in rows:
        if row["recommendation"] == "better-lighting":
            row["position"] = "not-accepted"  # needs reasons, which the spreadsheet cannot give
    write(path, rows)
    before = fingerprint(example)
    result = run_cli("--root", str(example), "import", SLUG, str(path))
    assert result.code == 1
    assert any("reasons are required" in line for line in result.lines)
    assert fingerprint(example) == before
