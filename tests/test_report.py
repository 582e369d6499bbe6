"""The report as a web publication: Markdown chapters or a Word file in; chapter pages, a
one-page version and an EPUB out; paragraph links that survive corrections."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_cli

SLUG = "my-assembly"

REPORT_YML = """title: What we recommend
subtitle: The report of the assembly
authors:
  - The Deliberation Partnership
published: 2024-03-01
licence: OGL-3.0
cite_as: The Deliberation Partnership (2024). What we recommend.
"""
CHAPTER_1 = """# Introduction

The assembly met on four weekends in the town hall.

Members heard from speakers with different views.

Recommendation 1 asks the council to act this year.

## Who took part

- Fifty residents chosen by lot
- Paid for their time

| Group | Members |
| --- | --- |
| Aged 16 to 29 | 10 |
| Aged 30 and over | 40 |

The table counts everyone who took part.[^1]

[^1]: The counts come from the registration forms.
"""
CHAPTER_2 = """---
title: What members heard
---
Speakers explained the evidence.[^1]

Members agreed that the work should start soon.

[^1]: Every speaker declared their interests.
"""


class Page(HTMLParser):
    """The ids, links, scripts and report blocks of one page."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.scripts = 0
        self.blocks: list[str] = []
        self.aliases: dict[str, str] = {}
        self.controls: dict[str, str] = {}
        self._block: list[str | None] = []
        self._control: str | None = None
        self._control_text = ""
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if values.get("href"):
            self.hrefs.append(values["href"] or "")
        if tag == "script":
            self.scripts += 1
        if tag == "div":
            self._block.append(values["id"] if "report-block" in classes else None)
            if "report-block" in classes:
                self.blocks.append(values["id"] or "")
        if tag == "span" and "report-alias" in classes:
            block = next((b for b in reversed(self._block) if b), None)
            self.aliases[values["id"] or ""] = block or ""
        if tag == "a" and "report-permalink" in classes:
            self._control, self._control_text = values.get("href"), values.get("aria-label") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._block:
            self._block.pop()
        if tag == "a" and self._control:
            self.controls[self._control] = self._control_text.strip()
            self._control = None

    def handle_data(self, data: str) -> None:
        if self._control:
            self._control_text += data


def write_report(root: Path, chapters: dict[str, str], meta: str = REPORT_YML) -> Path:
    folder = root / "content" / SLUG / "report"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.yml").write_text(meta, encoding="utf-8")
    for name, text in chapters.items():
        (folder / name).write_text(text, encoding="utf-8")
    run_cli("--root", str(root), "anchors")  # as an officer does after editing the report (fails on mistakes)
    return folder


def build(root: Path, out: str = "site") -> Path:
    """The officer's steps after editing the report: bring the record of paragraph links up to
    date (`assembly anchors`), then build."""
    assert run_cli("--root", str(root), "anchors").code == 0
    result = run_cli("--root", str(root), "build", "--out", str(root / out))
    assert result.code == 0, result.err
    return root / out / SLUG


@pytest.fixture
def markdown_report(starter: Path) -> Path:
    write_report(starter, {"01-introduction.md": CHAPTER_1, "02-what-members-heard.md": CHAPTER_2})
    return starter


# --- Markdown ---------------------------------------------------------------------------------

def test_markdown_chapters_headings_lists_tables_and_footnotes_survive(markdown_report: Path) -> None:
    site = build(markdown_report)
    chapter = (site / "report" / "introduction.html").read_text(encoding="utf-8")
    assert "<h1>Introduction</h1>" in chapter
    assert '<h2 id="introduction-who-took-part">Who took part</h2>' in chapter
    assert "<li>Fifty residents chosen by lot</li>" in chapter
    assert '<th scope="col">Group</th>' in chapter and "<thead>" in chapter
    assert 'href="#fn-introduction-1"' in chapter and 'id="fn-introduction-1"' in chapter
    assert "The counts come from the registration forms." in chapter
    assert 'href="what-members-heard.html" rel="next"' in chapter
    second = (site / "report" / "what-members-heard.html").read_text(encoding="utf-8")
    assert "<h1>What members heard</h1>" in second and 'rel="prev"' in second
    index = (site / "report" / "index.html").read_text(encoding="utf-8")
    for expected in ("What we recommend", "The report of the assembly", "The Deliberation Partnership",
                     "1 March 2024", "Open Government Licence v3.0", "How to cite this report",
                     'href="introduction.html"', 'href="introduction.html#introduction-who-took-part"',
                     'href="plain.html"', 'href="report.epub"', "(EPUB, "):
        assert expected in index, expected
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="report/index.html">Report</a>' in home


def test_every_paragraph_list_and_table_has_an_id_and_a_named_link(markdown_report: Path) -> None:
    site = build(markdown_report)
    page = Page(site / "report" / "introduction.html")
    assert len(page.blocks) == 6  # three paragraphs, a list, a table, a paragraph
    assert all(re.fullmatch(r"p-[0-9a-f]{8}", b) for b in page.blocks)
    assert {f"#{b}" for b in page.blocks} == set(page.controls)
    assert set(page.controls.values()) == {"Link to this paragraph", "Link to this list", "Link to this table"}
    assert len(page.ids) == len(set(page.ids))


def test_recommendations_mentioned_by_number_link_to_their_page(markdown_report: Path) -> None:
    from generator.pipeline import load_and_validate
    from generator.validate.corpus import Options

    site = build(markdown_report)
    chapter = (site / "report" / "introduction.html").read_text(encoding="utf-8")
    assert ('<a href="../recommendations/example-recommendation.html" class="report-recommendation">'
            "Recommendation 1</a>") in chapter
    loaded, _, problems = load_and_validate(markdown_report, None, Options())
    assert loaded is not None and not problems.errors
    report = loaded.assemblies[0].report
    assert report is not None
    [mention] = report.mentions_of("example-recommendation")
    assert mention.chapter == "introduction" and mention.path == f"report/introduction.html#{mention.paragraph}"
    assert mention.paragraph in Page(site / "report" / "introduction.html").blocks


def test_an_unknown_recommendation_number_is_a_located_warning(starter: Path) -> None:
    write_report(starter, {"01-intro.md": "# Intro\n\nFirst.\n\nAs Recommendation 12 says.\n"})
    result = run_cli("--root", str(starter), "check")
    assert result.code == 0
    assert result.lines == [f"content/{SLUG}/report/01-intro.md:5:4: warning: the report mentions recommendation 12, "
                            "but no published recommendation has that number, so it is not linked: check the number"]


def test_inserting_a_paragraph_at_the_start_changes_no_other_id(markdown_report: Path) -> None:
    before = {n: Page(build(markdown_report) / "report" / n).blocks for n in ("introduction.html",
                                                                               "what-members-heard.html")}
    chapter = markdown_report / "content" / SLUG / "report" / "01-introduction.md"
    chapter.write_text(CHAPTER_1.replace("# Introduction\n", "# Introduction\n\nA new first paragraph.\n"))
    after = {n: Page(build(markdown_report) / "report" / n).blocks for n in before}
    assert after["what-members-heard.html"] == before["what-members-heard.html"]
    assert after["introduction.html"][1:] == before["introduction.html"]


def test_a_corrected_paragraphs_old_link_still_leads_to_it(markdown_report: Path) -> None:
    site = build(markdown_report)
    old = Page(site / "report" / "introduction.html").blocks
    record = markdown_report / "content" / SLUG / "report" / "anchors.json"
    assert [p["id"] for p in json.loads(record.read_text())["paragraphs"]][:len(old)] == old
    chapter = markdown_report / "content" / SLUG / "report" / "01-introduction.md"
    chapter.write_text(CHAPTER_1.replace("on four weekends", "on five weekends"))
    page = Page(build(markdown_report) / "report" / "introduction.html")
    assert page.blocks[0] != old[0]
    assert page.aliases[old[0]] == page.blocks[0]
    assert page.blocks[1:] == old[1:]
    # Corrected again: the first link still lands, now beside the second one.
    chapter.write_text(CHAPTER_1.replace("on four weekends", "on five weekends, Saturday and Sunday,"))
    again = Page(build(markdown_report) / "report" / "introduction.html")
    assert again.aliases[old[0]] == again.aliases[page.blocks[0]] == again.blocks[0]


def test_a_removed_paragraphs_link_leads_to_the_next_one(markdown_report: Path) -> None:
    old = Page(build(markdown_report) / "report" / "introduction.html").blocks
    chapter = markdown_report / "content" / SLUG / "report" / "01-introduction.md"
    chapter.write_text(CHAPTER_1.replace("Members heard from speakers with different views.\n\n", ""))
    page = Page(build(markdown_report) / "report" / "introduction.html")
    assert old[1] not in page.blocks
    assert page.aliases[old[1]] == old[2]


def test_building_never_writes_into_content_and_an_old_record_is_a_warning(markdown_report: Path) -> None:
    """The record of paragraph links changes only with `assembly anchors`: a build leaves content/
    as it was, says the record is out of date, and fails with --strict (what CI runs), so a site
    built in CI never publishes paragraph links that a later build would break."""
    build(markdown_report)
    chapter = markdown_report / "content" / SLUG / "report" / "01-introduction.md"
    chapter.write_text(CHAPTER_1.replace("on four weekends", "on five weekends"))
    before = {p: p.read_bytes() for p in (markdown_report / "content").rglob("*") if p.is_file()}
    result = run_cli("--root", str(markdown_report), "build")
    assert result.code == 0
    assert any(line.startswith(f"content/{SLUG}/report/anchors.json:1:1: warning: the record of the report's "
                               "paragraph links is out of date") and f"assembly anchors {SLUG}" in line
               for line in result.lines), result.lines
    assert {p: p.read_bytes() for p in (markdown_report / "content").rglob("*") if p.is_file()} == before
    assert run_cli("--root", str(markdown_report), "build", "--strict", "--force").code == 1
    updated = run_cli("--root", str(markdown_report), "anchors")
    assert updated.code == 0 and f"Updated content/{SLUG}/report/anchors.json" in updated.out
    assert run_cli("--root", str(markdown_report), "build", "--strict").code == 0


def test_the_record_is_written_only_when_it_changes(markdown_report: Path) -> None:
    build(markdown_report)
    record = markdown_report / "content" / SLUG / "report" / "anchors.json"
    first = record.read_bytes()
    os.utime(record, (1_000_000_000, 1_000_000_000))
    build(markdown_report)
    assert record.read_bytes() == first and record.stat().st_mtime == 1_000_000_000


def test_plain_html_is_one_page_without_script_and_with_unique_ids(markdown_report: Path) -> None:
    plain = build(markdown_report) / "report" / "plain.html"
    page = Page(plain)
    html = plain.read_text(encoding="utf-8")
    assert page.scripts == 0 and "<script" not in html and " on" not in re.sub(r"<[^>]*>", "", "")
    assert html.startswith("<!doctype html>") and '<html lang="en-GB">' in html
    assert len(page.ids) == len(set(page.ids))
    assert {"fn-introduction-1", "fn-what-members-heard-1"} <= set(page.ids)
    assert "Speakers explained the evidence." in html and "The counts come from the registration forms." in html
    for href in page.hrefs:
        if href.startswith("#"):
            assert href[1:] in page.ids, href


def test_epub_reads_back_with_its_chapters(markdown_report: Path) -> None:
    from ebooklib import ITEM_DOCUMENT, epub

    path = build(markdown_report) / "report" / "report.epub"
    book = epub.read_epub(str(path))
    assert book.get_metadata("DC", "title")[0][0] == "What we recommend"
    assert book.get_metadata("DC", "language")[0][0] == "en-GB"
    names = [item.get_name() for item in book.get_items_of_type(ITEM_DOCUMENT)]
    assert {"EPUB/introduction.xhtml", "EPUB/what-members-heard.xhtml"} <= {f"EPUB/{n}" for n in names} | set(names)
    chapter = next(i for i in book.get_items_of_type(ITEM_DOCUMENT) if i.get_name().endswith("introduction.xhtml"))
    text = chapter.get_content().decode("utf-8")
    assert "Fifty residents chosen by lot" in text and "<table>" in text and 'id="fn-introduction-1"' in text
    assert "report-permalink" not in text
    with zipfile.ZipFile(path) as package:
        first = package.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert package.read("mimetype") == b"application/epub+zip"
        assert {i.date_time for i in package.infolist()} == {(2024, 3, 1, 12, 0, 0)}


def test_epub_passes_epubcheck(markdown_report: Path) -> None:
    command = shutil.which("epubcheck")
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck is missing: install Debian's epubcheck package")
        pytest.skip("epubcheck is not installed (apt-get install epubcheck)")
    path = build(markdown_report) / "report" / "report.epub"
    real = os.path.realpath(command)
    args = ["java", "-jar", real] if real.endswith(".jar") else [command]
    result = subprocess.run([*args, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout + result.stderr


def test_plain_html_and_epub_are_the_same_bytes_every_build(markdown_report: Path) -> None:
    first, second = build(markdown_report, "one"), build(markdown_report, "two")
    for name in ("plain.html", "report.epub", "index.html", "introduction.html"):
        assert (first / "report" / name).read_bytes() == (second / "report" / name).read_bytes(), name


def test_search_covers_the_reports_paragraphs(markdown_report: Path) -> None:
    site = build(markdown_report)
    from generator.engine.search_index import read_search

    texts = " ".join(section[2] for page in read_search(site)["pages"] if page["location"].startswith("report/")
                     for section in page["sections"])
    assert "Members heard from speakers with different views." in texts
    assert "Every speaker declared their interests." in texts


def test_headings_called_notes_or_contents_do_not_clash_with_the_pages_own(starter: Path) -> None:
    write_report(starter, {"01-intro.md": "# Intro\n\n## Contents\n\nA.[^1]\n\n## Notes\n\nB.\n\n## Notes\n\nC.\n\n"
                                          "[^1]: A note.\n",
                           "02-two.md": "# Two\n\n## More\n\nD.\n\n## Other\n\nE.\n"})
    site = build(starter)
    for name in ("intro.html", "plain.html"):
        ids = Page(site / "report" / name).ids
        assert len(ids) == len(set(ids)), name
    assert {"intro-notes-2", "intro-notes-3", "intro-contents-2"} <= set(Page(site / "report" / "intro.html").ids)


# --- Mistakes ---------------------------------------------------------------------------------

def test_mistakes_in_the_report_are_located(starter: Path) -> None:
    folder = write_report(starter, {"01-intro.md": "Text without a heading.\n",
                                    "02-more.md": "---\ntitel: More\n---\n# More\n\nText.\n"},
                          meta="subtitle: No title\npdf: documents/missing.pdf\n")
    result = run_cli("--root", str(starter), "check")
    assert result.code == 1
    assert f"content/{SLUG}/report/report.yml:1:1: error: 'title' is required: add a line `title: ...`" in result.lines
    assert any(line.startswith(f"content/{SLUG}/report/02-more.md:2:1: error: unknown field 'titel'")
               for line in result.lines), result.lines
    (folder / "report.yml").write_text("title: T\npdf: documents/missing.pdf\n")
    result = run_cli("--root", str(starter), "check")
    assert f"content/{SLUG}/report/report.yml:2:6: error: pdf: 'documents/missing.pdf' is not in documents/: put " \
           "the PDF of the report there and write its path, such as documents/final-report.pdf" in result.lines
    assert (f"content/{SLUG}/report/01-intro.md:1:1: error: the chapter has no title: start it with a heading line "
            "such as `# Introduction`, or add `title: ...` between `---` lines at the top") in result.lines


def test_markdown_and_word_together_are_refused(starter: Path) -> None:
    folder = write_report(starter, {"01-intro.md": "# Intro\n\nText.\n"})
    make_docx(folder / "report.docx")
    result = run_cli("--root", str(starter), "check")
    assert result.code == 1
    assert any(line.startswith(f"content/{SLUG}/report/report.docx:1:1: error: the report is written both as "
                               "Markdown chapters and as report.docx") for line in result.lines)


# --- Word -------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(path: Path, *, problems: bool = False) -> None:
    """A Word report made the way an officer would: Heading 1 chapters, Heading 2 sections, a
    bulleted list, a table with a header row, a picture with a caption, and a footnote. With
    `problems`, also a picture without alternative text, a tracked change, a comment and a text box."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from PIL import Image

    document = docx.Document()
    document.add_paragraph("What we recommend", style="Title")
    document.add_paragraph("A foreword before the first chapter.")
    document.add_heading("Introduction", level=1)
    with_note = document.add_paragraph("The assembly met on four weekends.")
    reference = with_note.add_run()
    note = OxmlElement("w:footnoteReference")
    note.set(qn("w:id"), "1")
    reference._r.append(note)
    document.add_paragraph("Recommendation 1 asks the council to act this year.")
    document.add_heading("Who took part", level=2)
    document.add_paragraph("Fifty residents chosen by lot", style="List Bullet")
    document.add_paragraph("Paid for their time", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ["Group", "Members", "All", "50"], strict=True):
        cell.text = text
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    picture = io.BytesIO()
    Image.new("RGB", (400, 300), "navy").save(picture, "JPEG", exif=Image.Exif())
    document.add_picture(io.BytesIO(picture.getvalue()))
    document.inline_shapes[0]._inline.docPr.set("descr", "A chart of who took part")
    document.add_paragraph("Figure 1: who took part", style="Caption")
    document.add_heading("What members heard", level=1)
    last = document.add_paragraph("Speakers explained the evidence.")
    if problems:
        document.add_picture(io.BytesIO(picture.getvalue()))
        body = last._p
        inserted = OxmlElement("w:ins")
        for name, value in (("w:id", "91"), ("w:author", "An editor"), ("w:date", "2024-01-01T00:00:00Z")):
            inserted.set(qn(name), value)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = " Added later."
        run.append(text)
        inserted.append(run)
        body.append(inserted)
        comment = OxmlElement("w:r")
        mark = OxmlElement("w:commentReference")
        mark.set(qn("w:id"), "0")
        comment.append(mark)
        body.append(comment)
        box = document.add_paragraph()._p
        run = OxmlElement("w:r")
        shape = OxmlElement("w:pict")
        content = OxmlElement("w:txbxContent")
        inner = OxmlElement("w:p")
        inner_run = OxmlElement("w:r")
        inner_text = OxmlElement("w:t")
        inner_text.text = "Text in a box."
        inner_run.append(inner_text)
        inner.append(inner_run)
        content.append(inner)
        shape.append(content)
        run.append(shape)
        box.append(run)
    buffer = io.BytesIO()
    document.save(buffer)
    _add_footnotes(buffer.getvalue(), path)


def _add_footnotes(data: bytes, path: Path) -> None:
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                 '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Counted at registration.</w:t>'
                 "</w:r></w:p></w:footnote></w:footnotes>")
    relation = ('<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/footnotes" Target="footnotes.xml"/>')
    override = ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.wordprocessingml.footnotes+xml"/>')
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", relation.encode() + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", override.encode() + b"</Types>")
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", footnotes)


@pytest.fixture
def word_report(starter: Path) -> Path:
    folder = write_report(starter, {})
    make_docx(folder / "report.docx")
    run_cli("--root", str(starter), "anchors")
    return starter


def test_word_report_keeps_chapters_headings_lists_tables_pictures_and_footnotes(word_report: Path) -> None:
    result = run_cli("--root", str(word_report), "check")
    assert result.code == 0 and result.lines == [], result.err
    site = build(word_report)
    report = site / "report"
    assert sorted(p.name for p in report.glob("*.html")) == ["index.html", "introduction.html", "plain.html",
                                                             "what-members-heard.html"]
    chapter = (report / "introduction.html").read_text(encoding="utf-8")
    assert "<h1>Introduction</h1>" in chapter
    assert '<h2 id="introduction-who-took-part">Who took part</h2>' in chapter
    assert "<li>Fifty residents chosen by lot</li>" in chapter
    assert re.search(r'<thead><tr><th scope="col">(<p>)?Group', chapter)
    assert 'id="fn-introduction-1"' in chapter and "Counted at registration." in chapter
    assert 'href="#fn-introduction-1"' in chapter
    figure = re.search(r"<figure><img ([^>]*)><figcaption>Figure 1: who took part</figcaption></figure>", chapter)
    assert figure is not None
    assert dict(re.findall(r'(\w+)="([^"]*)"', figure.group(1))) == {
        "src": "images/figure-1.jpg", "alt": "A chart of who took part", "width": "400", "height": "300"}
    assert 'class="report-recommendation">Recommendation 1</a>' in chapter
    page = Page(report / "introduction.html")
    assert len(page.blocks) == 5 and all(b.startswith("p-") for b in page.blocks)  # 2 paragraphs, list, table, figure
    index = (report / "index.html").read_text(encoding="utf-8")
    assert "A foreword before the first chapter." in index
    assert "<p>What we recommend</p>" not in index  # the Title line repeats report.yml's title
    from PIL import Image

    with Image.open(report / "images" / "figure-1.jpg") as published:
        assert published.size == (400, 300) and not published.getexif()
    assert (report / "images" / "figure-1-320w.webp").is_file()
    from ebooklib import epub

    book = epub.read_epub(str(report / "report.epub"))
    assert [i.get_name() for i in book.get_items() if i.get_name().endswith(".jpg")] == ["images/figure-1.jpg"]


def test_word_report_says_what_it_could_not_carry(starter: Path) -> None:
    folder = write_report(starter, {})
    make_docx(folder / "report.docx", problems=True)
    run_cli("--root", str(starter), "anchors")
    result = run_cli("--root", str(starter), "check")
    assert result.code == 0
    where = f"content/{SLUG}/report/report.docx:1:1: warning: "
    messages = [line.removeprefix(where) for line in result.lines]
    assert all(line.startswith(where) for line in result.lines), result.lines
    assert any(m.startswith("picture 2 in report.docx has no alternative text") for m in messages), messages
    assert any(m.startswith("report.docx has tracked changes (1 insertion, 0 deletions)") for m in messages)
    assert any(m.startswith("report.docx has 1 comment; comments are not published") for m in messages), messages
    assert any(m.startswith("report.docx has 1 text box: the web version shows their text after") for m in messages)
    html = (build(starter) / "report" / "what-members-heard.html").read_text(encoding="utf-8")
    assert "Text in a box." in html and "Speakers explained the evidence. Added later." in html


# --- The record of ids, without a build -------------------------------------------------------

def test_aliases_follow_their_paragraph_and_never_shadow_a_current_id() -> None:
    from generator.report.anchors import assign_ids, paragraph_id, reconcile
    from generator.report.model import Block, Chapter

    def chapter(*texts: str) -> Chapter:
        result = Chapter("one", "One", "one.md", [Block("paragraph", f"<p>{t}</p>", t) for t in texts])
        assign_ids([result])
        return result

    first = chapter("Alpha beta gamma delta.", "Second paragraph here.", "Third one.")
    record = reconcile([first], None)
    removed = chapter("Alpha beta gamma delta.", "Third one.")
    record = reconcile([removed], record)
    assert removed.paragraphs[1].aliases == [paragraph_id("Second paragraph here.")]
    restored = chapter("Alpha beta gamma delta.", "Second paragraph here.", "Third one.")
    reconcile([restored], record)
    assert all(not block.aliases for block in restored.paragraphs)
    twice = chapter("Same.", "Same.")
    assert [b.id for b in twice.paragraphs] == [paragraph_id("Same."), paragraph_id("Same.") + "-2"]


def test_word_report_never_reads_an_external_picture(starter: Path, tmp_path: Path) -> None:
    """A picture in report.docx that links to a file on this computer or to a web address (instead of
    being stored in the document) is left out with a warning: the file is never read and nothing is
    fetched, so a Word file cannot publish what is on the computer that builds the site."""
    import base64
    import sys

    import docx
    from PIL import Image

    secret = tmp_path / "private" / "secret.png"
    secret.parent.mkdir()
    Image.new("RGB", (3, 2), "red").save(secret, "PNG")
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(picture, "PNG")
    document = docx.Document()
    document.add_heading("Introduction", level=1)
    document.add_paragraph("Before the pictures.")
    document.add_picture(io.BytesIO(picture.getvalue()))
    document.add_picture(io.BytesIO(picture.getvalue()))
    document.add_paragraph("After the pictures.")
    buffer = io.BytesIO()
    document.save(buffer)
    image_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
    links = (f'<Relationship Id="rIdFile" Type="{image_type}" Target="{secret.as_uri()}" TargetMode="External"/>'
             f'<Relationship Id="rIdWeb" Type="{image_type}" Target="http://127.0.0.1:1/x.png" '
             'TargetMode="External"/>')
    folder = write_report(starter, {})
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(folder / "report.docx", "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", links.encode() + b"</Relationships>")
            elif item.filename == "word/document.xml":
                embedded = re.findall(rb'<a:blip r:embed="[^"]+"/>', content)
                assert len(embedded) == 2
                content = content.replace(embedded[0], b'<a:blip r:link="rIdFile"/>', 1)
                content = content.replace(embedded[1], b'<a:blip r:link="rIdWeb"/>', 1)
            target.writestr(item, content)

    reached: list[tuple[str, object]] = []
    watching = True

    def audit(event: str, args: tuple[object, ...]) -> None:
        if not watching:
            return
        if event == "open" and isinstance(args[0], str | bytes | os.PathLike) and os.fsdecode(args[0]).endswith(
                "secret.png"):
            reached.append((event, args[0]))
        elif event in ("urllib.Request", "socket.connect", "socket.getaddrinfo"):
            reached.append((event, args))

    sys.addaudithook(audit)
    try:
        result = run_cli("--root", str(starter), "build", "--out", str(starter / "site"))
    finally:
        watching = False
    assert result.code == 0, result.err
    assert reached == []
    where = f"content/{SLUG}/report/report.docx:1:1: warning: "
    for address in (secret.as_uri(), "http://127.0.0.1:1/x.png"):
        assert any(line.startswith(f"{where}the Word conversion says: could not open external image '{address}', "
                                   "external file access is disabled") for line in result.lines), result.lines
    report = starter / "site" / SLUG / "report"
    chapter = (report / "introduction.html").read_text(encoding="utf-8")
    assert "Before the pictures." in chapter and "After the pictures." in chapter
    assert "secret" not in chapter and "127.0.0.1:1" not in chapter and "<img" not in chapter
    assert not list(report.glob("images/figure-*"))
    stolen = (secret.read_bytes(), base64.b64encode(secret.read_bytes()))
    assert [p for p in (starter / "site").rglob("*") if p.is_file() and any(s in p.read_bytes() for s in stolen)] == []
