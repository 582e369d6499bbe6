"""A save from the editor changes only what the officer edited.

The editor sends a whole file written anew (its own YAML: comments gone, quoting changed). We
read both, compare field by field, and make only the differences as splices of the file on disk
with generator.edit.yaml_edit: untouched fields, comments, key order and the Markdown body stay
byte-identical. A list whose length changed, or a value whose shape changed, is written anew as
one top-level field (comments inside that one field are lost; nothing else changes).
"""

from __future__ import annotations

from typing import Any

import yaml

from generator.edit.yaml_edit import CannotEdit, FrontMatter, scalar
from generator.load.yaml_source import parse_yaml

ORDERED = {("vote", "counts")}
"""Mappings whose order is part of what they say (a vote's answers): a new order is saved. The
editor may give other mappings back in another order; that is not an edit."""

NOTHING: tuple[Any, ...] = (None, "", [], {}, "false")
"""Values the editor writes for a field the officer left empty: adding them to a file whose field
is absent changes nothing."""


class MergeFailed(Exception):
    """The edit could not be made in place; the message says why."""


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter YAML, body) of a Markdown file written as ---, YAML, ---, body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].lstrip("\ufeff").strip() != "---":
        return "", text
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1:])
    return "".join(lines[1:]), ""


def _read(front: str, where: str) -> dict[str, Any]:
    located, found = parse_yaml(front, where)
    if located is None or found.errors:
        raise MergeFailed(f"{where}: the fields cannot be read")
    data = located.data
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise MergeFailed(f"{where}: the fields are not a set of `name: value` lines")
    return data


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _empty(value: Any) -> bool:
    """Nothing written: an empty value, or a group or list holding only empty values (the editor
    sends a group of empty fields for a translation nobody wrote)."""
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return value in NOTHING


def _same(a: Any, b: Any, path: tuple[Any, ...] = ()) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        if path in ORDERED and list(a) != list(b):
            return False
        keys = set(a) | set(b)
        return all(_same(a.get(k), b.get(k), path + (k,)) if k in a and k in b else
                   (_empty(a.get(k)) and _empty(b.get(k))) for k in keys)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y, path) for x, y in zip(a, b, strict=True))
    if a in NOTHING and b in NOTHING:
        return True
    return bool(a == b)


class _Plan:
    def __init__(self) -> None:
        self.fields: dict[tuple[Any, ...], dict[str, str | None]] = {}
        self.order: dict[tuple[Any, ...], list[str]] = {}
        self.rewrite: dict[str, Any] = {}
        self.appends: dict[tuple[Any, ...], tuple[int, list[Any]]] = {}
        """List → (its length on disk, the items added after them): written as new lines."""


def _one_line(item: Any) -> str | None:
    """A new list item as one line of flow YAML (`{date: 2026-12-01, note: "..."}`, or a word),
    or None when it holds lists or groups (then the list is written anew)."""
    def text(value: Any) -> str | None:
        if isinstance(value, bool):
            return "true" if value else "false"
        if _scalar(value) or isinstance(value, (int, float)):
            return scalar(str(value))
        return None

    if not isinstance(item, dict):
        return text(item)
    written = {str(key): text(value) for key, value in item.items() if not _empty(value)}
    if not written or any(value is None for value in written.values()):
        return None
    return "{" + ", ".join(f"{key}: {value}" for key, value in written.items()) + "}"


def _appended(before: Any, value: Any) -> bool:
    """A list the editor gave back longer, each item on disk still there in its place."""
    return (isinstance(before, list) and isinstance(value, list) and 0 < len(before) < len(value)
            and all(isinstance(x, type(y)) or (_scalar(x) and _scalar(y)) for x, y in zip(before, value, strict=False)))


def _records(before: Any, value: Any) -> bool:
    """Two lists of records of the same length: compared item by item."""
    return (isinstance(before, list) and isinstance(value, list) and len(before) == len(value)
            and all(isinstance(x, dict) and isinstance(y, dict) and x for x, y in zip(before, value, strict=True)))


def _walk(plan: _Plan, path: tuple[Any, ...], old: dict[str, Any], new: dict[str, Any]) -> None:
    plan.order[path] = list(new)
    for key, value in new.items():
        if key in old:
            before = old[key]
            if path + (key,) in ORDERED and isinstance(before, dict) and isinstance(value, dict) \
                    and list(before) != list(value):
                plan.rewrite[path[0] if path else key] = None
                continue
            if _same(before, value, path + (key,)):
                continue
            if isinstance(before, dict) and isinstance(value, dict) and before:
                _walk(plan, path + (key,), before, value)
            elif _records(before, value):
                for index, (x, y) in enumerate(zip(before, value, strict=True)):
                    if not _same(x, y):
                        _walk(plan, path + (key, index), x, y)
            elif _appended(before, value) and all(_one_line(item) is not None for item in value[len(before):]) \
                    and all(_same(x, y) or (isinstance(x, dict) and isinstance(y, dict) and x)
                            for x, y in zip(before, value, strict=False)):
                for index, (x, y) in enumerate(zip(before, value, strict=False)):
                    if not _same(x, y):
                        _walk(plan, path + (key, index), x, y)
                plan.appends[path + (key,)] = (len(before), value[len(before):])
            elif _scalar(before) and _scalar(value):
                plan.fields.setdefault(path, {})[key] = None if value in (None, "") else scalar(value)
            else:
                plan.rewrite[path[0] if path else key] = None
        elif not _empty(value):
            if _scalar(value):
                plan.fields.setdefault(path, {})[key] = scalar(value)
            else:
                plan.rewrite[path[0] if path else key] = None


def _plain_numbers(value: Any) -> Any:
    """Whole numbers written as numbers (31, not '31') and dates as dates (2020-09-01, not
    '2020-09-01'); the content reads them back as the same text."""
    import datetime as dt
    import re

    if isinstance(value, dict):
        return {k: _plain_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_numbers(v) for v in value]
    if isinstance(value, str) and value.isascii() and value.isdigit() and str(int(value)) == value:
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _lines(key: str, value: Any) -> list[str]:
    return yaml.safe_dump({key: _plain_numbers(value)}, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=100).splitlines()


def merge_front(old_front: str, new_front: str, where: str) -> str:
    """The YAML `old_front` with the differences from `new_front` made in place."""
    old = _read(old_front, where)
    new = _read(new_front, where)
    plan = _Plan()
    _walk(plan, (), old, new)
    wrapped = "---\n" + old_front + ("" if old_front.endswith("\n") or not old_front else "\n") + "---\n"
    if not plan.fields and not plan.rewrite and not plan.appends:
        return old_front
    if not old and not old_front.strip():  # no fields yet: the given ones, as YAML
        return "".join(line + "\n" for key, value in new.items() if not _empty(value) for line in _lines(key, value))
    try:
        matter = FrontMatter(wrapped)
        for path, changes in plan.fields.items():
            if path and path[0] in plan.rewrite:
                continue
            matter.set_fields(path, changes, plan.order.get(path, []))
        for path, (length, items) in plan.appends.items():
            if path[0] in plan.rewrite:
                continue
            lines = [str(_one_line(item)) for item in items]
            matter.insert_items(path, length, lines, [_read(f"v: {line}", where)["v"] for line in lines])
        for key in plan.rewrite:
            if key in old:
                matter.replace_field(key, _lines(key, new[key]), new[key])
            else:
                matter.add_top_level(key, _lines(key, new[key]), new[key])
        result = matter.result()
    except CannotEdit as problem:
        raise MergeFailed(f"{where}: the change could not be made without disturbing other fields ({problem}); "
                          "make it in a text editor instead") from None
    front, _ = split_front_matter(result)
    return front


def merge_markdown(old_text: str, new_text: str, where: str) -> str:
    """A Markdown content file as on disk, with only the fields and body the editor changed."""
    old_front, old_body = split_front_matter(old_text)
    new_front, new_body = split_front_matter(new_text)
    front = merge_front(old_front, new_front, where)
    body = old_body if new_body.strip() == old_body.strip() else _body(new_body, old_body)
    if not old_front and not split_front_matter(old_text)[0] and old_text.lstrip("\ufeff")[:3] != "---":
        # A file with no front matter (a report chapter): it gets some only when a field is given.
        return body if not front else "---\n" + front + ("" if front.endswith("\n") else "\n") + "---\n" + body
    head_end = old_text.index(old_front) if old_front else 0
    opening = old_text[:head_end] if old_front else "---\n"
    closing_at = head_end + len(old_front)
    closing_line_end = old_text.find("\n", closing_at)
    closing = old_text[closing_at:closing_line_end + 1] if closing_line_end != -1 else old_text[closing_at:] + "\n"
    return opening + front + closing + body


def _body(new_body: str, old_body: str) -> str:
    newline = "\r\n" if "\r\n" in old_body else "\n"
    text = new_body.replace("\r\n", "\n").replace("\n", newline)
    if old_body.startswith(("\n", "\r\n")) and not text.startswith(("\n", "\r\n")):
        text = newline + text
    return text if text.endswith(newline) or not text else text + newline


def merge_yaml(old_text: str, new_text: str, where: str) -> str:
    """A YAML file (assembly.yml, site_config.yml) with only the fields the editor changed."""
    return merge_front(old_text, new_text, where)
