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
import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
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


# Requests the preview answers: a path no page of a site could have is refused with 400 before
# it reaches the file system.
MAX_PATH_CHARS = 2048
MAX_PATH_DEPTH = 32
MAX_NAME_CHARS = 255
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class BadRequest(ValueError):
    """A request the preview refuses; the message says why."""


def request_parts(target: str) -> tuple[str, ...]:
    """The folder and file names a request's path asks for, decoded; BadRequest for a path that is
    malformed (control characters, invalid percent-encoding, backslashes), too long or too deep,
    or that tries to leave the site with '..'."""
    if len(target) > MAX_PATH_CHARS:
        raise BadRequest(f"the path is longer than {MAX_PATH_CHARS} characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in target):
        raise BadRequest("a control character in the path")
    if not target.startswith("/"):
        raise BadRequest("the path must start with /")
    path = target.split("?", 1)[0].split("#", 1)[0]
    if _BAD_PERCENT.search(path):
        raise BadRequest("invalid percent-encoding in the path")
    try:
        decoded = urllib.parse.unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the path is not UTF-8") from None
    if any(ord(c) < 32 or ord(c) == 127 for c in decoded):
        raise BadRequest("a control character in the path")
    if "\\" in decoded:
        raise BadRequest("a backslash in the path")
    parts = tuple(part for part in decoded.split("/") if part)
    if any(part in (".", "..") for part in parts):
        raise BadRequest("'.' or '..' in the path")
    if len(parts) > MAX_PATH_DEPTH:
        raise BadRequest(f"the path is more than {MAX_PATH_DEPTH} folders deep")
    if any(len(part.encode()) > MAX_NAME_CHARS for part in parts):
        raise BadRequest(f"a name in the path is longer than {MAX_NAME_CHARS} bytes")
    return parts


def allowed_hosts(port: int) -> set[str]:
    """The Host headers of a request made to this preview from this computer. Anything else is a
    web page that got its own name pointed at 127.0.0.1 (DNS rebinding) and must read nothing."""
    names = {"127.0.0.1", "localhost", "[::1]"}
    hosts = {f"{name}:{port}" for name in names}
    return hosts | names if port == 80 else hosts


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line, never a traceback: a browser that goes away mid-answer is no news."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        print(f"The preview could not answer a request ({type(error).__name__}: {error}).", file=sys.stderr)


def make_server(directory: Path, state: PreviewState, port: int) -> PreviewServer:
    """The preview's web server on 127.0.0.1 (port 0: any free port), serving `directory`."""
    server = PreviewServer(("127.0.0.1", port), _handler(directory, state))
    server.RequestHandlerClass.hosts = allowed_hosts(server.server_address[1])  # type: ignore[attr-defined]
    return server


def _handler(directory: Path, state: PreviewState) -> Any:
    site = directory.resolve()

    class Handler(http.server.SimpleHTTPRequestHandler):
        hosts: set[str] = set()
        timeout = 60

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(directory), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet preview
            pass

        def parse_request(self) -> bool:
            if not super().parse_request():
                return False
            host = (self.headers.get("Host") or "").strip().lower()
            if host not in self.hosts:
                self.send_error(400, "Bad Request: this preview only answers requests to "
                                     f"127.0.0.1:{self.server.server_address[1]} from this computer")  # type: ignore[index]
                return False
            try:
                request_parts(self.path)
            except BadRequest as problem:
                self.send_error(400, f"Bad Request: {problem}")
                return False
            return True

        def translate_path(self, path: str) -> str:
            """The file a checked path names inside the site; "" (never found) for any other."""
            try:
                parts = request_parts(path)
            except BadRequest:
                return ""
            found = os.path.join(str(directory), *parts)
            try:
                if not Path(found).resolve().is_relative_to(site):
                    return ""
            except (OSError, ValueError, RuntimeError):
                return ""
            return found + ("/" if path.split("?", 1)[0].split("#", 1)[0].endswith("/") else "")

        def do_GET(self) -> None:
            try:
                self._get()
            except (OSError, ValueError) as error:
                if isinstance(error, ConnectionError):
                    raise
                self.send_error(404, "Not Found")

        def do_HEAD(self) -> None:
            try:
                super().do_HEAD()
            except (OSError, ValueError) as error:
                if isinstance(error, ConnectionError):
                    raise
                self.send_error(404, "Not Found")

        def _get(self) -> None:
            if self.path.startswith("/__status"):
                with state.lock:
                    body = json.dumps({"build": state.build, "errors": state.errors}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
                return
            translated = self.translate_path(self.path)
            if not translated:
                self.send_error(404, "Not Found")
                return
            path = Path(translated)
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


class SourceChanges:
    """Which changed files are the project's source, so that saving one updates the preview:
    content/<assembly>/ and shared folders such as content/_shared/, site_config.yml and theme/.
    Nothing else: not the built site, caches, version control, hidden or editor backup files,
    and never the file this preview's own messages are written to (`assembly serve x > log.txt`
    would otherwise update the preview again each time it says it has updated)."""

    def __init__(self, root: Path, slug: str, outputs: tuple[int, ...] = (1, 2)) -> None:
        self.roots = {root, root.absolute(), root.resolve()}
        self.slug = slug
        self.own_files: set[tuple[int, int]] = set()
        self.own_paths: set[str] = set()
        for fd in outputs:
            try:
                info = os.fstat(fd)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                self.own_files.add((info.st_dev, info.st_ino))
                try:
                    self.own_paths.add(os.path.realpath(f"/proc/self/fd/{fd}"))
                except OSError:
                    pass

    def matters(self, path: str | bytes) -> bool:
        name = os.fsdecode(path)
        parts = self._parts(name)
        if not parts or any(p.startswith((".", "#")) or p.endswith(("~", ".swp", ".swx")) for p in parts):
            return False
        if not (parts == ("site_config.yml",) or parts[0] == "theme"
                or (parts[0] == "content" and len(parts) > 1 and (parts[1] == self.slug or parts[1].startswith("_")))):
            return False
        return not self._own(name)

    def _parts(self, name: str) -> tuple[str, ...]:
        path = Path(name)
        for root in self.roots:
            if path.is_relative_to(root):
                return path.relative_to(root).parts
        return ()

    def _own(self, name: str) -> bool:
        if not self.own_files:
            return False
        if os.path.realpath(name) in self.own_paths:
            return True
        try:
            info = os.stat(name)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) in self.own_files

    def event_matters(self, event: Any) -> bool:
        if event.event_type not in ("created", "modified", "deleted", "moved"):
            return False
        if event.is_directory and event.event_type == "modified":
            return False  # a folder's listing changes with every file saved in it: the file's own event counts
        paths = [event.src_path] + ([event.dest_path] if event.event_type == "moved" else [])
        return any(self.matters(path) for path in paths)


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

        sources = SourceChanges(root, slug)

        class OnSave(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if sources.event_matters(event):
                    changed.set()

        pages = LivePages(root, slug, drafts, as_of)
        pages.refresh()
        state.pages = pages
        background = FullBuilds(root, slug, out, drafts, as_of)
        observer = Observer()
        observer.schedule(OnSave(), str(root / "content"), recursive=True)
        if (root / "theme").is_dir():
            observer.schedule(OnSave(), str(root / "theme"), recursive=True)
        observer.schedule(OnSave(), str(root), recursive=False)  # site_config.yml
        observer.start()
        try:
            server = make_server(out, state, port)
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
