"""`assembly serve` answers only this computer, refuses malformed paths with 400 or 404 (never a
traceback), and updates only when the project's source changes, never for its own log."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.serve import PreviewState, SourceChanges, make_server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(port: int, target: bytes, host: bytes | None = None, method: bytes = b"GET") -> tuple[int, bytes]:
    """A raw HTTP request (so that paths no HTTP library would send can be sent): (status, body)."""
    if host is None:
        host = b"127.0.0.1:%d" % port
    head = method + b" " + target + b" HTTP/1.1\r\n" + (b"Host: " + host + b"\r\n" if host else b"")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head + b"Connection: close\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    answer = b"".join(chunks)
    assert answer.startswith(b"HTTP/1."), answer[:200]
    status = int(answer.split(b" ", 2)[1])
    return status, answer.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in answer else b""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "my-assembly" / "sessions").mkdir(parents=True)
    (folder / "index.html").write_text("<html><body>Home</body></html>", encoding="utf-8")
    (folder / "my-assembly" / "index.html").write_text("<html><body>Draft plans</body></html>", encoding="utf-8")
    (folder / "my-assembly" / "style.css").write_text("body{}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not part of the site", encoding="utf-8")
    (folder / "my-assembly" / "link.txt").symlink_to(tmp_path / "secret.txt")
    return folder


@pytest.fixture
def port(site: Path, capfd: pytest.CaptureFixture[str]) -> Iterator[int]:
    server = make_server(site, PreviewState(), 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert "Traceback" not in capfd.readouterr().err


def test_pages_are_served_to_this_computer(port: int) -> None:
    assert request(port, b"/my-assembly/index.html") == (200, request(port, b"/my-assembly/")[1])
    status, body = request(port, b"/my-assembly/index.html")
    assert status == 200 and b"Draft plans" in body and b"/__status" in body
    assert request(port, b"/my-assembly/style.css") == (200, b"body{}")
    assert request(port, b"/my-assembly/style.css?v=1#top")[0] == 200
    assert request(port, b"/my-assembly/index.html", method=b"HEAD")[0] == 200
    assert request(port, b"/my-assembly/missing.html")[0] == 404
    assert request(port, b"/my-assembly")[0] == 200
    status = json.loads(request(port, b"/__status")[1])
    assert (status["build"], status["errors"], status["checked"], status["saved"]) == (0, [], 0, [])


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}"])
def test_the_loopback_names_with_the_port_are_answered(port: int, host: str) -> None:
    assert request(port, b"/my-assembly/index.html", host=host.format(port=port).encode())[0] == 200


@pytest.mark.parametrize("host", ["attacker.example:{port}", "attacker.example", "127.0.0.1", "localhost",
                                  "127.0.0.1:{other}", "localhost.attacker.example:{port}", "127.0.0.2:{port}",
                                  "[::1]", "0.0.0.0:{port}", ""])
def test_any_other_host_is_refused(port: int, host: str) -> None:
    """A web page whose name was pointed at 127.0.0.1 (DNS rebinding) reads nothing, drafts included."""
    status, body = request(port, b"/my-assembly/index.html", host=host.format(port=port, other=port + 1).encode())
    assert status == 400
    assert b"Draft plans" not in body
    status, body = request(port, b"/__status", host=b"attacker.example:%d" % port)
    assert status == 400 and b"build" not in body


@pytest.mark.parametrize("target", [
    b"/my-assembly/index.html\x00.css", b"/my-assembly/%00index.html", b"/my-assembly/\x01",
    b"/%zz", b"/my-assembly/%4", b"/%", b"/%ff%fe",
    b"/" + b"a/" * 5000, b"/" + b"a" * 3000, b"/x" * 40, b"/" + b"n" * 300 + b".html",
    b"/../secret.txt", b"/my-assembly/../../secret.txt", b"/%2e%2e/secret.txt", b"/..%2f..%2fsecret.txt",
    b"/my-assembly/./index.html",
    b"/my-assembly\\..\\..\\secret.txt", b"/..%5c..%5csecret.txt", b"/my-assembly%5Cindex.html",
    b"http://attacker.example/my-assembly/index.html", b"*", b"my-assembly/index.html",
])
def test_malformed_paths_are_refused_without_a_traceback(port: int, target: bytes) -> None:
    status, body = request(port, target)
    assert status == 400
    assert b"Draft plans" not in body and b"not part of the site" not in body
    assert request(port, target, method=b"HEAD")[0] == 400
    assert request(port, b"/my-assembly/index.html")[0] == 200  # still answering


def test_a_link_out_of_the_site_is_not_followed(port: int) -> None:
    status, body = request(port, b"/my-assembly/link.txt")
    assert status == 404 and b"not part of the site" not in body


# --- What the preview watches ---------------------------------------------------------------------

def test_only_the_projects_source_matters(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as output:
        sources = SourceChanges(tmp_path, "my-assembly", outputs=(output.fileno(),))
        matters = [str(tmp_path / name) for name in (
            "site_config.yml", "content/my-assembly/sessions/session-1.md", "content/my-assembly/images/a.jpg",
            "content/_shared/logo.svg", "theme/overrides/main.html", "content/my-assembly")]
        ignored = [str(tmp_path / name) for name in (
            "serve.log", "log.txt", "site/my-assembly/index.html", ".assembly-cache/builds.json", ".git/index",
            "content/my-assembly/sessions/.session-1.md.swp", "content/my-assembly/sessions/session-1.md~",
            "content/other-assembly/assembly.yml", "content/notes.txt", "README.md", "node_modules/x/y.js",
            "content/my-assembly/.DS_Store", "content/my-assembly/#session-1.md#")]
        assert [p for p in matters if not sources.matters(p)] == []
        assert [p for p in ignored if sources.matters(p)] == []
        # Its own output is never a change, even where content lives.
        inside = tmp_path / "content" / "my-assembly" / "documents" / "preview.log"
        inside.parent.mkdir(parents=True)
        with open(inside, "w", encoding="utf-8") as redirected:
            assert not SourceChanges(tmp_path, "my-assembly", outputs=(redirected.fileno(),)).matters(str(inside))
        assert sources.matters(str(inside))


def _get_status(base: str) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(f"{base}/__status", timeout=5) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _wait(check, timeout: float = 90.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("the preview did not get there in time")


@contextmanager
def serving_with_log_in_project(root: Path) -> Iterator[tuple[str, int, Path]]:
    """`assembly serve my-assembly > serve-log.txt 2>&1` run inside the project folder."""
    port = _free_port()
    log = root / "serve-log.txt"
    with open(log, "wb") as output:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "my-assembly",
                                 "--port", str(port), "--as-of", "2030-01-01"],
                                stdout=output, stderr=subprocess.STDOUT,
                                env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _get_status(base))
        time.sleep(1.0)  # the file watcher starts just after the server
        yield base, port, log
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_preview_does_not_update_for_its_own_log_or_files_that_are_not_source(starter: Path) -> None:
    with serving_with_log_in_project(starter) as (base, port, log):
        first = _get_status(base)
        assert first is not None
        time.sleep(2.5)
        assert _get_status(base) == first, log.read_text(encoding="utf-8")  # no endless re-reading of content
        for name in ("notes.log", ".assembly-cache/extra.json", ".git/index", "site/my-assembly/index.html",
                     "content/my-assembly/sessions/.session-1.md.swp", "theme.bak"):
            path = starter / name
            path.parent.mkdir(parents=True, exist_ok=True)
            for n in range(3):
                path.write_text(f"written while previewing {n}\n", encoding="utf-8")
                time.sleep(0.1)
        time.sleep(2.0)
        assert _get_status(base) == first, log.read_text(encoding="utf-8")

        session = starter / "content" / "my-assembly" / "sessions" / "session-1.md"
        session.write_text(session.read_text(encoding="utf-8").replace("title: ", "title: Saved ", 1),
                           encoding="utf-8")
        updated = _wait(lambda: (s := _get_status(base)) and s["build"] != first["build"] and s)
        assert updated["errors"] == []
        assert request(port, b"/my-assembly/sessions/session-1.html\x00")[0] == 400
        assert request(port, b"/my-assembly/sessions/session-1.html", host=b"attacker.example:%d" % port)[0] == 400
        status, page = request(port, b"/my-assembly/sessions/session-1.html")
        assert status == 200 and b"Saved " in page
    assert "Traceback" not in log.read_text(encoding="utf-8")
