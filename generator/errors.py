"""Content problems, located in the file a comms officer edits, and their printing.

Every problem carries a `SourceLocation` so it can be printed as
``path:line:column: error: message``: the form editors and CI annotate.
Problems are collected (never raised one at a time) so one run reports all of them.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a content file. Lines and columns count from 1, as editors do."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    location: SourceLocation
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"


@dataclass
class Problems:
    """Collects every problem found in one run."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: SourceLocation, message: str) -> None:
        self.items.append(Problem(location, Severity.ERROR, message))

    def warning(self, location: SourceLocation, message: str) -> None:
        self.items.append(Problem(location, Severity.WARNING, message))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def sorted(self) -> list[Problem]:
        # De-duplicate: two stages may notice the same thing at the same place.
        return sorted(set(self.items), key=_sort_key)

    def __bool__(self) -> bool:
        return bool(self.items)


def _sort_key(problem: Problem) -> tuple[str, int, int, str]:
    loc = problem.location
    return (loc.path, loc.line, loc.column, problem.message)


class ContentError(Exception):
    """Raised to stop a command when the content has errors; carries them all."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems.errors)} content error(s)")
        self.problems = problems


class UsageError(Exception):
    """The command was used wrongly (exit status 2)."""


def relative_path(path: Path, root: Path) -> str:
    """The path as the officer sees it from the folder holding site_config.yml."""
    return _relative_path(os.fspath(path), os.fspath(root))


@functools.lru_cache(maxsize=100_000)
def _relative_path(path: str, root: str) -> str:
    # Remembered: the preview server asks again for every file on every save.
    try:
        return Path(path).resolve().relative_to(_resolved(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


@functools.lru_cache(maxsize=64)
def _resolved(root: str) -> Path:
    return Path(root).resolve()


def print_problems(problems: Problems, stream: IO[str] | None = None, *, root: Path | None = None,
                   snippets: bool | None = None) -> None:
    """One line per problem (`path:line:column: severity: message`), then the totals.

    On a terminal each line is followed by the offending line of the file with a marker under
    the place; piped into CI, only the one-line form is printed."""
    out = stream or sys.stderr
    if snippets is None:
        snippets = root is not None and hasattr(out, "isatty") and out.isatty()
    for problem in problems.sorted():
        print(problem, file=out)
        if snippets and root is not None:
            for line in snippet(root, problem.location):
                print(line, file=out)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors or warnings:
        print(
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}.",
            file=out,
        )


def snippet(root: Path, location: SourceLocation) -> list[str]:
    """The line a problem is on, with a ^ under its column."""
    path = root / location.path
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > 2_000_000:
            return []
        lines = path.read_bytes().decode("utf-8-sig", errors="replace").replace("\r\n", "\n").split("\n")
    except OSError:
        return []
    if not 1 <= location.line <= len(lines):
        return []
    text = lines[location.line - 1].replace("\t", " ")
    return [f"    {location.line:>4} | {text}", f"         | {' ' * (location.column - 1)}^"]


def problems_as_json(problems: Problems) -> str:
    import json

    records = [{"path": p.location.path, "line": p.location.line, "column": p.location.column,
                "severity": p.severity.value, "message": p.message} for p in problems.sorted()]
    return json.dumps({"errors": len(problems.errors), "warnings": len(problems.warnings),
                       "problems": records}, ensure_ascii=False, indent=2)
