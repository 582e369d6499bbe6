"""Benchmark: cold builds of synthetic assemblies against the Markdown floor.

    python bench/run.py [--sizes 100,1000[,5000]] [--repeat R] [--keep] [--no-write]

For each N it generates bench-<N> (bench/generate.py) into a temporary folder, then runs, each in
a fresh subprocess:

- `python -m generator --root ROOT check`   (validation only)
- `python -m generator --root ROOT build --out ROOT/site`   (the cold build)

and measures wall seconds and peak RSS of that child (os.wait4 gives the child's own rusage),
pages (.html files in the output) per second, total HTML bytes and bytes per page, the whole
output's bytes, the search index's bytes, and the bytes of recommendations/rec-0001.html, whose
source files are identical at every N.

The Markdown floor is Python-Markdown alone (extensions extra, sane_lists, toc, as the generator
configures it) rendering every Markdown body of the same content, in this process, excluding
reading files and imports. It is given two ways: `markdown.markdown()` per body (a new converter
each time) and one reused converter with `reset()` (what the generator itself does). The
build / floor ratio uses the first; the second is printed alongside.

Results are printed and written to bench/RESULTS.md (unless --no-write).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata as metadata
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import counts, generate  # noqa: E402

REC_PAGE = "recommendations/rec-0001.html"
LOAD_AT_START = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
MD_EXTENSIONS = ["extra", "sane_lists", "toc"]


@dataclass
class Child:
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Result:
    n: int
    entities: dict[str, int]
    md_files: int = 0
    md_bytes: int = 0
    generate_s: float = 0.0
    check: Child | None = None
    build: Child | None = None
    builds_s: list[float] = field(default_factory=list)
    builds_cpu_s: list[float] = field(default_factory=list)
    html_pages: int = 0
    html_bytes: int = 0
    output_bytes: int = 0
    search_bytes: int = 0
    rec_page_bytes: int | None = None
    floor_s: float = 0.0
    floor_cpu_s: float = 0.0
    floor_reused_s: float = 0.0
    floor_reused_cpu_s: float = 0.0
    warm_s: list[float] = field(default_factory=list)
    unchanged_s: list[float] = field(default_factory=list)
    edited_s: list[float] = field(default_factory=list)
    serve_s: list[float] = field(default_factory=list)
    peer_s: list[float] = field(default_factory=list)
    peer_cpu_s: list[float] = field(default_factory=list)
    peer_pages: int = 0
    error: str | None = None

    @property
    def peer(self) -> float:
        return min(self.peer_s) if self.peer_s else float("nan")

    @property
    def peer_cpu(self) -> float:
        return min(self.peer_cpu_s) if self.peer_cpu_s else float("nan")

    @property
    def build_s(self) -> float:
        return min(self.builds_s) if self.builds_s else float("nan")

    @property
    def build_cpu_s(self) -> float:
        return min(self.builds_cpu_s) if self.builds_cpu_s else float("nan")

    @property
    def warm(self) -> float:
        return min(self.warm_s) if self.warm_s else float("nan")

    @property
    def unchanged(self) -> float:
        return min(self.unchanged_s) if self.unchanged_s else float("nan")

    @property
    def edited(self) -> float:
        return min(self.edited_s) if self.edited_s else float("nan")

    @property
    def serve(self) -> float:
        return min(self.serve_s) if self.serve_s else float("nan")

    @property
    def pages_per_s(self) -> float:
        return self.html_pages / self.build_s if self.builds_s else float("nan")

    @property
    def bytes_per_page(self) -> float:
        return self.html_bytes / self.html_pages if self.html_pages else float("nan")


def run_child(args: list[str], cwd: Path) -> Child:
    """Run a command; wall seconds and the peak RSS of that child (and its waited-for children)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in kilobytes on Linux, bytes on macOS
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        return Child(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale, proc.returncode,
                     out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def markdown_bodies(folder: Path) -> list[str]:
    """The Markdown body (after the front matter) of every .md file of the assembly."""
    bodies = []
    for path in sorted(folder.rglob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
        bodies.append("\n".join(lines[end + 1:]))
    return bodies


def markdown_floor(bodies: list[str]) -> tuple[float, float, float, float]:
    """(wall, CPU) seconds with markdown.markdown() per body, then (wall, CPU) with one converter."""
    import markdown

    markdown.markdown("warm *up*", extensions=MD_EXTENSIONS)  # imports the extension modules
    wall, cpu = time.perf_counter(), time.process_time()
    for text in bodies:
        markdown.markdown(text, extensions=MD_EXTENSIONS)
    fresh = time.perf_counter() - wall, time.process_time() - cpu

    md = markdown.Markdown(extensions=MD_EXTENSIONS)
    wall, cpu = time.perf_counter(), time.process_time()
    for text in bodies:
        md.reset()
        md.convert(text)
    reused = time.perf_counter() - wall, time.process_time() - cpu
    return (*fresh, *reused)


def snapshot(rev: str) -> Path:
    """The generator and theme as committed at `rev`, unpacked into a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="assembly-bench-src-"))
    archive = subprocess.run(["git", "archive", rev], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def describe_code(rev: str | None) -> str:
    if rev:
        return f"a clean snapshot of commit {git('rev-parse', '--short', rev) or rev} (`--rev {rev}`)"
    dirty = git("status", "--porcelain", "--", "generator", "theme")
    return (f"the working tree at commit {git('rev-parse', '--short', 'HEAD') or 'unknown'}"
            + (", with uncommitted changes to generator/ or theme/" if dirty else ""))


def measure(n: int, seed: int, repeat: int, keep: bool, code: Path, serve: bool = True) -> Result:
    result = Result(n, counts(n))
    root = Path(tempfile.mkdtemp(prefix=f"assembly-bench-{n}-"))
    try:
        start = time.perf_counter()
        folder = generate(root, n, seed)
        result.generate_s = time.perf_counter() - start
        md = list(folder.rglob("*.md"))
        result.md_files, result.md_bytes = len(md), sum(p.stat().st_size for p in md)
        print(f"N={n}: generated {result.md_files} Markdown files in {root}", flush=True)

        cmd = [sys.executable, "-m", "generator", "--root", str(root)]
        site = root / "site"
        bodies = markdown_bodies(folder)
        floors = []
        # check, build and floor take turns, so that other work on the machine weighs on all three
        for attempt in range(repeat):
            check = run_child(cmd + ["check"], code)
            print(f"N={n}: check {attempt + 1}/{repeat} {check.seconds:.2f} s (CPU {check.cpu_seconds:.2f} s), "
                  f"exit {check.returncode}", flush=True)
            if result.check is None or check.seconds < result.check.seconds:
                result.check = check
            if check.returncode != 0:
                result.error = "check failed:\n" + check.stdout + check.stderr
                return result

            for previous in (site, root / ".assembly-cache"):
                if previous.exists():
                    shutil.rmtree(previous)  # every cold build starts with no output and no cache
            child = run_child(cmd + ["build", "--out", str(site)], code)
            print(f"N={n}: build {attempt + 1}/{repeat} {child.seconds:.2f} s (CPU {child.cpu_seconds:.2f} s), "
                  f"peak {child.peak_rss_mb:.0f} MB, exit {child.returncode}", flush=True)
            if child.returncode != 0:
                result.build = child
                result.error = "build failed:\n" + child.stdout + child.stderr
                return result
            result.builds_s.append(child.seconds)
            result.builds_cpu_s.append(child.cpu_seconds)
            if result.build is None or child.peak_rss_mb > result.build.peak_rss_mb:
                result.build = child

            rebuilds(result, cmd, site, folder, code, attempt, repeat)
            peer_build(result, folder, site, root, attempt, repeat)

            floors.append(markdown_floor(bodies))
            print(f"N={n}: Markdown floor {attempt + 1}/{repeat} {floors[-1][0]:.2f} s (CPU {floors[-1][1]:.2f} s); "
                  f"reused converter {floors[-1][2]:.2f} s (CPU {floors[-1][3]:.2f} s)", flush=True)
        result.floor_s, result.floor_cpu_s, result.floor_reused_s, result.floor_reused_cpu_s = (
            min(f[i] for f in floors) for i in range(4))

        for path in site.rglob("*"):
            if not path.is_file():
                continue
            size = path.stat().st_size
            result.output_bytes += size
            if path.suffix == ".html":
                result.html_pages += 1
                result.html_bytes += size
            if path.parent.name == "search":
                result.search_bytes += size
        rec = site / f"bench-{n}" / REC_PAGE
        result.rec_page_bytes = rec.stat().st_size if rec.exists() else None
        if serve:
            for attempt in range(repeat):
                result.serve_s.append(serve_latency(root, n, code))
                print(f"N={n}: serve, save to new page served {attempt + 1}/{repeat} {result.serve_s[-1]:.2f} s",
                      flush=True)

        return result
    finally:
        if keep:
            print(f"N={n}: kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def peer_build(result: Result, folder: Path, site: Path, root: Path, attempt: int, repeat: int) -> None:
    """MkDocs + Material with search building as many pages as the build wrote (bench/peer.py),
    in a fresh process, as the build runs: wall and CPU seconds."""
    from peer import make_peer

    pages = sum(1 for _ in site.rglob("*.html"))
    project = root / "peer"
    if not project.exists():
        make_peer(folder, pages - 1, project)  # MkDocs adds its 404.html
    if (project / "site").exists():
        shutil.rmtree(project / "site")
    child = run_child([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")], project)
    if child.returncode != 0:
        print(f"N={result.n}: the MkDocs + Material peer failed:\n{child.stderr}", flush=True)
        return
    result.peer_pages = sum(1 for _ in (project / "site").rglob("*.html"))
    result.peer_s.append(child.seconds)
    result.peer_cpu_s.append(child.cpu_seconds)
    print(f"N={result.n}: MkDocs + Material peer {attempt + 1}/{repeat} ({result.peer_pages} pages) "
          f"{child.seconds:.2f} s (CPU {child.cpu_seconds:.2f} s)", flush=True)


def rebuilds(result: Result, cmd: list[str], site: Path, folder: Path, code: Path, attempt: int, repeat: int) -> None:
    """After a cold build: the same build with the caches warm (--force), with nothing changed,
    and after one recommendation's text is edited (then put back)."""
    warm = run_child(cmd + ["build", "--out", str(site), "--force"], code)
    unchanged = run_child(cmd + ["build", "--out", str(site)], code)
    rec = folder / "recommendations" / "rec-0001.md"
    original = rec.read_bytes()
    rec.write_bytes(original + f"\nEdited for the benchmark, attempt {attempt}.\n".encode())
    try:
        edited = run_child(cmd + ["build", "--out", str(site)], code)
    finally:
        rec.write_bytes(original)
    for label, child, store in (("warm-cache build", warm, result.warm_s),
                                ("rebuild, nothing changed", unchanged, result.unchanged_s),
                                ("rebuild, one recommendation edited", edited, result.edited_s)):
        if child.returncode != 0:
            result.error = f"{label} failed:\n" + child.stdout + child.stderr
            return
        store.append(child.seconds)
        print(f"N={result.n}: {label} {attempt + 1}/{repeat} {child.seconds:.2f} s (CPU {child.cpu_seconds:.2f} s)",
              flush=True)
    if "Nothing has changed" not in unchanged.stdout:
        result.error = "the rebuild with nothing changed did not recognise it:\n" + unchanged.stdout


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> bytes | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError):
        return None


def serve_latency(root: Path, n: int, code: Path, timeout: float = 120.0) -> float:
    """`assembly serve` running: seconds from saving an edited recommendation to the server
    answering with the new page (polled every 10 ms, as a browser reload would ask)."""
    import json

    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", f"bench-{n}",
                             "--port", str(port)], cwd=code, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    rec = root / "content" / f"bench-{n}" / "recommendations" / "rec-0001.md"
    original = rec.read_bytes()
    try:
        deadline = time.monotonic() + timeout
        while _get(f"{base}/bench-{n}/{REC_PAGE}") is None:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the preview server did not start")
            time.sleep(0.1)
        status = json.loads(_get(f"{base}/__status") or b"{}")
        time.sleep(1.0)  # let the file watcher settle
        token = f"served-{time.time_ns()}"
        text = original.decode("utf-8").replace("title: ", f"title: {token} ", 1)
        start = time.perf_counter()
        rec.write_text(text, encoding="utf-8")
        while True:
            page = _get(f"{base}/bench-{n}/{REC_PAGE}")
            if page is not None and token.encode() in page:
                return time.perf_counter() - start
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"the edited page was not served within {timeout:.0f} s (build {status})")
            time.sleep(0.01)
    finally:
        rec.write_bytes(original)
        proc.terminate()
        proc.wait(timeout=30)


def parallel(size: int, seed: int, code: Path) -> dict[str, float]:
    """Four assemblies of `size` recommendations: built together (one process per core), with
    --jobs 1 (one after another in one process) and as four separate commands."""
    root = Path(tempfile.mkdtemp(prefix="assembly-bench-parallel-"))
    try:
        for i in range(4):
            generate(root, size + i, seed)
        cmd = [sys.executable, "-m", "generator", "--root", str(root), "build", "--force"]
        figures: dict[str, float] = {}
        warm = run_child(cmd + ["--out", str(root / "warm")], code)  # fills the card cache for every run
        if warm.returncode != 0:
            raise RuntimeError(warm.stdout + warm.stderr)
        together = run_child(cmd + ["--out", str(root / "together")], code)
        one_process = run_child(cmd + ["--out", str(root / "serial"), "--jobs", "1"], code)
        separate = [run_child(cmd + ["--out", str(root / f"separate-{i}"), f"bench-{size + i}"], code)
                    for i in range(4)]
        figures["together"] = together.seconds
        figures["together_cpu"] = together.cpu_seconds
        figures["jobs1"] = one_process.seconds
        figures["separate"] = sum(c.seconds for c in separate)
        same = subprocess.run(["diff", "-r", "-q", str(root / "together"), str(root / "serial")],
                              capture_output=True).returncode == 0
        figures["identical"] = 1.0 if same else 0.0
        return figures
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- reporting --------------------------------------------------------------------------------

def _mb(b: float) -> str:
    return f"{b / 1e6:.1f} MB" if b >= 1e6 else f"{b / 1e3:.1f} KB"


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def table(results: list[Result]) -> list[str]:
    ok = [r for r in results if r.error is None]
    rows = [
        ("Markdown files (input)", lambda r: f"{r.md_files:,} ({_mb(r.md_bytes)})"),
        ("check, wall (CPU) s", lambda r: f"{r.check.seconds:.2f} ({r.check.cpu_seconds:.2f})" if r.check else "-"),
        ("cold build, wall s", lambda r: f"{r.build_s:.2f}"),
        ("cold build, CPU s", lambda r: f"{r.build_cpu_s:.2f}"),
        ("peak RSS of build (MB)", lambda r: f"{r.build.peak_rss_mb:.0f}"),
        ("build with warm caches (--force), wall s", lambda r: f"{r.warm:.2f}"),
        ("rebuild, nothing changed, wall s", lambda r: f"{r.unchanged:.2f}"),
        ("rebuild, one recommendation edited, wall s", lambda r: f"{r.edited:.2f}"),
        ("serve: save to changed page served, s", lambda r: f"{r.serve:.2f}" if r.serve_s else "-"),
        ("HTML pages", lambda r: f"{r.html_pages:,}"),
        ("pages per second", lambda r: f"{r.pages_per_s:.1f}"),
        ("HTML bytes, total", lambda r: _mb(r.html_bytes)),
        ("HTML bytes per page", lambda r: f"{r.bytes_per_page:,.0f}"),
        ("output bytes, all files", lambda r: _mb(r.output_bytes)),
        ("search index bytes", lambda r: _mb(r.search_bytes)),
        (f"{REC_PAGE} bytes", lambda r: f"{r.rec_page_bytes:,}" if r.rec_page_bytes else "missing"),
        ("Markdown floor, markdown.markdown(), wall (CPU) s",
         lambda r: f"{r.floor_s:.2f} ({r.floor_cpu_s:.2f})"),
        ("Markdown floor, reused converter, wall (CPU) s",
         lambda r: f"{r.floor_reused_s:.2f} ({r.floor_reused_cpu_s:.2f})"),
        ("MkDocs + Material peer, same pages, wall (CPU) s",
         lambda r: f"{r.peer:.2f} ({r.peer_cpu:.2f}), {r.peer_pages:,} pages" if r.peer_s else "-"),
        ("build / peer, wall (CPU)",
         lambda r: f"{r.build_s / r.peer:.2f}x ({r.build_cpu_s / r.peer_cpu:.2f}x)" if r.peer_s else "-"),
        ("build / floor, wall (CPU)", lambda r: f"{r.build_s / r.floor_s:.1f}x ({r.build_cpu_s / r.floor_cpu_s:.1f}x)"),
        ("build / reused-converter floor, wall (CPU)",
         lambda r: f"{r.build_s / r.floor_reused_s:.1f}x ({r.build_cpu_s / r.floor_reused_cpu_s:.1f}x)"),
    ]
    lines = ["| | " + " | ".join(f"N = {r.n:,}" for r in ok) + " |",
             "|---|" + "---:|" * len(ok)]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in ok) + " |")
    return lines


def ratios(results: list[Result]) -> list[str]:
    by_n = {r.n: r for r in results if r.error is None}
    out = []
    if 100 in by_n and 1000 in by_n:
        a, b = by_n[1000].rec_page_bytes, by_n[100].rec_page_bytes
        ratio = _ratio(a, b)
        if ratio is not None:
            verdict = "met" if abs(ratio - 1) <= 0.10 else "NOT met"
            out.append(f"- Recommendation page at N = 1,000 vs N = 100: {a:,} / {b:,} bytes = {ratio:.3f} "
                       f"(target: within 10%: {verdict})")
    if 1000 in by_n:
        r = by_n[1000]
        ratio = r.build_s / r.floor_s
        out.append(f"- Cold build at N = 1,000 / Markdown floor: {r.build_s:.2f} / {r.floor_s:.2f} s = {ratio:.1f}x "
                   f"(target <= 2.0x: {'met' if ratio <= 2.0 else 'NOT met'}); in CPU seconds "
                   f"{r.build_cpu_s:.2f} / {r.floor_cpu_s:.2f} = {r.build_cpu_s / r.floor_cpu_s:.1f}x; against the "
                   f"reused-converter floor ({r.floor_reused_s:.2f} s): {r.build_s / r.floor_reused_s:.1f}x")
    if 1000 in by_n and by_n[1000].peer_s:
        r = by_n[1000]
        ratio = r.build_s / r.peer
        out.append(f"- Cold build at N = 1,000 / MkDocs + Material with search building the same number of pages "
                   f"({r.peer_pages:,}): {r.build_s:.2f} / {r.peer:.2f} s = {ratio:.2f}x (target <= 1.0: "
                   f"{'met' if ratio <= 1.0 else 'NOT met'}); in CPU seconds {r.build_cpu_s:.2f} / {r.peer_cpu:.2f} "
                   f"= {r.build_cpu_s / r.peer_cpu:.2f}x")
    for r in by_n.values():
        share = r.unchanged / r.build_s
        out.append(f"- N = {r.n:,}: rebuild with nothing changed / cold build: {r.unchanged:.2f} / {r.build_s:.2f} s = "
                   f"{share:.1%} (target <= 10%: {'met' if share <= 0.10 else 'NOT met'}); one recommendation edited: "
                   f"{r.edited:.2f} s = {r.edited / r.build_s:.0%} of the cold build; warm caches: "
                   f"{r.warm / r.build_s:.0%}")
    if 1000 in by_n and by_n[1000].serve_s:
        r = by_n[1000]
        out.append(f"- N = 1,000 under `assembly serve`: save to the changed page served {r.serve:.2f} s "
                   f"(target <= 0.3 s: {'met' if r.serve <= 0.3 else 'NOT met'})")
    if 1000 in by_n and 5000 in by_n and by_n[5000].build:
        ratio = by_n[5000].build_s / by_n[1000].build_s
        out.append(f"- Cold build N = 5,000 / N = 1,000: {ratio:.2f}x (target <= 5.5x: "
                   f"{'met' if ratio <= 5.5 else 'NOT met'}); peak RSS at N = 5,000: "
                   f"{by_n[5000].build.peak_rss_mb:.0f} MB (target <= 1024 MB)")
    sizes = sorted(by_n)
    for small, large in zip(sizes, sizes[1:], strict=False):
        lo, hi = by_n[small], by_n[large]
        assert lo.build and hi.build and lo.check and hi.check
        out.append(f"- N = {large:,} vs N = {small:,} ({large / small:.0f}x the content): build "
                   f"{hi.build_s / lo.build_s:.2f}x (CPU {hi.build_cpu_s / lo.build_cpu_s:.2f}x), "
                   f"HTML bytes {hi.html_bytes / lo.html_bytes:.2f}x, "
                   f"bytes per page {hi.bytes_per_page / lo.bytes_per_page:.2f}x, peak RSS "
                   f"{hi.build.peak_rss_mb / lo.build.peak_rss_mb:.2f}x, "
                   f"check {hi.check.seconds / lo.check.seconds:.2f}x")
    return out


def machine() -> list[str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = ""
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    versions = []
    for package in ("mkdocs", "mkdocs-material", "markdown", "nh3", "pyyaml", "pydantic"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return [
        f"- load average (1, 5, 15 min) at the start of the run: {LOAD_AT_START}, at the end: {load}; "
        "other work on the machine inflates the times",
        f"- nproc: {usable} (os.cpu_count: {os.cpu_count()}){f', {cpu}' if cpu else ''}"
        f"{f', memory {mem}' if mem else ''}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}",
        f"- {', '.join(versions)}",
    ]


STARTUP = "import generator.pipeline, generator.cli, material, mkdocs.commands.build, mkdocs.config"


def startup_seconds(code: Path) -> float:
    """A fresh interpreter importing what a build imports: the fixed cost in every cold build."""
    return min(run_child([sys.executable, "-c", STARTUP], code).seconds for _ in range(3))


def browser_section(code: Path) -> str:
    """bench/browser.py's figures (chromium): search on a 2,000-page assembly opened from disk,
    and what a recommendation page transfers, against the targets."""
    child = run_child([sys.executable, str(HERE / "browser.py")], code)
    lines = [line for line in child.stdout.splitlines() if line.strip()]
    found: dict[str, float | None] = {"search": None, "opened": None, "first": None, "repeat": None}
    for line in lines:
        if match := re.search(r"last key press to first result: ([0-9.]+) s", line):
            found["search"] = float(match.group(1))
        if match := re.search(r"opening search to first result: ([0-9.]+) s", line):
            found["opened"] = float(match.group(1))
        if match := re.search(r"first visit: .*?\(([0-9.]+) KB compressed", line):
            found["first"] = float(match.group(1))
        if match := re.search(r"repeat visit: .*?\(([0-9.]+) KB compressed", line):
            found["repeat"] = float(match.group(1))
    verdicts = []
    if found["search"] is not None:
        verdicts.append(f"- Search, last key press to first result: {found['search']:.2f} s (target < 1 s: "
                        f"{'met' if found['search'] < 1 else 'NOT met'})")
    if found["opened"] is not None:
        verdicts.append(f"- Search, opening search to first result (index loaded and built in the browser): "
                        f"{found['opened']:.2f} s")
    if found["first"] is not None:
        verdicts.append(f"- Recommendation page, first visit: {found['first']:.0f} KB compressed (target <= 80 KB: "
                        f"{'met' if found['first'] <= 80 else 'NOT met'})")
    if found["repeat"] is not None:
        verdicts.append(f"- Recommendation page, repeat visit: {found['repeat']:.0f} KB compressed (target <= 10 KB: "
                        f"{'met' if found['repeat'] <= 10 else 'NOT met'})")
    body = lines if child.returncode == 0 else [*lines, f"(bench/browser.py failed, exit {child.returncode})",
                                                 *child.stderr.splitlines()[-5:]]
    return "\n".join(["## In a browser (bench/browser.py, chromium)", "", "```", *body, "```", "", *verdicts, ""])


def parallel_lines(figures: dict[str, float] | None, size: int) -> list[str]:
    if not figures:
        return []
    ratio = figures["together"] / figures["jobs1"]
    return [f"- Four assemblies of {size:,}-{size + 3:,} recommendations built together: {figures['together']:.2f} s "
            f"(CPU {figures['together_cpu']:.2f} s) vs one after another in one process (--jobs 1) "
            f"{figures['jobs1']:.2f} s = {ratio:.2f}x (target <= 0.6x: {'met' if ratio <= 0.6 else 'NOT met'}); vs "
            f"four separate commands {figures['separate']:.2f} s = {figures['together'] / figures['separate']:.2f}x; "
            f"output {'identical' if figures['identical'] else 'DIFFERENT'} either way"]


def report(results: list[Result], argv_sizes: str, repeat: int, seed: int, startup: float, code: str,
           together: dict[str, float] | None = None, parallel_size: int = 0) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Benchmark results", "",
             f"Run on {now} with `python bench/run.py --sizes {argv_sizes} --repeat {repeat} --seed {seed}`. "
             "Each build is cold (empty output folder, fresh process); check, build and floor times are the "
             "best of the repeats, taken in turns, and include Python start-up and imports (the floor's do "
             "not). CPU seconds (user + system) are less disturbed than wall seconds by other work on the machine. "
             "See bench/README.md for what each figure means.",
             "", f"Code measured: {code}.",
             "", "## Machine", "", *machine(), "", "## Figures", "", *table(results), "",
             f"Start-up (a fresh Python importing the generator, MkDocs and Material, no work): "
             f"{startup:.2f} s, included in every check and build time above.", "",
             "## Ratios and targets", "", *ratios(results), *parallel_lines(together, parallel_size), ""]
    failed = [r for r in results if r.error]
    if failed:
        lines += ["## Failures", ""]
        for r in failed:
            lines += [f"### N = {r.n}", "", "```", (r.error or "").strip(), "```", ""]
    sizes = "; ".join(
        f"N = {n:,}: " + ", ".join(f"{v:,} {k}" for k, v in counts(n).items()) for n in (r.n for r in results))
    lines += ["## Content", "", f"Entities generated per size: {sizes}; responses to about 80% of the "
              "recommendations, each with 1-4 progress updates; pages about and faq.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated numbers of recommendations")
    parser.add_argument("--repeat", type=int, default=1, help="cold builds per size; the best is reported")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the generated folders and sites")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-serve", action="store_true", help="skip the preview-server latency measurement")
    parser.add_argument("--browser", action="store_true",
                        help="also run bench/browser.py (search time and page weight in chromium) and report it")
    parser.add_argument("--parallel", type=int, default=250, metavar="N",
                        help="recommendations per assembly for the four-assembly parallel build (0 to skip)")
    parser.add_argument("--rev", default=None, metavar="COMMIT",
                        help="measure the generator and theme as committed at COMMIT (e.g. HEAD), unpacked into "
                             "a temporary folder, instead of the working tree")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, such as 100,1000,5000")
    if not sizes or min(sizes) < 1 or args.repeat < 1:
        parser.error("sizes and --repeat must be at least 1")

    code = snapshot(args.rev) if args.rev else REPO
    try:
        results = [measure(n, args.seed, args.repeat, args.keep, code, serve=not args.no_serve and n <= 1000)
                   for n in sizes]
        together = parallel(args.parallel, args.seed, code) if args.parallel else None
        if together:
            print(*parallel_lines(together, args.parallel), flush=True)
        text = report(results, args.sizes, args.repeat, args.seed, startup_seconds(code), describe_code(args.rev),
                      together, args.parallel)
        if args.browser:
            text += "\n" + browser_section(code)
    finally:
        if args.rev:
            shutil.rmtree(code, ignore_errors=True)
    print()
    print(text)
    if not args.no_write:
        args.results.write_text(text, encoding="utf-8")
        print(f"Wrote {args.results}")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
