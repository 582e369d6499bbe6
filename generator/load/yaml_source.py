"""YAML read the way a comms officer means it, with the location of every value.

PyYAML's defaults turn ``no`` into False, ``012`` into 10 and silently keep the last of two
duplicate keys. Here every scalar stays the text that was written (the schema converts it
where a field really is a number, a date or a yes/no), duplicate keys are errors, and
anchors/aliases are refused (they are never needed in content and allow expansion bombs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from generator.errors import UNPUBLISHABLE, Problems, SourceLocation, character_problem
from generator.memo import Memo

Path_ = tuple[str | int, ...]
MAX_DEPTH = 50
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
BIDI_CONTROLS = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


@dataclass
class LocatedData:
    """Parsed YAML plus where each value and key came from (by path of keys/indexes)."""

    data: Any
    file: str
    values: dict[Path_, SourceLocation] = field(default_factory=dict)
    keys: dict[Path_, SourceLocation] = field(default_factory=dict)
    start: SourceLocation | None = None

    def locate(self, path: Path_, *, key: bool = False) -> SourceLocation:
        """The closest known location for `path`, walking up to its parents."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.start or SourceLocation(self.file, 1, 1)


_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)
_SHORT_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "e": "\x1b", "N": "\x85"}


def remove_unpublishable(text: str, file: str, problems: Problems, *, line_offset: int = 0,
                         references: bool = False) -> str:
    """`text` less the characters nothing can publish (generator.errors.UNPUBLISHABLE), each
    reported where it is; with `references`, also the HTML references to them in the text
    (`&#27;`), which Markdown would turn into the characters themselves. (Inside an HTML tag, such
    as `<a href=" &#14;javascript:...">`, they are left to the sanitiser, which drops the
    attribute, and to the feed and e-book writers, which leave the character out.) What is left
    reads as if the officer had deleted them, so the problems found later are the ones they will
    meet next."""
    if not UNPUBLISHABLE.search(text) and not (references and "&#" in text):
        return text
    found: list[tuple[int, int, str, str | None]] = []
    for match in UNPUBLISHABLE.finditer(text):
        found.append((match.start(), match.end(), match.group(), None))
    if references:
        for match in _REFERENCE.finditer(text):
            hexadecimal, decimal = match.groups()
            number = int(hexadecimal, 16) if hexadecimal else int(decimal)
            if number < 0x110000 and UNPUBLISHABLE.match(chr(number)) and not _in_tag(text, match.start()):
                found.append((match.start(), match.end(), chr(number), match.group()))
    kept: list[str] = []
    position = 0
    for start, end, char, written in sorted(found):
        if start < position:
            continue
        problems.error(_place(text, start, file, line_offset), character_problem(char, written))
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


_TAG_START = re.compile(r"<[A-Za-z/]")


def _in_tag(text: str, index: int) -> bool:
    """Whether `text[index]` is inside an HTML tag: after a `<a` (or `</`, `<p` ...) not yet closed by `>`."""
    opened = max((m.start() for m in _TAG_START.finditer(text, max(0, index - 2000), index)), default=-1)
    return opened >= 0 and text.find(">", opened, index) < 0


def _place(text: str, index: int, file: str, line_offset: int, line: int = 0, column: int = 0) -> SourceLocation:
    """The location of `text[index]`, `text` starting at (line, column) counted from 0."""
    newlines = text.count("\n", 0, index)
    if newlines:
        column = index - text.rfind("\n", 0, index) - 1
    else:
        column += index
    return SourceLocation(file, line + newlines + 1 + line_offset, column + 1)


def _decoded(escape: str) -> str | None:
    """The character a double-quoted YAML escape (without its backslash) stands for."""
    if escape[0] in "xuU" and len(escape) > 1:
        number = int(escape[1:], 16)
        return chr(number) if number < 0x110000 else None
    return _SHORT_ESCAPES.get(escape)


def _clean_scalar(value: str, event: Any, text: str, file: str, line_offset: int, problems: Problems) -> str:
    """A scalar less the unpublishable characters its escapes (`"\\e"`, `"\\x01"`) wrote, each
    reported at its escape (they cannot be written raw: the reader refuses them first)."""
    start, end = event.start_mark, event.end_mark
    located = 0
    if event.style == '"' and 0 <= start.index <= end.index <= len(text):
        source = text[start.index:end.index]
        for match in _ESCAPE.finditer(source):
            char = _decoded(match.group(1))
            if char is not None and UNPUBLISHABLE.match(char):
                where = _place(source, match.start(), file, line_offset, start.line, start.column)
                problems.error(where, character_problem(char, match.group()))
                located += 1
    if located < len(UNPUBLISHABLE.findall(value)):  # not from an escape seen above: at the value
        for char in dict.fromkeys(UNPUBLISHABLE.findall(value)):
            problems.error(SourceLocation(file, start.line + 1 + line_offset, start.column + 1),
                           character_problem(char))
    return UNPUBLISHABLE.sub("", value)


_Parser: Any
try:
    from yaml._yaml import CParser as _Parser  # libyaml: about ten times faster
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = None


class _PyParser(Reader, Scanner, Parser):
    """The pure-Python event parser, where libyaml is not installed."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path_
    key: str | None = None
    first_seen: dict[str, SourceLocation] = field(default_factory=dict)


_PARSES = Memo("parses")
"""Parses by exact text (the preview server parses only the files that changed). Parsed data is
never modified after parsing, so sharing it is safe."""


def parse_yaml(text: str, file: str, *, line_offset: int = 0) -> tuple[LocatedData | None, Problems]:
    """Parse one YAML document. `line_offset` shifts lines (front matter starts below `---`).

    The data is built straight from the parser's events (libyaml's, when available): fast, and
    iterative, so no nesting can exhaust Python's stack; aliases, merge keys and duplicate keys
    are seen as they come."""
    if not _PARSES.enabled:
        return _parse_yaml(text, file, line_offset)
    key = (file, text, line_offset)
    kept = _PARSES.lookup(key)
    if kept is None:
        located, found = _parse_yaml(text, file, line_offset)
        kept = (located, found.items)
        _PARSES.keep(key, kept)
    return kept[0], Problems(list(kept[1]))


def _parse_yaml(text: str, file: str, line_offset: int) -> tuple[LocatedData | None, Problems]:
    problems = Problems()
    located = LocatedData(None, file)
    text = remove_unpublishable(text, file, problems, line_offset=line_offset)
    parser = (_Parser or _PyParser)(text)

    def at(mark: Any) -> SourceLocation:
        return SourceLocation(file, mark.line + 1 + line_offset, mark.column + 1)

    def clean(value: str, event: Any) -> str:
        if not UNPUBLISHABLE.search(value):
            return value
        return _clean_scalar(value, event, text, file, line_offset, problems)

    try:
        _build_from_events(parser, located, problems, at, clean)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = at(mark) if mark else SourceLocation(file, 1 + line_offset, 1)
        if mark and "invalid Unicode character escape code" in (exc.problem or ""):
            where = SourceLocation(file, where.line, max(1, where.column - 2))  # at the \ of \ud800
        problems.error(where, _explain_yaml_error(exc, text, mark))
        return None, problems
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        problems.error(SourceLocation(file, 1 + line_offset, 1), f"could not read the YAML: {exc}")
        return None, problems
    except _Stop:
        return None, problems
    finally:
        if hasattr(parser, "dispose"):
            parser.dispose()
    if located.data is None:
        located.data = {}
    if located.start is None:
        located.start = SourceLocation(file, 1 + line_offset, 1)
    return located, problems


class _Stop(Exception):
    """The document cannot be read further; the reason is already in the problems."""


def _build_from_events(parser: Any, out: LocatedData, problems: Problems, at: Any, clean: Any) -> None:
    stack: list[_Frame] = []
    documents = 0
    skip = 0  # depth inside a key that is not a plain word (reported once, then skipped)

    def place(value: Any, loc: SourceLocation) -> Path_ | None:
        if not stack:
            out.data, out.start = value, loc
            out.values[()] = loc
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            path = frame.path + (len(frame.container),)
            frame.container.append(value)
        else:
            assert frame.key is not None
            path = frame.path + (frame.key,)
            frame.container[frame.key] = value
            frame.key = None
        out.values[path] = loc
        return path

    def expecting_key() -> bool:
        return bool(stack) and isinstance(stack[-1].container, dict) and stack[-1].key is None

    while parser.check_event():
        event = parser.get_event()
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                problems.error(at(event.start_mark), "the file holds more than one YAML document (a second "
                               "`---`): keep one")
                raise _Stop
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if skip:
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                skip += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                skip -= 1
            continue
        if isinstance(event, yaml.AliasEvent):
            problems.error(at(event.start_mark), "anchors and aliases (& and *) are not allowed in content: "
                           "write the value out in full")
            raise _Stop
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if expecting_key():
                problems.error(at(event.start_mark), "a key must be a plain word such as `title:`")
                skip = 1
                continue
            if len(stack) >= MAX_DEPTH:
                problems.error(at(event.start_mark), f"the data is nested more than {MAX_DEPTH} levels deep: "
                               "content never needs this; check the brackets and indentation")
                raise _Stop
            container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = place(container, at(event.start_mark))
            assert path is not None
            stack.append(_Frame(container, path))
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        if isinstance(event, yaml.ScalarEvent):
            loc = at(event.start_mark)
            plain = event.style is None or event.style == ""
            if expecting_key():
                frame = stack[-1]
                key = clean(event.value, event)
                if key == "<<" and plain:
                    problems.error(loc, "merge keys (<<) are not allowed in content: write the values out in full")
                    raise _Stop
                if key in frame.first_seen:
                    problems.error(loc, f"'{key}' is written twice in the same block (first on line "
                                   f"{frame.first_seen[key].line}): keep one and delete the other")
                    frame.key = f"\x00duplicate:{key}:{loc.line}"  # keep parsing; the copy is dropped below
                    continue
                frame.first_seen[key] = loc
                frame.key = key
                out.keys[frame.path + (key,)] = loc
                continue
            value = None if plain and event.value in NULL_WORDS else clean(event.value, event)
            if isinstance(value, str) and BIDI_CONTROLS.intersection(value):
                problems.warning(loc, "this text contains invisible characters that reverse the direction of "
                                 "text (often pasted by accident, sometimes used to disguise text): retype the "
                                 "text without them")
            if stack and isinstance(stack[-1].container, dict) and (stack[-1].key or "").startswith("\x00"):
                stack[-1].key = None  # the duplicate's value is not kept
                continue
            place(value, loc)
    _drop_duplicates(out.data)


def _drop_duplicates(data: Any) -> None:
    """Remove the placeholders of duplicate keys whose values were containers."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key in [k for k in item if k.startswith("\x00")]:
                del item[key]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _explain_yaml_error(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if mark is not None:
        lines = text.split("\n")
        line = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in line[: mark.column + 1] or "\\t" in problem:
            return "this line has a tab character: YAML needs spaces; replace the tab with spaces"
        if "\u00a0" in line:
            return ("this line has an invisible non-breaking space (often pasted from Word or email): "
                    "delete the spaces around the ':' and type them again")
        if any(q in line for q in "\u201c\u201d\u2018\u2019"):
            return ("this line has curly quotes (“ ” or ‘ ’, as Word writes them): YAML needs straight "
                    'quotes; write the value as "like this"')
    if "invalid Unicode character escape code" in problem and mark is not None:
        return _invalid_escape(text, mark)
    if "mapping values are not allowed" in problem:
        return ("a ':' appears inside a value: put the whole value in double quotes, "
                'for example title: "Buses: the next ten years"')
    if "expected a single document" in context or "expected a single document" in problem:
        return "the file holds more than one YAML document (a second `---`): keep one"
    if "found undefined alias" in context or "found unhashable key" in context:
        return f"could not read the YAML: {context}"
    if "could not find expected ':'" in problem:
        return "a line is missing its ':' after the field name, or a quote is not closed"
    if "found character that cannot start any token" in problem:
        return ("a value starts with a character YAML reserves (such as @, ` or %): "
                'put the value in double quotes')
    words = "; ".join(part for part in (context, problem) if part)
    return f"could not read the YAML ({words}): check indentation and quotes on this line"


def _invalid_escape(text: str, mark: Any) -> str:
    r"""libyaml refuses an escape such as \ud800 (half of a character) or \U00110000 (none)."""
    line = text.split("\n")[mark.line] if mark.line < len(text.split("\n")) else ""
    escape = re.match(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})", line[max(0, mark.column - 2):])
    if escape:
        number = int(escape.group(1)[1:], 16)
        pair = re.match(r"\\u(d[c-f][0-9a-f]{2})", line[max(0, mark.column - 2) + escape.end():], re.I)
        if 0xD800 <= number <= 0xDBFF and pair:  # JSON's way to write 😀; YAML reads each half alone
            char = chr(0x10000 + ((number - 0xD800) << 10) + (int(pair.group(1), 16) - 0xDC00))
            return (f"`{escape.group()}{pair.group()}` is one character written in two halves, which YAML "
                    f"cannot join: write the character itself ({char}) or `\\U{ord(char):08X}`")
        if 0xD800 <= number <= 0xDFFF:
            return character_problem(chr(number), escape.group())
        return f"`{escape.group()}` stands for no character (the largest is \\U0010FFFF): delete it"
    return "an escape such as \\ud800 here stands for no character that can be published: delete it"
