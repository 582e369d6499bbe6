"""The one Markdown configuration, and the allow-list sanitiser every body passes through.

Python-Markdown passes raw HTML straight through (scripts, event handlers, javascript: links);
nh3 (ammonia) then keeps only the tags, attributes and URL schemes listed here.

Every address in a body is checked twice: as written, and again after the links have been
rewritten for the page they are shown on, because rewriting can turn an address that looked
harmless (``x/../javascript:alert(1)``) into a dangerous one. The last check decides: an href or
src is kept only if its scheme is in URL_SCHEMES, or it is relative and stays inside the
published site (see `stays_inside`). Anything else loses its address (a link keeps its words as
text); nothing else is ever published.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import escape as html_escape
from html import unescape as html_unescape

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "lang", "title", "dir"},
    "a": {"href", "hreflang", "class", "role"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "div": {"class"},
    "sup": {"class"},
    "li": {"class"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
"""The only schemes a published address may have (tel: for the council's phone numbers)."""
EXTENSIONS = ["extra", "sane_lists", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": False}, "footnotes": {"BACKLINK_TITLE": "Back to the text"}}


@lru_cache(maxsize=1)
def _factory() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


def sanitise(html: str, depth: int = 1) -> str:
    """Keep only allow-listed HTML; scripts, styles, frames and forms go with their content.

    `depth` is how many folders the page is below the published site's folder (site/): 1 for
    site/<assembly>/about.html, 2 for site/<assembly>/recommendations/x.html. A relative address
    that would climb out of site/ from there is removed, as is any address whose scheme is not
    in URL_SCHEMES (nh3 decodes entities and drops whitespace and control characters first,
    as a browser does)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=URL_SCHEMES,
        url_relative=lambda url: url if stays_inside(url, depth) else None,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea",
                            "select", "svg", "math"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_UNSAFE_IN_RELATIVE = re.compile(r"[\x00-\x1f\x7f\\]|%(?:2f|5c|00)", re.IGNORECASE)


def stays_inside(url: str, depth: int) -> bool:
    """True when the relative address `url`, on a page `depth` folders below the site's folder,
    leads to somewhere inside that folder.

    Refused: an address starting with / (the root of the web server, or another server with //),
    one holding a backslash (browsers read it as /), a control character (browsers drop tabs and
    line breaks, so `.<tab>./` is `../`) or an encoded / or \\ (some servers decode them), and
    one whose `..` steps (also written %2e%2e) climb above the site's folder."""
    url = url.strip(" ")
    if _UNSAFE_IN_RELATIVE.search(url) or url.startswith("/"):
        return False
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    if not path:
        return True  # #anchor or ?query: this page
    level = depth
    segments = path.split("/")
    for segment in segments[:-1]:
        step = segment.lower().replace("%2e", ".")
        if step == "..":
            level -= 1
            if level < 0:
                return False
        elif step != ".":
            level += 1
    return segments[-1].lower().replace("%2e", ".") != ".." or level >= 1


_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _shift_headings(html: str, shift: int) -> str:
    """Bodies sit under the page's own h1 (and sometimes an h2): move their headings down."""
    def level(match: re.Match[str]) -> str:
        original = int(match.group(2))
        return f"<{match.group(1)}h{min(6, max(original, 2) + shift)}"
    return _HEADING.sub(level, html)


_LINK = re.compile(r'(<(?:a|img)\b[^>]*?\s(?:href|src)=")([^"]*)(")')


def render_markdown(text: str | None, rewrite: Callable[[str], str] | None = None, shift: int = 0,
                    wrap_tables: bool = True, depth: int = 1) -> str:
    """Markdown → safe HTML. A level-1 heading in a body becomes level 2: the page owns its h1.

    `rewrite` maps each link target written in the body to the address used on the page;
    `depth` is where that page is: how many folders below the published site's folder (see
    sanitise()); `wrap_tables=False` leaves tables bare for callers that place them themselves
    (the report). Addresses are checked as written and again after rewriting, last of all.
    """
    if not text or not text.strip():
        return ""
    md = _factory()
    md.reset()
    # Links in a body are written from the assembly's folder, one below the site's, until rewritten.
    html = sanitise(_shift_headings(md.convert(text), shift), 1 if rewrite is not None else depth)
    if rewrite is not None:
        html = _LINK.sub(lambda m: m.group(1) + html_escape(rewrite(html_unescape(m.group(2)))) + m.group(3), html)
        html = sanitise(html, depth)
    return _wrap_tables(html) if wrap_tables else html


_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_FIRST_HEADER = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def _wrap_tables(html: str) -> str:
    """A wide table scrolls inside its own named region, reachable from the keyboard, with or
    without JavaScript (WCAG 1.4.10 reflow, 2.1.1 keyboard)."""
    def wrap(match: re.Match[str]) -> str:
        header = _FIRST_HEADER.search(match.group(1))
        name = _TAGS.sub("", header.group(1)).strip() if header else ""
        label = html_escape(f"Table: {name}" if name else "Table", quote=True)
        return (f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}">'
                f"{match.group(0)}</div>")
    return _TABLE.sub(wrap, html)


def render_inline(text: str | None, rewrite: Callable[[str], str] | None = None, depth: int = 1) -> str:
    """Markdown for a one-line field: the same, without the wrapping paragraph."""
    html = render_markdown(text, rewrite, depth=depth)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
