"""`assembly archive --warc`: crawl the packaged site on localhost and record it as a WARC.

Web archives (such as the UK Government Web Archive) ingest WARC files. Crawling the real site
over HTTP, following only links in the HTML, also proves that nothing is reachable only
through a script. Records carry the site's public addresses when `site_url` is set.
"""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
import zipfile
from collections import deque
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.request import urlopen
from xml.etree import ElementTree as ET

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

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
    """Serve `folder` on 127.0.0.1 and fetch everything linked from the assembly's pages.

    Returns {local url: (status, content type, body)} and the sitemap's own URLs."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{slug}/"
    fetched: dict[str, tuple[int, str, bytes]] = {}
    try:
        queue = deque([base + "index.html", base + "sitemap.xml"])
        while queue and len(fetched) < max_pages:
            url = queue.popleft()
            if url in fetched:
                continue
            try:
                with urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
                    body = response.read()
                    fetched[url] = (response.status, response.headers.get_content_type(), body)
            except OSError:
                fetched[url] = (404, "text/plain", b"")
                continue
            if url.endswith(".html"):
                parser = _Links()
                parser.feed(body.decode("utf-8", errors="replace"))
                for link in parser.links:
                    target = urlunsplit(urlsplit(urljoin(url, link))._replace(fragment="", query=""))
                    if target.startswith(base) and target not in fetched:
                        queue.append(target)
    finally:
        server.shutdown()
    listed = sitemap_urls(fetched.get(base + "sitemap.xml", (0, "", b"<urlset/>"))[2])
    return fetched, listed


def crawl_to_warc(package: Path, slug: str, warc_file: Path) -> int:
    """Unpack the package, crawl its site, write a gzipped WARC; return the number of responses."""
    with tempfile.TemporaryDirectory(prefix="assembly-warc-") as temp:
        with zipfile.ZipFile(package) as archive:
            archive.extractall(temp)
        bag = next(Path(temp).iterdir())
        fetched, listed = crawl(bag / "data" / "site", slug)
    local_base = next(iter(fetched)).split(f"/{slug}/")[0] + f"/{slug}/"
    public_base = local_base
    absolute = [u for u in listed if u.startswith(("http://", "https://"))]
    if absolute and absolute[0].split(f"/{slug}/")[0] != local_base.split(f"/{slug}/")[0]:
        public_base = absolute[0].split(f"/{slug}/")[0] + f"/{slug}/"
    count = 0
    warc_file.parent.mkdir(parents=True, exist_ok=True)
    with open(warc_file, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url in sorted(fetched):
            status, content_type, body = fetched[url]
            if status != 200:
                continue
            public = public_base + url[len(local_base):]
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(public, "response", payload=BytesIO(body), http_headers=headers)
            writer.write_record(record)
            count += 1
    return count
