"""A warning for each piece of example text from `assembly new` still in the content, with its line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import Problems, SourceLocation
from generator.load.files import RawAssembly, SourceFile
from generator.memo import Memo
from generator.model.corpus import AssemblyContent
from generator.starter import STARTER_PHRASES


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "translations":
                yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


_FOUND = Memo("starter text")
"""The example text found in a file whose parse and body are unchanged (the preview)."""


def _check_file(source: SourceFile, problems: Problems) -> None:
    key = (source.rel, id(source.located.data), source.body)
    kept = _FOUND.lookup(key)
    if kept is None or kept[0] is not source.located.data:
        kept = (source.located.data, list(_found(source)))
        _FOUND.keep(key, kept)
    for where, message in kept[1]:
        problems.warning(where, message)


def _found(source: SourceFile) -> Iterator[tuple[SourceLocation, str]]:
    for path, text in _strings(source.located.data):
        phrase = " ".join(text.split())
        if phrase in STARTER_PHRASES:
            yield source.at(*path), (f"'{phrase}' is still the example text from `assembly new`: replace it with "
                                     f"{STARTER_PHRASES[phrase]}")
    body = " ".join(source.body.split())
    if body and body in STARTER_PHRASES:
        yield SourceLocation(source.rel, source.body_line, 1), (
            f"the text below the front matter is still the example from `assembly new` ('{body}'): replace it with "
            f"{STARTER_PHRASES[body]}")


def check_starter_text(raw: RawAssembly, content: AssemblyContent, sources: dict[tuple[str, str], SourceFile],
                       problems: Problems) -> None:
    """Only what is published is checked: a draft may keep its example text."""
    if raw.assembly is not None:
        _check_file(raw.assembly, problems)
    published = {("recommendations", r.id) for r in content.recommendations}
    published |= {("sessions", s.id) for s in content.sessions} | {("speakers", s.id) for s in content.speakers}
    published |= {("evidence", e.id) for e in content.evidence} | {("updates", u.id) for u in content.updates}
    published |= {("pages", p.id) for p in content.pages} | {("responses", r.id) for r in content.responses.values()}
    if content.home_page is not None:
        published.add(("pages", content.home_page.id))
    for key in sorted(published):
        if key in sources:
            _check_file(sources[key], problems)


def check_site_starter_text(config_source: SourceFile | None, problems: Problems) -> None:
    if config_source is not None:
        _check_file(config_source, problems)
