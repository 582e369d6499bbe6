"""The field reference for officers (docs/reference.md), generated from the schema so it never
goes out of date. Regenerate with: python -m generator.model.reference docs/reference.md"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model.json_schema import FILES, HIDDEN, field_doc

REQUIRED_NOTE = "**required**"


def _type_words(annotation: Any) -> str:
    text = str(annotation)
    for word, plain in (("date", "date (year-month-day)"), ("bool", "true or false"), ("int", "whole number"),
                        ("float", "number"), ("list", "list"), ("dict", "set of fields"), ("str", "text")):
        if word in text:
            return plain
    return "text"


def _choices(annotation: Any) -> list[str]:
    stack = [annotation]
    while stack:
        kind = stack.pop()
        if isinstance(kind, type) and issubclass(kind, Enum):
            return [str(m.value) for m in kind]
        stack.extend(getattr(kind, "__args__", ()) or ())
        stack.extend(getattr(kind, "__metadata__", ()) or ())
        origin = getattr(kind, "__origin__", None)
        if origin is not None:
            stack.append(origin)
    return []


def _nested(annotation: Any) -> list[type[BaseModel]]:
    found, stack = [], [annotation]
    while stack:
        kind = stack.pop()
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found.append(kind)
        stack.extend(getattr(kind, "__args__", ()) or ())
    return found


def _rows(model: type[BaseModel], prefix: str, lines: list[str], top: bool) -> None:
    for name, field in model.model_fields.items():
        key = field.alias or name
        if top and name in HIDDEN:
            continue
        doc = field_doc(model.__name__, key)
        description, example = doc if doc else ("", "")
        choices = _choices(field.annotation)
        nested = _nested(field.annotation)
        if choices:
            kind = "one of: " + ", ".join(f"`{c}`" for c in choices)
        elif nested:
            kind = "list of entries, each with the fields below" if "list" in str(field.annotation) \
                else "the fields below, indented under it"
        else:
            kind = _type_words(field.annotation)
        required = f" {REQUIRED_NOTE}" if field.is_required() else ""
        shown = json.dumps(example, ensure_ascii=False) if not isinstance(example, str) else example
        lines.append(f"| `{prefix}{key}`{required} | {kind} | {description} | `{shown}` |")
        for inner in nested:
            _rows(inner, f"{prefix}{key}.", lines, top=False)


def reference_markdown() -> str:
    lines = ["# Every field, file by file", "",
             "This page is generated from the schema the generator checks content with, so it is always "
             "up to date. Fields marked **required** must be present; dates are written year-month-day "
             "(`2026-03-14`); put text in double quotes when it contains `: ` or starts with a symbol.", ""]
    for kind, (model, title) in FILES.items():
        lines += [f"## `{title.split(':')[0]}`", "", title.split(": ", 1)[1].capitalize() + ".", "",
                  "| field | value | what it is for | example |", "| --- | --- | --- | --- |"]
        _rows(model, "", lines, top=True)
        lines.append("")
        if kind in ("sessions", "speakers", "evidence", "recommendations", "responses", "updates", "pages"):
            lines += [f"Below the closing `---` line comes the text of the {kind[:-1] if kind != 'evidence' else kind}"
                      " in Markdown.", ""]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/reference.md")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(reference_markdown(), encoding="utf-8")
    print(target)
