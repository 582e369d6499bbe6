"""The one Markdown configuration, and the allow-list sanitiser every body passes through.

Bodies are CommonMark (markdown-it-py), with tables, footnotes and definition lists, and ids on
headings made as Python-Markdown's toc extension made them. Why not Python-Markdown, the
renderer MkDocs keeps for its own pages: officers see their text in VS Code's preview and in
browser content editors, which are CommonMark, and Python-Markdown is not. Measured on the
CommonMark specification's examples (0.31.2, tests/fixtures/commonmark/, through this module with
only its deliberate changes normalised: tests/test_commonmark.py), examples passed:

    section                   Python-Markdown       Python-Markdown      markdown-it-py
                              (defaults)            (extra, sane_lists,  (this module)
                                                    toc: the old config)
    Lists                      7 / 26                7 / 26              26 / 26
    List items                17 / 48               20 / 48              48 / 48
    Emphasis and strong      121 / 132             121 / 132            130 / 132
    Links                     56 / 90               56 / 90              89 / 90

(The three examples markdown-it-py misses hold unclosed raw HTML, which the sanitiser closes
differently from the spec's expected output: they are the sanitiser's, not the renderer's.)
A list after a line of text with no blank line between, and a list nested by two spaces, are
paragraphs of dashes to Python-Markdown, and no extension of it closes that gap short of
replacing its list parser. markdown-it-py renders them as every preview does, and is faster:
the 143 bodies of content/ and tests/fixtures/ in 29 ms against 45 ms (best of five, 2026-12).
Tables, footnotes (with Python-Markdown's markup: #fn:label, #fnref:label and the "footnote"
block, which the report's chapters read) and heading ids are as before; Python-Markdown's
abbreviations, attribute lists and Markdown inside HTML blocks, which no content uses, are gone.
MkDocs keeps Python-Markdown for its own pages.

markdown-it passes raw HTML straight through (scripts, event handlers, javascript: links);
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

import nh3
from markdown.extensions.toc import slugify, unique
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

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


@lru_cache(maxsize=1)
def _factory() -> MarkdownIt:
    """CommonMark with raw HTML (sanitised after), GFM tables, footnotes and definition lists."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin).use(deflist_plugin)
    # Every address becomes a link here, as Python-Markdown made it, javascript: too: the sanitiser
    # decides, last of all, and a refused link keeps its words (not the Markdown written around them).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.core.ruler.push("heading_ids", _heading_ids)
    for name, rule in _FOOTNOTE_RULES.items():
        md.add_render_rule(name, rule)
    return md


def _heading_ids(state: StateCore) -> None:
    """An id on every heading, as Python-Markdown's toc extension makes it: the heading's words,
    slugified, with _1, _2... after a repeat (so existing links to headings keep working)."""
    used: set[str] = set()
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            words = "".join(child.content for child in tokens[index + 1].children or []
                            if child.type in ("text", "code_inline"))
            token.attrSet("id", unique(slugify(html_unescape(words), "-"), used))


def _note_label(token: Token) -> str:
    return html_escape(str(token.meta.get("label", token.meta.get("id", 0) + 1)), quote=True)


def _footnote_ref(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    label, sub = _note_label(token), token.meta.get("subId", 0)
    ref = f"fnref{sub + 1 if sub else ''}:{label}"
    return (f'<sup id="{ref}"><a class="footnote-ref" href="#fn:{label}">{token.meta["id"] + 1}</a></sup>')


def _footnote_anchor(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    label, sub = _note_label(token), token.meta.get("subId", 0)
    number = token.meta["id"] + 1
    space = "&#160;" if not sub else ""
    return (f'{space}<a class="footnote-backref" href="#fnref{sub + 1 if sub else ""}:{label}" '
            f'title="Jump back to footnote {number} in the text">&#8617;</a>')


_FOOTNOTE_RULES = {
    # Python-Markdown's footnote markup, which the report reads (generator.report.convert).
    "footnote_ref": _footnote_ref,
    "footnote_anchor": _footnote_anchor,
    "footnote_block_open": lambda *_: '<div class="footnote">\n<hr>\n<ol>\n',
    "footnote_block_close": lambda *_: "</ol>\n</div>\n",
    "footnote_open": lambda self, tokens, idx, *_: f'<li id="fn:{_note_label(tokens[idx])}">\n',
    "footnote_close": lambda *_: "</li>\n",
}


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
    converted = _factory().render(text, {}).strip()
    # Links in a body are written from the assembly's folder, one below the site's, until rewritten.
    html = sanitise(_shift_headings(converted, shift), 1 if rewrite is not None else depth)
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
