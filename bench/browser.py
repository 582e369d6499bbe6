"""Benchmark in chromium: search on a large assembly opened from disk, and what a reader's
browser transfers for a recommendation page.

    python bench/browser.py [--n 1450] [--query word]

Generates bench-<N> (N = 1,450 gives about 2,000 pages), builds it, then in Debian's chromium
(Playwright): opens the home page from file://, opens search, types a word and measures the time
from the last key press to the first result; and loads a recommendation over http://127.0.0.1,
summing the bytes of every file it loads, raw and gzip-compressed (what a server that
compresses would send), for a first visit and for a repeat visit with the browser's cache.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1450)
    parser.add_argument("--query", default="council")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as temp:
        root = Path(temp)
        generate(root, args.n)
        out = root / "site"
        subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--out", str(out)],
                       check=True, capture_output=True)
        slug = f"bench-{args.n}"
        site = out / slug
        pages = sum(1 for _ in site.rglob("*.html"))
        index = site / "search" / "search_index.js"
        print(f"pages: {pages}; search index: {index.stat().st_size / 1e6:.1f} MB "
              f"({len(gzip.compress(index.read_bytes())) / 1e6:.1f} MB compressed)")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page()
            page.goto((site / "index.html").as_uri())
            opened = time.perf_counter()
            page.get_by_role("button", name="Search").click()
            page.keyboard.type(args.query[:-1])
            started = time.perf_counter()
            page.keyboard.type(args.query[-1])
            page.wait_for_selector(".md-search-result__item", timeout=60000)
            first = time.perf_counter() - started
            print(f"search from disk, last key press to first result: {first:.2f} s")
            # The index loads and is built when search opens, so a slow typist hides part of it.
            print(f"search from disk, opening search to first result: {time.perf_counter() - opened:.2f} s")

            context = browser.new_context()
            tab = context.new_page()
            loaded: list[str] = []
            tab.on("requestfinished", lambda request: loaded.append(request.url))
            base = f"http://127.0.0.1:{server.server_address[1]}/{slug}/"
            url = base + "recommendations/rec-0001.html"
            for visit in ("first visit", "repeat visit"):
                loaded.clear()
                tab.goto(url)
                tab.wait_for_load_state("networkidle")
                raw = packed = 0
                fetched = 0
                for item in loaded:
                    response = tab.evaluate("u => performance.getEntriesByName(u).map(e => e.transferSize)", item)
                    if response and max(response) == 0:
                        continue  # served from the browser's cache
                    fetched += 1
                    path = out / item.split(f"{server.server_address[1]}/", 1)[1].split("?")[0]
                    data = path.read_bytes()
                    raw += len(data)
                    packed += len(gzip.compress(data))
                print(f"recommendation page, {visit}: {fetched} files, {raw / 1024:.0f} KB "
                      f"({packed / 1024:.0f} KB compressed)")
            browser.close()
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
