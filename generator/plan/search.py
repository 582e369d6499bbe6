"""The files of an assembly's search, named before anything is made: the site plan lists them,
and generator.engine.search_index makes them (the index, then the pages' sections, eight pages
to a file in the order of their paths)."""

from __future__ import annotations

from collections.abc import Iterable

INDEX_FILE = "search/search_index.js"
TEXT_FILE = "search/text-{}.js"
PAGES_PER_TEXT_FILE = 8
"""Pages whose sections one text file holds: a recommendation's are a few kilobytes, so a file is
some tens of kilobytes (a few compressed), and the first results need a few files."""


def indexed(path: str) -> bool:
    """Every page is searched but the one shown for a missing address."""
    return path != "404.html"


def search_files(paths: Iterable[str]) -> list[str]:
    """The search files for the pages at these paths (in one language's folder)."""
    count = sum(1 for path in paths if indexed(path))
    return [INDEX_FILE] + [TEXT_FILE.format(n) for n in range(max(1, -(-count // PAGES_PER_TEXT_FILE)))]
