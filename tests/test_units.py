"""Unit tests for each stage's small pieces."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.load.yaml_source import parse_yaml
from generator.model.corpus import FileFacts, natural_key
from generator.model.records import Vote, vote_rows, vote_summary
from generator.render.markdown import render_markdown
from generator.render.pages import body_link, long_date, relative_url
from generator.validate.contrast import contrast_ratio


@pytest.mark.parametrize("text", ["no", "NO", "on", "012", "1.10", "1e3", "12:30:00", "~x", "yes"])
def test_text_stays_text(text: str) -> None:
    located, problems = parse_yaml(f"title: {text}\n", "f.yml")
    assert not problems and located is not None
    assert located.data == {"title": text}


def test_duplicate_keys_are_errors_with_both_lines() -> None:
    _, problems = parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\n", "f.yml")
    assert [str(p) for p in problems.sorted()] == [
        "f.yml:4:3: error: 'c' is written twice in the same block (first on line 3): keep one and delete the other"]


def test_locations_follow_nested_paths() -> None:
    located, _ = parse_yaml("vote:\n  counts: {support: 3, oppose: 1}\n", "f.yml", line_offset=1)
    assert located is not None
    assert str(located.locate(("vote", "counts", "oppose"))) == "f.yml:3:32"
    assert str(located.locate(("vote", "counts", "missing"))) == "f.yml:3:11"


def test_deep_nesting_is_refused_without_crashing() -> None:
    located, problems = parse_yaml("a: " + "[" * 200 + "]" * 200 + "\n", "f.yml")
    assert problems.errors


def test_vote_percentages_are_computed_from_counts() -> None:
    vote = Vote.model_validate({"counts": {"strongly-support": "30", "support": "18", "neutral": "2",
                                           "oppose": "1", "strongly-oppose": "0"}, "no-response": "1"})
    assert vote_rows(vote) == [("Strongly support", 30, 59), ("Support", 18, 35), ("Neutral", 2, 4),
                               ("Oppose", 1, 2), ("Strongly oppose", 0, 0)]
    assert vote_summary(vote) == ("48 of 51 members who voted supported this recommendation; 1 opposed it "
                                  "(1 did not vote).")


def test_recommendation_numbers_sort_naturally() -> None:
    assert sorted(["10", "2", "7a", "7", "1"], key=natural_key) == ["1", "2", "7", "7a", "10"]


def test_download_description_is_govuk_style() -> None:
    assert FileFacts("documents/r.pdf", 2_400_000, 14).description == "PDF, 2.3 MB, 14 pages"
    assert FileFacts("documents/a.csv", 900).description == "CSV, 900 bytes"


def test_links_are_relative_and_work_from_a_folder() -> None:
    assert relative_url("recommendations/a.html", "sessions/b.html") == "../sessions/b.html"
    assert relative_url("index.html", "recommendations/index.html") == "recommendations/index.html"
    assert body_link("updates/x.html", "documents/report.pdf") == "../documents/report.pdf"
    assert body_link("updates/x.html", "recommendations/cycle.md#vote") == "../recommendations/cycle.html#vote"
    assert body_link("about.html", "pages/faq.md") == "faq.html"
    assert body_link("about.html", "https://example.org/x") == "https://example.org/x"


@pytest.mark.parametrize("html", [
    "<script>alert(1)</script>", '<a href="javascript:alert(1)">x</a>', '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>', '<img src="x" onerror="alert(1)">', "<iframe src=x></iframe>",
    '<form action="x"><input></form>', "<style>body{}</style>", '<a href="data:text/html,<script>">x</a>',
    '<svg><script>alert(1)</script></svg>', '<object data="x"></object>', '<a href="vbscript:msgbox">x</a>',
])
def test_dangerous_html_never_reaches_a_page(html: str) -> None:
    out = render_markdown(f"Before\n\n{html}\n\nAfter")
    lowered = out.lower()
    for bad in ("<script", "javascript:", "vbscript:", "onerror", "<iframe", "<form", "<style", "data:", "<object",
                "<svg", "alert(1)"):
        assert bad not in lowered, out
    assert "Before" in out and "After" in out


def test_markdown_keeps_tables_and_footnotes() -> None:
    out = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note")
    assert "<table>" in out and "<th>a</th>" in out and 'class="footnote"' in out


def test_body_headings_sit_below_the_page_heading() -> None:
    assert render_markdown("# Title\n\n## Part").startswith('<h2 id="title">Title</h2>')
    assert '<h3 id="part">' in render_markdown("# Title\n\n## Part", shift=1)


def test_contrast_ratio_matches_wcag() -> None:
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert contrast_ratio("#1d4f91", "#ffffff") > 4.5
    assert contrast_ratio("#ffdd00", "#ffffff") < 4.5


def test_dates_are_written_in_full() -> None:
    assert long_date(dt.date(2019, 11, 2)) == "2 November 2019"


@pytest.mark.parametrize("libyaml", [True, False])
def test_both_parsers_give_the_same_data_and_locations(libyaml: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.load.yaml_source as source

    if not libyaml:
        monkeypatch.setattr(source, "_Parser", None)
    text = "a: no\nb:\n  - {x: 1, y: '2'}\n  - z\nc: |\n  text\nd:\n"
    located, problems = source.parse_yaml(text, "f.yml")
    assert not problems and located is not None
    assert located.data == {"a": "no", "b": [{"x": "1", "y": "2"}, "z"], "c": "text\n", "d": None}
    assert str(located.locate(("b", 0, "y"))) == "f.yml:3:15"
    assert str(located.locate(("c",), key=True)) == "f.yml:5:1"
    _, problems = source.parse_yaml("a: 1\na: 2\nb: &x 1\nc: *x\n", "f.yml")
    assert [str(p) for p in problems.sorted()] == [
        "f.yml:2:1: error: 'a' is written twice in the same block (first on line 1): keep one and delete the other",
        "f.yml:4:4: error: anchors and aliases (& and *) are not allowed in content: write the value out in full"]


def test_search_index_keeps_the_titles_of_listing_pages_but_not_their_text() -> None:
    from types import SimpleNamespace

    from generator.engine.search_index import documents

    pages = [SimpleNamespace(path=path, title=title, body=f"<h1>{title}</h1><p>Safe cycle routes for everyone</p>")
             for path, title in [("recommendations/safe-cycle-routes.html", "Safe cycle routes"),
                                 ("recommendations/index.html", "Recommendations"),
                                 ("recommendations/by-theme/getting-around.html", "Getting around"),
                                 ("sitemap.html", "Every page")]]
    docs = {doc.location: doc for doc in documents(pages)}
    assert docs["recommendations/safe-cycle-routes.html"].sections[0].text == "Safe cycle routes for everyone"
    for listing in ("recommendations/index.html", "recommendations/by-theme/getting-around.html", "sitemap.html"):
        assert docs[listing].sections == [] and docs[listing].title


def test_a_memo_remembers_only_in_the_caches_passed_to_it() -> None:
    from generator import memo

    kept = memo.Memo("test")
    first, second = memo.Caches(), memo.Caches()
    assert not kept.enabled and kept.lookup("key") is None
    with memo.using(first):
        assert kept.enabled
        kept.keep("key", 1)
        assert kept.lookup("key") == 1
    with memo.using(second):
        assert kept.lookup("key") is None  # two previews never share a result
    assert kept.lookup("key") is None  # a build remembers nothing
    with memo.using(first):
        assert kept.lookup("key") == 1
