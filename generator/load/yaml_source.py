"""YAML read the way a comms officer means it, with the location of every value.

PyYAML's defaults turn ``no`` into False, ``012`` into 10 and silently keep the last of two
duplicate keys. Here every scalar stays the text that was written (the schema converts it
where a field really is a number, a date or a yes/no), duplicate keys are errors, and
anchors/aliases are refused (they are never needed in content and allow expansion bombs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from generator.errors import Problems, SourceLocation
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


_PARSES = Memo()
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
    parser = (_Parser or _PyParser)(text)

    def at(mark: Any) -> SourceLocation:
        return SourceLocation(file, mark.line + 1 + line_offset, mark.column + 1)

    try:
        _build_from_events(parser, located, problems, at)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = at(mark) if mark else SourceLocation(file, 1 + line_offset, 1)
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


def _build_from_events(parser: Any, out: LocatedData, problems: Problems, at: Any) -> None:
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
                key = event.value
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
            value = None if plain and event.value in NULL_WORDS else event.value
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
