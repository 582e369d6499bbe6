"""Benchmark in chromium: search on a large assembly opened from disk, and what a reader's
browser transfers for a recommendation page.

    python bench/browser.py [--n 1000] [--query council] [--runs 3] [--cpu-slowdown 4] [--code DIR]

Generates bench-<N> (N = 1,000 recommendations gives about 1,400 pages; N = 1,450 about 2,000)
and builds it with the generator in this working tree (or in DIR, for example an older commit
unpacked with `git archive`, to compare). Then:

- the search files: their size, raw and gzip-compressed, and how many there are;
- the index build: CPU seconds of search_outputs() for the site's pages (their titles and
  bodies read back from the built HTML), and, for comparison, lunr.py building an index of the
  same documents its default way (its tokenizer and pipeline on every word), with and without
  word positions;
- in Debian's chromium (Playwright), `--runs` times in a fresh browser context each: open the
  home page from file://, press Search and at once type the query at full speed; the time from
  the last key press to the first result shown for it, and from pressing Search to that result,
  measured inside the page (the median is printed with every run); `--cpu-slowdown 4` has
  chromium run the page's scripts four times slower, roughly a mid-range phone;
- what a reader downloads for search (over http://127.0.0.1, a fresh context: every file
  requested from pressing Search until the results are in and the network is idle), raw and
  gzip-compressed (what a server that compresses sends);
- a recommendation page over http, first visit and repeat visit with the browser's cache.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]

# Times, inside the page, of every key press and of every search result added to the page.
TIMING = """
window.__keys = []; window.__results = [];
document.addEventListener("keydown", () => window.__keys.push(performance.now()), true);
new MutationObserver(records => {
  for (const record of records) for (const node of record.addedNodes)
    if (node.nodeType === 1 &&
        (node.matches(".md-search-result__item") || node.querySelector(".md-search-result__item"))) {
      window.__results.push(performance.now()); return;
    }
}).observe(document, {childList: true, subtree: true});
"""

# Run with the generator under test: read the built pages back and time the index build.
INDEX_TIMING = r"""
import json, re, sys, time
from pathlib import Path
from types import SimpleNamespace
site = Path(sys.argv[1])
pages = []
for path in sorted(site.rglob("*.html")):
    html = path.read_text(encoding="utf-8")
    body = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', html, re.S)
    title = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    if body:
        pages.append(SimpleNamespace(path=path.relative_to(site).as_posix(), body=body.group(1),
                                     title=re.sub(r"<[^>]+>", "", title.group(1)) if title else ""))
from generator.engine import search_index
out = {"pages": len(pages)}
if hasattr(search_index, "search_outputs"):
    start = time.process_time()
    search_index.search_outputs(pages, "en")
    out["ours"] = time.process_time() - start
    docs = search_index.documents(pages)
    from lunr import get_default_builder
    for positions in (True, False):
        start = time.process_time()
        builder = get_default_builder()
        builder.metadata_whitelist = ["position"] if positions else []
        builder.ref("id"); builder.field("title", boost=10); builder.field("text")
        for number, doc in enumerate(docs):
            builder.add({"id": str(number), "title": doc.title,
                         "text": " ".join(s.heading + " " + s.text for s in doc.sections)})
        json.dumps(builder.build().serialize())
        out["lunr positions" if positions else "lunr"] = time.process_time() - start
    out["documents"] = len(docs)
print(json.dumps(out))
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()


def size(data: bytes) -> str:
    return f"{len(data) / 1024:,.0f} KB ({len(gzip.compress(data)) / 1024:,.0f} KB compressed)"


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--query", default="council")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu-slowdown", type=float, default=1,
                        help="chromium's CPU throttling during the search runs (4: a mid-range phone, roughly)")
    parser.add_argument("--code", type=Path, default=HERE.parent,
                        help="the folder whose generator/ and theme/ build the site (default: this working tree)")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=str(args.code.resolve()), NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as temp:
        root = Path(temp)
        generate(root, args.n)
        out = root / "site"
        subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--out", str(out)],
                       check=True, capture_output=True, env=env, cwd=args.code)
        slug = f"bench-{args.n}"
        site = out / slug
        pages = sum(1 for _ in site.rglob("*.html"))
        files = sorted(p for p in (site / "search").iterdir() if p.is_file())
        print(f"N = {args.n}: {pages} pages; search files: {len(files)}, together "
              f"{size(b''.join(p.read_bytes() for p in files))}")
        timing = subprocess.run([sys.executable, "-c", INDEX_TIMING, str(site)], capture_output=True, text=True,
                                env=env, cwd=args.code)
        if timing.returncode == 0:
            figures = json.loads(timing.stdout)
            if "ours" in figures:
                print(f"index build, CPU seconds for {figures['documents']} documents: "
                      f"{figures['ours']:.2f} s (search_outputs, everything); lunr.py's default way: "
                      f"{figures['lunr positions']:.2f} s with word positions, {figures['lunr']:.2f} s without")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            last_key, from_open = [], []
            for _ in range(args.runs):
                context = browser.new_context()
                context.add_init_script(TIMING)
                page = context.new_page()
                if args.cpu_slowdown != 1:
                    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": args.cpu_slowdown})
                page.goto((site / "index.html").as_uri())
                page.evaluate("() => document.querySelector('[data-assembly-search-open]')"
                              ".addEventListener('click', () => window.__opened = performance.now(), true)")
                page.get_by_role("button", name="Search").click()
                page.keyboard.type(args.query)
                page.wait_for_function("() => window.__results.some(t => t > window.__keys[window.__keys.length - 1])",
                                       timeout=60000)
                keys, results, opened = page.evaluate("() => [window.__keys, window.__results, window.__opened]")
                first = next(t for t in results if t > keys[-1])
                last_key.append((first - keys[-1]) / 1000)
                from_open.append((first - opened) / 1000)
                context.close()
            runs = ", ".join(f"{t:.2f}" for t in last_key)
            if args.cpu_slowdown != 1:
                print(f"(CPU slowed down {args.cpu_slowdown:g} times)")
            print(f"search from disk, last key press to first result: {statistics.median(last_key):.2f} s "
                  f"(median of {runs})")
            runs = ", ".join(f"{t:.2f}" for t in from_open)
            print(f"search from disk, pressing Search to first result: {statistics.median(from_open):.2f} s "
                  f"(median of {runs})")

            base = f"http://127.0.0.1:{server.server_address[1]}/{slug}/"
            context = browser.new_context()
            tab = context.new_page()
            loaded: list[str] = []
            context.on("requestfinished", lambda request: loaded.append(request.url))
            tab.goto(base + "index.html")
            tab.wait_for_load_state("networkidle")
            loaded.clear()
            tab.get_by_role("button", name="Search").click()
            tab.keyboard.type(args.query)
            tab.wait_for_selector(".md-search-result__item", timeout=60000)
            tab.wait_for_load_state("networkidle")
            tab.wait_for_timeout(500)
            names = sorted({re.sub(r"^.*?:\d+/", "", url).split("?")[0] for url in loaded})
            data = b"".join((out / name).read_bytes() for name in names)
            packed = sum(len(gzip.compress((out / name).read_bytes())) for name in names)
            print(f"downloaded for search (first search, over http): {len(names)} files, {len(data) / 1024:,.0f} KB "
                  f"({packed / 1024:,.0f} KB compressed, each file compressed alone)")
            for name in names:
                print(f"    {name}: {size((out / name).read_bytes())}")
            context.close()

            context = browser.new_context()
            tab = context.new_page()
            loaded = []
            tab.on("requestfinished", lambda request: loaded.append(request.url))
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
                    content = path.read_bytes()
                    raw += len(content)
                    packed += len(gzip.compress(content))
                print(f"recommendation page, {visit}: {fetched} files, {raw / 1024:.0f} KB "
                      f"({packed / 1024:.0f} KB compressed)")
            browser.close()
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
