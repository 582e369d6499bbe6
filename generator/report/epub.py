"""report.epub: an EPUB 3 made with ebooklib, then packed again so the same report always gives
the same bytes (fixed dates, fixed order, `mimetype` first and stored, as EPUB requires).

An e-book has no Content Security Policy, so nothing from the content may become markup here:
titles, names and the site's address are escaped for XHTML (the address inside attributes too),
and characters XHTML cannot hold are left out (the content check refuses them, located)."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import uuid
import zipfile
from dataclasses import dataclass
from html import escape

from generator.errors import UNPUBLISHABLE
from generator.i18n import Translator, english
from generator.report.model import Chapter, Report
from generator.report.render import chapter_html, licence_label, notes_html, shift_headings

CSS = """body{font-family:serif;line-height:1.5}
h1,h2,h3,h4{font-family:sans-serif;line-height:1.25}
table{border-collapse:collapse}th,td{border:1px solid #6f777b;padding:.2em .4em;text-align:left;vertical-align:top}
img{max-width:100%}figcaption{font-style:italic}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
"""
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
_HREF = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)


@dataclass
class EpubFacts:
    """What the e-book says about itself besides the report."""

    identifier: str
    publisher: str
    modified: dt.datetime
    site_url: str | None = None
    """The assembly's public address, for links to its other pages; None keeps them as text."""


def book_identifier(slug: str, site_url: str | None, title: str) -> str:
    """The same report always has the same identifier (a name-based UUID)."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url or 'assembly:' + slug}/report/{title}"))


def _xhtml_links(html: str, chapter_ids: set[str], images: dict[str, bytes], facts: EpubFacts) -> str:
    """Links written for report/<chapter>.html, made right inside the book: chapters to .xhtml,
    pictures to the copies inside the book, other pages of the site to its address (or text)."""
    def one(match: re.Match[str]) -> str:
        target = match.group(2)
        path, _, anchor = target.partition("#")
        if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path):
            return match.group(0)
        if path.removesuffix(".html") in chapter_ids and path.endswith(".html"):
            return match.group(1) + path[:-5] + ".xhtml" + (f"#{anchor}" if anchor else "") + match.group(3)
        if path == "index.html":
            return match.group(1) + "title.xhtml" + (f"#{anchor}" if anchor else "") + match.group(3)
        inside = _book_path(path)
        if inside in images:
            return match.group(1) + inside + match.group(3)
        if facts.site_url:
            absolute = escape(_plain(facts.site_url)) + posixpath.normpath("report/" + path)
            return match.group(1) + absolute + (f"#{anchor}" if anchor else "") + match.group(3)
        return match.group(1) + "#unlinked" + match.group(3)

    html = _HREF.sub(one, html)
    # Links to pages outside the book, when the site has no public address, become plain text.
    return re.sub(r'<a\b[^>]*href="#unlinked"[^>]*>(.*?)</a>', r"\1", html, flags=re.S)


def _book_path(path: str) -> str:
    """../images/photo.jpg (assembly pictures) and images/figure-1.png (from Word) → images/…"""
    normal = posixpath.normpath("report/" + path)
    if normal.startswith("images/"):
        return normal
    if normal.startswith("report/images/"):
        return normal[len("report/"):]
    return normal


def image_paths(report: Report) -> set[str]:
    """Every picture the book needs, as paths in the assembly's output folder."""
    found: set[str] = set()
    for chapter in report.parts:
        for block in chapter.blocks:
            for src in re.findall(r'<img\b[^>]*\ssrc="([^"]+)"', block.html):
                if not re.match(r"^[a-z][a-z0-9+.-]*:", src):
                    found.add(posixpath.normpath("report/" + src))
    return found


def build_epub(report: Report, facts: EpubFacts, images: dict[str, bytes], summary_html: str,
               assembly_title: str, t: Translator | None = None) -> bytes:
    """The e-book's bytes. `images` maps a path in the output folder to the published picture; the
    book's own words (title page, contents) are in the language of `t`."""
    from ebooklib import epub

    t = t or english()

    book = epub.EpubBook()
    book.set_identifier(_plain(facts.identifier))
    book.set_title(_plain(report.meta.title))
    book.set_language(report.language)
    for number, author in enumerate(report.meta.authors, start=1):
        book.add_author(_plain(author), uid=f"creator-{number}")
    book.add_metadata("DC", "publisher", _plain(facts.publisher))
    if report.meta.published:
        book.add_metadata("DC", "date", report.meta.published.isoformat())
    if report.licence:
        book.add_metadata("DC", "rights", _plain(licence_label(report, t)))
    if report.meta.subtitle:
        book.add_metadata("DC", "description", _plain(report.meta.subtitle))
    for prop, value in accessibility_metadata(report, images):
        book.add_metadata(None, "meta", value, {"property": prop})
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=CSS.encode())
    book.add_item(style)
    inside = {_book_path(posixpath.relpath(p, "report")): data for p, data in images.items()}
    for number, (path, data) in enumerate(sorted(inside.items()), start=1):
        suffix = path.rsplit(".", 1)[-1].lower()
        book.add_item(epub.EpubImage(uid=f"image-{number}", file_name=path,
                                     media_type=MEDIA_TYPES.get(suffix, "image/png"), content=data))
    chapter_ids = {c.id for c in report.chapters}

    def page(uid: str, name: str, title: str, body: str) -> epub.EpubHtml:
        item = epub.EpubHtml(uid=uid, title=_plain(title), file_name=name, lang=report.language)
        item.content = _plain(_xhtml_links(body, chapter_ids, inside, facts))
        item.add_item(style)
        book.add_item(item)
        return item

    meta = report.meta
    title_page = [f"<h1>{_esc(meta.title)}</h1>"]
    if meta.subtitle:
        title_page.append(f"<p>{_esc(meta.subtitle)}</p>")
    if meta.authors:
        title_page.append(f"<p>{_esc(', '.join(meta.authors))}</p>")
    title_page.append(f"<p>{_esc(facts.publisher)}: {_esc(assembly_title)}</p>")
    if meta.published:
        title_page.append(_paragraph(t.gettext("Published %(date)s", date=t.long_date(meta.published))))
    if meta.cite_as:
        title_page.append(_paragraph(t.gettext("How to cite this report: %(citation)s", citation=meta.cite_as)))
    if report.licence:
        title_page.append(_paragraph(t.gettext("Licence: %(licence)s", licence=licence_label(report, t))))
    if summary_html:
        heading = t.gettext("Summary")
        title_page.append(f"<h2>{_esc(heading)}</h2>{summary_html}")
    if report.front:
        title_page.append(_chapter_body(report.front, shift=0, t=t))
    items = [page("title", "title.xhtml", meta.title, "\n".join(title_page))]
    toc: list[object] = [epub.Link("title.xhtml", t.gettext("Title page"), "title-link")]
    for chapter in report.chapters:
        body = f"<h1>{_esc(chapter.title)}</h1>" + _chapter_body(chapter, shift=0, t=t)
        items.append(page(f"chapter-{chapter.id}", f"{chapter.id}.xhtml", chapter.title, body))
        sections = [epub.Link(f"{chapter.id}.xhtml#{s.id}", _plain(s.title), f"toc-{s.id}")
                    for s in chapter.sections]
        if sections:
            toc.append((epub.Section(_plain(chapter.title), f"{chapter.id}.xhtml"), sections))
        else:
            toc.append(epub.Link(f"{chapter.id}.xhtml", _plain(chapter.title), f"toc-{chapter.id}"))
    book.toc = toc
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=t.gettext("Contents"))
    book.add_item(nav)
    book.spine = [items[0], nav, *items[1:]]
    # The landmarks navigation (EPUB Accessibility 1.1): title page, contents, where the text starts.
    book.guide = [{"href": "title.xhtml", "title": _plain(t.gettext("Title page")), "type": "titlepage"},
                  {"href": "nav.xhtml", "title": _plain(t.gettext("Contents")), "type": "toc"}]
    if len(items) > 1:
        book.guide.append({"href": items[1].file_name, "title": _plain(report.chapters[0].title),
                           "type": "bodymatter"})
    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"mtime": facts.modified, "epub3_pages": False, "epub2_guide": False,
                                   "landmark_title": t.gettext("Contents of the report")})
    return repack(buffer.getvalue(), facts.modified, _accessible_package(buffer.getvalue(), report.language))


def _accessible_package(data: bytes, language: str) -> dict[str, bytes]:
    """The package document with its language (xml:lang, which DAISY Ace requires) and the
    landmarks kept out of the reading view (reading systems offer them as a menu)."""
    lang = escape(_plain(language))
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        opf = book.read("EPUB/content.opf").decode("utf-8")
        nav = book.read("EPUB/nav.xhtml").decode("utf-8")
    opf = opf.replace('<package xmlns="http://www.idpf.org/2007/opf"',
                      f'<package xmlns="http://www.idpf.org/2007/opf" xml:lang="{lang}"', 1)
    nav = nav.replace('<nav epub:type="landmarks">', '<nav epub:type="landmarks" hidden="hidden">', 1)
    return {"EPUB/content.opf": opf.encode("utf-8"), "EPUB/nav.xhtml": nav.encode("utf-8")}


CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
"""The conformance claim, made because it is verified: tests/test_epub_accessibility.py checks the
example's books (with and without pictures) with EPUBCheck and with DAISY Ace, the checker libraries
and publishers use for EPUB Accessibility, which finds no violation. Ace is an npm package
(@daisy/ace in package.json): `npm ci --ignore-scripts` installs it in about half a minute (about
100 MB, most of it Electron's package without its browser), and it runs offline with Debian's
chromium (PUPPETEER_EXECUTABLE_PATH) in a few seconds a book, so the suite runs it in CI, where a
missing Ace fails instead of skipping. The claim is left out when a picture has no text
alternative (the content check refuses one anyway)."""


def accessibility_metadata(report: Report, images: dict[str, bytes]) -> list[tuple[str, str]]:
    """The schema.org accessibility properties and the conformance statement, from what the build
    checked: every picture has a text alternative (the content check refuses a picture without
    one), headings follow the chapters and sections, the language is set, nothing moves or sounds."""
    html = "".join(block.html for chapter in report.parts for block in chapter.blocks)
    pictures = re.findall(r"<img\b[^>]*>", html)
    described = all(re.search(r'\salt="[^"]+"', tag) for tag in pictures)
    modes = ["textual", *(["visual"] if pictures or images else [])]
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if pictures and described:
        features.append("alternativeText")
    summary = ("This e-book has a table of contents and landmarks, headings that follow its chapters and "
               "sections, its language set, and reflowable text that can be resized and restyled. "
               + ("Every picture has a text alternative. " if pictures and described else
                  "It has no pictures. " if not pictures else "")
               + "It has no sound, video or flashing content.")
    found = [("schema:accessMode", mode) for mode in modes]
    found.append(("schema:accessModeSufficient", "textual" if described else ",".join(modes)))
    found += [("schema:accessibilityFeature", feature) for feature in features]
    found.append(("schema:accessibilityHazard", "none"))
    found.append(("schema:accessibilitySummary", summary))
    if described:
        found.append(("dcterms:conformsTo", CONFORMANCE))
    return found


def _chapter_body(chapter: Chapter, shift: int, t: Translator | None = None) -> str:
    return shift_headings(str(chapter_html(chapter, controls=False, t=t)) + str(notes_html(chapter, t=t)), shift)


def _paragraph(text: str) -> str:
    return f"<p>{_esc(text)}</p>"


def _esc(text: str) -> str:
    """Text for XHTML: escaped (quotes too, so it is safe in an attribute as well)."""
    return escape(_plain(text))


def _plain(text: str) -> str:
    """Text less the characters XML cannot hold (ebooklib's XML writer refuses them)."""
    return UNPUBLISHABLE.sub("", text)


def repack(data: bytes, when: dt.datetime, replaced: dict[str, bytes] | None = None) -> bytes:
    """The same entries in the same order with one fixed date: `mimetype` first and stored
    (`replaced`: new contents for some entries)."""
    replaced = replaced or {}
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        ordered = ["mimetype"] + [n for n in names if n != "mimetype"]
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            body = replaced[name] if name in replaced else source.read(name)
            target.writestr(info, body, compresslevel=9 if name != "mimetype" else None)
    return out.getvalue()
