"""Sitemaps that crawlers accept: every published page, every language, the portal, robots.txt and
a sitemap index at the root. Read with ultimate-sitemap-parser, the way a crawler finds them:
from robots.txt, over HTTP."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, run_cli


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    out = tmp_path / "out"
    out.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield out, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _project(tmp_path: Path, source: Path, site_url: str | None) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    config = (source / "site_config.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_url:.*\n", "", config)
    if site_url:
        config += f"site_url: {site_url}\n"
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    shutil.copytree(source / "content", root / "content")
    return root


def _pages(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*.html")
            if p.name != "404.html" and "assets" not in p.relative_to(out).parts}


@pytest.mark.parametrize("source", [REPO, REPO / "tests" / "fixtures" / "bilingual"], ids=["example", "bilingual"])
def test_a_crawler_finds_every_page_from_robots_txt(source: Path, tmp_path: Path,
                                                    served: tuple[Path, str]) -> None:
    usp = pytest.importorskip("usp.tree")
    out, base = served
    root = _project(tmp_path, source, base)
    shutil.rmtree(out)
    result = run_cli("--root", str(root), "build", "--out", str(out), "--as-of", "2026-12-04")
    assert result.code == 0, result.err
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}sitemap.xml" in robots
    tree = usp.sitemap_tree_for_homepage(base, use_known_paths=False)
    found = {page.url for page in tree.all_pages()}
    expected = {base + path for path in _pages(out)}
    assert base + "index.html" in found, "the portal is in a sitemap"
    assert expected - found == set(), "every published page is in a sitemap"
    assert found - expected == set(), "every sitemap address is a published page"
    plain = out / "riverside-town-centre" / "report" / "plain.html"
    if plain.exists():
        assert base + "riverside-town-centre/report/plain.html" in found
        assert f'<link rel="canonical" href="{base}riverside-town-centre/report/plain.html">' in plain.read_text(
            encoding="utf-8")


def test_without_site_url_there_is_robots_txt_and_no_sitemap_index(tmp_path: Path) -> None:
    """A sitemap gives full addresses: without site_url there is none, the build says why, and
    the page listing every page stays (without a link to a sitemap that is not there)."""
    root = _project(tmp_path, REPO, None)
    out = tmp_path / "out"
    result = run_cli("--root", str(root), "build", "--out", str(out), "--as-of", "2026-12-04")
    assert result.code == 0
    assert "No sitemap.xml for search engines was written" in result.out and "site_url" in result.out
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    assert not (out / "sitemap.xml").exists()
    assert not (out / "riverside-town-centre" / "sitemap.xml").exists()
    listing = (out / "riverside-town-centre" / "sitemap.html").read_text(encoding="utf-8")
    assert "recommendations/index.html" in listing and 'href="sitemap.xml"' not in listing
    assert 'rel="canonical"' not in (out / "riverside-town-centre" / "report" / "plain.html").read_text(
        encoding="utf-8")
