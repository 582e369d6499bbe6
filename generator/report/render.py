"""The report's HTML: each block with its lasting id, alias anchors and a visible "link to this
paragraph" control; chapter notes; the pages' plans. Pure: builds strings only."""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from generator.i18n import N_, Translator, english
from generator.report.model import Block, Chapter, Report

# The name of each block's link (Welsh nouns have a gender, so each is a whole message).
LINK_LABELS = {"paragraph": N_("Link to this paragraph"), "list": N_("Link to this list"),
               "table": N_("Link to this table"), "quote": N_("Link to this quotation"),
               "figure": N_("Link to this figure"), "code": N_("Link to this example"),
               "other": N_("Link to this part")}
LICENCE_NAMES = {"OGL-3.0": N_("Open Government Licence v3.0"), "CC-BY-4.0": N_("Creative Commons Attribution 4.0"),
                 "CC-BY-SA-4.0": N_("Creative Commons Attribution-ShareAlike 4.0"),
                 "CC0-1.0": N_("CC0 1.0 (public domain)")}
_HEADING = re.compile(r"<(/?)h([2-6])\b")
_NOTE_LABEL = re.compile(r'(class="footnote-ref" aria-label=")Note (\d+)(")')


def shift_headings(html: str, by: int) -> str:
    """Chapter headings start at h2 under the page's h1; the one-page version puts them lower."""
    if not by:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + by)}", html)


def block_html(block: Block, table_number: int = 0, *, controls: bool = True, t: Translator | None = None) -> str:
    """A paragraph, list or table inside a wrapper that carries its id, with earlier ids as empty
    anchors inside it (valid anywhere a <div> may hold flow content)."""
    if block.is_heading:
        return block.html
    t = t or english()
    inner = block.html
    if not t.is_english:  # the references to notes were named in English when the report was read
        inner = _NOTE_LABEL.sub(lambda m: m.group(1) + escape(t.gettext("Note %(number)s", number=m.group(2)))
                                + m.group(3), inner)
    if block.kind == "table":
        label = escape(t.gettext("Table %(number)s", number=t.number(table_number)))
        inner = f'<div class="table-wrap" role="region" aria-label="{label}" tabindex="0">{inner}</div>'

    aliases = "".join(f'<span class="report-alias" id="{escape(a)}"></span>' for a in block.aliases)
    control = ""
    if controls:
        name = escape(t.gettext(LINK_LABELS.get(block.kind, LINK_LABELS["other"])))
        # The ¶ sign is drawn by the stylesheet and the name is an attribute, so neither is indexed by
        # the site's search with every paragraph, and the name is exactly what is announced.
        control = f'<a class="report-permalink" href="#{escape(block.id)}" aria-label="{name}"></a>'
    return (f'<div class="report-block report-block--{block.kind}" id="{escape(block.id)}">{aliases}'
            f'<div class="report-block__content">{inner}</div>{control}</div>')


def chapter_html(chapter: Chapter, *, controls: bool = True, shift: int = 0, t: Translator | None = None) -> Markup:
    parts: list[str] = []
    tables = 0
    for block in chapter.blocks:
        if block.kind == "table":
            tables += 1
        parts.append(block_html(block, tables, controls=controls, t=t))
    return Markup(shift_headings("\n".join(parts), shift))


def notes_html(chapter: Chapter, level: int = 2, t: Translator | None = None) -> Markup:
    """The chapter's notes, each with a link back to where it is referred to."""
    if not chapter.footnotes:
        return Markup("")
    t = t or english()
    heading_id = f"{chapter.id}-notes"
    items = []
    for note in chapter.footnotes:
        # The hidden words complete the link's name for screen readers: "Back to the text of note 3".
        back_text = escape(t.gettext("Back to the text"))
        of_note = escape(t.gettext("of note %(number)s", number=t.number(note.number)))
        back = (f'<a class="report-backref" href="#fnref-{chapter.id}-{note.number}">{back_text}'
                f'<span class="visually-hidden"> {of_note}</span></a>')
        items.append(f'<li id="fn-{chapter.id}-{note.number}">{note.html}<p>{back}</p></li>')
    notes = escape(t.gettext("Notes"))
    return Markup(f'<div class="report-notes">'
                  f'<h{level} id="{heading_id}">{notes}</h{level}><ol>{"".join(items)}</ol></div>')


def description(chapter: Chapter) -> str:
    first = next((b.text for b in chapter.paragraphs if b.kind == "paragraph"), "")
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"


def chapter_number(report: Report, chapter: Chapter) -> int:
    return report.chapters.index(chapter) + 1


def licence_label(report: Report, t: Translator | None = None) -> str:
    name = LICENCE_NAMES.get(report.licence or "")
    return (t or english()).gettext(name) if name else report.licence or ""
