"""`assembly serve`: a live preview on localhost that updates when a content file is saved.

The preview is the build: on a save the content is loaded, validated and planned again
(generator.pipeline's stages; parses and checks of unchanged files are kept in memory, so this
takes a fraction of a second even for a thousand recommendations), and each file the browser asks
for is made by the build's own render stage (generator.render.site) into memory. There is no
second way of making a page and no background build: the bytes served are the bytes
`assembly build` writes (the preview only adds its reload script to HTML pages). A save with
mistakes keeps the last good preview on screen and shows the errors in the browser.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import http.server
import io
import json
import mimetypes
import os
import re
import stat
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from generator.errors import UsageError, print_problems
from generator.render.csp import inline_hash

RELOAD_SCRIPT = b"""<script>(function(){var seen=null,shown=-1;
function say(p){return p.file+", line "+p.line+": "+p.message}
function poll(){fetch("/__status",{cache:"no-store"}).then(function(r){return r.json()}).then(function(s){
if(seen!==null&&s.build!==seen){location.reload();return}seen=s.build;if(s.checked===shown){return}shown=s.checked;
var box=document.getElementById("__preview_errors"),errors=s.problems.filter(function(p){return p.severity==="error"}),
saved=s.problems.filter(function(p){return p.severity!=="error"&&s.saved.indexOf(p.file)>=0}),text="";
if(errors.length){text="Not updated: fix these and save again\\n\\n"+errors.map(say).join("\\n")}
else if(saved.length){text="Updated. Check these in the file you saved:\\n\\n"+saved.map(say).join("\\n")}
if(!text){if(box){box.remove()}return}
if(!box){box=document.createElement("div");box.id="__preview_errors";document.body.appendChild(box)}
box.setAttribute("role",errors.length?"alert":"status");box.style.cssText="position:fixed;bottom:0;left:0;right:0;"+
"max-height:40vh;overflow:auto;background:#fff;color:#0b0c0c;border-top:5px solid "+(errors.length?"#d4351c":"#1d70b8")+
";padding:1em;font:16px/1.5 sans-serif;z-index:999;white-space:pre-wrap";box.textContent=text})
.catch(function(){}).then(function(){setTimeout(poll,250)})}poll()})();</script>"""

RELOAD_HASH = inline_hash(RELOAD_SCRIPT[len(b"<script>"):-len(b"</script>")].decode()).encode()
"""The pages' Content-Security-Policy (generator.render.csp) allows their inline scripts by hash:
the preview adds the hash of the script it adds, or browsers would not run it."""


class PreviewState:
    def __init__(self) -> None:
        self.build = 0
        self.errors: list[str] = []
        self.checked = 0  # how many times the content was read again after a save
        self.saved: list[str] = []  # the files whose save the last check followed (from the project's folder)
        self.problems: list[dict[str, Any]] = []  # every problem the last check found, located
        self.lock = threading.Lock()
        self.pages: Any = None
        self.editor: Any = None  # generator.editor.server.Editor: /admin/ and /api/v1


class LivePages:
    """The last good plan of one assembly, and each of its files made when first asked for."""

    def __init__(self, root: Path, slug: str, drafts: bool, as_of: dt.date | None) -> None:
        from generator.memo import Caches

        self.caches = Caches()  # parses, body checks and records of unchanged files are reused
        self.root, self.slug, self.drafts, self.as_of = root, slug, drafts, as_of
        self.lock = threading.Lock()
        self.outputs: dict[str, Any] = {}
        self.renderer: Any = None
        self.made: dict[str, bytes] = {}
        self.portal: dict[str, bytes | Path] | None = None
        self.site: Any = None
        self.layouts: list[Any] = []  # the engine's layouts, kept between saves
        self.untidy = False
        self.problems: list[dict[str, Any]] = []  # those of the last refresh, for the page and the editor
        self.draft_caches: Any = None  # the editor's previews of unsaved changes keep their own
        self.draft_lock = threading.Lock()  # one at a time: each reads the whole assembly

    def forget(self, saved: list[str]) -> None:
        """Read these files (from the project's folder) again at the next refresh, whatever their
        times say (a network drive may keep times to the second only)."""
        paths = {str(self.root / path) for path in saved}
        reads = self.caches.stores.get("reads", {})
        for key in [key for key in reads if key[1] in paths]:
            del reads[key]

    def _stages(self, caches: Any) -> tuple[Any, Any, Any]:
        """Load, validate and plan the assembly as the build does, keeping parses and records in
        `caches`: (the problems, the site, the plan); the plan is None when there are errors or
        nothing is published."""
        from generator.buildcache import today_for_build
        from generator.errors import Problems
        from generator.pipeline import load, plan, validate, warnings_in
        from generator.validate.corpus import Options

        options = Options(self.drafts, today_for_build(self.as_of, self.root))
        problems = Problems()
        raw = load(self.root, [self.slug], problems, caches)
        site = validate(raw, options, problems, caches)
        site_plan = None
        if site is not None and not problems.errors and site.assemblies:
            site_plan = plan(site, site.assemblies[0], raw.assemblies[0], options,
                             warnings_in(problems, self.slug), problems)
        return problems, site, site_plan

    def refresh(self) -> list[str]:
        """Load, validate and plan the content again; on success later files come from it.
        Returns the problems as printed lines (errors first), empty when there are none."""
        from generator.buildcache import cache_folder
        from generator.render.site import SiteRenderer

        problems, site, site_plan = self._stages(self.caches)
        stream = io.StringIO()
        print_problems(problems, stream)
        lines = [line for line in stream.getvalue().splitlines() if line]
        self.problems = located(problems, self.root)
        if site is None or problems.errors or not site.assemblies or site_plan is None:
            return lines or ["Nothing to preview: the assembly is not published (draft or publish_on)."]
        if len(self.layouts) > 8:
            self.layouts.clear()
        renderer = SiteRenderer(site_plan, cache_folder(self.root), self.layouts)
        with self.lock:
            self.outputs = {output.path: output for output in site_plan.outputs}
            self.renderer, self.made, self.portal, self.site = renderer, {}, None, site
        self.untidy = True
        print(stream.getvalue(), end="", file=sys.stderr)
        return []

    def draft(self, path: Path, text: str, page: str) -> tuple[bytes | None, list[dict[str, Any]]]:
        """The page `page` (inside the assembly's folder) as it would be with `text` saved in the
        content file `path`, made by the build's own stages, and the problems found; None for the
        page when there are errors, or when the site would not have that page."""
        from generator.buildcache import cache_folder
        from generator.load.files import unsaved
        from generator.memo import Caches
        from generator.render.site import SiteRenderer

        if self.draft_caches is None:
            self.draft_caches = Caches()
        with self.draft_lock, unsaved({path.resolve(): text.encode("utf-8")}):
            problems, _site, site_plan = self._stages(self.draft_caches)
        shown = located(problems, self.root)
        output = next((o for o in site_plan.outputs if o.path == page), None) if site_plan is not None else None
        if output is None:
            return None, shown
        made = SiteRenderer(site_plan, cache_folder(self.root), self.layouts).make(output)
        return (made.read_bytes() if isinstance(made, Path) else made), shown

    def tidy(self) -> None:
        """What is kept in memory between saves is many long-lived objects: take them out of the
        cyclic garbage collector's full sweeps, which otherwise cost more than an update. Done
        once the browser has had the updated page (a full sweep takes a fifth of a second)."""
        if self.untidy:
            self.untidy = False
            gc.collect()
            gc.freeze()

    def _portal(self) -> dict[str, bytes | Path]:
        """The root of the site (the list of assemblies), made when first asked for by the build's
        own code, from this assembly's published records."""
        from generator.pipeline import portal_files

        if self.portal is None:
            with tempfile.TemporaryDirectory(prefix="assembly-preview-") as temp:
                for output in self.outputs.values():
                    if output.kind in ("data", "sitemap"):
                        target = Path(temp) / self.slug / output.path
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(self.renderer.make(output))
                self.portal = portal_files(self.site, Path(temp))
        return self.portal

    def file(self, parts: tuple[str, ...]) -> bytes | None:
        """The bytes of the file at `parts` (folder and file names below the site), or None when
        the site has no such file."""
        with self.lock:
            if parts and parts[0] == self.slug:
                rel = "/".join(parts[1:])
                if rel not in self.made:
                    output = self.outputs.get(rel)
                    if output is None or self.renderer is None:
                        return None
                    data = self.renderer.make(output)
                    self.made[rel] = data.read_bytes() if isinstance(data, Path) else data
                return self.made[rel]
            if self.renderer is None:
                return None
            found = self._portal().get("/".join(parts))
            return found.read_bytes() if isinstance(found, Path) else found


# Requests the preview answers: a path no page of a site could have is refused with 400 before
# it reaches the file system.
MAX_PATH_CHARS = 2048
MAX_PATH_DEPTH = 32
MAX_NAME_CHARS = 255
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class BadRequest(ValueError):
    """A request the preview refuses; the message says why."""


def located(problems: Any, root: Path) -> list[dict[str, Any]]:
    """The problems as the preview's page and the editor show them: the file (from the project's
    folder, with / between names), line, column, "error" or "warning", and the message."""
    shown = []
    for problem in problems.sorted():
        where = Path(problem.location.path)
        if where.is_absolute():
            for base in (root, root.resolve()):
                if where.is_relative_to(base):
                    where = where.relative_to(base)
                    break
        shown.append({"file": where.as_posix(), "line": problem.location.line, "column": problem.location.column,
                      "severity": problem.severity.value, "message": problem.message})
    return shown


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

        def do_POST(self) -> None:
            if state.editor is None or not self.path.startswith("/api/v1"):
                self.send_error(405, "Method Not Allowed")
                return
            from generator.editor.web import answer_post

            answer_post(self, state.editor)

        def _get(self) -> None:
            if state.editor is not None and self.path.split("?", 1)[0].startswith(("/admin", "/api/")):
                from generator.editor.web import answer_get

                answer_get(self, state.editor)
                return
            if self.path.startswith("/__status"):
                with state.lock:
                    body = json.dumps({"build": state.build, "errors": state.errors, "checked": state.checked,
                                       "saved": state.saved, "problems": state.problems}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
                return
            if state.pages is not None:
                self._live()
                return
            translated = self.translate_path(self.path)
            if not translated:
                self.send_error(404, "Not Found")
                return
            path = Path(translated)
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                self._send(path.read_bytes(), path.name)
                return
            super().do_GET()

        def _live(self) -> None:
            """The file made by the build's render stage (generator.render.site), from memory."""
            parts = request_parts(self.path)
            if not parts or self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                parts = (*parts, "index.html")
            data = state.pages.file(parts)
            if data is None:
                missing = state.pages.file((parts[0], "404.html")) if len(parts) > 1 else None
                if missing is None:
                    self.send_error(404, "Not Found")
                else:  # the assembly's own page for an address it does not have, as a host serves it
                    self._send(missing, "404.html", status=404)
                return
            self._send(data, parts[-1])

        def _send(self, data: bytes, name: str, status: int = 200) -> None:
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            if kind == "text/html":
                data = data.replace(b"</body>", RELOAD_SCRIPT + b"</body>")
                data = data.replace(b"script-src 'self'", b"script-src 'self' " + RELOAD_HASH, 1)
            if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
                kind += "; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


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
        return bool(self.changed(event))

    def changed(self, event: Any) -> list[str]:
        """The project's source files an event changed, from the project's folder ("" for a folder)."""
        if event.event_type not in ("created", "modified", "deleted", "moved"):
            return []
        if event.is_directory and event.event_type == "modified":
            return []  # a folder's listing changes with every file saved in it: the file's own event counts
        paths = [event.src_path] + ([event.dest_path] if event.event_type == "moved" else [])
        return ["" if event.is_directory else "/".join(self._parts(os.fsdecode(path)))
                for path in paths if self.matters(path)]


def serve(root: Path, slug: str, port: int, drafts: bool = False, as_of: dt.date | None = None,
          editor: bool = True) -> int:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    if not (root / "content" / slug).is_dir():
        raise UsageError(f"no assembly called {slug} in content/")
    state = PreviewState()
    pages = LivePages(root, slug, drafts, as_of)
    errors = pages.refresh()
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    state.pages, state.problems = pages, pages.problems
    if editor:
        from generator.editor.server import Editor

        state.editor = Editor(root, slug, pages)
    with tempfile.TemporaryDirectory(prefix="assembly-preview-") as out:
        changed = threading.Event()
        pending: set[str] = set()

        sources = SourceChanges(root, slug)

        class OnSave(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                paths = sources.changed(event)
                if paths:
                    with state.lock:
                        pending.update(path for path in paths if path)
                    changed.set()

        observer = Observer()
        observer.schedule(OnSave(), str(root / "content"), recursive=True)
        if (root / "theme").is_dir():
            observer.schedule(OnSave(), str(root / "theme"), recursive=True)
        observer.schedule(OnSave(), str(root), recursive=False)  # site_config.yml
        observer.start()
        try:
            server = make_server(Path(out), state, port)  # an empty folder: every file comes from `pages`
        except OSError:
            observer.stop()
            raise UsageError(f"port {port} is already in use on this computer (perhaps another preview is "
                             f"running): stop it, or choose another port with --port {port + 1}") from None
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"Previewing {slug} at http://127.0.0.1:{server.server_address[1]}/{slug}/index.html "
              "— save a file to update it; press Ctrl+C to stop.", file=sys.stderr)
        if state.editor is not None:
            print(f"Edit it in your browser at http://127.0.0.1:{server.server_address[1]}/admin/", file=sys.stderr)
        started = time.perf_counter()
        try:
            while True:
                if not changed.wait(timeout=0.5):
                    if time.perf_counter() - started > 2.0:  # the browser has had the page by now
                        pages.tidy()
                else:
                    time.sleep(0.08)  # let an editor finish writing (save = several events)
                    changed.clear()
                    started = time.perf_counter()
                    with state.lock:  # a program's temporary files, gone by now, are not what was saved
                        saved = sorted(p for p in pending if (root / p).exists() or p.endswith((".md", ".yml")))
                        pending.clear()
                    pages.forget(saved)
                    errors = pages.refresh()
                    with state.lock:
                        state.errors, state.problems, state.saved = errors, pages.problems, saved
                        state.checked += 1
                        if not errors:
                            state.build += 1
                    if errors:
                        print("\n".join(errors), file=sys.stderr)
                    else:
                        print(f"Updated in {time.perf_counter() - started:.2f} s.", file=sys.stderr)
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            observer.stop()
            observer.join()
    return 0


__all__ = ["serve", "functools"]
