"""Property-based tests of the loader and the sanitiser (hypothesis)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.yaml_source import parse_yaml
from generator.render.markdown import render_markdown

# Text an officer could type or paste: any printable character, including YAML's special words.
text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80)
yaml_words = st.sampled_from(["no", "NO", "on", "off", "yes", "012", "1.10", "1e3", "12:30:00", "null", "~",
                              "true", "2024-01-01", ".inf", "0x1F", "+1", "-0"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(text, yaml_words))
def test_any_text_in_a_text_field_comes_out_as_written(value: str) -> None:
    written = yaml.safe_dump({"title": value}, allow_unicode=True, default_style='"')
    located, problems = parse_yaml(written, "f.yml")
    assert not problems.errors
    assert located is not None and located.data == {"title": value}


@settings(max_examples=200)
@given(yaml_words)
def test_plain_yaml_words_stay_text(word: str) -> None:
    located, _ = parse_yaml(f"title: {word}\n", "f.yml")
    assert located is not None
    expected = None if word in ("null", "~") else word
    assert located.data == {"title": expected}


fragments = st.sampled_from([
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "javascript:", "JaVaScRiPt:", "&#x6a;avascript:",
    "[a](", ")", "<a href=\"", "\">", "<svg onload=alert(1)>", "<iframe src=", "data:text/html,", "vbscript:",
    "<style>", "<form>", "&#0;", "\x0b", " ", "\n", "<", ">", "\"", "'", "=", "<b ", "onclick=alert(1)",
    "![x](", "<a href=java\tscript:alert(1)>", "<object data=", "`", "**", "# ", "<div ", "style=\"x\"",
])
markdown_inputs = st.lists(st.one_of(fragments, st.text(max_size=10)), max_size=30).map("".join)
ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_inputs)
def test_no_markdown_produces_scripts_handlers_or_unsafe_links(source: str) -> None:
    html = render_markdown(source)
    lowered = html.lower()
    for tag in ("<script", "<iframe", "<object", "<embed", "<form", "<style", "<svg", "<input"):
        assert tag not in lowered
    tags = Tags()
    tags.feed(html)
    for tag, attrs in tags.seen:
        assert tag not in ("script", "iframe", "object", "embed", "form", "style", "svg", "input"), html
        for name, value in attrs:
            assert not name.startswith("on"), html
            if name in ("href", "src"):
                url = re.sub(r"[\x00-\x20]", "", value or "")
                scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url)
                assert scheme is None or scheme.group(1).lower() in ALLOWED_SCHEMES, html
