"""`assembly export` / `assembly import`: responses and progress as a spreadsheet (CSV).

One row per progress update (one row for a recommendation with none). Updating progress one
item at a time is tedious; a spreadsheet lets an officer update twenty at once. An export
followed by an import with no edits changes no file; an edit changes exactly the fields edited.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problems, SourceLocation
from generator.load.files import SourceFile, read_markdown_file
from generator.model.corpus import AssemblyContent
from generator.model.records import Position, ProgressUpdate

COLUMNS = ["recommendation", "number", "title", "position", "response_date", "progress_date", "progress_status",
           "progress_percent", "progress_note"]
EDITABLE = {"position", "response_date", "progress_date", "progress_status", "progress_percent", "progress_note"}


def export_rows(content: AssemblyContent) -> list[dict[str, str]]:
    rows = []
    for rec in content.recommendations:
        response = content.response_for(rec)
        base = {"recommendation": rec.id, "number": rec.number, "title": rec.title,
                "position": response.position.value if response else "",
                "response_date": response.date.isoformat() if response else ""}
        updates: list[ProgressUpdate | None] = list(response.progress) if response else []
        for update in updates or [None]:
            row = dict(base)
            row.update(progress_date=update.date.isoformat() if update else "",
                       progress_status=update.status if update else "",
                       progress_percent=str(update.percent) if update and update.percent is not None else "",
                       progress_note=update.note or "" if update else "")
            rows.append(row)
    return rows


def export_csv(content: AssemblyContent) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(export_rows(content))
    return "\ufeff" + buffer.getvalue()


@dataclass
class Planned:
    """What an import would do to one recommendation's response."""

    recommendation: str
    position: Position | None
    date: dt.date | None
    progress: list[ProgressUpdate]
    first_row: int
    readable: bool = True
    """False when the first row's position or date could not be read (already reported)."""


@dataclass
class ImportResult:
    problems: Problems = field(default_factory=Problems)
    changes: dict[Path, tuple[str, str]] = field(default_factory=dict)
    """path → (old text, new text) for every file that changes."""


def _cell_error(problems: Problems, csv_name: str, row: int, column: str, message: str) -> None:
    problems.error(SourceLocation(csv_name, row, COLUMNS.index(column) + 1 if column in COLUMNS else 1),
                   f"{column}: {message}")


def _parse_date(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"dates are written year-month-day, such as 2020-03-12; found '{text}' (a spreadsheet "
                         "may have changed it: format the column as text)")
    return dt.date.fromisoformat(text)


def read_rows(csv_text: str, csv_name: str, content: AssemblyContent, statuses: list[str],
              problems: Problems) -> list[Planned]:
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    missing = [c for c in ("recommendation", "position", "response_date", "progress_date", "progress_status")
               if c not in (reader.fieldnames or [])]
    if missing:
        problems.error(SourceLocation(csv_name, 1, 1), f"the first row must name the columns; missing: "
                       f"{', '.join(missing)} (export a fresh copy with assembly export)")
        return []
    known = {r.id for r in content.recommendations}
    plans: dict[str, Planned] = {}
    for row_number, row in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in row.items() if k}
        rec_id = values.get("recommendation", "")
        if not rec_id and not any(values.values()):
            continue
        if rec_id not in known:
            _cell_error(problems, csv_name, row_number, "recommendation",
                        f"there is no recommendation '{rec_id}' in this assembly")
            continue
        position = None
        errors_before = len(problems.errors)
        if values.get("position"):
            try:
                position = Position(values["position"])
            except ValueError:
                _cell_error(problems, csv_name, row_number, "position", "must be one of "
                            f"{', '.join(p.value for p in Position)}; found '{values['position']}'")
        response_date = None
        if values.get("response_date"):
            try:
                response_date = _parse_date(values["response_date"])
            except ValueError as exc:
                _cell_error(problems, csv_name, row_number, "response_date", str(exc))
        plan = plans.get(rec_id)
        readable = len(problems.errors) == errors_before
        if plan is None:
            plan = plans[rec_id] = Planned(rec_id, position, response_date, [], row_number, readable)
        elif readable and plan.readable and (position, response_date) != (plan.position, plan.date):
            _cell_error(problems, csv_name, row_number, "position", f"position and response_date must be the "
                        f"same on every row of '{rec_id}' (row {plan.first_row} differs)")
        update = _progress(values, csv_name, row_number, statuses, problems)
        if update is not None:
            plan.progress.append(update)
    return list(plans.values())


def _progress(values: dict[str, str], csv_name: str, row: int, statuses: list[str],
              problems: Problems) -> ProgressUpdate | None:
    fields = ("progress_date", "progress_status", "progress_percent", "progress_note")
    if not any(values.get(f) for f in fields):
        return None
    ok = True
    day = None
    try:
        day = _parse_date(values.get("progress_date", ""))
    except ValueError as exc:
        _cell_error(problems, csv_name, row, "progress_date", str(exc))
        ok = False
    status = values.get("progress_status", "")
    if status not in statuses:
        _cell_error(problems, csv_name, row, "progress_status", f"must be one of {', '.join(statuses)}; "
                    f"found '{status}'")
        ok = False
    percent: int | None = None
    raw_percent = values.get("progress_percent", "").rstrip("%").strip()
    if raw_percent:
        if raw_percent.isdigit() and int(raw_percent) <= 100:
            percent = int(raw_percent)
        else:
            _cell_error(problems, csv_name, row, "progress_percent", f"must be a whole number from 0 to 100; "
                        f"found '{values.get('progress_percent')}'")
            ok = False
    if not ok or day is None:
        return None
    return ProgressUpdate(date=day, status=status, percent=percent, note=values.get("progress_note") or None)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _progress_block(updates: list[ProgressUpdate]) -> list[str]:
    if not updates:
        return ["progress: []"]
    lines = ["progress:"]
    for u in updates:
        parts = [f"date: {u.date.isoformat()}", f"status: {u.status}"]
        if u.percent is not None:
            parts.append(f"percent: {u.percent}")
        if u.note:
            parts.append(f"note: {_quote(u.note)}")
        lines.append("  - {" + ", ".join(parts) + "}")
    return lines


def _replace_field(lines: list[str], source: SourceFile, key: str, new_lines: list[str]) -> list[str]:
    """Replace one top-level front matter field in place, keeping every other line as written."""
    tops = sorted((loc.line, k[0]) for k, loc in source.located.keys.items() if len(k) == 1)
    closing = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    if key not in {name for _, name in tops}:
        return lines[:closing] + new_lines + lines[closing:]
    start = next(line for line, name in tops if name == key) - 1
    following = [line - 1 for line, _ in tops if line - 1 > start]
    end = following[0] if following else closing
    while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # keep comments and blank lines that sit before the next field
    return lines[:start] + new_lines + lines[end:]


def plan_import(root: Path, content: AssemblyContent, folder: Path, planned: list[Planned],
                problems: Problems) -> dict[Path, tuple[str, str]]:
    changes: dict[Path, tuple[str, str]] = {}
    for plan in planned:
        response = content.response_for(next(r for r in content.recommendations if r.id == plan.recommendation))
        if response is None:
            if plan.position is None and not plan.progress:
                continue
            path = folder / "responses" / f"{plan.recommendation}.md"
            if path.exists():
                path = folder / "responses" / f"{plan.recommendation}-response.md"
            today = plan.date or (plan.progress[0].date if plan.progress else None)
            lines = ["---", f"recommendation: {plan.recommendation}",
                     f"position: {(plan.position or Position.UNDER_CONSIDERATION).value}",
                     f"date: {today.isoformat() if today else ''}", *_progress_block(plan.progress), "---",
                     "The council's response in full.", ""]
            changes[path] = ("", "\n".join(lines))
            continue
        if (plan.position, plan.date, plan.progress) == (response.position, response.date, response.progress):
            continue
        path = root / response.source
        source = read_markdown_file(path, response.source, problems)
        if source is None:
            continue
        old = path.read_bytes().decode("utf-8-sig")
        newline = "\r\n" if "\r\n" in old else "\n"
        lines = old.replace("\r\n", "\n").split("\n")
        if plan.position is not None and plan.position != response.position:
            lines = _replace_field(lines, source, "position", [f"position: {plan.position.value}"])
            source = _reparse(lines, source, problems)
        if plan.date is not None and plan.date != response.date and source is not None:
            lines = _replace_field(lines, source, "date", [f"date: {plan.date.isoformat()}"])
            source = _reparse(lines, source, problems)
        if plan.progress != response.progress and source is not None:
            kept = len(response.progress)
            if kept and plan.progress[:kept] == response.progress:
                lines = _append_progress(lines, source, plan.progress[kept:])
            else:
                lines = _replace_field(lines, source, "progress", _progress_block(plan.progress))
        changes[path] = (old, newline.join(lines))
    return changes


def _append_progress(lines: list[str], source: SourceFile, added: list[ProgressUpdate]) -> list[str]:
    """New updates go after the last existing one; the lines already there stay as written."""
    last_item = source.at("progress", len(source.located.data["progress"]) - 1).line - 1
    end = last_item + 1
    while end < len(lines) and lines[end].startswith((" ", "\t")) and not lines[end].lstrip().startswith("- "):
        end += 1  # a block-style item continues on indented lines
    indent = lines[last_item][: len(lines[last_item]) - len(lines[last_item].lstrip())]
    new = [indent + line.lstrip() for line in _progress_block(added)[1:]]
    return lines[:end] + new + lines[end:]


def _reparse(lines: list[str], source: SourceFile, problems: Problems) -> SourceFile | None:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / source.path.name
        path.write_text("\n".join(lines), encoding="utf-8")
        return read_markdown_file(path, source.rel, problems)


def apply_changes(changes: dict[Path, tuple[str, str]]) -> None:
    for path, (_, new) in changes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_bytes(new.encode("utf-8"))
        os.replace(partial, path)


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
        target.write_text(new, encoding="utf-8")
    return temp

