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
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from generator.errors import Problems, SourceLocation

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


class _AliasRefused(yaml.MarkedYAMLError):
    pass


class _TextLoader(Reader, Scanner, Parser, Composer, SafeConstructor, BaseResolver):
    """A loader with no implicit typing: every plain scalar resolves to a string."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        BaseResolver.__init__(self)

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasRefused(
                None, None,
                "anchors and aliases (& and *) are not allowed in content: "
                "write the value out in full",
                event.start_mark,
            )
        node = super().compose_node(parent, index)
        assert node is not None
        return node


def parse_yaml(text: str, file: str, *, line_offset: int = 0) -> tuple[LocatedData | None, Problems]:
    """Parse one YAML document. `line_offset` shifts lines (front matter starts below `---`)."""
    problems = Problems()
    too_deep = _too_deep(text)
    if too_deep is not None:
        problems.error(SourceLocation(file, too_deep.line + 1 + line_offset, too_deep.column + 1),
                       f"the data is nested more than {MAX_DEPTH} levels deep: content never needs this; "
                       "check the brackets and indentation")
        return None, problems
    loader = _TextLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        problems.error(SourceLocation(file, line, column), _explain_yaml_error(exc))
        return None, problems
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        problems.error(SourceLocation(file, 1 + line_offset, 1), f"could not read the YAML: {exc}")
        return None, problems
    finally:
        loader.dispose()

    located = LocatedData(None, file)
    if node is None:
        located.data = {}
        located.start = SourceLocation(file, 1 + line_offset, 1)
        return located, problems
    located.start = _loc(node, file, line_offset)
    located.data = _build(node, (), located, problems, line_offset, depth=0)
    return located, problems


def _too_deep(text: str) -> Any:
    """Find nesting deeper than MAX_DEPTH with the (iterative) event parser, before the
    (recursive) composer would exhaust Python's stack."""
    loader = _TextLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the real parse reports it, with its location
    finally:
        loader.dispose()
    return None


def _loc(node: Node, file: str, offset: int) -> SourceLocation:
    return SourceLocation(file, node.start_mark.line + 1 + offset, node.start_mark.column + 1)


def _build(node: Node, path: Path_, out: LocatedData, problems: Problems, offset: int, depth: int) -> Any:
    out.values[path] = _loc(node, out.file, offset)
    if depth > MAX_DEPTH:
        problems.error(_loc(node, out.file, offset), f"the data is nested more than {MAX_DEPTH} levels deep: "
                       "content never needs this; check the indentation")
        return None
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in NULL_WORDS:
            return None
        if BIDI_CONTROLS.intersection(node.value):
            problems.warning(_loc(node, out.file, offset), "this text contains invisible characters that reverse "
                             "the direction of text (often pasted by accident, sometimes used to disguise text): "
                             "retype the text without them")
        return node.value
    if isinstance(node, SequenceNode):
        return [_build(child, path + (i,), out, problems, offset, depth + 1) for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, SourceLocation] = {}
        for key_node, value_node in node.value:
            key_loc = _loc(key_node, out.file, offset)
            if not isinstance(key_node, ScalarNode):
                problems.error(key_loc, "a key must be a plain word such as `title:`")
                continue
            key = key_node.value
            if key == "<<":
                problems.error(key_loc, "merge keys (<<) are not allowed in content: write the values out in full")
                continue
            if key in first_seen:
                problems.error(key_loc, f"'{key}' is written twice in the same block (first on line "
                               f"{first_seen[key].line}): keep one and delete the other")
                continue
            first_seen[key] = key_loc
            out.keys[path + (key,)] = key_loc
            result[key] = _build(value_node, path + (key,), out, problems, offset, depth + 1)
        return result
    return None  # pragma: no cover


def _explain_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if "'\\t'" in problem or "\\t" in problem:
        return "a tab character is used for indentation: YAML needs spaces; replace the tab with spaces"
    if isinstance(exc, _AliasRefused):
        return problem
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
