"""The HTTP side of the editor: the preview's request handler (generator.serve) hands /admin/ and
/api/v1 requests here."""

from __future__ import annotations

import json
from typing import Any

from generator.editor.server import MAX_REQUEST_BYTES, Editor, Refused
from generator.errors import UsageError


def _send(handler: Any, status: int, body: bytes, kind: str, policy: str | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Cache-Control", "no-store")
    handler.send_header("X-Content-Type-Options", "nosniff")
    handler.send_header("Referrer-Policy", "no-referrer")
    if policy:
        handler.send_header("Content-Security-Policy", policy)
        handler.send_header("X-Frame-Options", "DENY")
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def _json(handler: Any, status: int, value: Any) -> None:
    _send(handler, status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")


def answer_get(handler: Any, editor: Editor) -> None:
    path = handler.path.split("?", 1)[0]
    if path == "/admin":
        handler.send_response(301)
        handler.send_header("Location", "/admin/")
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    elif path in ("/admin/", "/admin/index.html"):
        body, policy = editor.page()
        _send(handler, 200, body, "text/html; charset=utf-8", policy)
    elif path.startswith("/admin/pictures/") and path.count("/") == 3:
        picture = editor.picture(path.rsplit("/", 1)[1])
        if picture is None:
            handler.send_error(404, "Not Found")
            return
        _send(handler, 200, picture[0], picture[1])
    elif path.startswith("/admin/") and path.count("/") == 2 and path.endswith(".js"):
        bundle = editor.script(path.rsplit("/", 1)[1])
        if bundle is None:
            handler.send_error(404, "Not Found: the editor's files are missing from this installation")
            return
        _send(handler, 200, bundle, "text/javascript; charset=utf-8")
    else:
        handler.send_error(404, "Not Found")


def answer_post(handler: Any, editor: Editor) -> None:
    path, _, query = handler.path.partition("?")
    try:
        if path != "/api/v1":
            raise Refused(404, "Not Found")
        editor.check(query, handler.headers.get("Origin"), (handler.headers.get("Host") or "").strip().lower(),
                     handler.headers.get("Sec-Fetch-Site"))
        if (handler.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
            raise Refused(415, "the editor's API takes JSON")
        try:
            length = int(handler.headers.get("Content-Length") or "0")
        except ValueError:
            raise Refused(400, "Content-Length is not a number") from None
        if length <= 0 or length > MAX_REQUEST_BYTES:
            raise Refused(413, f"a request must hold between 1 byte and {MAX_REQUEST_BYTES // (1024 * 1024)} MB")
        try:
            request = json.loads(handler.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            raise Refused(400, "the request is not JSON") from None
        if not isinstance(request, dict):
            raise Refused(400, "the request is not a JSON object")
        _json(handler, 200, editor.answer(request))
    except Refused as refused:
        _json(handler, refused.status, {"error": str(refused)})
    except UsageError as busy:
        _json(handler, 503, {"error": str(busy)})
    except OSError as error:
        if isinstance(error, ConnectionError):
            raise
        _json(handler, 500, {"error": f"the file could not be read or written ({error.strerror or error})"})
