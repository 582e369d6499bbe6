"""Paragraph ids that last.

A paragraph's id comes from its own text ("p-" and the start of the SHA-1 of its normalised
text), so adding or removing text elsewhere never changes it. The record in
content/<assembly>/report/anchors.json remembers every id published before, with its text and
its place; when a build no longer finds an id, the id becomes an alias anchor:

- on the most similar new paragraph, when the old one was lightly corrected (difflib ratio at
  least SIMILAR, same chapter first);
- otherwise on the nearest paragraph that remains after it in the same chapter (or before it,
  when it was the last), so a link to a removed paragraph leads close to where it was.

Aliases travel with their paragraph: an alias of an alias still lands. Pure: no I/O.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from generator.report.model import Block, Chapter

SIMILAR = 0.75
ID_LENGTH = 8
ABOUT = ("The links to each paragraph of the report. `assembly anchors` brings this file up to date after the "
         "report is corrected, so that old links keep working: keep it with the report and do not edit it.")
_ID = re.compile(r"^p-[0-9a-f]+(?:-\d+)?$")


def normalise(text: str) -> str:
    """What a paragraph says, ignoring case, spacing and typographic variants of characters."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def paragraph_id(text: str) -> str:
    return "p-" + hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:ID_LENGTH]


def assign_ids(chapters: list[Chapter]) -> None:
    """Give every paragraph, list and table its id; a repeated text gets -2, -3 in reading order."""
    used: set[str] = set()
    for chapter in chapters:
        for block in chapter.paragraphs:
            base = paragraph_id(block.text)
            candidate, n = base, 1
            while candidate in used:
                n += 1
                candidate = f"{base}-{n}"
            used.add(candidate)
            block.id = candidate


@dataclass
class _Entry:
    id: str
    chapter: str
    text: str
    aliases: list[str] = field(default_factory=list)


def _entries(record: dict[str, Any] | None) -> list[_Entry]:
    found: list[_Entry] = []
    for item in (record or {}).get("paragraphs", []):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _ID.match(item["id"]):
            continue
        aliases = [a for a in item.get("aliases", []) if isinstance(a, str) and _ID.match(a)]
        found.append(_Entry(item["id"], str(item.get("chapter", "")), str(item.get("text", "")), aliases))
    return found


def _similar(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def reconcile(chapters: list[Chapter], record: dict[str, Any] | None) -> dict[str, Any]:
    """Attach earlier ids as aliases to today's paragraphs; returns the record to keep."""
    current: list[tuple[Chapter, Block]] = [(c, b) for c in chapters for b in c.paragraphs]
    by_id = {b.id: (c, b) for c, b in current}
    old = _entries(record)
    old_ids = {e.id for e in old}
    fresh = [(c, b) for c, b in current if b.id not in old_ids]
    texts = {b.id: normalise(b.text) for _, b in current}
    target: dict[str, str] = {}

    # Corrected: the most similar new paragraph, in the same chapter first.
    for entry in old:
        if entry.id in by_id:
            continue
        for pool in ([cb for cb in fresh if cb[0].id == entry.chapter], fresh):
            scored = [(_similar(entry.text, texts[b.id]), b.id) for _, b in pool]
            best = max(scored, default=(0.0, ""), key=lambda s: s[0])
            if best[0] >= SIMILAR:
                target[entry.id] = best[1]
                break

    # Removed: the nearest remaining paragraph after it in its chapter, else before it.
    def lands(entry: _Entry) -> str | None:
        if entry.id in by_id:
            return entry.id
        return target.get(entry.id)

    for index, entry in enumerate(old):
        if entry.id in by_id or entry.id in target:
            continue
        same = [e for e in old if e.chapter == entry.chapter]
        position = same.index(entry)
        after = [lands(e) for e in same[position + 1:]]
        before = [lands(e) for e in reversed(same[:position])]
        chosen = next((t for t in after + before if t), None)
        if chosen is None:
            in_chapter = [b.id for c, b in current if c.id == entry.chapter]
            later = [lands(e) for e in old[index + 1:]]
            chosen = next(iter(in_chapter), None) or next((t for t in later if t), None)
        if chosen is None and current:
            chosen = current[0][1].id
        if chosen is not None:
            target[entry.id] = chosen

    aliases: dict[str, set[str]] = {b.id: set() for _, b in current}
    for entry in old:
        home = entry.id if entry.id in by_id else target.get(entry.id)
        if home is None:
            continue
        moved = set(entry.aliases) | ({entry.id} if home != entry.id else set())
        aliases[home] |= {a for a in moved if a not in by_id}
    for _, block in current:
        block.aliases = sorted(aliases[block.id])
    return {"about": ABOUT, "paragraphs": [
        {"id": b.id, "chapter": c.id, "text": texts[b.id], **({"aliases": b.aliases} if b.aliases else {})}
        for c, b in current]}


def record_text(record: dict[str, Any]) -> str:
    """The record as written to anchors.json: stable, readable, one paragraph per entry."""
    lines = ["{", f'  "about": {json.dumps(record["about"], ensure_ascii=False)},', '  "paragraphs": [']
    entries = [json.dumps(p, ensure_ascii=False) for p in record["paragraphs"]]
    lines += [f"    {entry}{',' if i < len(entries) - 1 else ''}" for i, entry in enumerate(entries)]
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"
