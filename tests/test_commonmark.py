"""Bodies render lists, nested lists, emphasis and links as CommonMark does, as the previews
officers write in show them: the CommonMark specification's own examples (0.31.2, the sections
Lists, List items, Emphasis and strong emphasis, and Links, from the spec JSON that markdown-it-py's
tests ship; CC-BY-SA 4.0, John MacFarlane) through render_markdown, with only this project's
deliberate changes normalised: heading levels (a body's h1 is an h2), heading ids, link checks
and sanitising (the spec's expected HTML goes through the same sanitiser). Tables, footnotes
and heading ids keep their markup."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.render.markdown import render_inline, render_markdown, sanitise

SPEC = Path(__file__).resolve().parent / "fixtures" / "commonmark" / "spec-examples.json"
SECTIONS = ("Lists", "List items", "Emphasis and strong emphasis", "Links")
REQUIRED = 0.9


_TAG = re.compile(r"<([a-z][a-z0-9]*)((?:\s+[\w:-]+(?:=\"[^\"]*\")?)*)\s*/?>")
_ATTRIBUTE = re.compile(r"\s+[\w:-]+(?:=\"[^\"]*\")?")


def normalise(html: str) -> str:
    """The same HTML whatever the renderer's whitespace between tags and heading ids."""
    html = sanitise(re.sub(r"<(/?)h1\b", r"<\1h2", html))
    html = re.sub(r'(<h[1-6]) id="[^"]*"', r"\1", html)
    html = _TAG.sub(lambda m: f"<{m.group(1)}{''.join(sorted(_ATTRIBUTE.findall(m.group(2))))}>", html)
    html = re.sub(r">\s+<", "><", html)
    html = re.sub(r"\s+(</(?:li|p|pre|code|blockquote)>)", r"\1", html)
    return html.strip()


def scores(render: Callable[[str], str]) -> dict[str, tuple[int, int, list[int]]]:
    """Section → (examples passed, examples, the numbers of those that failed)."""
    results: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for example in json.loads(SPEC.read_text(encoding="utf-8")):
        try:
            passed = normalise(render(example["markdown"])) == normalise(example["html"])
        except Exception:  # noqa: BLE001 - a renderer that fails on an example fails that example
            passed = False
        results[example["section"]].append((example["example"], passed))
    return {section: (sum(ok for _, ok in items), len(items), [n for n, ok in items if not ok])
            for section, items in results.items()}


def test_the_spec_examples_are_all_here() -> None:
    examples = json.loads(SPEC.read_text(encoding="utf-8"))
    counts = {section: sum(e["section"] == section for e in examples) for section in SECTIONS}
    assert counts == {"Lists": 26, "List items": 48, "Emphasis and strong emphasis": 132, "Links": 90}


@pytest.mark.parametrize("section", SECTIONS)
def test_bodies_render_each_section_of_the_spec_as_commonmark_does(section: str) -> None:
    passed, total, failed = scores(render_markdown)[section]
    assert passed / total >= REQUIRED, f"{section}: {passed}/{total}; failed examples {failed}"


def test_a_list_after_a_line_of_text_nested_by_two_spaces_is_a_nested_list() -> None:
    html = render_markdown("The council will:\n- build two routes\n  - 60 spaces near the market\n"
                           "- *open* the [market hall](pages/market.md) on **Sundays**\n")
    assert html == ("<p>The council will:</p>\n<ul>\n<li>build two routes\n<ul>\n<li>60 spaces near the market</li>\n"
                    "</ul>\n</li>\n<li><em>open</em> the <a href=\"pages/market.md\" rel=\"noopener noreferrer\">"
                    "market hall</a> on <strong>Sundays</strong></li>\n</ul>")


def test_heading_ids_are_what_they_were() -> None:
    html = render_markdown("# Costs and *timing*\n\n## Costs and timing\n\n### Café & `bus` 2030!\n\nText\n")
    assert html == ('<h2 id="costs-and-timing">Costs and <em>timing</em></h2>\n'
                    '<h2 id="costs-and-timing_1">Costs and timing</h2>\n'
                    '<h3 id="cafe-bus-2030">Café &amp; <code>bus</code> 2030!</h3>\n<p>Text</p>')


def test_footnotes_keep_their_markup() -> None:
    html = render_markdown("Text[^source] and again[^source].\n\n[^source]: The *census*, 2021.\n")
    assert html == (
        '<p>Text<sup id="fnref:source"><a class="footnote-ref" href="#fn:source" rel="noopener noreferrer">1</a>'
        '</sup> and again<sup id="fnref2:source"><a class="footnote-ref" href="#fn:source" rel="noopener '
        'noreferrer">1</a></sup>.</p>\n<div class="footnote">\n<hr>\n<ol>\n<li id="fn:source">\n<p>The '
        '<em>census</em>, 2021.&nbsp;<a class="footnote-backref" href="#fnref:source" title="Jump back to footnote '
        '1 in the text" rel="noopener noreferrer">↩</a><a class="footnote-backref" href="#fnref2:source" '
        'title="Jump back to footnote 1 in the text" rel="noopener noreferrer">↩</a></p>\n</li>\n</ol>\n</div>')


def test_tables_are_wrapped_and_raw_html_is_still_sanitised() -> None:
    html = render_markdown("| Route | Cost |\n|---|--:|\n| A | £2m |\n\n<script>alert(1)</script>\n\n"
                           '<a href="javascript:alert(1)" onclick="x()">click</a>\n')
    assert html.startswith('<div class="table-wrap" role="region" tabindex="0" aria-label="Table: Route"><table>')
    assert "<th>Route</th>" in html and "<td>£2m</td>" in html
    assert "script" not in html and "javascript" not in html and "onclick" not in html
    assert render_inline("A *short* line") == "A <em>short</em> line"


def test_links_are_still_rewritten_and_checked_last() -> None:
    html = render_markdown("[buses](recommendations/buses.md) and [out](x/../../../../etc)",
                           lambda target: target.replace(".md", ".html"), depth=2)
    assert '<a href="recommendations/buses.html" rel="noopener noreferrer">buses</a>' in html
    assert "<a rel=\"noopener noreferrer\">out</a>" in html


def test_the_example_reports_paragraph_ids_are_the_ones_it_published() -> None:
    """content/.../report/anchors.json records the ids published with the earlier renderer: every
    paragraph, list and table of the report's chapters keeps its id, in the same order."""
    from generator.report.anchors import assign_ids
    from generator.report.convert import chapter_from_markdown, split_title

    folder = Path(__file__).resolve().parents[1] / "content" / "riverside-town-centre" / "report"
    chapters = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title, body, _ = split_title(text.split("---", 2)[2] if text.startswith("---") else text)
        chapters.append(chapter_from_markdown(re.sub(r"^\d+-", "", path.stem), title or "", path.name, body,
                                              lambda target: target))
    assign_ids(chapters)
    published = json.loads((folder / "anchors.json").read_text(encoding="utf-8"))["paragraphs"]
    assert [block.id for chapter in chapters for block in chapter.paragraphs] == [p["id"] for p in published]
    assert len(published) >= 10
