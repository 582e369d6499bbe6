"""`assembly archive --warc`: crawl the packaged site on localhost and record it as a WARC.

Web archives (such as the UK Government Web Archive) ingest WARC files. Crawling the real site
over HTTP, following only links in the HTML, also proves that nothing is reachable only
through a script. Records carry the site's public addresses when `site_url` is set.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import http.server
import tempfile
import threading
import uuid
import zipfile
from collections import deque
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit
from urllib.request import urlopen
from xml.etree import ElementTree as ET

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from generator import __version__
from generator.plan.site import EDITOR_FOLDER

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "canonical":
            return
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name] or "")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def sitemap_urls(sitemap: bytes) -> list[str]:
    root = ET.fromstring(sitemap)
    return [loc.text or "" for loc in root.iter(f"{SITEMAP_NS}loc")]


def crawl(folder: Path, slug: str, max_pages: int = 20000) -> tuple[dict[str, tuple[int, str, bytes]], list[str]]:
    """Serve `folder` on 127.0.0.1 and fetch everything linked from the assembly's pages, then every
    other file of the assembly's folder (scripts load the search worker and index, browsers pick a
    width from srcset, sharing cards are named in meta tags: a link crawl alone misses them).

    Returns {local url: (status, content type, body)} and the sitemap's own URLs."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{slug}/"
    fetched: dict[str, tuple[int, str, bytes]] = {}

    def fetch(url: str) -> bytes | None:
        try:
            with urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
                body: bytes = response.read()
                fetched[url] = (response.status, response.headers.get_content_type(), body)
                return body
        except OSError:
            fetched[url] = (404, "text/plain", b"")
            return None

    try:
        queue = deque([base + "index.html"] + ([base + "sitemap.xml"] if (folder / slug / "sitemap.xml").is_file()
                                               else []))
        while queue and len(fetched) < max_pages:
            url = queue.popleft()
            if url in fetched:
                continue
            body = fetch(url)
            if body is not None and url.endswith(".html"):
                parser = _Links()
                parser.feed(body.decode("utf-8", errors="replace"))
                for link in parser.links:
                    target = urlunsplit(urlsplit(urljoin(url, link))._replace(fragment="", query=""))
                    if target.startswith(base) and target not in fetched and not target.startswith(
                            base + EDITOR_FOLDER + "/"):
                        queue.append(target)
        editor = folder / slug / EDITOR_FOLDER  # the browser editor is not part of the record
        for path in sorted((folder / slug).rglob("*")):
            if path.is_relative_to(editor):
                continue
            if path.is_file() and not path.is_symlink() and len(fetched) < max_pages:
                url = base + quote(path.relative_to(folder / slug).as_posix())
                if url not in fetched:
                    fetch(url)
    finally:
        server.shutdown()
        server.server_close()
    listed = sitemap_urls(fetched.get(base + "sitemap.xml", (0, "", b"<urlset/>"))[2])
    return fetched, listed


NO_SITE_URL = "http://localhost/"
"""The address records carry when the site has no site_url (fixed, so the WARC is repeatable)."""


def _bagging_date(bag: Path) -> dt.datetime:
    """The date the build recorded (bag-info.txt's Bagging-Date), as midnight UTC."""
    info = bag / "bag-info.txt"
    text = info.read_text(encoding="utf-8") if info.is_file() else ""
    for line in text.splitlines():
        if line.startswith("Bagging-Date:"):
            day = dt.date.fromisoformat(line.split(":", 1)[1].strip())
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def _record_id(uri: str, body: bytes) -> str:
    """A record id from the record's address and content: the same build gives the same ids."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri + ' sha256:' + hashlib.sha256(body).hexdigest())}>"


def crawl_to_warc(package: Path, slug: str, warc_file: Path) -> int:
    """Unpack the package, crawl its site, write a gzipped WARC; return the number of responses.

    Repeatable: WARC-Date is the package's Bagging-Date, record ids come from each record's
    address and content, records are in address order, so the same package gives the same bytes."""
    with tempfile.TemporaryDirectory(prefix="assembly-warc-") as temp:
        with zipfile.ZipFile(package) as archive:
            archive.extractall(temp)
        bag = next(Path(temp).iterdir())
        fetched, listed = crawl(bag / "data" / "site", slug)
        when = _bagging_date(bag)
        source = bag.name
    local_base = next(iter(fetched)).split(f"/{slug}/")[0] + f"/{slug}/"
    public_base = NO_SITE_URL + slug + "/"
    absolute = [u for u in listed if u.startswith(("http://", "https://"))]
    if absolute and absolute[0].split(f"/{slug}/")[0] != local_base.split(f"/{slug}/")[0]:
        public_base = absolute[0].split(f"/{slug}/")[0] + f"/{slug}/"
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    count = 0
    warc_file.parent.mkdir(parents=True, exist_ok=True)
    with open(warc_file, "wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="WARC/1.1")
        responses = {public_base + url[len(local_base):]: value for url, value in fetched.items()
                     if value[0] == 200}
        info = {"software": f"assembly-site {__version__} (warcio)", "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                "isPartOf": f"{source}: the preservation package of {slug}",
                "description": f"Every file of the published assembly {slug}, as served from its folder",
                "records": str(len(responses)), "date": stamp}
        warcinfo = writer.create_warcinfo_record(warc_file.name, info)
        warcinfo.rec_headers.replace_header("WARC-Date", stamp)
        warcinfo.rec_headers.replace_header("WARC-Record-ID", _record_id(
            "warcinfo:" + warc_file.name, "\n".join(f"{k}: {v}" for k, v in info.items()).encode()))
        writer.write_record(warcinfo)
        for public in sorted(responses):
            _status, content_type, body = responses[public]
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(public, "response", payload=BytesIO(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": stamp,
                                                                  "WARC-Record-ID": _record_id(public, body)})
            writer.write_record(record)
            count += 1
    return count
