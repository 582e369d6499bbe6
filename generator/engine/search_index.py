"""The search index, in the format Material's search worker reads (search/search_index.json, and
search_index.js for pages opened from a folder).

Built from the rendered page bodies with a few regular expressions instead of Material's
HTML-parser plugin, which spent most of the engine's time on large assemblies. One entry per
page and one per section (each heading with an id), as Material does.

Material's search shows the titles and texts of the index as HTML. Titles are text (a page's
title as the content wrote it, a heading's words), so they are written escaped, as Material's own
plugin writes headings: a title such as `<img src=x onerror=...>` is shown as those characters,
never made into markup. Texts keep only bare paragraph and list tags."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any, Protocol

INDEX_CONFIG = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"],
                "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}}
_DROP = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.S | re.I)
_ID = re.compile(r'\bid="([^"]+)"')
_KEEP = {"p", "ul", "ol", "li"}
_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*>")
_BLOCK = {"td", "th", "tr", "dt", "dd", "br", "div", "table", "caption", "h2", "h3", "h4", "h5", "h6",
          "figcaption", "details", "summary", "section", "blockquote", "pre", "hr", "img", "time"}
_SPACE = re.compile(r"\s+")


class Page(Protocol):
    path: str
    title: str
    body: str


def _escaped(text: str) -> str:
    """Text as Material's search shows it: the worker puts titles and texts into the results list
    as HTML, so every <, > and & of the words is written as an entity and none can be markup."""
    return html.escape(text, quote=False)


def _text(fragment: str) -> str:
    """The words of an HTML fragment, escaped, with only bare <p>, <ul>, <ol> and <li> kept
    (Material's search shows those as paragraphs and lists); any other tag is dropped, or becomes
    a space between blocks."""
    parts: list[str] = []
    position = 0
    for match in _TAG.finditer(fragment):
        parts.append(_escaped(html.unescape(fragment[position:match.start()])))
        name = match.group(2).lower()
        if name in _KEEP:
            parts.append(f"<{match.group(1)}{name}>")
        elif name in _BLOCK:
            parts.append(" ")
        position = match.end()
    parts.append(_escaped(html.unescape(fragment[position:])))
    return _SPACE.sub(" ", "".join(parts)).strip()


def _title(text: str) -> str:
    """A page's title (text, as the content wrote it) for the index: escaped, on one line."""
    return _escaped(_SPACE.sub(" ", text).strip())


def entries_for(page: Page) -> list[dict[str, str]]:
    body = _DROP.sub(" ", page.body)
    found: list[dict[str, str]] = []
    page_title = _title(page.title)
    position, title, anchor = 0, page_title, ""
    for match in _HEADING.finditer(body):
        if match.group(1) == "1":
            found.append({"location": page.path, "title": page_title, "text": _text(body[position:match.start()])})
            position = match.end()
            continue
        found.append({"location": page.path + (f"#{anchor}" if anchor else ""), "title": title,
                      "text": _text(body[position:match.start()])})
        heading_id = _ID.search(match.group(2))
        title = _title(html.unescape(_TAG.sub(" ", match.group(3))))
        anchor = heading_id.group(1) if heading_id else ""
        position = match.end()
    found.append({"location": page.path + (f"#{anchor}" if anchor else ""), "title": title,
                  "text": _text(body[position:])})
    merged: dict[str, dict[str, str]] = {}
    for entry in found:  # text before the first heading belongs to the page entry
        if entry["location"] in merged:
            merged[entry["location"]]["text"] = (merged[entry["location"]]["text"] + " " + entry["text"]).strip()
        elif entry["text"] or entry["location"] == page.path:
            merged[entry["location"]] = entry
    return list(merged.values())


def index_config(language: str) -> dict[str, Any]:
    """English text has English stop words left out; any other language is indexed word for word,
    with no English stemming or stop words applied to it (lunr, which Material's search uses, has
    no Welsh support). Material's English tokenizer still splits on spaces and hyphens."""
    english = language.split("-")[0].lower() == "en"
    return dict(INDEX_CONFIG, lang=["en"], pipeline=["stopWordFilter"] if english else [])


def is_listing(path: str) -> bool:
    """Pages that only list other pages (section indexes, filtered lists, the sitemap): their
    titles are searchable, their text is not, so a search leads to the page about the thing
    rather than to every list that names it (and the index stays smaller)."""
    return path == "sitemap.html" or "/by-" in path or (path.endswith("/index.html") and "/" in path
                                                        and not path.startswith("report/"))


def search_index(pages: list[Any], language: str = "en") -> dict[str, Any]:
    config = index_config(language)
    docs = [entry for page in pages if page.path != "404.html" for entry in entries_for(page)
            if not is_listing(page.path)]
    docs += [{"location": page.path, "title": _title(page.title), "text": ""} for page in pages
             if is_listing(page.path)]
    return {"config": config, "docs": docs}


def search_outputs(pages: list[Any], language: str = "en") -> dict[str, bytes]:
    """The search index files of one language's pages: path inside the language's folder → bytes
    (search_index.js is the same index for pages opened from a folder, where a script loads)."""
    data = json.dumps(search_index(pages, language), ensure_ascii=False, separators=(",", ":"))
    return {"search/search_index.json": data.encode("utf-8"),
            "search/search_index.js": f"var __index = {data}".encode()}


def write_search_index(site_dir: Path, pages: list[Any], language: str = "en") -> None:
    for rel, data in search_outputs(pages, language).items():
        (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / rel).write_bytes(data)
