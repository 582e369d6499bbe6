"""Text stays text: whatever a content field holds (markup, control characters, characters XML
cannot hold), the build either publishes feeds, sitemaps and an e-book that real parsers read, with
the text escaped, or stops with located errors; and nothing from the content can act on the
officer's terminal."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import tempfile
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import feedparser
import pytest
from conftest import Run, replace_starter_text, run_cli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.engine.search_index import read_search

SLUG = "my-assembly"
SITE_URL = "https://assemblies.council.example.gov.uk/"
XSS = "<img src=x onerror=alert(1)>"
TERMINAL = ["\x1b", "\x9b", "\x07", "\x08", "\r", "\u202e"]
"""ESC, CSI, BEL, backspace, carriage return and a right-to-left override."""
LOCATED = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): (?:error|warning): ")


def make_project(root: Path) -> Path:
    """A starter project with a public address and a two-chapter report (so an e-book is made)."""
    from generator.starter import create_assembly

    create_assembly(root, SLUG)
    replace_starter_text(root)
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "language: en-GB", f"site_url: {SITE_URL}\nlanguage: en-GB"), encoding="utf-8")
    report = root / "content" / SLUG / "report"
    report.mkdir()
    (report / "report.yml").write_text("title: What we recommend\n", encoding="utf-8")
    (report / "01-introduction.md").write_text("# Introduction\n\nThe assembly met four times.\n\n"
                                               "## Who took part\n\nFifty residents.\n", encoding="utf-8")
    (report / "02-findings.md").write_text("# Findings\n\nSee [the recommendation](recommendations/"
                                           "example-recommendation.md).\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("template") / "project")


def copy_of(template: Path, into: Path) -> Path:
    root = into / "project"
    shutil.copytree(template, root)
    return root


def quoted(value: str, escaped: bool) -> str:
    """A double-quoted YAML scalar: characters raw in the file, or every one outside printable
    ASCII written as an escape (\\u or \\U)."""
    if not escaped:
        return json.dumps(value, ensure_ascii=False)
    out = []
    for char in value:
        if char in '"\\' or not " " <= char <= "~":
            out.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def write(path: Path, text: str) -> None:
    # Lone surrogates are written as the (invalid) bytes an editor would: a located UTF-8 error.
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))


def set_fields(root: Path, values: dict[str, str], escaped: bool = False) -> None:
    """Put `values` into the titles, names, summaries and bodies of the project."""
    folder = root / "content" / SLUG
    q = {key: quoted(value, escaped) for key, value in values.items()}
    write(folder / "updates" / "welcome.md",
          f"---\ntitle: {q['title']}\ndate: 2026-03-01\nsummary: {q['summary']}\n---\n{values['body']}\n")
    write(folder / "speakers" / "example-speaker.md",
          f"---\nname: {q['name']}\ninterests: none declared\n---\n{values['body']}\n")
    recommendation = folder / "recommendations" / "example-recommendation.md"
    text = recommendation.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    front = re.sub(r"(?m)^title: .*$", lambda _: f"title: {q['title']}", front)
    write(recommendation, f"{front}\n---\n{values['body']}\n")
    write(folder / "report" / "report.yml", f"title: {q['title']}\nsubtitle: {q['summary']}\n"
                                            f"authors: [{q['name']}]\n")
    heading = values.get("heading", values["title"]).replace("\n", " ")
    write(folder / "report" / "01-introduction.md",
          f"# Introduction {heading}\n\n{values['body']}\n\n## Who: {heading}\n\nFifty residents.\n")


def build(root: Path) -> Run:
    return run_cli("--root", str(root), "build", "--out", str(root / "site"), "--as-of", "2026-06-01")


def assert_located_failure(result: Run) -> None:
    assert result.code == 1, result.err
    assert result.all_lines, result.err
    assert "Nothing was published" in result.err
    for line in result.all_lines:
        match = LOCATED.match(line)
        assert match, line
        assert int(match["line"]) >= 1 and int(match["column"]) >= 1, line


def assert_published_files_parse(site: Path) -> None:
    xml_files = sorted(site.rglob("*.xml")) + sorted(site.rglob("*.atom"))
    assert any(p.name == "feed.xml" for p in xml_files) and any(p.name == "sitemap.xml" for p in xml_files)
    for path in xml_files:
        data = path.read_bytes()
        etree.fromstring(data)  # a strict XML parser: raises on anything malformed
        if path.name == "feed.xml":
            parsed = feedparser.parse(data)
            assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    epubs = sorted(site.rglob("*.epub"))
    assert epubs
    for book in epubs:
        with zipfile.ZipFile(book) as archive:
            for name in archive.namelist():
                if name.endswith((".xhtml", ".opf", ".ncx")):
                    tree = etree.fromstring(archive.read(name))
                    assert not tree.xpath("//*[local-name()='script']"), (book, name)
                    assert not tree.xpath("//@*[starts-with(local-name(), 'on')]"), (book, name)
    for index in site.rglob("search_index.js"):  # one JSON string each, that nothing can end early
        for page in read_search(index.parent.parent)["pages"]:
            assert isinstance(page["title"], str) and "\n" not in page["title"], page


# Every class of character XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF, lone surrogates), the
# other controls (DEL, C1: U+0085, U+0092, U+009B), references to them, and markup.
UNPUBLISHABLE = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[2J", "\x1f", "\x7f", "\x85", "\x92",
                 "\x9b31m", "\ud800", "\udfff", "\ufffe", "\uffff", "&#1;", "&#x1B;", "&#xFFFE;", "&#0;"]
PUBLISHABLE = [XSS, "<script>alert(1)</script>", "<b>bold</b>", "]]>", "<![CDATA[x]]>", "&amp;", "&lt;b&gt;",
               "&", "<", ">", '"', "'", "\\", "\\e", ": ", "# ", "- ", "---", "*", "`", "\u202e", "\u2066",
               "\r", "\t", "\n", "\u2028", "😀", "é", "\u00a0"]
publishable_text = st.lists(st.one_of(st.sampled_from(PUBLISHABLE), st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Cn"]), max_size=6)),
    min_size=1, max_size=5).map("".join)
FIELDS = ("title", "name", "summary", "body")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(values=st.fixed_dictionaries({field: publishable_text for field in FIELDS}),
       injected=st.none() | st.tuples(st.sampled_from(FIELDS), st.sampled_from(UNPUBLISHABLE), st.integers(0, 40)),
       escaped=st.booleans())
@example(values={"title": XSS, "name": "<b>Ann</b> & co", "summary": "]]> <script>x</script>",
                 "body": f"Text {XSS} &lt;b&gt;"}, injected=None, escaped=False)
@example(values={"title": "A\x01B", "name": "C\ufffe", "summary": "\x1b[2J", "body": "D\x07E &#1;"},
         injected=None, escaped=True)
@example(values={"title": "A\x01B", "name": "C\ufffe", "summary": "\x9b2J", "body": "D\x07E"},
         injected=None, escaped=False)
def test_any_text_publishes_parseable_files_or_stops_with_located_errors(
        template: Path, values: dict[str, str], injected: tuple[str, str, int] | None, escaped: bool) -> None:
    values = dict(values)
    if injected is not None:  # one unpublishable character (or reference) somewhere in one field
        field, piece, at = injected
        text = values[field]
        values[field] = text[:at % (len(text) + 1)] + piece + text[at % (len(text) + 1):]
    with tempfile.TemporaryDirectory(prefix="text-safety-") as temp:
        root = copy_of(template, Path(temp))
        set_fields(root, values, escaped)
        result = build(root)
        assert "internal error" not in result.err and "Traceback" not in result.err, result.err
        for char in TERMINAL:
            assert char not in result.err and char not in result.out
        if injected is not None:
            assert result.code == 1, result.err  # never published, whatever else the text holds
        if result.code != 0:
            assert_located_failure(result)
            return
        assert_published_files_parse(root / "site")


def test_markup_in_titles_is_published_as_text(template: Path, tmp_path: Path) -> None:
    root = copy_of(template, tmp_path)
    set_fields(root, {"title": XSS, "name": "<b>Ann</b> & co", "summary": "]]> <i>x</i>", "body": "Text.",
                      "heading": html.escape(XSS)})  # Markdown may hold HTML: in a heading, written escaped
    result = build(root)
    assert result.code == 0, result.err
    site = root / "site" / SLUG
    assert_published_files_parse(root / "site")
    feed = feedparser.parse((site / "updates" / "feed.xml").read_bytes())
    assert feed.entries[0].title == XSS and feed.entries[0].title_detail.type == "text/plain"
    assert feed.entries[0].summary == "]]> <i>x</i>"
    search = read_search(site)  # plain text, which the search script shows as text (tests/browser/test_search.py)
    titles = {page["title"] for page in search["pages"]}
    headings = {section[1] for page in search["pages"] for section in page["sections"]}
    assert "Recommendation 1: <img src=x onerror=alert(1)>" in titles
    assert "Who: <img src=x onerror=alert(1)>" in headings
    with zipfile.ZipFile(site / "report" / "report.epub") as book:
        chapter = etree.fromstring(book.read("EPUB/introduction.xhtml"))
        title = etree.fromstring(book.read("EPUB/title.xhtml"))
    assert not chapter.xpath("//*[local-name()='img']") and not title.xpath("//*[local-name()='img']")
    heading = chapter.xpath("//*[local-name()='h1']")[0]
    assert "".join(heading.itertext()) == f"Introduction {XSS}"
    assert XSS in "".join(title.xpath("//*[local-name()='h1']")[0].itertext())


def test_search_index_titles_and_texts_are_the_words_as_text() -> None:
    from types import SimpleNamespace

    from generator.engine.search_index import documents

    page = SimpleNamespace(path="recommendations/x.html", title=f"Recommendation 1: {XSS} & more",
                           body='<h1>t</h1><p>Intro &amp; more &lt;b&gt;</p>'
                                '<h2 id="a">Who &lt;img src=x onerror=alert(1)&gt; <em>now</em></h2>'
                                '<p class="x">Text</p><table><tr><td>a</td><td>b</td></tr></table>')
    listing = SimpleNamespace(path="recommendations/index.html", title=XSS, body="<p>listed</p>")
    docs = {doc.location: doc for doc in documents([page, listing])}
    assert docs["recommendations/x.html"].title == "Recommendation 1: <img src=x onerror=alert(1)> & more"
    assert [(s.anchor, s.heading, s.text) for s in docs["recommendations/x.html"].sections] == [
        ("", "", "Intro & more <b>"), ("a", "Who <img src=x onerror=alert(1)> now", "Text a b")]
    assert docs["recommendations/index.html"].title == XSS and docs["recommendations/index.html"].sections == []


def test_site_address_is_escaped_in_the_epub() -> None:
    import datetime as dt

    from lxml import html as lxml_html

    from generator.report.epub import EpubFacts, _xhtml_links

    hostile = 'https://a.example/"><script>alert(1)</script><a href="'
    facts = EpubFacts("urn:uuid:0", "Council", dt.datetime(2024, 1, 1), site_url=f"{hostile}{SLUG}/")
    chapter = _xhtml_links('<p>See <a href="../recommendations/x.html">this</a>.</p>', {"one"}, {}, facts)
    tree = lxml_html.fragment_fromstring(chapter)
    assert not tree.xpath("//script")
    assert tree.xpath("//a/@href") == [f"{hostile}{SLUG}/recommendations/x.html"]


@pytest.mark.parametrize("escaped", [False, True])
def test_characters_xml_forbids_stop_the_build_with_located_errors(template: Path, tmp_path: Path,
                                                                    escaped: bool) -> None:
    root = copy_of(template, tmp_path)
    set_fields(root, {"title": "A\x01B", "name": "C\ufffeD", "summary": "E\x1bF", "body": "G\x0bH &#1;"},
               escaped)
    result = build(root)
    assert_located_failure(result)
    assert not (root / "site").exists() or not list((root / "site").rglob("feed.xml"))
    messages = "\n".join(result.all_lines)
    for code in ("U+0001", "U+FFFE", "U+001B", "U+000B"):
        assert code in messages
    assert "internal error" not in result.err


def test_each_character_is_located_at_its_place(starter: Path) -> None:
    welcome = starter / "content" / SLUG / "updates" / "welcome.md"
    welcome.write_text('---\ntitle: "Hello\\e[2J there\\x01"\ndate: 2026-03-01\n"sum\\amary": x\n---\n'
                       "Line one\nA bell \x07 and &#x1b; here\n", encoding="utf-8")
    result = run_cli("--root", str(starter), "check")
    rel = f"content/{SLUG}/updates/welcome.md"
    assert result.lines == [
        f"{rel}:2:14: error: `\\e` stands for an invisible control character, U+001B, which cannot be "
        "published: delete it",
        f"{rel}:2:25: error: `\\x01` stands for an invisible control character, U+0001, which cannot be "
        "published: delete it",
        f"{rel}:4:5: error: `\\a` stands for an invisible control character, U+0007, which cannot be "
        "published: delete it",
        f"{rel}:7:8: error: this text contains an invisible control character, U+0007 (often pasted by "
        "accident), which cannot be published: delete it",
        f"{rel}:7:14: error: `&#x1b;` stands for an invisible control character, U+001B, which cannot be "
        "published: delete it",
    ]
    assert result.code == 1


def test_yaml_parse_reports_and_removes_unpublishable_characters() -> None:
    from generator.load.yaml_source import parse_yaml

    located, problems = parse_yaml('a: "x\\x01y"\nb: p\x1bq\n"k\\ey": z\n', "f.yml", line_offset=3)
    assert located is not None and located.data == {"a": "xy", "b": "pq", "ky": "z"}
    assert [str(p).split(": error: ")[0] for p in problems.sorted()] == ["f.yml:4:6", "f.yml:5:5", "f.yml:6:3"]


class Terminal(io.StringIO):
    """Standard error as a terminal, so problems are printed with the lines they are on."""

    def isatty(self) -> bool:
        return True


def test_check_output_holds_no_control_characters_from_the_content(starter: Path) -> None:
    folder = starter / "content" / SLUG
    hostile_name = "\x1b[2J\x1b]0;owned\x07\x08\x9b31m\r\u202e.txt"
    (folder / hostile_name).write_text("x", encoding="utf-8")
    welcome = folder / "updates" / "welcome.md"
    welcome.write_text('---\ntitle: Welcome\ndate: "2026-03-01\\r\\u202e"\n---\nBody \x1b[2J text \x9b31m.\n',
                       encoding="utf-8")
    from generator.cli import main

    err = Terminal()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(["--root", str(starter), "check"])
    printed = err.getvalue()
    assert code == 1
    for char in TERMINAL:
        assert char not in printed, repr(char)
    assert "\\x1b[2J\\x1b]0;owned\\x07\\x08\\x9b31m\\r\\u202e.txt" in printed
    assert "found '2026-03-01\\r\\u202e'" in printed
    assert "Body \\x1b[2J text \\x9b31m." in printed  # the line, shown under its problem

    result = run_cli("--root", str(starter), "check", "--format", "json")
    for char in TERMINAL:
        assert char not in result.out, repr(char)
    records = json.loads(result.out)["problems"]
    assert any(r["path"] == f"content/{SLUG}/{hostile_name}" for r in records)
    assert any("2026-03-01\r\u202e" in r["message"] for r in records)


def test_terminal_escaping() -> None:
    from generator.errors import for_terminal

    assert for_terminal("a\x1b[2Jb\x9b\x07\x08\r\n\t\u202e\u2066ok é ’") == \
        "a\\x1b[2Jb\\x9b\\x07\\x08\\r\\n\\t\\u202e\\u2066ok é ’"


def test_a_windows_1252_control_character_suggests_the_character_meant() -> None:
    from generator.errors import character_problem

    assert character_problem("\x92").endswith("delete it, or if it should be ’, type ’ instead")
    assert character_problem("\x81").endswith("which cannot be published: delete it")


def test_a_name_typed_with_terminal_escapes_is_shown_escaped(starter: Path) -> None:
    result = run_cli("--root", str(starter), "build", "\x1b[2J\x1b[Hmy-assembly\x07")
    assert result.code == 2
    assert "\x1b" not in result.err and "\x07" not in result.err
    assert "\\x1b[2J" in result.err
