"""Checks that help officers publish accessibly, on the Markdown they wrote (file and line).

An image without a text description is an error; a skipped heading level, vague link text and
bare web addresses are warnings (``--strict`` makes them errors).

Where links and pictures may lead (Markdown links, images and reference definitions, and raw
<a href> and <img src>): links are written from the assembly's folder (documents/report.pdf,
recommendations/cycle-lanes.md). They may go up one level, to the site's folder, and no further:
../index.html is the page listing every assembly, ../another-assembly/... another assembly of the
same site. A link or picture that climbs further, or starts with / (the top of the web server) or
// (another server), leads out of the published site and is an error, as is a \\ between
folders; one whose address has a scheme other than https, http, mailto or tel (javascript:,
data:, file: ...) is removed when the site is built, with a warning.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from html import unescape

from generator.errors import Problems, SourceLocation
from generator.memo import Memo

VAGUE_LINK_TEXT = {"click here", "here", "click", "read more", "more", "link", "this link", "this", "learn more",
                   "find out more", "more information", "this page", "go", "download"}
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+\S")
# A link's address may hold brackets in pairs: [the vote](https://example.org/vote_(2019)).
_IMAGE = re.compile(r"!\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))*)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)")
_REFERENCE = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*<?([^\s>]+)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)
_HTML_URL = re.compile(r"<(?:a\b[^>]*?\shref|(img)\b[^>]*?\ssrc)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_ASSEMBLY_FOLDER = re.compile(r"^[a-z0-9-]+$")
PUBLISHED_SCHEMES = ("https", "http", "mailto", "tel")
"""As generator.render.markdown.URL_SCHEMES: every other scheme is removed from the pages."""
SITE_FILES = ("index.html", "feed.xml")
"""What a link may reach in the site's folder besides the assemblies' folders: the list of
assemblies and the feed of all their news."""
_BARE_URL = re.compile(r"(?<![(<\"'=])\bhttps?://[^\s)>\]]+", re.I)


_CHECKS = Memo("body checks")
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
        for match in _IMAGE.finditer(line):
            _check_target(match.group(2), True, SourceLocation(path, number, match.start() + 1), problems, targets)
        for match in (*_LINK.finditer(line), *_REFERENCE.finditer(line)):
            _check_target(match.group(2), False, SourceLocation(path, number, match.start() + 1), problems, targets)
        for match in _HTML_URL.finditer(line):
            value = match.group(2)
            _check_target(value[1:-1] if value[0] in "\"'" else value, bool(match.group(1)),
                          SourceLocation(path, number, match.start() + 1), problems, None)
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


def _check_target(written: str, picture: bool, where: SourceLocation, problems: Problems,
                  targets: list[tuple[str, SourceLocation]] | None) -> None:
    """Where one link or picture leads (see the module's docstring). A file of the assembly's is
    added to `targets` (when given) for the caller to check that it exists."""
    target = unescape(written)
    # As a browser reads it: spaces and control characters around it, and tabs and line breaks in it, dropped.
    address = re.sub(r"[\t\n\r]", "", target.strip(_SPACE_AND_CONTROLS))
    what = "picture" if picture else "link"
    example = "images/photo.jpg" if picture else "documents/report.pdf"
    if not address or address.startswith(("#", "?")):
        return
    scheme = _SCHEME.match(address)
    if scheme:
        if scheme.group(1).lower() not in PUBLISHED_SCHEMES:
            problems.warning(where, _removed(written, what, scheme.group(1).lower()))
        return
    slashes = address.replace("\\", "/")
    if slashes.startswith("//"):
        problems.error(where, f"the {what} '{written}' leads to another website without saying how: write its "
                       "full address, starting with https://")
    elif slashes.startswith("/"):
        problems.error(where, f"the {what} '{written}' starts with {address[0]}, which leads to the top of the web "
                       "server, outside the published site: write it from the assembly folder, without the first "
                       f"{address[0]}, such as {slashes.lstrip('/') or example}")
    elif "\\" in address:
        problems.error(where, f"the {what} '{written}' has \\ between folders, which web addresses do not use: "
                       f"write / instead, as in {slashes}")
    else:
        path = re.split(r"[?#]", address, maxsplit=1)[0]
        normal = posixpath.normpath("/".join(_step(s) for s in path.split("/"))) if path else ""
        followed = _SCHEME.match(normal)
        if followed:
            problems.warning(where, _removed(written, what, followed.group(1).lower(), normal))
        elif normal == ".." or normal.startswith("../"):
            _check_outside(written, normal, what, where, problems)
        elif targets is not None:
            targets.append((target.split("#", 1)[0], where))


_SPACE_AND_CONTROLS = "".join(map(chr, range(33)))


def _step(segment: str) -> str:
    """One step of a path as a browser takes it: %2e is a dot, so %2e%2e goes up like .."""
    dots = segment.lower().replace("%2e", ".")
    return dots if dots in (".", "..") else segment


def _removed(written: str, what: str, scheme: str, becomes: str = "") -> str:
    """The warning for an address whose scheme is not published."""
    leads = f" leads to '{becomes}' and" if becomes else ""
    if scheme == "file":
        hint = ("a file: address is a file on your own computer or network, which readers cannot open: put the "
                "file in documents/ and write documents/its-name.pdf")
    elif what == "picture":
        hint = "put the picture in images/ and write images/photo.jpg"
    else:
        hint = "write a full web address starting with https://, or a file such as documents/report.pdf"
    return (f"the {what} '{written}'{leads} is removed when the site is built: only addresses starting with "
            f"https://, http://, mailto: or tel: are published; {hint}")


def _check_outside(written: str, normal: str, what: str, where: SourceLocation, problems: Problems) -> None:
    """A link or picture that goes up from the assembly's folder: to the list of assemblies
    (../index.html) or into another assembly's folder (../another-assembly/...), never higher."""
    first, _, rest = normal[len("../"):].partition("/")
    if normal == ".." or _ASSEMBLY_FOLDER.match(first) or (not rest and first in SITE_FILES):
        return
    name = posixpath.basename(normal)
    if normal == "../.." or normal.startswith("../../"):
        leads = ("is outside the published site, so it cannot be shown" if what == "picture" else
                 "leads out of the published site, so it cannot work: links are written from the assembly folder and "
                 "may go up only one level, to ../index.html (the list of assemblies) or ../another-assembly/...")
    else:
        leads = ("leads to the site's folder, which holds only the list of assemblies (../index.html) and each "
                 "assembly's folder (../another-assembly/...)")
    fix = (f"put the picture in images/ and write images/{name}" if what == "picture" else
           f"put the file in documents/ and write documents/{name}, or write a website's full address, starting "
           "with https://")
    problems.error(where, f"the {what} '{written}' {leads}: {fix}")


def _numbered(body: str, first_line: int) -> Iterable[tuple[int, str]]:
    for offset, line in enumerate(body.split("\n")):
        yield first_line + offset, line


def _inside_link_target(line: str, position: int) -> bool:
    """True when the address is the target of [text](address) or <address>."""
    before = line[:position]
    return before.endswith("](") or before.endswith("<") or before.endswith('href="')
