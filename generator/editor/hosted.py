"""The browser editor published with the site, saving to the project's Git repository.

`assembly build --editor` (or `editor: publish: yes` in site_config.yml) adds, for each assembly,
the folder `<assembly>/admin/`: the same Decap CMS editor that `assembly serve` offers, with its
backend changed from the preview's local `proxy` to `github` or `gitlab` (the `editor:` block,
generator.model.site.EditorSettings). Each save is then a commit to the repository, which the
pipeline of `assembly new --ci` checks and builds.

Why these choices:

- The files are outputs of the site plan like any other (kind "editor", generator.plan.site), so
  the one writer writes them, collisions with a page are refused before anything is written, and
  everything that lists the site's pages (sitemap.xml, sitemap.html, the search index, the feeds,
  the open data) never sees them: those are made from the pages, not from the folder. What is
  made from the folder excludes `admin/` by name (EDITOR_FOLDER): robots.txt disallows it, the
  preservation package (BagIt) leaves it out, and the WARC crawl skips it; a package is built
  without the editor in the first place.
- No inline script: the configuration is `config.yml`, which Decap reads beside its page by
  default, and the two small scripts of ours (editor-setup.js before the bundle, editor-start.js
  after the widgets) are files. So the page's Content-Security-Policy allows scripts from 'self'
  only ('unsafe-eval' as well, which Decap's bundle needs, as measured for `assembly serve` in
  generator.editor.server), and connections to 'self', the Git host's API and the sign-in
  service, nothing else. The policy is a <meta> tag because a static site cannot count on its
  web server's headers; docs/editor.md gives the same policy for a server that sets headers
  (frame-ancestors works only there).
- Decap 3.16 names every language's file `<id>.<language>.md` on a Git host (it has no setting to
  leave the default language out of the name; that is Sveltia CMS's
  `omit_default_locale_from_filename`), while the content format names the default language's
  file `<id>.md`. Locally the preview's API maps the names (generator.editor.server); on a Git host
  there is no server of ours, so editor-start.js wraps the GitHub and GitLab backends in the
  browser with the same mapping, and leaves out a translation nobody wrote.
- The Git host receives the file as Decap writes it: the merge that keeps untouched lines
  byte-identical (generator.editor.merge) runs in the preview's Python, not in the browser, so a
  comment in a file edited on the hosted editor may be lost. docs/editor.md says so.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.editor.config import editor_config
from generator.editor.server import BUNDLE, ENTITY_FOLDERS, SCRIPTS, STATIC
from generator.model.site import EditorSettings, GitHost
from generator.plan.site import EDITOR_FOLDER

__all__ = ["EDITOR_FOLDER", "editor_files", "hosted_config", "page", "config_file", "policy"]
SETUP, START = "editor-setup.js", "editor-start.js"
"""Ours: the first sets Decap up before its bundle runs, the second starts it after the widgets."""
PREVIEW_ONLY = ("editor-problems.js", "page-preview.js")
"""Scripts of the preview's editor that talk to `assembly serve` (its /__status): on a hosted site
the pipeline reports the problems instead."""
HOSTED_SCRIPTS = tuple(name for name in SCRIPTS if name not in PREVIEW_ONLY)

API = {GitHost.GITHUB: "https://api.github.com", GitHost.GITLAB: "https://gitlab.com/api/v4"}
AVATARS = {GitHost.GITHUB: ("https://avatars.githubusercontent.com",), GitHost.GITLAB: ("https://gitlab.com",)}
"""Where the signed-in person's picture, shown at the top of the editor, comes from."""
STATUS = {GitHost.GITHUB: "https://www.githubstatus.com"}
"""Decap asks github.com's status page whether GitHub is working (a failed answer only logs a warning)."""
SIGN_IN = {GitHost.GITHUB: "https://api.netlify.com", GitHost.GITLAB: "https://gitlab.com"}
"""Decap's own defaults for base_url."""


def editor_files() -> list[str]:
    """The files of the editor's folder, in the order they are planned."""
    return ["index.html", "config.yml", SETUP, BUNDLE, *HOSTED_SCRIPTS, START]


def hosted_config(root: Path, slug: str, settings: EditorSettings, site_url: str | None) -> dict[str, Any]:
    """Decap's configuration for the assembly `slug`: the preview's (generator.editor.config), saving
    to the Git repository of `settings` instead of this computer."""
    config = editor_config(root, slug)
    backend: dict[str, Any] = {"name": settings.backend.value, "repo": settings.repo, "branch": settings.branch}
    if settings.api_root:
        backend["api_root"] = settings.api_root.rstrip("/")
    if settings.base_url:
        backend["base_url"] = settings.base_url.rstrip("/")
    if settings.auth_endpoint:
        backend["auth_endpoint"] = settings.auth_endpoint
    if settings.app_id:
        backend["auth_type"] = "pkce"
        backend["app_id"] = settings.app_id
    backend["commit_messages"] = {
        "create": "Add {{collection}} “{{slug}}” (editor)",
        "update": "Update {{collection}} “{{slug}}” (editor)",
        "delete": "Delete {{collection}} “{{slug}}” (editor)",
        "uploadMedia": "Upload “{{path}}” (editor)",
        "deleteMedia": "Delete “{{path}}” (editor)",
    }
    config["backend"] = backend
    config.pop("load_config_file", None)
    if settings.review:
        config["publish_mode"] = "editorial_workflow"
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    else:
        config.pop("site_url", None)
        config.pop("display_url", None)
    if settings.folder:
        _in_folder(config, settings.folder)
    if config.get("i18n"):
        _same_in_every_language(config)
    return config


def _same_in_every_language(config: dict[str, Any]) -> None:
    """The fields of an entry that no translation changes (a response's position, a date) written
    into each language's file as the default language has them (Decap's `i18n: duplicate`).
    Otherwise Decap writes each language's file with the value it had, and a changed position would
    leave the Welsh file saying the old one, which the build refuses."""
    for collection in config["collections"]:
        if not collection.get("i18n"):
            continue
        for field in collection.get("fields", []):
            if "i18n" not in field and field.get("widget") != "hidden":
                field["i18n"] = "duplicate"


def _in_folder(value: Any, folder: str) -> None:
    """Every path of the configuration, relative to the repository's top, moved into `folder`."""
    if isinstance(value, list):
        for item in value:
            _in_folder(item, folder)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("folder", "file", "media_folder") and isinstance(item, str):
                value[key] = ("/" if item.startswith("/") else "") + f"{folder}/{item.lstrip('/')}"
            else:
                _in_folder(item, folder)


def origin(address: str) -> str:
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}"


def connections(settings: EditorSettings) -> list[str]:
    """The other sites the editor's page may connect to: the Git host's API and the sign-in service."""
    api = origin(settings.api_root) if settings.api_root else origin(API[settings.backend])
    found = [api]
    if settings.backend is GitHost.GITLAB:
        found.append(origin(settings.base_url) if settings.base_url else SIGN_IN[GitHost.GITLAB])
    elif settings.base_url:
        found.append(origin(settings.base_url))
    if not settings.api_root and settings.backend in STATUS:
        found.append(STATUS[settings.backend])
    return list(dict.fromkeys(found))


def pictures(settings: EditorSettings) -> list[str]:
    """Where the signed-in person's picture may come from."""
    if settings.api_root:
        return [origin(settings.api_root)]
    return list(AVATARS[settings.backend])


def policy(settings: EditorSettings) -> str:
    """The editor page's Content-Security-Policy: scripts only from the site itself, connections
    only to it, the Git host and the sign-in service."""
    connect = " ".join(["'self'", "blob:", *connections(settings)])  # blob: Decap's backup of unsaved work
    images = " ".join(["'self'", "blob:", "data:", *pictures(settings)])
    return ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            f"img-src {images}; font-src 'self' data:; connect-src {connect}; media-src 'self' blob:; "
            "frame-src 'self' blob:; worker-src 'self' blob:; base-uri 'none'; form-action 'none'")


def pipeline(settings: EditorSettings) -> str:
    """The web address of the repository's pipelines (GitHub Actions, GitLab CI/CD)."""
    if settings.backend is GitHost.GITHUB:
        web = origin(settings.api_root) if settings.api_root else "https://github.com"
        return f"{web}/{settings.repo}/actions"
    web = origin(settings.api_root or settings.base_url or "https://gitlab.com")
    return f"{web}/{settings.repo}/-/pipelines"


def after_save(settings: EditorSettings) -> dict[str, str]:
    """What the page says after each save: where the change went and what the pipeline does with it."""
    request = "pull request" if settings.backend is GitHost.GITHUB else "merge request"
    if settings.review:
        text = (f"Saved for review, on a branch of its own with a {request}. The pipeline checks it and names the "
                "file, the line and what to change if it finds a mistake. The website changes when someone "
                "publishes it from the Workflow tab.")
    else:
        text = (f"Saved as a commit to {settings.branch}. The pipeline now checks it and, in a few minutes, "
                "publishes the website. If it finds a mistake, nothing is published and the pipeline names the "
                "file, the line and what to change.")
    return {"text": text, "link": pipeline(settings), "label": "See the pipeline (opens in a new tab)"}


def preview_styles(stylesheets: list[str]) -> list[str]:
    """The site's stylesheets for the preview beside the form, from the editor's folder: Material's
    first, then ours and a project theme's, as the pages' layout orders them."""
    return ["../" + path for path in sorted(stylesheets, key=lambda path: not path.startswith(
        "assets/stylesheets/main."))]


PAGE = """<!doctype html>
<html lang="en" data-review="{review}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<link rel="cms-config-url" type="text/yaml" href="config.yml">
<title>Edit {title}</title>
</head>
<body>
<noscript><p>The editor needs JavaScript. You can still edit the files in content/{slug}/ of the
repository with a text editor.</p></noscript>
<script src="{setup}"></script>
<script src="{bundle}"></script>
{scripts}
<script src="{start}" data-styles="{styles}" data-language="{language}" data-folders="{folders}"
 data-saved="{saved}"></script>
</body>
</html>
"""


def page(settings: EditorSettings, slug: str, title: str, config: dict[str, Any], stylesheets: list[str]) -> bytes:
    """The editor's index.html."""
    i18n = config.get("i18n")
    language = i18n["default_locale"] if i18n else ""
    folders = [c["folder"] for c in config["collections"]
               if "folder" in c and c["folder"].rstrip("/").rsplit("/", 1)[-1] in ENTITY_FOLDERS] if i18n else []

    def attribute(value: Any) -> str:
        return html.escape(json.dumps(value, ensure_ascii=True), quote=True)

    shown = policy(settings).replace("&", "&amp;").replace('"', "&quot;")  # its quotes (') need no escape
    return PAGE.format(policy=shown, title=html.escape(title), slug=slug,
                       setup=SETUP, bundle=BUNDLE, start=START,
                       scripts="\n".join(f'<script src="{name}"></script>' for name in HOSTED_SCRIPTS),
                       styles=attribute(preview_styles(stylesheets)), language=html.escape(language),
                       folders=attribute(folders), saved=attribute(after_save(settings)),
                       review="yes" if settings.review else "no").encode("utf-8")


def config_file(config: dict[str, Any]) -> bytes:
    """config.yml, as Decap reads it (YAML 1.2: every string that could read as another type is quoted)."""
    head = ("# The browser editor's configuration, made by `assembly build --editor` from the tool's own models\n"
            "# and the editor: block of site_config.yml. Change those, not this file.\n")
    return (head + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000)).encode("utf-8")


def static_file(name: str) -> Path:
    """The editor's scripts, published as they are."""
    return STATIC / name
