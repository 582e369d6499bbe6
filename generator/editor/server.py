"""The editor at /admin/ and its write API at /api/v1, answered by `assembly serve`.

Why Decap CMS (npm `decap-cms`, MIT, pinned in package.json, its one-file bundle vendored in
generator/editor/static/ so that pipx installs carry it): its `proxy` backend talks to a small
documented JSON API (the protocol of Decap's own `decap-server`: POST /api/v1 with an `action`
and `params`), which this module implements in Python, so the officer's computer needs no
Node.js, no account and no network. A browser test can drive it end to end. Sveltia CMS, the
lighter alternative, edits local files only through the browser's folder picker (which an
automated browser cannot drive) and fetches fonts and interface languages from other sites at
run time. Measured with decap-cms 3.16.3: the bundle is one 5.2 MB file (1.5 MB gzipped),
`npm install` of it (592 packages, scripts off) takes 30-40 s on the developer's machine only, and
the editor loads nothing from other sites (tests/browser/test_editor.py refuses and lists any such
request).

Safety: the API answers only POST requests whose Host is this preview (serve.allowed_hosts),
whose Origin is this preview, and which carry the token made when the preview started (put in
the editor's page, which other sites cannot read). Any other request gets 403, so no other web
page the officer visits can read or write files. It reads and writes only inside
content/<assembly>/ (and site_config.yml), through the project lock, each file replaced whole
(atomic). Saves keep everything the officer did not edit byte-identical (merge.py).

Paths: Decap names the files of a language `<id>.<language>.md`; the content format names the
default language's file `<id>.md`. The API maps between the two, so files land as the format
says, and a translation nobody wrote is never created.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

from generator.editor.config import editor_config
from generator.editor.merge import MergeFailed, merge_markdown, merge_yaml, split_front_matter
from generator.errors import UsageError
from generator.load.files import ENTITY_FOLDERS

STATIC = Path(__file__).parent / "static"
BUNDLE = "decap-cms.js"
SCRIPTS = ("wording.js", "entry-guard.js", "iso-date.js", "vote-counts.js", "alt-text.js", "commitment-picker.js",
           "editor-problems.js", "page-preview.js", "editor-access.js")
"""Our own scripts, loaded after Decap's bundle in this order (widgets, previews, fixes)."""
MAX_REQUEST_BYTES = 64 * 1024 * 1024

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>Edit {title}</title>
</head>
<body>
<noscript><p>The editor needs JavaScript. You can still edit the files in content/{title}/ with a text
editor.</p></noscript>
<script nonce="{nonce}">window.CMS_MANUAL_INIT = true;
try {{ if (!localStorage.getItem("cms.md-mode")) {{ localStorage.setItem("cms.md-mode", "raw"); }} }}
catch (e) {{}}</script>
<script src="/admin/{bundle}"></script>
{scripts}
<script nonce="{nonce}">{styles}assemblyPreview({previewed}, {api});
CMS.init({{config: {config}}});</script>
</body>
</html>
"""


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Editor:
    """The editor of one assembly in one preview."""

    def __init__(self, root: Path, slug: str, pages: Any = None) -> None:
        self.root = root.resolve()
        self.slug = slug
        self.pages = pages  # generator.serve.LivePages: the page of an unsaved change (previewEntry)
        self.content = (self.root / "content" / slug).resolve()
        self.token = secrets.token_urlsafe(32)
        config = editor_config(self.root, slug, f"/api/v1?token={self.token}")
        i18n = config.get("i18n")
        self.default_language: str | None = i18n["default_locale"] if i18n else None
        self.config = config

    # --- GET /admin/ ----------------------------------------------------------------------------

    def page(self) -> tuple[bytes, str]:
        """The editor's page and its Content-Security-Policy (nothing from other sites)."""
        nonce = secrets.token_urlsafe(16)
        config = json.dumps(self.config, ensure_ascii=True).replace("<", "\\u003c")
        body = PAGE.format(title=html.escape(self.slug), nonce=nonce, bundle=BUNDLE, config=config,
                           scripts="\n".join(f'<script src="/admin/{name}"></script>' for name in SCRIPTS),
                           styles=self.preview_styles(),
                           previewed=json.dumps([c["name"] for c in self.config["collections"] if "folder" in c
                                                 and c["folder"].split("/")[-1] in ENTITY_FOLDERS]),
                           api=json.dumps(self.config["backend"]["proxy_url"])).encode()
        policy = ("default-src 'none'; "
                  f"script-src 'self' 'nonce-{nonce}' 'unsafe-eval'; "
                  "style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; font-src 'self' data:; "
                  "connect-src 'self' blob:; media-src 'self' blob:; frame-src 'self' blob:; worker-src 'self' blob:; "
                  "base-uri 'self'; form-action 'none'; frame-ancestors 'none'")
        return body, policy

    def preview_styles(self) -> str:
        """The site's own stylesheets (Material's, ours, a project theme's) for the preview beside
        the form, served by the preview from the assembly's folder."""
        from generator.engine import theme_files
        from generator.themes import project_theme

        paths = [path for path, _source in theme_files(project_theme(self.root))
                 if path.startswith("assets/stylesheets/") and path.endswith(".css")]
        # Material's first, then ours and the project's, as the pages' layout orders them.
        sheets = [f"/{self.slug}/{path}" for path in sorted(paths, key=lambda path: not path.startswith(
            "assets/stylesheets/main."))]
        # The pages' text sits in Material's `.md-typeset`, which sets its size; the preview's does not.
        text = ".frame-content{font-size:.8rem;line-height:1.6;padding:0 1rem;max-width:40rem}"
        return "".join(f"CMS.registerPreviewStyle({json.dumps(sheet)});" for sheet in sheets) + \
            f"CMS.registerPreviewStyle({json.dumps(text)},{{raw:true}});"

    def picture(self, name: str) -> tuple[bytes, str] | None:
        """A picture in the assembly's images/, shown beside its description in the form (Decap's
        own thumbnail stays empty with this backend). Only plain file names of pictures."""
        import mimetypes
        from urllib.parse import unquote

        name = unquote(name)
        kind = mimetypes.guess_type(name)[0] or ""
        if not kind.startswith("image/") or "/" in name or "\\" in name or name.startswith("."):
            return None
        path = self.content / "images" / name
        if path.is_symlink() or not path.is_file():
            return None
        return path.read_bytes(), kind

    @staticmethod
    def script(name: str) -> bytes | None:
        """One of the editor's scripts: Decap's bundle or our own widgets."""
        if name not in (BUNDLE, *SCRIPTS):
            return None
        try:
            return (STATIC / name).read_bytes()
        except OSError:
            return None

    # --- POST /api/v1 ---------------------------------------------------------------------------

    def check(self, query: str, origin: str | None, host: str, fetch_site: str | None) -> None:
        """Refused (403) unless the request comes from the preview's own page with this session's token."""
        from urllib.parse import parse_qs

        token = (parse_qs(query).get("token") or [""])[0]
        if not secrets.compare_digest(token.encode(), self.token.encode()):
            raise Refused(403, "this request does not carry the editor's token: open the editor from "
                               "the address `assembly serve` printed")
        if origin != f"http://{host}":
            raise Refused(403, "this request does not come from the preview's own page")
        if fetch_site not in (None, "same-origin"):
            raise Refused(403, "this request does not come from the preview's own page")

    def answer(self, request: dict[str, Any]) -> Any:
        action = request.get("action")
        params = request.get("params") or {}
        if not isinstance(params, dict):
            raise Refused(422, "params must be an object")
        handler = getattr(self, f"_{action}", None) if isinstance(action, str) and action.isalpha() else None
        if handler is None:
            raise Refused(422, f"Unknown action {action}")
        return handler(params)

    def _info(self, params: dict[str, Any]) -> Any:
        return {"repo": self.slug, "publish_modes": ["simple"], "type": "local_fs"}

    def _entriesByFolder(self, params: dict[str, Any]) -> Any:  # noqa: N802 - Decap's action names
        folder = self._inside(str(params.get("folder", "")), folder=True)
        extension = str(params.get("extension") or "")
        if not folder.is_dir():
            return []
        names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.is_symlink()
                       and not p.name.startswith(".") and p.name.endswith(extension))
        shown = []
        for name in names:
            stem = name[: -len(".md")] if name.endswith(".md") else name
            if "." in stem and not self._i18n(folder):
                continue  # a translation file, when the assembly has one language
            shown.append(self._decap_path(folder / name))
        return [self._entry(path) for path in shown]

    def _entriesByFiles(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return [self._entry(str(f.get("path", "")), f.get("label")) for f in params.get("files") or []
                if isinstance(f, dict)]

    def _getEntry(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return self._entry(str(params.get("path", "")))

    def _persistEntry(self, params: dict[str, Any]) -> Any:  # noqa: N802
        from generator.lock import project_lock

        data_files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        writes: list[tuple[Path, bytes]] = []
        for data_file in data_files:
            if data_file.get("newPath") and data_file.get("newPath") != data_file.get("path"):
                raise Refused(422, "an entry's file name is its id, part of its page's address, and cannot change "
                                   "here: rename the file in content/ and update the links to it")
            target = self._inside(str(data_file.get("path", "")))
            raw = str(data_file.get("raw", ""))
            self._refuse_foreign_fields(target, raw)
            if target.exists():
                old = target.read_text(encoding="utf-8")
                where = self._where(target)
                try:
                    text = merge_yaml(old, raw, where) if target.suffix in (".yml", ".yaml") \
                        else merge_markdown(old, raw, where)
                except MergeFailed as problem:
                    raise Refused(422, str(problem)) from None
                if text == old:
                    continue
            else:
                if self._untranslated(target, raw):
                    continue
                text = raw if raw.endswith("\n") else raw + "\n"
            writes.append((target, text.encode("utf-8")))
        for asset in params.get("assets") or []:
            writes.append((self._inside(str(asset.get("path", ""))), _decode(asset)))
        with project_lock(self.root, wait=30):
            for target, data in writes:
                _write_atomic(target, data)
        if any(t.parent == self.content / "report" and t.suffix == ".md" for t, _ in writes):
            self._record_anchors()
        return {"message": "entry persisted"}

    def _record_anchors(self) -> None:
        """After a chapter of the report is saved here, its record of paragraph links
        (report/anchors.json) is brought up to date, as `assembly anchors` does: an officer using
        the form has no command line. Content with errors is left for the preview to report."""
        from generator.errors import ContentError
        from generator.pipeline import update_anchors

        try:
            update_anchors(self.root, [self.slug])
        except (ContentError, UsageError):
            pass

    def _refuse_foreign_fields(self, target: Path, raw: str) -> None:
        """Refused (409) when the editor sends fields the file's kind does not have and the file did
        not already hold: the form belongs to another entry (the editor can keep showing one entry
        after the address changes to another; static/entry-guard.js reloads the page then), and
        saving it here would corrupt this file."""
        model = self._model_of(target)
        if model is None:
            return
        yaml_file = target.suffix in (".yml", ".yaml")
        sent = _fields(raw if yaml_file else split_front_matter(raw)[0])
        try:
            old_text = target.read_text(encoding="utf-8") if target.is_file() else ""
        except (OSError, UnicodeDecodeError):
            old_text = ""
        held = _fields(old_text if yaml_file else split_front_matter(old_text)[0])
        allowed = {info.alias or name for name, info in model.model_fields.items()}
        foreign = sorted(str(key) for key in sent if key not in allowed and key not in held)
        if foreign:
            raise Refused(409, f"Not saved: the form holds fields that {self._where(target)} does not have "
                               f"({', '.join(foreign)}), so it may be showing another entry than the one named in "
                               "the address. Reload the page, open the entry from the list, and make the change "
                               "again.")

    def _model_of(self, target: Path) -> Any:
        from generator.model.records import ENTITY_MODELS, Assembly
        from generator.model.site import SiteConfig
        from generator.report.model import ChapterMeta, ReportMeta

        if target == self.root / "site_config.yml":
            return SiteConfig
        parts = target.relative_to(self.content).parts if target.is_relative_to(self.content) else ()
        if parts == ("assembly.yml",):
            return Assembly
        if len(parts) == 2 and parts[0] in ENTITY_MODELS and parts[1].endswith(".md"):
            return ENTITY_MODELS[parts[0]]
        if len(parts) == 2 and parts[0] == "report":
            return ReportMeta if parts[1] == "report.yml" else ChapterMeta if parts[1].endswith(".md") else None
        return None

    def _getMedia(self, params: dict[str, Any]) -> Any:  # noqa: N802
        folder = self._inside(str(params.get("mediaFolder", "")), folder=True)
        if not folder.is_dir():
            return []
        return [self._media(p) for p in sorted(folder.iterdir())
                if p.is_file() and not p.is_symlink() and not p.name.startswith(".")]

    def _getMediaFile(self, params: dict[str, Any]) -> Any:  # noqa: N802
        path = self._inside(str(params.get("path", "")))
        if not path.is_file():
            raise Refused(404, f"{self._where(path)} does not exist")
        return self._media(path)

    def _persistMedia(self, params: dict[str, Any]) -> Any:  # noqa: N802
        from generator.lock import project_lock

        asset = params.get("asset") or {}
        target = self._inside(str(asset.get("path", "")))
        with project_lock(self.root, wait=30):
            _write_atomic(target, _decode(asset))
        return self._media(target)

    def _deleteFile(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return self._deleteFiles({"paths": [params.get("path", "")]})

    def _deleteFiles(self, params: dict[str, Any]) -> Any:  # noqa: N802
        from generator.lock import project_lock

        targets = [self._inside(str(p)) for p in params.get("paths") or []]
        if any(t == self.root / "site_config.yml" or t == self.content / "assembly.yml" for t in targets):
            raise Refused(422, "site_config.yml and assembly.yml cannot be deleted from the editor")
        with project_lock(self.root, wait=30):
            for target in targets:
                if target.is_file():
                    target.unlink()
        return {"message": "deleted files"}

    def _getDeployPreview(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return None

    def _previewEntry(self, params: dict[str, Any]) -> Any:  # noqa: N802 - ours, not Decap's
        """The page of the entry being edited, as it would be published with the unsaved values
        (`data`: the form's fields and `body`), made by the build's own stages; or the problems
        that stop it, located in the file as it would be saved."""
        import yaml

        target = self._inside(str(params.get("path", "")))
        data = params.get("data")
        if not isinstance(data, dict):
            raise Refused(422, "data must be the entry's fields")
        page = self._page_of(target, data)
        if self.pages is None or page is None or not target.is_file():
            return {"page": None, "problems": [], "why": "new" if not target.is_file() else "none"}
        fields = {k: v for k, v in data.items() if k != "body"}
        front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
        old = target.read_text(encoding="utf-8")
        where = self._where(target)
        sent = front if target.suffix in (".yml", ".yaml") else f"---\n{front}---\n{data.get('body') or ''}"
        try:  # as it would be saved, so that problems point at the lines of the file
            text = merge_yaml(old, sent, where) if target.suffix in (".yml", ".yaml") else \
                merge_markdown(old, sent, where)
        except MergeFailed:
            text = sent  # the form as it stands (a save would say what stops it)
        made, problems = self.pages.draft(target, text, page)
        return {"page": page, "html": _for_the_preview(made, f"/{self.slug}/{page}") if made is not None else None,
                "problems": [p for p in problems if p["file"] == where or p["severity"] == "error"]}

    def _page_of(self, target: Path, data: dict[str, Any]) -> str | None:
        """The page (inside the assembly's folder) that shows the content file `target`."""
        from generator.plan.urls import url_for

        relative = target.relative_to(self.root).parts
        if relative == ("site_config.yml",) or relative[2:] == ("assembly.yml",):
            return url_for("home")
        if len(relative) != 4 or relative[:2] != ("content", self.slug) or target.suffix != ".md":
            return url_for("report") if len(relative) >= 3 and relative[2] == "report" else None
        folder, stem = relative[2], target.stem
        language = ""
        if "." in stem:
            stem, language = stem.split(".", 1)
            language = "" if language == self.default_language else language + "/"
        kind = {"sessions": "session", "speakers": "speaker", "evidence": "evidence", "recommendations":
                "recommendation", "updates": "update", "pages": "page"}.get(folder)
        if folder == "responses":
            kind, stem = "recommendation", str(data.get("recommendation") or stem)
        return language + url_for(kind, stem) if kind else None

    # --- paths ----------------------------------------------------------------------------------

    def _inside(self, path: str, folder: bool = False) -> Path:
        """The file (or folder) a path from the editor names, on disk; Refused (403) for anything
        outside content/<assembly>/ and site_config.yml."""
        from generator.serve import BadRequest, request_parts

        try:
            parts = request_parts("/" + path.lstrip("/"))
        except BadRequest as problem:
            raise Refused(403, f"{path}: {problem}") from None
        if parts == ("site_config.yml",):
            return self.root / "site_config.yml"
        if len(parts) < (2 if folder else 3) or parts[:2] != ("content", self.slug):
            raise Refused(403, f"{path}: the editor only changes files in content/{self.slug}/ and site_config.yml")
        target = self.content.joinpath(*parts[2:])
        target = self._disk_name(target)
        real = Path(os.path.realpath(target))
        if not (real == self.content or real.is_relative_to(self.content)) or any(
                p.is_symlink() for p in [target, *target.parents] if p.is_relative_to(self.content)):
            raise Refused(403, f"{path}: the editor does not follow symbolic links")
        return target

    def _i18n(self, folder: Path) -> bool:
        return bool(self.default_language) and folder.parent == self.content and folder.name in ENTITY_FOLDERS

    def _disk_name(self, target: Path) -> Path:
        """`<id>.<default language>.md` as Decap names it → `<id>.md` as the content format does."""
        suffix = f".{self.default_language}.md"
        if self.default_language and self._i18n(target.parent) and target.name.endswith(suffix):
            return target.with_name(target.name[: -len(suffix)] + ".md")
        return target

    def _decap_path(self, target: Path) -> str:
        relative = target.relative_to(self.root).as_posix()
        if self._i18n(target.parent) and target.suffix == ".md" and "." not in target.stem:
            return relative[: -len(".md")] + f".{self.default_language}.md"
        return relative

    def _untranslated(self, target: Path, raw: str) -> bool:
        """A new translation file with no text of its own: not written. The editor repeats some of
        the original's fields in it (the field that names the entry), so a field that says the
        same as the original's is not a translation."""
        if not self._i18n(target.parent) or "." not in target.stem:
            return False
        front, body = split_front_matter(raw)
        data = _fields(front)
        original = target.with_name(target.name.split(".", 1)[0] + ".md")
        try:
            given = _fields(split_front_matter(original.read_text(encoding="utf-8"))[0]) if original.is_file() else {}
        except (OSError, UnicodeDecodeError):
            given = {}
        written = any(v not in (None, "", [], {}) and v != given.get(k) for k, v in data.items())
        return not body.strip() and not written

    def _where(self, target: Path) -> str:
        return target.relative_to(self.root).as_posix()

    def _entry(self, path: str, label: Any = None) -> dict[str, Any]:
        target = self._inside(path)
        try:
            content = target.read_bytes() if target.is_file() else None
        except OSError:
            content = None
        digest = hashlib.sha256(content).hexdigest() if content is not None else None
        file = {"path": path, "label": label, "id": digest}
        return {"data": content.decode("utf-8") if content is not None else None, "file": file}

    def _media(self, path: Path) -> dict[str, Any]:
        data = path.read_bytes()
        return {"id": hashlib.sha256(data).hexdigest(), "content": base64.b64encode(data).decode("ascii"),
                "encoding": "base64", "path": self._where(path), "name": path.name}


_SCRIPT = re.compile(rb"<script\b.*?</script>", re.S | re.I)


def _for_the_preview(page: bytes, address: str) -> str:
    """A page shown inside the editor: its links and stylesheets resolve from the page's own
    address; its scripts are left out (the preview shows, it does not run)."""
    base = f'<base href="{html.escape(address.rsplit("/", 1)[0] + "/")}">'.encode()
    page = _SCRIPT.sub(b"", page)
    at = page.find(b"<head>")
    return (page[: at + 6] + base + page[at + 6:] if at >= 0 else base + page).decode("utf-8")


def _fields(front: str) -> dict[str, Any]:
    from generator.load.yaml_source import parse_yaml

    located, _ = parse_yaml(front, "translation")
    data = located.data if located is not None else None
    return data if isinstance(data, dict) else {}


def _decode(asset: dict[str, Any]) -> bytes:
    if asset.get("encoding") != "base64":
        raise Refused(422, "a file must be sent base64-encoded")
    try:
        return base64.b64decode(str(asset.get("content", "")), validate=True)
    except ValueError:
        raise Refused(422, "a file's content is not valid base64") from None


def _write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` whole: a reader (the preview) never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".editor-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
