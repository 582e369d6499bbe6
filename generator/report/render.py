"""The report's HTML: each block with its lasting id, alias anchors and a visible "link to this
paragraph" control; chapter notes; the pages' plans. Pure: builds strings only."""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from generator.report.model import Block, Chapter, Report

NOUNS = {"paragraph": "paragraph", "list": "list", "table": "table", "quote": "quotation", "figure": "figure",
         "code": "example", "other": "part"}
LICENCE_NAMES = {"OGL-3.0": "Open Government Licence v3.0", "CC-BY-4.0": "Creative Commons Attribution 4.0",
                 "CC-BY-SA-4.0": "Creative Commons Attribution-ShareAlike 4.0", "CC0-1.0": "CC0 1.0 (public domain)"}
_HEADING = re.compile(r"<(/?)h([2-6])\b")


def shift_headings(html: str, by: int) -> str:
    """Chapter headings start at h2 under the page's h1; the one-page version puts them lower."""
    if not by:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + by)}", html)


def block_html(block: Block, table_number: int = 0, *, controls: bool = True) -> str:
    """A paragraph, list or table inside a wrapper that carries its id, with earlier ids as empty
    anchors inside it (valid anywhere a <div> may hold flow content)."""
    if block.is_heading:
        return block.html
    inner = block.html
    if block.kind == "table":
        inner = (f'<div class="table-wrap" role="region" aria-label="Table {table_number}" tabindex="0">'
                 f"{inner}</div>")
    aliases = "".join(f'<span class="report-alias" id="{escape(a)}"></span>' for a in block.aliases)
    control = ""
    if controls:
        noun = NOUNS.get(block.kind, "part")
        # The ¶ sign is drawn by the stylesheet and the name is an attribute, so neither is indexed by
        # the site's search with every paragraph, and the name is exactly what is announced.
        control = f'<a class="report-permalink" href="#{escape(block.id)}" aria-label="Link to this {noun}"></a>'
    return (f'<div class="report-block report-block--{block.kind}" id="{escape(block.id)}">{aliases}'
            f'<div class="report-block__content">{inner}</div>{control}</div>')


def chapter_html(chapter: Chapter, *, controls: bool = True, shift: int = 0) -> Markup:
    parts: list[str] = []
    tables = 0
    for block in chapter.blocks:
        if block.kind == "table":
            tables += 1
        parts.append(block_html(block, tables, controls=controls))
    return Markup(shift_headings("\n".join(parts), shift))


def notes_html(chapter: Chapter, level: int = 2) -> Markup:
    """The chapter's notes, each with a link back to where it is referred to."""
    if not chapter.footnotes:
        return Markup("")
    heading_id = f"{chapter.id}-notes"
    items = []
    for note in chapter.footnotes:
        back = (f'<a class="report-backref" href="#fnref-{chapter.id}-{note.number}">Back to the text'
                f'<span class="visually-hidden"> of note {note.number}</span></a>')
        items.append(f'<li id="fn-{chapter.id}-{note.number}">{note.html}<p>{back}</p></li>')
    return Markup(f'<div class="report-notes">'
                  f'<h{level} id="{heading_id}">Notes</h{level}><ol>{"".join(items)}</ol></div>')


def description(chapter: Chapter) -> str:
    first = next((b.text for b in chapter.paragraphs if b.kind == "paragraph"), "")
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"


def chapter_number(report: Report, chapter: Chapter) -> int:
    return report.chapters.index(chapter) + 1


def licence_label(report: Report) -> str:
    return LICENCE_NAMES.get(report.licence or "", report.licence or "")
