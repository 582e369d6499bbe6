"""Content problems, located in the file a comms officer edits, and their printing.

Every problem carries a `SourceLocation` so it can be printed as
``path:line:column: error: message``: the form editors and CI annotate.
Problems are collected (never raised one at a time) so one run reports all of them.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO

UNPUBLISHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters content may not hold. XML 1.0 forbids the C0 controls other than tab, line feed and
carriage return, U+FFFE, U+FFFF and lone surrogates, so an Atom feed, a sitemap or an e-book
holding one is unreadable; DEL and the C1 controls (U+007F to U+009F) are refused with them:
they are invisible, never meant, and some (U+009B) start terminal escape sequences."""

_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                              "\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff\ufffe\uffff]")
"""What JSON leaves unescaped of the above (json.dumps escapes the C0 controls itself)."""
_SHOWN = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def code_point(char: str) -> str:
    """U+001B, as character tables and editors name it."""
    return f"U+{ord(char):04X}"


def character_problem(char: str, written: str | None = None) -> str:
    """Why an unpublishable character (see UNPUBLISHABLE) is refused and what to do: delete it.
    `written` is how the file spells it when that is not the character itself (`\\e`, `&#27;`)."""
    number = ord(char)
    said = f"`{written}` stands for" if written else "this text contains"
    if number in (0xFFFE, 0xFFFF):
        why = "" if written else " (it is left by a faulty copy or conversion)"
        return f"{said} {code_point(char)}, which is not a character{why} and cannot be published: delete it"
    if 0xD800 <= number <= 0xDFFF:
        return (f"{said} {code_point(char)}, half of a character on its own, which cannot be published: "
                "delete it")
    fix = "delete it"
    if 0x80 <= number <= 0x9F:
        try:
            meant = bytes([number]).decode("cp1252")
        except UnicodeDecodeError:
            meant = ""
        if meant:  # text read with the wrong encoding: U+0092 was Windows-1252's right quote
            fix = f"delete it, or if it should be {meant}, type {meant} instead"
    why = "" if written else " (often pasted by accident)"
    return f"{said} an invisible control character, {code_point(char)}{why}, which cannot be published: {fix}"


def for_terminal(text: str) -> str:
    """`text` with every character that could act on a terminal (escape sequences, the bell,
    backspace, carriage return, direction overrides) shown as an escape: ESC as \\x1b."""
    return _TERMINAL_UNSAFE.sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHOWN:
        return _SHOWN[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


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
        # Shown on a terminal: a file name or a value quoted in the message never acts on it.
        return for_terminal(f"{self.location}: {self.severity.value}: {self.message}")


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
        # Counted as printed: a problem noticed twice at the same place is one problem.
        return list(dict.fromkeys(p for p in self.items if p.severity is Severity.ERROR))

    @property
    def warnings(self) -> list[Problem]:
        return list(dict.fromkeys(p for p in self.items if p.severity is Severity.WARNING))

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
    before = len(for_terminal(text[: max(location.column - 1, 0)]))
    return [f"    {location.line:>4} | {for_terminal(text)}", f"         | {' ' * before}^"]


def problems_as_json(problems: Problems) -> str:
    import json

    records = [{"path": p.location.path, "line": p.location.line, "column": p.location.column,
                "severity": p.severity.value, "message": p.message} for p in problems.sorted()]
    text = json.dumps({"errors": len(problems.errors), "warnings": len(problems.warnings),
                       "problems": records}, ensure_ascii=False, indent=2)
    # The characters that act on a terminal (U+009B starts an escape sequence) are written as \u
    # escapes, which any JSON reader turns back into the same text.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
