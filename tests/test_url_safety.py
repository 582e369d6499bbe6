"""Every address in a published body is checked last, after the links have been rewritten for their
page: whatever an officer (or someone pasting hostile text) writes, an href or src either has the
scheme http, https, mailto or tel, or is relative and stays inside the published site.

Link targets are generated from the pieces that have fooled sanitisers before: `..`, `/`, `./`,
schemes in odd case, character references, whitespace and control characters, percent-encoding.
They are written into Markdown links, images, reference definitions and raw HTML, rendered the way
the pages render them (the `md` and `inline` filters of generator/render/pages.py, on a page in an
assembly's folder, a sub-folder or a translation's folder), and every address in the result is read
as a browser reads it."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.errors import Problems
from generator.model.site import SiteConfig
from generator.model.types import web_address_problem
from generator.render.markdown import render_markdown, sanitise, stays_inside
from generator.render.pages import body_link, make_environment, page_depth
from generator.validate.accessibility import check_body

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
SITE = "/q7v-published-site/"
"""The site's folder on the server: a name no generated address can guess its way back into."""
PAGES = [("index.html", ""), ("about.html", ""), ("recommendations/cycle-lanes.html", ""),
         ("report/introduction.html", ""), ("index.html", "cy/"), ("recommendations/cycle-lanes.html", "cy/")]

pieces = st.sampled_from([
    "..", "../", "/", "./", ".", "//", "\\", "..\\", "%2e%2e/", "%2E%2e/", ".%2e/", "%2e/", "%2f", "%5c", "%252e",
    "javascript:", "JaVaScRiPt:", "jav\tascript:", "java\nscript:", "&#x6a;avascript:", "&#106;avascript:",
    "javascript&colon;", "javascript&#58;", "data:", "DATA:text/html,", "vbscript:", "file:", "FILE:///", "ftp:",
    "http:", "HTTPS://", "https://evil.example/", "mailto:", "tel:", "blob:", "x:", "&#47;", "&#46;", "&#46;&#46;/",
    "&Tab;", "&NewLine;", "&#x09;", "&#0;", "\t", " ", "\x01", "\x0b", "\x1f", "\x7f", "%00", "%20", "%09",
    "documents", "images/photo.jpg", "recommendations/cycle-lanes.md", "pages/faq.md", "other-assembly",
    "index.html", "x", "alert(1)", "#", "#top", "?", "?a=b", ":", "@", "evil.example",
])
targets = st.lists(pieces, min_size=1, max_size=12).map("".join)


def _markdown_with(target: str, form: int) -> str:
    quoted = target.replace('"', "&quot;")
    return [
        f"Read [the plan]({target}) now.",
        f"![A map of the town]({target})",
        f"Read [the plan][ref] now.\n\n[ref]: {target}",
        f'Read <a href="{quoted}">the plan</a> now.',
        f"Read <a href='{target}'>the plan</a> now.",
        f'<img src="{quoted}" alt="A map">',
        f"Read <a href={target}>the plan</a> now.",
        f"Read [the plan](<{target}>) now.",
    ][form]


class Addresses(HTMLParser):
    """Every href and src in a piece of HTML, as a browser's parser gives them (references decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value or "" for name, value in attrs if name in ("href", "src", "srcset", "action", "data")]


def addresses(html: str) -> list[str]:
    parser = Addresses()
    parser.feed(html)
    parser.close()
    return parser.found


def problem_with(address: str, page: str) -> str | None:
    """Why a browser showing `page` (a path below the site's folder) would leave the site by
    following `address`; None when it would not. Strict on purpose: %2e, %2f and %5c are taken as
    the characters they stand for (a server may decode them), and \\ as / (browsers do)."""
    # What a browser does first: spaces and controls around the address go, tabs and line breaks in it too.
    address = re.sub(r"[\t\n\r]", "", address.strip("".join(map(chr, range(33)))))
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", address)
    if scheme:
        return None if scheme.group(1).lower() in ALLOWED_SCHEMES else f"the scheme {scheme.group(1)}"
    if re.search(r"[\x00-\x1f\x7f]", address):
        return "a control character"
    path = re.sub(r"%2e", ".", re.sub(r"%(2f|5c)", "/", address, flags=re.I), flags=re.I).replace("\\", "/")
    if path.startswith("/"):
        return "the top of the server, or another server"
    resolved = urlsplit(urljoin(f"http://host.example{SITE}{page}", "./" + path))
    if resolved.netloc != "host.example" or not resolved.path.startswith(SITE):
        return f"{resolved.path}, outside {SITE}"
    return None


def render_as_pages_do(text: str, path: str, files_from: str, how: str = "md") -> str:
    """The `md` (or `inline`) filter of the page templates, on the page `path` of a language folder;
    or (`how="feed"`) an update's body as the news feed holds it."""
    if how == "feed":
        return render_markdown(text, lambda target: body_link("updates/feed.xml", target))
    env = make_environment()
    template = env.from_string(f"{{{{ text | {how} }}}}")
    return template.render(text=text, plan=SimpleNamespace(path=path), files_from=files_from)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=targets, form=st.integers(0, 7), where=st.sampled_from(PAGES),
       how=st.sampled_from(["md", "inline", "feed"]))
@example(target="x/../javascript:alert(1)", form=0, where=("index.html", ""), how="md")
@example(target="x/../javascript:alert(1)", form=3, where=("about.html", ""), how="inline")
@example(target="documents/../data:text/html,hi", form=1, where=("index.html", ""), how="md")
@example(target="../../../../etc/passwd", form=0, where=("about.html", ""), how="md")
@example(target="../../other.png", form=5, where=("about.html", ""), how="md")
@example(target="%2e%2e/%2e%2e/%2e%2e/x", form=3, where=("recommendations/cycle-lanes.html", ""), how="md")
@example(target=".\t./.\t./.\t./.\t./x", form=3, where=("recommendations/cycle-lanes.html", "cy/"), how="md")
@example(target="//evil.example/x", form=0, where=("about.html", ""), how="md")
@example(target="x/../../../javascript:alert(1)", form=0, where=("index.html", ""), how="feed")
def test_no_published_address_has_another_scheme_or_leaves_the_site(target: str, form: int,
                                                                     where: tuple[str, str], how: str) -> None:
    path, files_from = where
    html = render_as_pages_do(_markdown_with(target, form), path, files_from, how)
    page = "updates/feed.xml" if how == "feed" else files_from + path
    for address in addresses(html):
        problem = problem_with(address, "my-assembly/" + page)
        assert problem is None, f"{address!r} on {page} leads to {problem}:\n{html}"


@settings(max_examples=300, deadline=None)
@given(target=targets, depth=st.integers(1, 4))
def test_the_sanitiser_alone_keeps_only_safe_addresses(target: str, depth: int) -> None:
    """Report chapters from Word and their notes are sanitised without rewriting: the same rule."""
    html = sanitise(f'<p><a href="{target.replace(chr(34), "&quot;")}">x</a><img src="{target}" alt="y"></p>',
                    depth)
    page = "/".join(["folder"] * depth + ["page.html"])
    for address in addresses(html):
        assert problem_with(address, page) is None, (address, html)


def test_report_chapters_from_markdown_and_word_keep_only_safe_addresses() -> None:
    from generator.report.convert import chapter_from_markdown, chapters_from_docx

    hostile = ("[a](../../../etc/passwd) ![b](../../../../p.png) [c](x/../javascript:alert(1)) "
               "[d](../index.html) [e](documents/r.pdf)[^1]\n\n[^1]: See [f](%2e%2e/%2e%2e/%2e%2e/x).")
    chapter = chapter_from_markdown("one", "One", "report/01-one.md", hostile,
                                    lambda target: body_link("report/one.html", target))
    _, chapters = chapters_from_docx('<h1>Two</h1><p><a href="../../../x">g</a> <img src="../../../p.png" alt="h"> '
                                     '<a href="JAVASCRIPT:alert(1)">i</a> <a href="images/../../../../y">j</a></p>',
                                     "report/report.docx", {}, set())
    html = "".join(block.html for block in chapter.blocks + chapters[0].blocks)
    html += "".join(note.html for note in chapter.footnotes)
    for address in addresses(html):
        assert problem_with(address, "my-assembly/report/one.html") is None, (address, html)
    assert 'href="../../index.html"' in html and 'href="../documents/r.pdf"' in html


@pytest.mark.parametrize("text", [
    "[one](x/../javascript:alert(1))", '<a href="x/../javascript:alert(1)">two</a>',
    "[three](documents/../data:text/html,hi)", "[four](./x/../VBScript:msgbox(1))",
    "[five](x/../../javascript:alert(1))",
])
def test_an_address_made_dangerous_by_its_dot_steps_is_removed_and_its_words_kept(text: str) -> None:
    for path, files_from in PAGES:
        html = render_markdown(text, functools.partial(body_link, path, files_from=files_from),
                               depth=page_depth(path, files_from))
        assert re.search(r'href="(?!\.\./)[a-z]+:', html, re.I) is None, html
        assert re.search(r">(one|two|three|four|five)<", html), html


def test_links_to_the_list_of_assemblies_and_to_other_assemblies_work_from_every_page() -> None:
    assert body_link("about.html", "../index.html") == "../index.html"
    assert body_link("about.html", "..") == "../index.html"
    assert body_link("recommendations/a.html", "../index.html") == "../../index.html"
    assert body_link("recommendations/a.html", "../index.html", "cy/") == "../../../index.html"
    assert body_link("updates/u.html", "../other/recommendations/x.md#v") == "../../other/recommendations/x.html#v"
    assert body_link("about.html", "../other/pages/faq.md") == "../other/faq.html"
    html = render_markdown("[all](../index.html) [other](../other/index.html)",
                           lambda target: body_link("recommendations/a.html", target, "cy/"), depth=3)
    assert 'href="../../../index.html"' in html and 'href="../../../other/index.html"' in html


@pytest.mark.parametrize("address, depth, inside", [
    ("documents/a.pdf", 1, True), ("../index.html", 1, True), ("../../index.html", 1, False),
    ("../../index.html", 2, True), ("%2e%2e/%2E%2E/x", 1, False), ("..", 1, True), ("../..", 1, False),
    ("/etc/passwd", 3, False), ("//evil.example", 3, False), ("..\\..\\x", 1, False), ("..%2f..%2fx", 1, False),
    (".\t./.\t./x", 1, False), ("#top", 1, True), ("?page=2", 1, True), ("a/b/../../../x", 1, True),
    ("a/b/../../../../x", 1, False), ("a//../../x", 1, True),
])
def test_which_relative_addresses_stay_inside(address: str, depth: int, inside: bool) -> None:
    assert stays_inside(address, depth) is inside
    page = "/".join(["folder"] * depth + ["page.html"])
    assert (problem_with(address, page) is None) is inside


def _checked(body: str) -> tuple[list[str], list[str]]:
    problems = Problems()
    targets = check_body("content/my-assembly/pages/about.md", body, 5, problems)
    return [f"{p.location.line}:{p.location.column}: {p.severity.value}: {p.message}" for p in problems.items], \
        [target for target, _ in targets]


def test_links_and_pictures_that_leave_the_site_are_located_errors() -> None:
    lines, targets = _checked("[a](../../../../etc/passwd)\n![A map](../../map.png)\n"
                              '<a href="../../x">b</a> <img src="../../../p.jpg" alt="P">\n'
                              "[c](/documents/r.pdf) [d](//evil.example/x) [e](documents\\r.pdf)\n"
                              "[f](%2e%2e/%2e%2e/x)")
    errors = [line for line in lines if ": error: " in line]
    assert [line.split(": error: ")[0] for line in errors] == ["5:1", "6:1", "7:1", "7:25", "8:1", "8:23", "8:45",
                                                               "9:1"]
    assert "leads out of the published site" in errors[0] and "../index.html" in errors[0]
    assert "put the picture in images/ and write images/map.png" in errors[1]
    assert "the picture '../../../p.jpg' is outside the published site" in errors[3]
    assert "documents/r.pdf" in errors[4] and "https://" in errors[5] and "documents/r.pdf" in errors[6]
    assert targets == []


def test_links_up_to_the_list_of_assemblies_or_another_assembly_are_allowed() -> None:
    lines, targets = _checked("[all](../index.html) [other](../other-assembly/recommendations/x.md) [up](..)\n"
                              '<a href="../other-assembly/index.html">other</a> [news](../feed.xml)\n'
                              "[mine](documents/report.pdf) [site](https://example.org) [mail](mailto:a@example.org)")
    assert lines == []
    assert targets == ["documents/report.pdf"]


def test_addresses_that_will_be_removed_are_warned_about() -> None:
    lines, _ = _checked("[a](x/../javascript:alert(1)) [b](file:///S:/minutes.pdf) ![c](data:image/png,x)")
    lines.sort(key=lambda line: int(line.split(":")[1]))
    assert [line.split(": ", 2)[:2] for line in lines] == [["5:1", "warning"], ["5:31", "warning"],
                                                            ["5:59", "warning"]]
    assert "leads to 'javascript:alert(1)'" in lines[0] and "your own computer" in lines[1]


def _config(**fields: object) -> dict[str, object]:
    config: dict[str, object] = {"organisation": {"name": "Riverside Borough Council"},
                                 "contact_email": "engagement@riverside.example.gov.uk"}
    config.update(fields)
    return config


@pytest.mark.parametrize("site_url, fragment", [
    ("javascript:alert(1)//", "starting with https://"), ("mailto:a@example.org", "the address of a web page"),
    ('https://assemblies.example.gov.uk/"><script>', 'the character "'),
    ("https://assemblies.example.gov.uk/a b/", "a space"), ("https://assemblies.example.gov.uk/\u202e/", "U+202E"),
    ("https://admin:secret@assemblies.example.gov.uk/", "user name or password"),
    ("https://assemblies.example.gov.uk/?from=x", "write https://assemblies.example.gov.uk/"),
    ("https://assemblies.example.gov.uk/#top", "without the part from #"), ("https:///x", "no website name"),
    ("assemblies.example.gov.uk", "write https://assemblies.example.gov.uk"),
])
def test_site_url_must_be_an_absolute_web_address(site_url: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SiteConfig.model_validate(_config(site_url=site_url))
    assert fragment in str(caught.value)


def test_site_url_is_kept_with_a_slash_and_organisation_url_is_a_web_page() -> None:
    config = SiteConfig.model_validate(_config(site_url="HTTPS://assemblies.example.gov.uk/path"))
    assert config.site_url == "https://assemblies.example.gov.uk/path/"
    with pytest.raises(ValidationError):
        SiteConfig.model_validate(_config(organisation={"name": "R", "url": "mailto:a@example.org"}))
    with pytest.raises(ValidationError):
        SiteConfig.model_validate(_config(accessibility={"contact_email": "a@example.org?cc=b@example.org"}))


def test_web_addresses_in_content() -> None:
    assert web_address_problem("https://www.example.gov.uk/minutes?id=3#item-4") is None
    assert web_address_problem("mailto:jo@example.org", email=True) is None
    assert "mailto:jo@example.org" in (web_address_problem("jo@example.org", email=True) or "")
    for bad in ("javascript:alert(1)", "data:text/html,x", "ftp://example.org", "//example.org",
                "mailto:jo@example.org", "https://user:pw@example.org", "https://example.org/\x00", "http:example.org"):
        assert web_address_problem(bad) is not None, bad
