"""`assembly serve`: a live preview on localhost that updates when a content file is saved.

On a save the content is read and checked again (parses and checks of unchanged files are kept
in memory, so this takes a fraction of a second even for a thousand recommendations); the browser
reloads, and each page it asks for is rendered on request from the new content, through the same
renderer and engine as `assembly build`, so it is the page a build would write. Meanwhile a full
build runs in another process and refreshes everything else (search index, pictures, open data).
A save with mistakes keeps the last good preview on screen and shows the errors in the browser.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import http.server
import io
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from generator.errors import ContentError, UsageError, print_problems

RELOAD_SCRIPT = b"""<script>(function(){var seen=null;function poll(){fetch("/__status",{cache:"no-store"})
.then(function(r){return r.json()}).then(function(s){if(seen!==null&&s.build!==seen){location.reload();return}
seen=s.build;var box=document.getElementById("__preview_errors");
if(s.errors.length){if(!box){box=document.createElement("div");
box.id="__preview_errors";box.setAttribute("role","alert");box.style.cssText="position:fixed;bottom:0;left:0;right:0;"+
"max-height:40vh;overflow:auto;background:#fff;color:#0b0c0c;border-top:5px solid #d4351c;padding:1em;"+
"font:14px/1.5 monospace;z-index:999;white-space:pre-wrap";document.body.appendChild(box)}
box.textContent="Not updated: fix these and save again\\n\\n"+s.errors.join("\\n")}else if(box){box.remove()}})
.catch(function(){}).then(function(){setTimeout(poll,250)})}poll()})();</script>"""


class PreviewState:
    def __init__(self) -> None:
        self.build = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.pages: Any = None


class LivePages:
    """The last good content of one assembly, and each of its pages rendered when first asked for."""

    def __init__(self, root: Path, slug: str, drafts: bool, as_of: dt.date | None) -> None:
        from generator.memo import remember

        remember()  # parses, body checks and records of unchanged files are reused
        self.root, self.slug, self.drafts, self.as_of = root, slug, drafts, as_of
        self.lock = threading.Lock()
        self.versions: list[Any] = []
        self.rendered: dict[str, bytes] = {}
        self.engines: dict[str, Any] = {}

    def refresh(self) -> list[str]:
        """Read and check the content again; on success later pages come from it. Returns the
        problems as printed lines (errors first), empty when there are none."""
        from generator.buildcache import today_for_build
        from generator.pipeline import language_versions, load_and_validate, warnings_in
        from generator.validate.corpus import Options

        as_of = today_for_build(self.as_of, self.root)
        site, _raws, problems = load_and_validate(self.root, [self.slug], Options(self.drafts, as_of))
        stream = io.StringIO()
        print_problems(problems, stream)
        lines = [line for line in stream.getvalue().splitlines() if line]
        if site is None or problems.errors or not site.assemblies:
            return lines or ["Nothing to preview: the assembly is not published (draft or publish_on)."]
        versions = language_versions(site, site.assemblies[0], warnings=warnings_in(problems, self.slug), as_of=as_of)
        with self.lock:
            # A language's MkDocs stays ready while its layout (names, navigation, footer) is unchanged.
            kept = {v.folder: self.engines.pop(v.folder) for v in versions
                    if v.folder in self.engines and self.engines[v.folder].site == v.engine}
            for engine in self.engines.values():
                engine.close()
            self.versions = versions
            self.rendered = {}
            self.engines = kept
        # What is kept in memory between saves is many long-lived objects: take them out of the
        # cyclic garbage collector's full sweeps, which otherwise cost more than an update.
        gc.collect()
        gc.freeze()
        print(stream.getvalue(), end="", file=sys.stderr)
        return []

    def page(self, path: str) -> bytes | None:
        """The HTML of `path` (relative to the assembly folder, "cy/..." for another language),
        or None if it is not a page of the plan (the build's file is served instead)."""
        from generator.engine import PageEngine
        from generator.pipeline import render_version

        with self.lock:
            if not self.versions:
                return None
            if path in self.rendered:
                return self.rendered[path]
            version = next((v for v in self.versions[1:] if path.startswith(v.folder)), self.versions[0])
            rel = path[len(version.folder):]
            plan = next((p for p in version.plans if p.path == rel), None)
            if plan is None:
                return None
            engine = self.engines.get(version.folder)
            if engine is None:
                engine = self.engines[version.folder] = PageEngine(version.engine)
            html = engine.render(render_version(self.versions, version, [plan])[0])
            self.rendered[path] = html
            return html


def _handler(directory: Path, state: PreviewState) -> Any:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(directory), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet preview
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/__status"):
                with state.lock:
                    body = json.dumps({"build": state.build, "errors": state.errors}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            live = None
            if path.suffix == ".html" and state.pages is not None and path.is_relative_to(directory / state.pages.slug):
                live = state.pages.page(path.relative_to(directory / state.pages.slug).as_posix())
            if live is not None or (path.suffix == ".html" and path.is_file()):
                html = (live if live is not None else path.read_bytes()).replace(b"</body>", RELOAD_SCRIPT + b"</body>")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(html)))
                self.end_headers()
                self.wfile.write(html)
                return
            super().do_GET()

    return Handler


def rebuild(root: Path, slug: str, out: Path, state: PreviewState, drafts: bool,
            as_of: dt.date | None = None) -> None:
    from generator.pipeline import build
    from generator.validate.corpus import Options

    try:
        report = build(root, out, [slug], Options(drafts=drafts, as_of=as_of))
    except ContentError as exc:
        stream = io.StringIO()
        print_problems(exc.problems, stream)
        lines = [line for line in stream.getvalue().splitlines() if line]
        print("\n".join(lines), file=sys.stderr)
        with state.lock:
            state.errors = lines
        return
    print_problems(report.problems)
    print(f"Rebuilt in {report.seconds:.1f} s.", file=sys.stderr)
    with state.lock:
        state.errors = []
        state.build += 1


class FullBuilds:
    """Full builds of the preview folder in another process, one at a time, the latest wins."""

    def __init__(self, root: Path, slug: str, out: Path, drafts: bool, as_of: dt.date | None) -> None:
        self.command = [sys.executable, "-m", "generator", "--root", str(root), "build", slug, "--out", str(out)]
        self.command += ["--drafts"] if drafts else []
        self.command += ["--as-of", as_of.isoformat()] if as_of else []
        self.wanted = threading.Event()
        self.stopping = False
        self.process: subprocess.Popen[bytes] | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def request(self) -> None:
        self.wanted.set()

    def _run(self) -> None:
        while not self.stopping:
            if not self.wanted.wait(timeout=0.5):
                continue
            self.wanted.clear()
            # Let the pages the browser asks for first render without competing for the processor.
            time.sleep(1.5)
            if self.wanted.is_set() or self.stopping:
                continue
            self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.process.wait()

    def stop(self) -> None:
        self.stopping = True
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


def serve(root: Path, slug: str, port: int, drafts: bool = False, as_of: dt.date | None = None) -> int:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    if not (root / "content" / slug).is_dir():
        raise UsageError(f"no assembly called {slug} in content/")
    state = PreviewState()
    with tempfile.TemporaryDirectory(prefix="assembly-preview-") as temp:
        out = Path(temp) / "site"
        rebuild(root, slug, out, state, drafts, as_of)
        if not out.exists():
            return 1
        changed = threading.Event()

        class OnSave(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type in ("created", "modified", "deleted", "moved"):
                    changed.set()

        pages = LivePages(root, slug, drafts, as_of)
        pages.refresh()
        state.pages = pages
        background = FullBuilds(root, slug, out, drafts, as_of)
        observer = Observer()
        observer.schedule(OnSave(), str(root / "content" / slug), recursive=True)
        observer.schedule(OnSave(), str(root), recursive=False)
        observer.start()
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(out, state))
        except OSError:
            observer.stop()
            raise UsageError(f"port {port} is already in use on this computer (perhaps another preview is "
                             f"running): stop it, or choose another port with --port {port + 1}") from None
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"Previewing {slug} at http://127.0.0.1:{server.server_address[1]}/{slug}/index.html "
              "— save a file to update it; press Ctrl+C to stop.", file=sys.stderr)
        try:
            while True:
                if changed.wait(timeout=0.5):
                    time.sleep(0.08)  # let an editor finish writing (save = several events)
                    changed.clear()
                    started = time.perf_counter()
                    errors = pages.refresh()
                    with state.lock:
                        state.errors = errors
                        if not errors:
                            state.build += 1
                    if errors:
                        print("\n".join(errors), file=sys.stderr)
                    else:
                        print(f"Updated in {time.perf_counter() - started:.2f} s.", file=sys.stderr)
                        background.request()
        except KeyboardInterrupt:
            pass
        finally:
            background.stop()
            server.shutdown()
            observer.stop()
            observer.join()
    return 0


__all__ = ["serve", "functools"]
