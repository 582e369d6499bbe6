"""Names and titles from the content are text everywhere, including the parts of the page
the layout (theme/base.html) writes: the <title>, the sharing tags, the header and footer."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_cli

HOSTILE = 'Buses "now" </title><script>alert(1)</script> & <b>more</b>'


def test_titles_and_names_are_escaped_in_the_layout(starter: Path) -> None:
    rec = starter / "content" / "my-assembly" / "recommendations" / "example-recommendation.md"
    text = rec.read_text(encoding="utf-8")
    rec.write_text(re.sub(r"(?m)^title: .*$", "title: '" + HOSTILE.replace("'", "''") + "'", text, count=1),
                   encoding="utf-8")
    config = starter / "site_config.yml"
    named = re.sub(r"(?m)^(  name: ).*$", r"\1'Council <i>of</i> \"Quotes\"'", config.read_text(encoding="utf-8"),
                   count=1)
    config.write_text(named, encoding="utf-8")
    result = run_cli("--root", str(starter), "build")
    assert result.code == 0, result.err
    html = (starter / "site" / "my-assembly" / "recommendations" / "example-recommendation.html").read_text(
        encoding="utf-8")
    assert "<script>alert(1)" not in html and "<b>more</b>" not in html and "<i>of</i>" not in html
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "&lt;/title&gt;&lt;script&gt;" in title.group(1)
    og = re.search(r'<meta property="og:title" content="([^"]*)">', html)
    assert og and "&#34;now&#34;" in og.group(1)
    assert "Council &lt;i&gt;of&lt;/i&gt;" in html
