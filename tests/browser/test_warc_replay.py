"""The WARC of `assembly archive --warc`, replayed in pywb (the replay tool web archives use) and
read in chromium: pages, pictures chosen from srcset and search all work, and nothing is
fetched from anywhere but the replay."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent
SLUG = "riverside-town-centre"


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """pywb serving the WARC on 127.0.0.1: (replay prefix, the site's archived address)."""
    pytest.importorskip("pywb")
    root = tmp_path_factory.mktemp("project")
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    shutil.copytree(REPO / "content", root / "content")
    run = [sys.executable, "-m", "generator", "--root", str(root)]
    subprocess.run([*run, "build", "--as-of", "2026-12-04"], check=True, capture_output=True)
    package = root / "archive" / "package.zip"
    subprocess.run([*run, "archive", SLUG, "--out", str(package), "--warc"], check=True, capture_output=True)
    warc = package.with_name("package.warc.gz")
    collections = tmp_path_factory.mktemp("pywb")
    manager = str(Path(sys.executable).with_name("wb-manager"))
    subprocess.run([manager, "init", "archive"], cwd=collections, check=True, capture_output=True)
    subprocess.run([manager, "add", "archive", str(warc)], cwd=collections, check=True, capture_output=True)
    (collections / "config.yaml").write_text("framed_replay: false\n", encoding="utf-8")  # the page itself, no frame
    with socket.socket() as probe:  # a free port for pywb's own server (run apart: it patches threads)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).with_name("wayback")), "-b", "127.0.0.1", "-p", str(port)],
                              cwd=collections, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urlopen(f"http://127.0.0.1:{port}/", timeout=2):  # noqa: S310 - loopback only
                break
        except OSError:
            time.sleep(0.3)
    from warcio.archiveiterator import ArchiveIterator

    with open(warc, "rb") as stream:
        home = next(r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                    if r.rec_type == "response" and r.rec_headers.get_header("WARC-Target-URI").endswith(
                        f"/{SLUG}/index.html"))
    try:
        yield f"http://127.0.0.1:{port}/archive/", home.removesuffix("index.html")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_replayed_site_browses_and_searches(context: Any, replay: tuple[str, str]) -> None:
    prefix, site = replay
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{prefix}{site}index.html")
    page.get_by_role("navigation", name="Sections of this site").get_by_role(
        "link", name="Speakers", exact=True).click()
    page.get_by_role("link", name="Amira Hussain").first.click()
    photo = page.locator("main picture img")
    photo.wait_for()
    photo.evaluate("img => img.complete || new Promise(done => { img.onload = img.onerror = done; })")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0"), "the srcset width the browser chose"
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("market")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    assert page.locator(".md-search-result__item").count() > 0
    outside = [u for u in requests if not u.startswith((prefix.split("/archive/")[0], "data:", "blob:", "about:"))]
    assert outside == []
