"""Spreadsheet round trip: export → import changes nothing; edits change exactly what was edited;
mistakes are reported by row and column and change nothing; a colleague's newer edit is never
overwritten; formulas stay text; sheets in the layout before `row_type` still import."""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import pytest
from conftest import Run, run_cli

from generator.edit import spreadsheet
from generator.errors import ContentError

SLUG = "riverside-town-centre"

# A response written by hand, in every style an officer might use: comments, a block-style
# commitment with a folded action, single and double quotes, a status left to its default, cells
# that a spreadsheet would run as formulas, and a progress update written as a block.
FIXTURE = """---
# Written by hand: the import keeps this comment, the key order and the quoting.
recommendation: better-lighting
position: accepted   # agreed at Cabinet
date: 2020-03-12
decided_by:
  body: Cabinet
commitments:
  # the lights themselves
  - {id: lights, action: "Light the underpass", owner: 'Highways team', due: 2020-12-31, status: in-progress}
  - id: walk
    action: >-
      Walk the lit routes after dark with young people
      and the Women's Network
    owner: Community Safety team   # Sam leads
    due: 2021-01-31
  - {action: "=Check LED lamp costs", owner: "@lighting-team", due: 2021-06-30, status: done, done_on: 2021-05-04}
progress:
  - {date: 2020-07-01, status: in-progress, percent: 30, note: "New lights at the bus station.", commitment: lights}
  - date: 2020-12-18
    status: in-progress
    percent: 60
    note: '-40% energy use, after the new lamps'
  - {date: 2021-02-01, status: in-progress, note: "+ two more lamps", commitment: walk}
---
## Our response

We accept this recommendation in full.
"""
FIXTURE_REL = f"content/{SLUG}/responses/better-lighting.md"


def fingerprint(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


def export(root: Path, name: str = "progress.csv") -> tuple[Path, list[dict[str, str]]]:
    out = root / name
    result = run_cli("--root", str(root), "export", SLUG, str(out))
    assert result.code == 0, result.err
    with open(out, encoding="utf-8-sig", newline="") as stream:
        return out, list(csv.DictReader(stream))


def write(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns or list(rows[0]), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def do_import(root: Path, path: Path, *extra: str) -> Run:
    return run_cli("--root", str(root), "import", SLUG, str(path), *extra)


def row_of(rows: list[dict[str, str]], kind: str, recommendation: str, **cells: str) -> dict[str, str]:
    found = [r for r in rows if r["row_type"] == kind and r["recommendation"] == recommendation
             and all(r[k] == v for k, v in cells.items())]
    assert len(found) == 1, found
    return found[0]


def row_number(rows: list[dict[str, str]], row: dict[str, str]) -> int:
    return next(i for i, r in enumerate(rows) if r is row) + 2  # the header is row 1


def column(name: str) -> int:
    return spreadsheet.COLUMNS.index(name) + 1


@pytest.fixture
def handwritten(example: Path) -> Path:
    """The example project with one response written in every style."""
    (example / FIXTURE_REL).write_text(FIXTURE, encoding="utf-8")
    assert run_cli("--root", str(example), "check").code == 0
    return example


# --- the layout -------------------------------------------------------------------------------

def test_each_kind_of_row_uses_its_own_columns() -> None:
    assert spreadsheet.COLUMNS[0] == "row_type" and spreadsheet.COLUMNS[-1] == "export_check"
    for kind, columns in spreadsheet.SHEETS.items():
        assert kind in spreadsheet.ROW_TYPES
        assert [c for c in spreadsheet.COLUMNS if c in columns] == columns  # the same order as the CSV
    used = {c for columns in spreadsheet.SHEETS.values() for c in columns}
    assert used | {"row_type"} == set(spreadsheet.COLUMNS)


def test_export_lists_responses_commitments_and_progress(handwritten: Path) -> None:
    _, rows = export(handwritten)
    mine = [r for r in rows if r["recommendation"] == "better-lighting"]
    assert [r["row_type"] for r in mine] == ["response"] + ["commitment"] * 3 + ["progress"] * 3
    assert [(r["commitment"], r["status"], r["done_on"]) for r in mine[1:4]] == [
        ("lights", "in-progress", ""), ("walk", "not-started", ""), ("", "done", "2021-05-04")]
    assert mine[2]["action"] == "Walk the lit routes after dark with young people and the Women's Network"
    assert [r["commitment"] for r in mine[4:]] == ["lights", "", "walk"]
    assert mine[0]["export_check"].startswith("response:") and " progress:" in mine[0]["export_check"]
    assert all(r["export_check"].startswith("commitment:") for r in mine[1:4])
    assert not any(r["position"] or r["progress_date"] for r in mine[1:4])  # a kind leaves others' columns empty
    assert len({r["recommendation"] for r in rows}) == 14


# --- a round trip changes nothing ---------------------------------------------------------------

def test_export_then_import_without_edits_changes_nothing(example: Path) -> None:
    before = fingerprint(example)
    path, _ = export(example)
    result = do_import(example, path)
    assert result.code == 0, result.err
    assert "0 files changed" in result.out
    assert fingerprint(example) == before


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_round_trip_of_a_handwritten_response_changes_nothing(handwritten: Path, newline: str) -> None:
    (handwritten / FIXTURE_REL).write_bytes(("\ufeff" + FIXTURE).replace("\n", newline).encode("utf-8"))
    before = fingerprint(handwritten)
    path, rows = export(handwritten)
    write(path, rows)  # saved again, as a spreadsheet would
    result = do_import(handwritten, path)
    assert result.code == 0, result.err
    assert "0 files changed" in result.out
    assert fingerprint(handwritten) == before


# --- an edit changes exactly what was edited ----------------------------------------------------

def test_a_status_edit_changes_exactly_that_line(handwritten: Path) -> None:
    path, rows = export(handwritten)
    row_of(rows, "commitment", "better-lighting", commitment="lights")["status"] = "dropped"
    write(path, rows)
    before = fingerprint(handwritten)

    dry = do_import(handwritten, path, "--dry-run")
    assert dry.code == 0, dry.err
    assert "1 file would change" in dry.out
    assert fingerprint(handwritten) == before

    assert do_import(handwritten, path).code == 0
    assert (handwritten / FIXTURE_REL).read_text(encoding="utf-8") == FIXTURE.replace(
        "due: 2020-12-31, status: in-progress}", "due: 2020-12-31, status: dropped}")
    assert {k: v for k, v in fingerprint(handwritten).items() if k != FIXTURE_REL} == \
        {k: v for k, v in before.items() if k != FIXTURE_REL}


def test_recording_a_delivery_adds_status_and_done_on(handwritten: Path) -> None:
    path, rows = export(handwritten)
    row_of(rows, "commitment", "better-lighting", commitment="lights").update(status="done", done_on="2021-01-15")
    row_of(rows, "commitment", "better-lighting", commitment="walk").update(status="done", done_on="2021-02-01")
    write(path, rows)
    result = do_import(handwritten, path)
    assert result.code == 0, result.err
    assert (handwritten / FIXTURE_REL).read_text(encoding="utf-8") == FIXTURE.replace(
        "due: 2020-12-31, status: in-progress}", "due: 2020-12-31, status: done, done_on: 2021-01-15}").replace(
        "    due: 2021-01-31\n", "    due: 2021-01-31\n    status: done\n    done_on: 2021-02-01\n")
    assert run_cli("--root", str(handwritten), "check").code == 0


def test_reopening_a_commitment_removes_its_done_on(handwritten: Path) -> None:
    path, rows = export(handwritten)
    row_of(rows, "commitment", "better-lighting", done_on="2021-05-04").update(status="in-progress", done_on="")
    write(path, rows)
    assert do_import(handwritten, path).code == 0
    assert (handwritten / FIXTURE_REL).read_text(encoding="utf-8") == FIXTURE.replace(
        "status: done, done_on: 2021-05-04}", "status: in-progress}")


def test_progress_names_its_commitment_and_a_commitment_gets_an_id(handwritten: Path) -> None:
    path, rows = export(handwritten)
    row_of(rows, "commitment", "better-lighting", done_on="2021-05-04")["commitment"] = "led-costs"
    row_of(rows, "progress", "better-lighting", progress_date="2020-12-18")["commitment"] = "led-costs"
    row_of(rows, "progress", "better-lighting", progress_date="2021-02-01")["commitment"] = ""
    write(path, rows)
    result = do_import(handwritten, path)
    assert result.code == 0, result.err
    assert (handwritten / FIXTURE_REL).read_text(encoding="utf-8") == FIXTURE.replace(
        '  - {action: "=Check', '  - {id: led-costs, action: "=Check').replace(
        "    note: '-40% energy use, after the new lamps'\n",
        "    note: '-40% energy use, after the new lamps'\n    commitment: led-costs\n").replace(
        'note: "+ two more lamps", commitment: walk}', 'note: "+ two more lamps"}')


def test_progress_rows_added_removed_and_edited(example: Path) -> None:
    path, rows = export(example)
    cycle = example / "content" / SLUG / "responses" / "safe-cycle-routes.md"
    before = cycle.read_text(encoding="utf-8")
    progress = [r for r in rows if r["row_type"] == "progress" and r["recommendation"] == "safe-cycle-routes"]
    removed, edited = progress[1], progress[2]
    rows.remove(removed)
    edited["progress_percent"] = "25"
    added = dict(progress[-1], progress_date="2027-01-05", progress_status="in-progress", progress_percent="85",
                 progress_note="The station route's bridge is in place", commitment="station-route")
    rows.insert(rows.index(progress[-1]) + 1, added)
    write(path, rows)
    result = do_import(example, path)
    assert result.code == 0, result.err
    lines = before.split("\n")
    old_removed = lines.index(next(line for line in lines if f"- {{date: {removed['progress_date']}," in line))
    old_edited = lines.index(next(line for line in lines if f"- {{date: {edited['progress_date']}," in line))
    expected = list(lines)
    expected[old_edited] = expected[old_edited].replace("percent: 20,", "percent: 25,")
    last = max(i for i, line in enumerate(lines) if line.startswith("  - {date:"))
    expected.insert(last + 1, '  - {date: 2027-01-05, status: in-progress, percent: 85, note: "The station '
                    'route\'s bridge is in place", commitment: station-route}')
    del expected[old_removed]
    assert cycle.read_text(encoding="utf-8") == "\n".join(expected)


def test_a_sheet_saved_with_semicolons_is_read(handwritten: Path) -> None:
    path, rows = export(handwritten)
    row_of(rows, "commitment", "better-lighting", commitment="lights")["status"] = "dropped"
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    result = do_import(handwritten, path)
    assert result.code == 0, result.err
    assert "1 file changed" in result.out


def test_a_position_edit_and_a_new_response(example: Path) -> None:
    path, rows = export(example)
    fair = example / "content" / SLUG / "responses" / "fair-rents.md"
    before = fair.read_text(encoding="utf-8")
    row_of(rows, "response", "fair-rents")["position"] = "referred"
    row_of(rows, "response", "parking-charges").update(position="accepted", response_date="2023-02-01")
    write(path, rows)
    result = do_import(example, path)
    assert result.code == 0, result.err
    assert fair.read_text(encoding="utf-8") == before.replace("position: not-accepted", "position: referred", 1)
    created = example / "content" / SLUG / "responses" / "parking-charges.md"
    assert created.is_file() and "position: accepted" in created.read_text(encoding="utf-8")
    assert run_cli("--root", str(example), "check").code == 0


# --- mistakes: reported by row and column, nothing written -------------------------------------

def test_invalid_values_are_reported_by_row_and_column(handwritten: Path) -> None:
    path, rows = export(handwritten)
    lights = row_of(rows, "commitment", "better-lighting", commitment="lights")
    walk = row_of(rows, "commitment", "better-lighting", commitment="walk")
    led = row_of(rows, "commitment", "better-lighting", done_on="2021-05-04")
    update = row_of(rows, "progress", "better-lighting", progress_date="2020-07-01")
    later = row_of(rows, "progress", "better-lighting", progress_date="2020-12-18")
    lights["status"] = "finished"
    walk.update(status="in-progress", done_on="2021-02-01")
    led["done_on"] = "04/05/2021"
    update["commitment"] = "lamps"
    later["commitment"] = "Walk"
    response = row_of(rows, "response", "fair-rents")
    response["position"] = "Referred"
    write(path, rows)
    before = fingerprint(handwritten)
    result = do_import(handwritten, path)
    assert result.code == 1
    n = {name: row_number(rows, row) for name, row in
         [("lights", lights), ("walk", walk), ("led", led), ("update", update), ("later", later),
          ("response", response)]}
    expected = [
        (n["lights"], f"progress.csv:{n['lights']}:{column('status')}: error: status: must be one of not-started, "
         "in-progress, done, dropped; found 'finished' — did you mean 'done' (it has been delivered)?"),
        (n["walk"], f"progress.csv:{n['walk']}:{column('done_on')}: error: done_on: is the date the commitment was "
         "delivered or dropped, but its status is in-progress: write done (or dropped) in status, or empty this "
         "cell"),
        (n["led"], f"progress.csv:{n['led']}:{column('done_on')}: error: done_on: dates are written "
         "year-month-day, such as 2020-03-12; found '04/05/2021' (a spreadsheet may have changed it: format the "
         "column as text)"),
        (n["update"], f"progress.csv:{n['update']}:{column('commitment')}: error: commitment: there is no "
         "commitment 'lamps' in the response to 'better-lighting': write one of lights, walk (the ids in the "
         "commitment column of its commitment rows), or leave the cell empty"),
        (n["later"], f"progress.csv:{n['later']}:{column('commitment')}: error: commitment: there is no "
         "commitment 'Walk' in the response to 'better-lighting': write one of lights, walk (the ids in the "
         "commitment column of its commitment rows), or leave the cell empty"),
        (n["response"], f"progress.csv:{n['response']}:{column('position')}: error: position: must be one of "
         "accepted, accepted-in-part, under-consideration, not-accepted, referred; found 'Referred' — write it "
         "exactly as 'referred', in lower case"),
    ]
    assert result.lines == [line for _, line in sorted(expected)]
    assert fingerprint(handwritten) == before


def test_reference_columns_and_unknown_rows_are_reported(handwritten: Path) -> None:
    path, rows = export(handwritten)
    lights = row_of(rows, "commitment", "better-lighting", commitment="lights")
    lights["owner"] = "Street Lighting team"
    walk = row_of(rows, "commitment", "better-lighting", commitment="walk")
    walk["commitment"] = "walk-routes"
    stray = dict(lights, commitment="new-thing", action="Something new", export_check="")
    rows.append(stray)
    typo = dict(lights, row_type="comitment")
    rows.append(typo)
    write(path, rows)
    before = fingerprint(handwritten)
    result = do_import(handwritten, path)
    assert result.code == 1
    rel = f"content/{SLUG}/responses/better-lighting.md"
    assert result.lines == [
        f"progress.csv:{row_number(rows, lights)}:{column('owner')}: error: owner: is shown for reference and "
        f"is not changed from the spreadsheet: write 'Highways team' back, or change it in {rel}",
        f"progress.csv:{row_number(rows, walk)}:{column('commitment')}: error: commitment: this commitment's id "
        "is 'walk': an id is not changed once given, because progress updates name it; write 'walk' back",
        f"progress.csv:{row_number(rows, stray)}:{column('commitment')}: error: commitment: there is no "
        f"commitment 'new-thing' in {rel} (its commitments' ids are lights, walk): commitments are added in "
        f"{rel}, not in the spreadsheet",
        f"progress.csv:{row_number(rows, typo)}:1: error: row_type: must be one of response, commitment, "
        "progress; found 'comitment'",
    ]
    assert fingerprint(handwritten) == before


def test_a_sheet_without_row_type_is_refused(example: Path) -> None:
    path, rows = export(example)
    write(path, rows, [c for c in spreadsheet.COLUMNS if c != "row_type"])
    result = do_import(example, path)
    assert result.code == 1
    assert result.lines == ["progress.csv:1:1: error: the first row has no row_type column, which says what each "
                            "row is about: put it back as the first column, or export a fresh copy with assembly "
                            "export"]


def test_import_that_would_break_the_content_changes_nothing(example: Path) -> None:
    path, rows = export(example)
    row_of(rows, "response", "better-lighting")["position"] = "not-accepted"  # needs reasons
    write(path, rows)
    before = fingerprint(example)
    result = do_import(example, path)
    assert result.code == 1
    assert any("reasons are required" in line for line in result.lines)
    assert fingerprint(example) == before


# --- formulas stay text -------------------------------------------------------------------------

def test_cells_a_spreadsheet_would_run_are_written_as_text(handwritten: Path) -> None:
    path, _ = export(handwritten)
    with open(path, encoding="utf-8-sig", newline="") as stream:
        raw = list(csv.DictReader(stream))
    led = row_of(raw, "commitment", "better-lighting", due="2021-06-30")
    assert (led["action"], led["owner"]) == ("'=Check LED lamp costs", "'@lighting-team")
    notes = [r["progress_note"] for r in raw if r["recommendation"] == "better-lighting" and r["progress_note"]]
    assert notes[1:] == ["'-40% energy use, after the new lamps", "'+ two more lamps"]
    assert not any(cell[:1] in "=+-@" for r in raw for cell in r.values() if cell)
    assert all(r["progress_date"][:4].isdigit() for r in raw if r["progress_date"])  # dates are plain text

    # the quote is taken off again: a new note typed with it is imported without it
    row = next(r for r in raw if r["progress_note"] == "'+ two more lamps")
    row["progress_note"] = "'=SUM(A1:A3) is not a formula here"
    write(path, raw)
    assert do_import(handwritten, path).code == 0
    assert 'note: "=SUM(A1:A3) is not a formula here", commitment: walk}' in \
        (handwritten / FIXTURE_REL).read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["=1+1", "+44 20 7946 0000", "-5", "@team", "'quoted", "''=x", "'=x", "plain"])
def test_protect_and_unprotect_are_inverse(value: str) -> None:
    protected = spreadsheet.protect(value)
    assert protected[:1] not in ("=", "+", "-", "@")
    assert spreadsheet.unprotect(protected) == value


# --- a colleague's newer edit is never overwritten ----------------------------------------------

def test_a_colleagues_edit_to_another_field_is_kept(handwritten: Path) -> None:
    path, rows = export(handwritten)
    fixture = handwritten / FIXTURE_REL
    # after the export, a colleague changes the owner of `lights` and the status of `walk` in the file
    colleague = FIXTURE.replace("owner: 'Highways team'", "owner: 'Street Lighting team'").replace(
        "    due: 2021-01-31\n", "    due: 2021-01-31\n    status: in-progress\n")
    fixture.write_text(colleague, encoding="utf-8")
    # the officer records in the sheet that `lights` was delivered; the `walk` row is untouched
    row_of(rows, "commitment", "better-lighting", commitment="lights").update(status="done", done_on="2021-01-15")
    write(path, rows)
    before = fingerprint(handwritten)
    refused = do_import(handwritten, path)
    assert refused.code == 1, "a sheet older than the file is refused unless --force"
    assert refused.lines == [
        f"progress.csv:{row_number(rows, row_of(rows, 'response', 'better-lighting'))}:{column('export_check')}: "
        f"error: export_check: {FIXTURE_REL} was changed after this spreadsheet was exported: nothing was imported, "
        "so that the newer text is not lost; export again and make your edits on the new spreadsheet, or import "
        "with --force to apply only the cells you edited (changes made since to other fields are kept)"]
    assert fingerprint(handwritten) == before
    result = do_import(handwritten, path, "--force")
    assert result.code == 0, result.err
    assert fixture.read_text(encoding="utf-8") == colleague.replace(
        "due: 2020-12-31, status: in-progress}", "due: 2020-12-31, status: done, done_on: 2021-01-15}")


def test_an_edit_to_a_field_a_colleague_changed_is_refused(handwritten: Path) -> None:
    path, rows = export(handwritten)
    fixture = handwritten / FIXTURE_REL
    colleague = FIXTURE.replace("due: 2020-12-31, status: in-progress}", "due: 2020-12-31, status: dropped}")
    fixture.write_text(colleague, encoding="utf-8")
    lights = row_of(rows, "commitment", "better-lighting", commitment="lights")
    lights.update(status="done", done_on="2021-01-15")
    write(path, rows)
    before = fingerprint(handwritten)
    result = do_import(handwritten, path, "--force")
    assert result.code == 1
    assert result.lines == [
        f"progress.csv:{row_number(rows, lights)}:{column('status')}: error: status: {FIXTURE_REL} was changed "
        "after this spreadsheet was exported, in a field edited on this row too ('dropped' in the file, 'done' "
        "here): nothing was imported, so that neither change is lost; export again and make your edit on the "
        "new spreadsheet"]
    assert fingerprint(handwritten) == before


def test_progress_changed_in_both_places_is_refused_and_in_one_is_kept(handwritten: Path) -> None:
    fixture = handwritten / FIXTURE_REL
    path, rows = export(handwritten)
    newer = FIXTURE.replace('  - {date: 2021-02-01, status: in-progress, note: "+ two more lamps", commitment: walk}',
                            '  - {date: 2021-02-01, status: in-progress, note: "+ two more lamps", commitment: walk}\n'
                            '  - {date: 2021-03-01, status: in-progress, percent: 80}')
    fixture.write_text(newer, encoding="utf-8")
    write(path, rows)  # the sheet's progress rows are untouched: the colleague's new update stays
    assert do_import(handwritten, path).code == 1, "refused without --force"
    assert do_import(handwritten, path, "--force").code == 0
    assert fixture.read_text(encoding="utf-8") == newer

    first = row_of(rows, "progress", "better-lighting", progress_date="2020-07-01")
    first["progress_percent"] = "35"
    write(path, rows)
    result = do_import(handwritten, path, "--force")
    assert result.code == 1
    assert result.lines == [
        f"progress.csv:{row_number(rows, first)}:{column('progress_date')}: error: progress_date: the progress "
        f"of 'better-lighting' was changed in {FIXTURE_REL} after this spreadsheet was exported, and its "
        "progress rows were edited too: nothing was imported, so that neither change is lost; export again and "
        "make your edit on the new spreadsheet"]
    assert fixture.read_text(encoding="utf-8") == newer


# --- the layout before row_type -----------------------------------------------------------------

def test_a_sheet_in_the_old_layout_still_imports(example: Path) -> None:
    """One row per progress update, position and response_date on every row, no commitments."""
    cycle = example / "content" / SLUG / "responses" / "safe-cycle-routes.md"
    before = cycle.read_text(encoding="utf-8")
    _, rows = export(example)
    old: list[dict[str, str]] = []
    for recommendation in dict.fromkeys(r["recommendation"] for r in rows):
        head = row_of(rows, "response", recommendation)
        progress = [r for r in rows if r["row_type"] == "progress" and r["recommendation"] == recommendation]
        for update in progress or [{}]:
            old.append({c: head.get(c) or update.get(c, "") for c in spreadsheet.OLD_COLUMNS})
    path = example / "old.csv"
    write(path, old, spreadsheet.OLD_COLUMNS)
    result = do_import(example, path)
    assert result.code == 0, result.err
    assert "0 files changed" in result.out  # the progress updates keep the commitment they name

    last = max(i for i, r in enumerate(old) if r["recommendation"] == "safe-cycle-routes")
    old.insert(last + 1, dict(old[last], progress_date="2027-01-05", progress_status="in-progress",
                              progress_percent="85", progress_note="The bridge is in place"))
    for row in old:
        if row["recommendation"] == "fair-rents":
            row["position"] = "referred"
    percent = old[0]["progress_percent"]
    old[0]["progress_percent"] = "120"
    write(path, old, spreadsheet.OLD_COLUMNS)
    result = do_import(example, path)
    assert result.lines == ["old.csv:2:8: error: progress_percent: must be a whole number from 0 to 100; "
                            "found '120'"]  # columns are counted in the sheet's own layout
    old[0]["progress_percent"] = percent
    write(path, old, spreadsheet.OLD_COLUMNS)
    result = do_import(example, path)
    assert result.code == 0, result.err
    assert "2 files changed" in result.out
    lines = before.split("\n")
    last = max(i for i, line in enumerate(lines) if line.startswith("  - {date:"))
    lines.insert(last + 1, '  - {date: 2027-01-05, status: in-progress, percent: 85, note: "The bridge is in place"}')
    assert cycle.read_text(encoding="utf-8") == "\n".join(lines)


# --- all files or none --------------------------------------------------------------------------

def test_a_failed_write_puts_every_file_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [tmp_path / name for name in ("a.md", "b.md", "c.md")]
    for file in files:
        file.write_text(f"old {file.name}\n", encoding="utf-8")
    changes = {file: (f"old {file.name}\n", f"new {file.name}\n") for file in files}
    changes[tmp_path / "d.md"] = ("", "a new file\n")
    real_replace = os.replace
    calls = []

    def failing_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(spreadsheet.os, "replace", failing_replace)
    with pytest.raises(OSError):
        spreadsheet.apply_changes(changes)
    monkeypatch.setattr(spreadsheet.os, "replace", real_replace)
    assert [f.read_text(encoding="utf-8") for f in files] == ["old a.md\n", "old b.md\n", "old c.md\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md", "c.md"]  # no temporary file left

    spreadsheet.apply_changes(changes)
    assert [f.read_text(encoding="utf-8") for f in files] == ["new a.md\n", "new b.md\n", "new c.md\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md", "c.md", "d.md"]


def test_a_file_changed_during_the_import_stops_it(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("old\n", encoding="utf-8")
    second.write_text("edited meanwhile\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        spreadsheet.apply_changes({first: ("old\n", "new\n"), second: ("old\n", "new\n")})
    assert "was changed while the import was running" in str(caught.value.problems.items[0])
    assert first.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]
