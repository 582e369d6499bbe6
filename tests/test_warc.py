"""`assembly archive --warc`: a WARC an archive can ingest as it is, and the same bytes every time.

Checked with the tools web archives run: warcio (reading and `warcio check`) and pywb (its
`wb-manager` indexes the WARC; its replay app, in-process, serves every page back).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest
from conftest import run_cli
from warcio.archiveiterator import ArchiveIterator

SLUG = "riverside-town-centre"


def _archive(root: Path, out: Path) -> tuple[Path, Path]:
    result = run_cli("--root", str(root), "archive", SLUG, "--out", str(out), "--warc")
    assert result.code == 0, result.err
    return out, out.with_name(out.name.removesuffix(".zip") + ".warc.gz")


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    import shutil

    from conftest import REPO

    root = tmp_path_factory.mktemp("project")
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    shutil.copytree(REPO / "content", root / "content")
    assert run_cli("--root", str(root), "build", "--as-of", "2026-12-04").code == 0
    package, warc = _archive(root, tmp_path_factory.mktemp("first") / "riverside.zip")
    return root, package, warc


def _records(warc: Path) -> list[tuple[str, dict[str, str], bytes]]:
    with open(warc, "rb") as stream:
        return [(r.rec_type, dict(r.rec_headers.headers), r.content_stream().read()) for r in ArchiveIterator(stream)]


def _site_files(package: Path) -> dict[str, bytes]:
    prefix = f"{SLUG}/data/site/{SLUG}/"
    with zipfile.ZipFile(package) as archive:
        return {n[len(prefix):]: archive.read(n) for n in archive.namelist() if n.startswith(prefix)
                and not n.endswith("/")}


def _responses(warc: Path) -> dict[str, bytes]:
    return {h["WARC-Target-URI"]: body for kind, h, body in _records(warc) if kind == "response"}


def _base(responses: dict[str, bytes]) -> str:
    first = next(u for u in responses if u.endswith(f"/{SLUG}/index.html"))
    return first.removesuffix("index.html")


def test_two_packages_of_the_same_build_are_byte_identical(archived: tuple[Path, Path, Path],
                                                           tmp_path: Path) -> None:
    root, package, warc = archived
    _again_zip, again = _archive(root, tmp_path / "riverside.zip")
    assert again.read_bytes() == warc.read_bytes()


def test_every_file_of_the_site_is_in_the_warc_with_a_warcinfo_first(archived: tuple[Path, Path, Path]) -> None:
    _root, package, warc = archived
    records = _records(warc)
    kind, headers, body = records[0]
    assert kind == "warcinfo" and b"assembly-site" in body
    with zipfile.ZipFile(package) as archive:
        bag_info = archive.read(f"{SLUG}/bag-info.txt").decode()
    day = re.search(r"Bagging-Date: (\S+)", bag_info).group(1)  # type: ignore[union-attr]
    assert {h["WARC-Date"] for _k, h, _b in records} == {f"{day}T00:00:00Z"}
    ids = [h["WARC-Record-ID"] for _k, h, _b in records]
    assert len(set(ids)) == len(ids)
    files = _site_files(package)
    responses = _responses(warc)
    base = _base(responses)
    print(f"WARC holds {len(responses)} responses for the {len(files)} files of the site")
    assert {base + name for name in files} <= set(responses)
    assert all(responses[base + name] == data for name, data in files.items())
    names = set(files)
    assert {"assets/javascripts/assembly-search.js", "assets/javascripts/lunr.min.js"} <= names
    assert {"search/search_index.js", "search/text-0.js"} <= names
    check = subprocess.run([str(Path(sys.executable).with_name("warcio")), "check", str(warc)], capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.refs.append(candidate.split()[0])
        if tag == "meta" and values.get("property") in ("og:image", "twitter:image") and values.get("content"):
            self.refs.append(values["content"] or "")
        if tag == "meta" and values.get("name") in ("twitter:image",) and values.get("content"):
            self.refs.append(values["content"] or "")


def test_every_srcset_width_and_sharing_card_is_in_the_warc(archived: tuple[Path, Path, Path]) -> None:
    _root, package, warc = archived
    responses = _responses(warc)
    base = _base(responses)
    host = urlsplit(base).netloc
    missing, seen = [], 0
    for name, data in _site_files(package).items():
        if not name.endswith(".html"):
            continue
        parser = _Refs()
        parser.feed(data.decode("utf-8", errors="replace"))
        for ref in parser.refs:
            url = urljoin(base + name, ref)
            if urlsplit(url).netloc != host:
                continue
            seen += 1
            if url.split("#")[0] not in responses:
                missing.append((name, ref))
    assert seen > 10
    assert missing == []


def test_pywb_replays_every_page_with_identical_bytes(archived: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """pywb's own server, run apart (it patches threads with gevent, which must not happen inside
    the test process), replays every page and asset byte for byte."""
    pytest.importorskip("pywb")
    _root, package, warc = archived
    manager = str(Path(sys.executable).with_name("wb-manager"))
    for args in (["init", "archive"], ["add", "archive", str(warc)]):
        done = subprocess.run([manager, *args], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "collections" / "archive" / "indexes" / "index.cdxj").stat().st_size > 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).with_name("wayback")), "-b", "127.0.0.1", "-p", str(port)],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def get(path: str) -> tuple[int, bytes]:
        try:
            with urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as reply:  # noqa: S310 - loopback only
                return reply.status, reply.read()
        except HTTPError as error:
            return error.code, b""

    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                get("/")
                break
            except OSError:
                time.sleep(0.3)
        responses = _responses(warc)
        base = _base(responses)
        files = _site_files(package)
        wanted = sorted(n for n in files if n.endswith((".html", ".json", ".js", ".xml", ".css")))
        wanted += [n for n in files if n.endswith((".png", ".jpg", ".webp", ".svg"))][:20]
        failures = []
        for name in wanted:
            status, data = get(f"/archive/id_/{base}{name}")
            if status != 200 or data != files[name]:
                failures.append((name, status))
        assert failures == []
        # the rewritten replay of a page (what a reader sees) works too
        status, data = get(f"/archive/2026/{base}index.html")
        assert status == 200 and b"<html" in data.lower()
    finally:
        server.terminate()
        server.wait(timeout=30)
