"""Optional parts of an assembly's site plug into the stages, as Python-Markdown's extensions do,
instead of the stages importing them.

A part (the report, generator.report, is the one built in) reads a folder of the assembly,
checks what it read into a record, and adds pages to the plan:

- `read(folder, root, problems)`: the load stage calls it for an assembly's folder of the part's
  name (content/<assembly>/report/); what it returns is kept in `RawAssembly.parts[name]`;
- `check(raw, content, problems, language)`: the validate stage calls it with what was read
  (or None) and the assembly's checked content; it returns the part's record, which becomes
  `content.<name>`, and the links its Markdown makes, for the usual link checks;
- `pages(content, t)`: the plan stage adds the part's pages (PagePlans) to the assembly's.

Parts are named by module, as Python-Markdown names its extensions, and imported when first
asked for: no stage imports a part, so no import runs from an earlier stage to a later one."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

BUILT_IN = ("generator.report",)
"""The modules whose `PART` is used by every build."""


@dataclass(frozen=True)
class Part:
    name: str
    """The folder of an assembly it reads, and the attribute of the content it fills."""
    read: Callable[..., Any]
    check: Callable[..., tuple[Any, list[Any]]]
    pages: Callable[..., list[Any]]


_PARTS: list[Part] = []


def parts() -> list[Part]:
    """The parts every stage runs, in order (imported on first use)."""
    if not _PARTS:
        _PARTS.extend(importlib.import_module(name).PART for name in BUILT_IN)
    return list(_PARTS)


def part_named(name: str) -> Part | None:
    return next((part for part in parts() if part.name == name), None)
