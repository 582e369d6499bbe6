"""Checks that help officers publish accessibly, on the Markdown they wrote (file and line).

An image without a text description is an error; a skipped heading level, vague link text and
bare web addresses are warnings (``--strict`` makes them errors).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.errors import Problems, SourceLocation
from generator.memo import Memo

VAGUE_LINK_TEXT = {"click here", "here", "click", "read more", "more", "link", "this link", "this", "learn more",
                   "find out more", "more information", "this page", "go", "download"}
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+\S")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)
_BARE_URL = re.compile(r"(?<![(<\"'=])\bhttps?://[^\s)>\]]+", re.I)


_CHECKS = Memo()
"""Each body's findings by its exact text and place (the preview server)."""


def check_body(path: str, body: str, first_line: int, problems: Problems,
               top_level: int = 2) -> list[tuple[str, SourceLocation]]:
    """Check one Markdown body that starts on `first_line` of the file `path`.

    Returns the local targets of its links and images, located, for the caller to resolve."""
    if not _CHECKS.enabled:
        return _check_body(path, body, first_line, problems, top_level)
    key = (path, body, first_line, top_level)
    kept = _CHECKS.lookup(key)
    if kept is None:
        found = Problems()
        kept = (found.items, _check_body(path, body, first_line, found, top_level))
        _CHECKS.keep(key, kept)
    problems.extend(kept[0])
    return list(kept[1])


def _check_body(path: str, body: str, first_line: int, problems: Problems,
                top_level: int) -> list[tuple[str, SourceLocation]]:
    targets: list[tuple[str, SourceLocation]] = []
    previous_level = top_level - 1
    in_fence = False
    table_open: tuple[int, int] | None = None
    table_has_header = False
    for number, line in _numbered(body, first_line):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = _HEADING.match(line)
        if heading:
            level = max(len(heading.group(1)), top_level)
            if level > previous_level + 1:
                problems.warning(SourceLocation(path, number, 1), f"this heading jumps from level {previous_level} "
                                 f"to level {level}: use {'#' * (previous_level + 1)} so screen reader users "
                                 "do not think a section is missing")
            previous_level = level
        for match in (*_IMAGE.finditer(line), *_LINK.finditer(line)):
            target = match.group(2)
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^#|^/", target):
                targets.append((target.split("#", 1)[0], SourceLocation(path, number, match.start() + 1)))
        for match in _IMAGE.finditer(line):
            if not match.group(1).strip():
                problems.error(SourceLocation(path, number, match.start() + 1), "this image has no description: "
                               "write what it shows between the brackets, ![like this](images/photo.jpg)")
        for match in _HTML_IMG.finditer(line):
            if not re.search(r"\balt\s*=\s*(\"[^\"]+\"|'[^']+')", match.group(0)):
                problems.error(SourceLocation(path, number, match.start() + 1), "this image has no description: "
                               'add alt="what the picture shows"')
        for match in _LINK.finditer(line):
            if match.group(1).strip().lower().rstrip(".") in VAGUE_LINK_TEXT:
                problems.warning(SourceLocation(path, number, match.start() + 1), f"the link text "
                                 f"'{match.group(1)}' does not say where it goes: use words that make sense on "
                                 "their own, such as [the council's budget report](...)")
        for match in _BARE_URL.finditer(line):
            if _inside_link_target(line, match.start()):
                continue
            address = match.group(0).rstrip(".,;:!?")
            problems.warning(SourceLocation(path, number, match.start() + 1), "a bare web address is read out "
                             f"letter by letter: write it as a link with words, [what it is]({address})")
        lowered = line.lower()
        if "<table" in lowered:
            table_open, table_has_header = (number, lowered.index("<table") + 1), False
        if table_open and "<th" in lowered:
            table_has_header = True
        if table_open and "</table" in lowered:
            if not table_has_header:
                problems.warning(SourceLocation(path, *table_open), "this table has no header row: make the first "
                                 "row headers (<th>), or write it as a Markdown table, whose first row is the header")
            table_open = None
    return targets


def _numbered(body: str, first_line: int) -> Iterable[tuple[int, str]]:
    for offset, line in enumerate(body.split("\n")):
        yield first_line + offset, line


def _inside_link_target(line: str, position: int) -> bool:
    """True when the address is the target of [text](address) or <address>."""
    before = line[:position]
    return before.endswith("](") or before.endswith("<") or before.endswith('href="')
