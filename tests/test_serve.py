"""`assembly serve`: a saved change reaches the browser, a mistake is shown without losing the
last good preview, and a page rendered on request is the page a build writes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import run_cli

PAGE = "my-assembly/sessions/session-1.html"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(check, timeout: float = 60.0) -> bytes:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError("the preview did not show the change in time")


@contextmanager
def _serving(root: Path, slug: str, page: str) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", slug,
                             "--port", str(port), "--as-of", "2030-01-01"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _get(f"{base}/{page}"))
        time.sleep(0.5)  # the file watcher starts just after the server
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _without_reload_script(html: bytes) -> bytes:
    from generator.serve import RELOAD_HASH

    assert html.count(b"script-src 'self' " + RELOAD_HASH) == 1  # or browsers would not run it
    html = html.replace(b" " + RELOAD_HASH, b"", 1)
    return html.replace(html[html.index(b"<script>(function(){var seen"):html.index(b"</body>")], b"")


def test_a_welsh_page_is_rendered_on_request_as_a_build_writes_it(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "bilingual", root)
    page = "aberwen-climate/cy/recommendations/warm-homes.html"
    with _serving(root, "aberwen-climate", page) as base:
        welsh = root / "content" / "aberwen-climate" / "recommendations" / "warm-homes.cy.md"
        welsh.write_text(welsh.read_text(encoding="utf-8").replace("title: ", "title: Newydd ", 1), encoding="utf-8")
        live = _wait_for(lambda: (p := _get(f"{base}/{page}")) and b"Newydd" in p and p)
    assert run_cli("--root", str(root), "build", "--as-of", "2030-01-01").code == 0
    assert _without_reload_script(live) == (root / "site" / page).read_bytes()


@pytest.fixture
def preview(starter: Path) -> Iterator[tuple[Path, str]]:
    with _serving(starter, "my-assembly", PAGE) as base:
        yield starter, base


def test_a_saved_change_is_served_and_a_mistake_keeps_the_last_good_page(preview: tuple[Path, str]) -> None:
    root, base = preview
    session = root / "content" / "my-assembly" / "sessions" / "session-1.md"
    good = session.read_text(encoding="utf-8")
    session.write_text(good.replace("title: ", "title: Changed while previewing ", 1), encoding="utf-8")
    page = _wait_for(lambda: (p := _get(f"{base}/{PAGE}")) and b"Changed while previewing" in p and p)
    assert b"/__status" in page  # the reload script is added to every page

    session.write_text(good.replace("kind: evidence", "kind: evidense"), encoding="utf-8")
    status = _wait_for(lambda: (s := json.loads(_get(f"{base}/__status") or b"{}")) and s.get("errors") and s)
    assert any("evidense" in line and "sessions/session-1.md" in line for line in status["errors"])  # type: ignore[index]
    # The same problem, located, for the page's box and the editor: the file just saved is named.
    assert status["saved"] == ["content/my-assembly/sessions/session-1.md"]  # type: ignore[index]
    problem = next(p for p in status["problems"] if "evidense" in p["message"])  # type: ignore[index]
    assert (problem["file"], problem["severity"]) == ("content/my-assembly/sessions/session-1.md", "error")
    assert problem["line"] == good.splitlines().index(next(line for line in good.splitlines()
                                                          if line.startswith("kind:"))) + 1
    assert b"Changed while previewing" in (_get(f"{base}/{PAGE}") or b"")

    session.write_text(good, encoding="utf-8")
    _wait_for(lambda: (p := _get(f"{base}/{PAGE}")) and b"Changed while previewing" not in p and p)
    assert json.loads(_get(f"{base}/__status") or b"{}")["errors"] == []


def test_a_page_rendered_on_request_is_the_page_a_build_writes(preview: tuple[Path, str]) -> None:
    root, base = preview
    session = root / "content" / "my-assembly" / "sessions" / "session-1.md"
    session.write_text(session.read_text(encoding="utf-8").replace("title: ", "title: Same bytes ", 1),
                       encoding="utf-8")
    live = _wait_for(lambda: (p := _get(f"{base}/{PAGE}")) and b"Same bytes" in p and p)
    assert run_cli("--root", str(root), "build", "--as-of", "2030-01-01").code == 0
    built = (root / "site" / PAGE).read_bytes()
    assert _without_reload_script(live) == built


def test_an_address_the_assembly_does_not_have_shows_its_own_page_not_found(preview: tuple[Path, str]) -> None:
    _root, base = preview
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{base}/my-assembly/recommendations/no-such-page.html", timeout=5)
    assert missing.value.code == 404
    body = missing.value.read()
    assert b"<h1" in body and b"/__status" in body  # the site's 404.html, with the preview's reload script
