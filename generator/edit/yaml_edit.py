"""Change a few fields in a content file's front matter, leaving every other character as written.

The front matter is read with PyYAML's pure-Python parser, whose events give the exact start and
end of every value; each edit is then a splice of the original text (replace a value, add a key
after the key it follows, remove a key, remove or add items of a list). Comments, key order,
quoting, blank lines, line endings and the Markdown body are kept because they are never
rewritten. After the splices the new front matter is read again and must hold exactly the data
expected, or the edit is refused (`CannotEdit`) rather than written wrong.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.load.yaml_source import NULL_WORDS, parse_yaml

Path_ = tuple[str | int, ...]
PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
"""Values written without quotes: ids, status keys, dates and whole numbers."""


class CannotEdit(Exception):
    """The change cannot be made in place (the reason is the message)."""


def scalar(value: str) -> str:
    """A value as YAML text: plain when it is a word, a date or a number; double-quoted otherwise."""
    if PLAIN_SAFE.match(value) and value not in NULL_WORDS and value.lower() not in ("true", "false", "yes", "no"):
        return value
    return json.dumps(value, ensure_ascii=False)


def flow_mapping(items: list[tuple[str, str]]) -> str:
    """`{key: value, ...}` from already plain text values (each is passed through `scalar`)."""
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in items) + "}"


@dataclass
class Node:
    kind: str
    """'scalar', 'map' or 'seq'."""
    start: int
    end: int
    flow: bool = False
    style: str | None = None
    key: tuple[int, int] | None = None
    """Where the key of this value is written, for values in a mapping."""
    keys: list[str] = field(default_factory=list)
    length: int = 0


@dataclass
class _Splice:
    start: int
    end: int
    text: str


class FrontMatter:
    """The front matter of one Markdown content file, and the edits made to it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        lines = text.splitlines(keepends=True)
        if not lines or lines[0].lstrip("\ufeff").strip() != "---":
            raise CannotEdit("the file does not start with a line ---")
        offset = len(lines[0])
        self.base = offset
        for line in lines[1:]:
            if line.rstrip() in ("---", "..."):
                break
            offset += len(line)
        else:
            raise CannotEdit("the front matter is not closed by a line ---")
        self.limit = offset
        self.front = text[self.base:self.limit]
        self.nodes: dict[Path_, Node] = {}
        self._index()
        located, found = parse_yaml(self.front, "front matter")
        if located is None or found.errors:
            raise CannotEdit("the front matter cannot be read")
        self.data: Any = located.data
        self.expected: Any = copy.deepcopy(self.data)
        self.splices: list[_Splice] = []

    # --- reading -------------------------------------------------------------------------------

    def _index(self) -> None:
        stack: list[tuple[Path_, Node, list[Any]]] = []  # (path, node, [pending key, key span])
        try:
            events = list(yaml.parse(self.front, Loader=yaml.SafeLoader))
        except yaml.YAMLError as exc:
            raise CannotEdit(f"the front matter cannot be read: {exc}") from None

        def place(node: Node) -> Path_:
            if not stack:
                self.nodes[()] = node
                return ()
            path, parent, pending = stack[-1]
            if parent.kind == "seq":
                child = path + (parent.length,)
                parent.length += 1
            else:
                key, span = pending[0], pending[1]
                child = path + (key,)
                parent.keys.append(key)
                node.key = span
                pending[0] = None
            self.nodes[child] = node
            return child

        for event in events:
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
                node = Node(kind, _at(event.start_mark), _at(event.end_mark), flow=bool(event.flow_style))
                path = place(node)
                stack.append((path, node, [None, None]))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                path, node, _ = stack.pop()
                if node.flow:
                    node.end = _at(event.end_mark)
                if stack:
                    stack[-1][1].end = max(stack[-1][1].end, node.end)
            elif isinstance(event, yaml.ScalarEvent):
                start, end = _at(event.start_mark), _at(event.end_mark)
                if stack and stack[-1][1].kind == "map" and stack[-1][2][0] is None:
                    stack[-1][2][0], stack[-1][2][1] = event.value, (start, end)
                    continue
                place(Node("scalar", start, end, style=event.style or None))
                if stack:
                    stack[-1][1].end = max(stack[-1][1].end, end)
            elif isinstance(event, yaml.AliasEvent):
                raise CannotEdit("the front matter uses an alias")
        if () not in self.nodes:
            self.nodes[()] = Node("map", 0, 0)

    def node(self, path: Path_) -> Node | None:
        return self.nodes.get(tuple(path))

    def _line_start(self, pos: int) -> int:
        return self.front.rfind("\n", 0, pos) + 1

    def _line_end(self, pos: int) -> int:
        """Where the line holding the character before `pos` ends (before its line break)."""
        if pos > 0 and self.front[pos - 1] == "\n":
            pos -= 1
            return pos - 1 if pos > 0 and self.front[pos - 1] == "\r" else pos
        end = self.front.find("\n", pos)
        if end == -1:
            return len(self.front)
        return end - 1 if self.front[end - 1] == "\r" else end

    def _column(self, pos: int) -> int:
        return pos - self._line_start(pos)

    def _item_line_start(self, item: Node) -> int:
        """The start of the line holding the `-` of a block list item."""
        dash = self.front.rfind("-", 0, item.start)
        return self._line_start(dash if dash >= 0 else item.start)

    def _splice(self, start: int, end: int, text: str) -> None:
        self.splices.append(_Splice(start, end, text))

    def _expected_at(self, path: Path_) -> Any:
        value = self.expected
        for part in path:
            value = value[part]
        return value

    # --- edits ---------------------------------------------------------------------------------

    def _key_span(self, path: Path_) -> tuple[int, int]:
        span = self.nodes[path].key
        assert span is not None
        return span

    def set_fields(self, path: Path_, changes: dict[str, str | None], order: list[str]) -> None:
        """Set (YAML text) or remove (None) keys of the mapping at `path`. A new key goes after the
        key that comes before it in `order`, or after the last key."""
        node = self.node(path)
        if node is None or node.kind != "map" or not node.keys:
            raise CannotEdit(f"{'.'.join(map(str, path)) or 'the front matter'} is not a set of fields")
        target = self._expected_at(path)
        removed = {k for k, v in changes.items() if v is None and k in node.keys}
        if len(removed) == len(node.keys):
            raise CannotEdit("every field would be removed")
        indent = " " * self._column(self._key_span(path + (node.keys[0],))[0])
        first: list[str] = []
        after: dict[int, list[str]] = {}
        for key, new in changes.items():
            if key in node.keys:
                value = self.nodes[path + (key,)]
                if new is None:
                    self._remove_key(path, node, key)
                elif value.kind != "scalar":
                    raise CannotEdit(f"{key} is not a single value")
                else:
                    self._replace_scalar(value, new)
            elif new is not None:
                anchor = self._anchor(node, key, order, removed)
                (first if anchor is None else after.setdefault(anchor, [])).append(key)
        rank = {key: i for i, key in enumerate(order)}
        first.sort(key=lambda k: rank.get(k, len(rank)))
        for keys in after.values():
            keys.sort(key=lambda k: rank.get(k, len(rank)))
        if first:
            where = self._key_span(path + (node.keys[0],))[0]
            glue = ", " if node.flow else self.newline + indent
            self._splice(where, where, "".join(f"{key}: {changes[key]}{glue}" for key in first))
        for anchor, keys in after.items():
            value = self.nodes[path + (node.keys[anchor],)]
            if node.flow:
                self._splice(value.end, value.end, "".join(f", {key}: {changes[key]}" for key in keys))
            else:
                where = self._line_end(value.end)
                self._splice(where, where, "".join(f"{self.newline}{indent}{key}: {changes[key]}" for key in keys))
        # the data the file will hold, keys in the order they will be written
        written: list[str] = list(first)
        for index, key in enumerate(node.keys):
            if key not in removed:
                written.append(key)
            written.extend(after.get(index, []))
        values = {key: (_read_scalar(changes[key]) if key in changes else target[key])  # type: ignore[arg-type]
                  for key in written}
        target.clear()
        target.update(values)

    def _anchor(self, node: Node, key: str, order: list[str], removed: set[str]) -> int | None:
        """Index in node.keys of the key a new `key` is written after (None: before the first)."""
        present = [i for i, k in enumerate(node.keys) if k not in removed]
        if key in order:
            before = set(order[: order.index(key)])
            earlier = [i for i in present if node.keys[i] in before]
            if earlier:
                return earlier[-1]
            if any(node.keys[i] in order for i in present):
                return None
        return present[-1]

    def _replace_scalar(self, value: Node, new: str) -> None:
        old = self.front[value.start:value.end]
        if value.start == value.end:  # `key:` with nothing after it
            self._splice(value.start, value.end, " " + new)
            return
        keep = old[len(old.rstrip("\r\n")):] if value.style in ("|", ">") else ""
        self._splice(value.start, value.end, new + keep)

    def _remove_key(self, path: Path_, node: Node, key: str) -> None:
        index = node.keys.index(key)
        value = self.nodes[path + (key,)]
        span = value.key
        assert span is not None
        if index == 0:
            nxt = self.nodes[path + (node.keys[1],)].key
            assert nxt is not None
            self._splice(span[0], nxt[0], "")
        elif node.flow:
            previous = self.nodes[path + (node.keys[index - 1],)]
            self._splice(previous.end, value.end, "")
        else:
            self._splice(self._line_end(self._line_start(span[0])), self._line_end(value.end), "")

    def delete_items(self, path: Path_, indexes: list[int]) -> None:
        node = self.node(path)
        if node is None or node.kind != "seq" or node.flow:
            raise CannotEdit(f"{path[-1]} is not a list written one item a line")
        items = [self.nodes[path + (i,)] for i in range(node.length)]
        doomed = sorted(set(indexes))
        if len(doomed) == node.length:
            assert node.key is not None
            self._splice(node.key[1], self._line_end(node.end), ": []")
        else:
            for run_start, run_end in _runs(doomed):
                if run_end < node.length:
                    self._splice(self._item_line_start(items[run_start]),
                                 self._item_line_start(items[run_end]), "")
                else:
                    self._splice(self._line_end(items[run_start - 1].end),
                                 self._line_end(items[run_end - 1].end), "")
        target = self._expected_at(path)
        for i in reversed(doomed):
            del target[i]

    def insert_items(self, path: Path_, at: int, items: list[str], data: list[Any]) -> None:
        """Add list items (each written as one line of flow YAML, with `data` what it holds)
        before the item now at `at` (at the end when `at` is the length)."""
        node = self.node(path)
        if node is None:
            raise CannotEdit(f"there is no {path[-1]} to add to")
        if node.kind == "seq" and not node.flow and node.length:
            first = self.nodes[path + (0,)]
            line = self._item_line_start(first)
            indent = self.front[line:self.front.index("-", line)]
            if at < node.length:
                where = self._item_line_start(self.nodes[path + (at,)])
                self._splice(where, where, "".join(f"{indent}- {item}{self.newline}" for item in items))
            else:
                where = self._line_end(self.nodes[path + (node.length - 1,)].end)
                self._splice(where, where, "".join(f"{self.newline}{indent}- {item}" for item in items))
        elif (node.kind == "seq" and node.length == 0) or (node.kind == "scalar" and
                                                           self.front[node.start:node.end] in NULL_WORDS):
            assert node.key is not None
            indent = " " * (self._column(node.key[0]) + 2)
            self._splice(node.key[1], self._line_end(node.end),
                         ":" + "".join(f"{self.newline}{indent}- {item}" for item in items))
        else:
            raise CannotEdit(f"{path[-1]} is not a list written one item a line")
        target = self._expected_at(path[:-1])
        if not isinstance(target.get(path[-1]), list):
            target[path[-1]] = []
        target[path[-1]][at:at] = data

    def add_top_level(self, key: str, lines: list[str], value: Any) -> None:
        """A new top-level field, written as `lines`, at the end of the front matter."""
        if isinstance(self.expected, dict) and key in self.expected:
            raise CannotEdit(f"{key} is already there")
        end = len(self.front)
        text = "".join(line + self.newline for line in lines)
        if end and not self.front.endswith("\n"):
            text = self.newline + text
        self._splice(end, end, text)
        self.expected[key] = value

    def replace_field(self, key: str, lines: list[str], value: Any) -> None:
        """Write a top-level field anew as `lines` (its key line included), comments inside it lost."""
        node = self.node((key,))
        if node is None or node.key is None:
            raise CannotEdit(f"there is no {key} to replace")
        start = self._line_start(node.key[0])
        self._splice(start, self._line_end(max(node.end, node.key[1])), self.newline.join(lines))
        self.expected[key] = value

    # --- result --------------------------------------------------------------------------------

    def result(self) -> str:
        """The whole file with the edits made; refused unless it reads back as expected."""
        front = self.front
        ordered = sorted(self.splices, key=lambda s: (s.start, s.end))
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a.end > b.start:
                raise CannotEdit("two changes overlap")
        for splice in reversed(ordered):
            front = front[:splice.start] + splice.text + front[splice.end:]
        located, found = parse_yaml(front, "front matter")
        if located is None or found.errors or not _same(located.data, self.expected):
            raise CannotEdit("the change could not be made without disturbing other fields")
        return self.text[:self.base] + front + self.text[self.limit:]


def _at(mark: Any) -> int:
    """The character offset of a parser mark."""
    assert mark is not None
    return int(mark.index)


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _read_scalar(text: str) -> str | None:
    located, _ = parse_yaml(f"v: {text}", "value")
    assert located is not None
    value = located.data["v"]
    return value if value is None else str(value)


def _same(a: Any, b: Any) -> bool:
    """Equal data, key order included (the order of fields is part of what is kept)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
