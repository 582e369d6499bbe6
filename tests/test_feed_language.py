"""Every feed says its language (xml:lang), so feed readers and archives read it right."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_every_feed_has_xml_lang(example: Path) -> None:
    out = example / "out"
    assert run_cli("--root", str(example), "build", "--out", str(out), "--as-of", "2026-12-04").code == 0
    feeds = sorted(out.rglob("feed.xml"))
    assert len(feeds) >= 3, feeds  # the portal's, and each assembly's updates and progress
    for feed in feeds:
        root = etree.parse(str(feed)).getroot()
        assert root.get(XML_LANG) == "en-GB", feed
