"""The search index, in the format Material's search worker reads (search/search_index.json, and
search_index.js for pages opened from a folder).

Built from the rendered page bodies with a few regular expressions instead of Material's
HTML-parser plugin, which spent most of the engine's time on large assemblies. One entry per
page and one per section (each heading with an id), as Material does."""

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
_KEEP = re.compile(r"<(/?)(p|ul|ol|li)\b[^>]*>", re.I)
_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*>")
_BLOCK = {"td", "th", "tr", "dt", "dd", "br", "div", "table", "caption", "h2", "h3", "h4", "h5", "h6",
          "figcaption", "details", "summary", "section", "blockquote", "pre", "hr", "img", "time"}
_SPACE = re.compile(r"\s+")


class Page(Protocol):
    path: str
    title: str
    body: str


def _text(fragment: str) -> str:
    kept = _KEEP.sub(lambda m: f"\x00{m.group(1)}{m.group(2).lower()}\x01", fragment)
    plain = html.unescape(_TAG.sub(lambda m: " " if m.group(2).lower() in _BLOCK else "", kept))
    plain = plain.replace("<", "&lt;").replace(">", "&gt;").replace("\x00", "<").replace("\x01", ">")
    return _SPACE.sub(" ", plain).strip()


def entries_for(page: Page) -> list[dict[str, str]]:
    body = _DROP.sub(" ", page.body)
    found: list[dict[str, str]] = []
    position, title, anchor = 0, page.title, ""
    for match in _HEADING.finditer(body):
        if match.group(1) == "1":
            found.append({"location": page.path, "title": page.title, "text": _text(body[position:match.start()])})
            position = match.end()
            continue
        found.append({"location": page.path + (f"#{anchor}" if anchor else ""), "title": title,
                      "text": _text(body[position:match.start()])})
        heading_id = _ID.search(match.group(2))
        title = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", match.group(3)))).strip()
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
    docs += [{"location": page.path, "title": page.title, "text": ""} for page in pages if is_listing(page.path)]
    return {"config": config, "docs": docs}


def write_search_index(site_dir: Path, pages: list[Any], language: str = "en") -> None:
    data = json.dumps(search_index(pages, language), ensure_ascii=False, separators=(",", ":"))
    folder = site_dir / "search"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "search_index.json").write_text(data, encoding="utf-8")
    (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
