"""`assembly serve`: a live preview on localhost that rebuilds when a content file is saved.

The preview folder is written by the same staged build as `assembly build`, so a save with
mistakes keeps the last good preview on screen and shows the errors above it in the browser.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import io
import json
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
.catch(function(){}).then(function(){setTimeout(poll,700)})}poll()})();</script>"""


class PreviewState:
    def __init__(self) -> None:
        self.build = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()


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
            if path.suffix == ".html" and path.is_file():
                html = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>")
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
                    time.sleep(0.15)  # let an editor finish writing (save = several events)
                    changed.clear()
                    rebuild(root, slug, out, state, drafts, as_of)
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            observer.stop()
            observer.join()
    return 0


__all__ = ["serve", "functools"]
