"""Chapters from Markdown or from Word's HTML: top-level blocks (each will get a lasting id),
headings with ids, figures with captions, and footnotes numbered per chapter. Pure: no I/O."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from lxml import html as lxml_html
from lxml.html import HtmlElement

from generator.i18n import english
from generator.load.files import slugify
from generator.render.markdown import render_inline, render_markdown, sanitise
from generator.report.anchors import normalise
from generator.report.model import Block, Chapter, Footnote

BLOCK_KINDS = {"p": "paragraph", "ul": "list", "ol": "list", "dl": "list", "table": "table",
               "blockquote": "quote", "figure": "figure", "pre": "code"}
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
RESERVED_CHAPTER_IDS = {"index", "plain", "images", "report", "anchors"}
REPORT_DEPTH = 2
"""The report's pages are in site/<assembly>/report/: their links may climb two folders, no more."""
_ATX = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def plain_text(html: str) -> str:
    if not html.strip():
        return ""
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split())


def split_title(body: str) -> tuple[str | None, str, int]:
    """The first heading of a Markdown body as the chapter's title: (title, body without it, line)."""
    in_fence = False
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        match = _ATX.match(line)
        if match:
            title = plain_text(render_inline(match.group(2))) or match.group(2)
            return title, "\n".join(lines[:index] + [""] + lines[index + 1:]), index
    return None, body, 0


def chapter_from_markdown(chapter_id: str, title: str, source: str, body: str,
                          rewrite: Callable[[str], str]) -> Chapter:
    html = render_markdown(body, rewrite, wrap_tables=False, depth=REPORT_DEPTH)
    container = _parse(html)
    notes: dict[str, HtmlElement] = {}
    for div in container.findall("div"):
        if "footnote" in (div.get("class") or "").split():
            for item in div.iter("li"):
                if item.get("id"):
                    notes[item.get("id", "")] = item
            container.remove(div)
    return _chapter(chapter_id, title, source, container, notes)


def chapters_from_docx(html: str, source: str, images: dict[str, tuple[int, int]],
                       skip_titles: set[str]) -> tuple[Chapter | None, list[Chapter]]:
    """Word's headings 1 make the chapters; the text before the first is the front matter."""
    container = lxml_html.fragment_fromstring(html, create_parent="div")
    notes: dict[str, HtmlElement] = {}
    for ol in container.findall("ol"):
        items = ol.findall("li")
        if items and all((li.get("id") or "").startswith(("footnote-", "endnote-")) for li in items):
            for li in items:
                notes[li.get("id", "")] = li
            container.remove(ol)
    for img in container.iter("img"):
        size = images.get("report/" + (img.get("src") or ""))
        if size:
            img.set("width", str(size[0]))
            img.set("height", str(size[1]))
    parts: list[tuple[str, list[HtmlElement]]] = [("", [])]
    for element in list(container):
        if element.tag == "h1" and element.text_content().strip():
            parts.append((element.text_content().strip(), []))
        else:
            parts[-1][1].append(element)
    used = set(RESERVED_CHAPTER_IDS)
    chapters: list[Chapter] = []
    front: Chapter | None = None
    for title, elements in parts:
        if not title:
            elements = [e for e in elements
                        if not (e.tag == "p" and (e.get("class") or "") in ("title", "subtitle")
                                and normalise(e.text_content()) in skip_titles)]
        for element in elements:
            if element.tag == "p" and element.get("class") == "caption":
                element.tag = "figcaption"  # kept by the sanitiser, paired with its picture below
        safe = sanitise("".join(lxml_html.tostring(e, encoding="unicode") for e in elements), REPORT_DEPTH)
        base = chapter_id = slugify(title) if title else "index"
        n = 1
        while title and chapter_id in used:
            n += 1
            chapter_id = f"{base}-{n}"
        used.add(chapter_id)
        chapter = _chapter(chapter_id, title, source, _parse(safe), notes)
        chapter.front = not title
        if not title:
            front = chapter if chapter.blocks else None
        else:
            chapters.append(chapter)
    return front, chapters


def _parse(html: str) -> HtmlElement:
    return lxml_html.fragment_fromstring(html or "", create_parent="div")


def _note_target(anchor: HtmlElement) -> str | None:
    """The note a reference points to: Markdown's #fn:1 or Word's #footnote-1."""
    href = anchor.get("href") or ""
    if href.startswith("#fn:") or href.startswith(("#footnote-", "#endnote-")):
        return href[1:]
    return None


def _chapter(chapter_id: str, title: str, source: str, container: HtmlElement,
             notes: dict[str, HtmlElement]) -> Chapter:
    chapter = Chapter(chapter_id, title, source)
    _number_notes(chapter, container, notes)
    headings = {f"{chapter_id}-notes", f"{chapter_id}-contents"}  # the page's own headings
    pending_caption: HtmlElement | None = None
    elements = [e for e in container if isinstance(e.tag, str)]
    for index, element in enumerate(elements):
        if element is pending_caption:
            continue
        tag = element.tag
        if tag == "hr":
            continue
        if tag in HEADINGS:
            heading = element.text_content().strip()
            base = f"{chapter_id}-{slugify(heading)}"
            heading_id, n = base, 1
            while heading_id in headings:
                n += 1
                heading_id = f"{base}-{n}"
            headings.add(heading_id)
            element.set("id", heading_id)
            chapter.blocks.append(Block("heading", _html(element), heading, id=heading_id, level=int(tag[1]),
                                        title=heading))
            continue
        following = elements[index + 1] if index + 1 < len(elements) else None
        figure = _figure(element, following)
        if figure is not None:
            element, pending_caption = figure
            if pending_caption is not None and pending_caption is not following:
                pending_caption = None
        if element.tag == "figcaption":
            element.tag = "p"  # a caption with no picture before it
        if element.tag == "table":
            for th in element.iterfind(".//thead//th"):
                th.set("scope", "col")
        kind = BLOCK_KINDS.get(element.tag, "other")
        chapter.blocks.append(Block(kind, _html(element), _text(element)))
    return chapter


def _figure(element: HtmlElement, following: HtmlElement | None) -> tuple[HtmlElement, HtmlElement | None] | None:
    """A paragraph holding only a picture becomes a figure; its caption is the picture's title
    (Markdown: ![alt](src "Caption")) or the Word paragraph in the Caption style after it."""
    if element.tag != "p" or (element.text or "").strip() or len(element) != 1 or element[0].tag != "img":
        return None
    img = element[0]
    if (img.tail or "").strip():
        return None
    caption_text = img.attrib.pop("title", None)
    caption_element = None
    if caption_text is None and following is not None and following.tag == "figcaption":
        caption_element = following
    figure = lxml_html.Element("figure")
    img.tail = None
    figure.append(img)
    if caption_text:
        figcaption = lxml_html.Element("figcaption")
        figcaption.text = caption_text
        figure.append(figcaption)
    elif caption_element is not None:
        figcaption = copy.deepcopy(caption_element)
        figcaption.tag = "figcaption"
        figcaption.attrib.pop("class", None)
        figcaption.tail = None
        figure.append(figcaption)
    return figure, caption_element


def _number_notes(chapter: Chapter, container: HtmlElement, notes: dict[str, HtmlElement]) -> None:
    """Number the chapter's notes 1, 2, 3 in the order they are referred to, with ids that are
    unique on the one-page version too (fn-<chapter>-<n>)."""
    numbers: dict[str, int] = {}
    uses: dict[int, int] = {}
    for anchor in list(container.iter("a")):
        target = _note_target(anchor)
        if target is None or target not in notes:
            continue
        if target not in numbers:
            numbers[target] = len(numbers) + 1
        number = numbers[target]
        uses[number] = uses.get(number, 0) + 1
        sup = anchor.getparent()
        reference = lxml_html.Element("a")
        reference.set("href", f"#fn-{chapter.id}-{number}")
        reference.set("id", f"fnref-{chapter.id}-{number}" + (f"-{uses[number]}" if uses[number] > 1 else ""))
        reference.set("class", "footnote-ref")
        # In English here; generator/report/render.py writes it in the page's language.
        reference.set("aria-label", english().gettext("Note %(number)s", number=number))
        reference.text = str(number)
        if sup is not None and sup.tag == "sup":
            sup.attrib.clear()
            sup.set("class", "footnote-ref")
            for child in list(sup):
                sup.remove(child)
            sup.text = None
            sup.append(reference)
        else:
            wrapper = lxml_html.Element("sup")
            wrapper.set("class", "footnote-ref")
            wrapper.append(reference)
            wrapper.tail = anchor.tail
            anchor.getparent().replace(anchor, wrapper)
    for target, number in sorted(numbers.items(), key=lambda item: item[1]):
        item = copy.deepcopy(notes[target])
        for anchor in list(item.iter("a")):
            href = anchor.get("href") or ""
            if "footnote-backref" in (anchor.get("class") or "") or href.startswith(("#fnref", "#footnote-ref",
                                                                                     "#endnote-ref")):
                _drop(anchor)
        inner = (item.text or "") + "".join(_html(child) for child in item)
        chapter.footnotes.append(Footnote(number, sanitise(inner, REPORT_DEPTH).strip()))


def _drop(element: HtmlElement) -> None:
    """Remove an element but keep the text after it (spacing before a removed link goes too)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = (element.tail or "").replace("\xa0", " ")
    previous = element.getprevious()
    before = (previous.tail if previous is not None else parent.text) or ""
    joined = before + tail if tail.strip() else (before + tail).rstrip("\xa0 ")
    if previous is not None:
        previous.tail = joined
    else:
        parent.text = joined
    parent.remove(element)


def _text(element: HtmlElement) -> str:
    """The words a block's id comes from: footnote numbers left out, pictures by their description."""
    clone = copy.deepcopy(element)
    for sup in list(clone.iter("sup")):
        if "footnote-ref" in (sup.get("class") or ""):
            _drop(sup)
    words = " ".join(clone.text_content().split())
    if not words:
        words = " ".join(f"{img.get('alt') or ''} {img.get('src') or ''}" for img in clone.iter("img")).strip()
    return words or _html(clone)


def _html(element: HtmlElement) -> str:
    clone = copy.copy(element)
    clone.tail = None
    return lxml_html.tostring(clone, encoding="unicode").strip()
