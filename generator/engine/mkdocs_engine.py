"""MkDocs + Material as a page layout: MkDocs reads the configuration and builds Material's theme
environment once; every page is then rendered through the one compiled layout template
(theme/main.html) with a lean context, to bytes. MkDocs' own build loop (a Markdown instance, a
navigation and a page pipeline for every page) is not used: the pages arrive finished.

`Layout.render(page)` is the only way a page of the site gets its layout, in a build and in the
preview alike; `theme_files()` lists the theme's static files (Material's stylesheets and
scripts, ours) that MkDocs would copy, for the build's writer to copy."""

from __future__ import annotations

import io
import logging
import os
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from generator.i18n import material_language
from generator.render.csp import with_policy
from generator.render.pages import THEME_DIR
from generator.themes import extra_css, logo

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the banner is noise for an officer



@dataclass
class EngineSite:
    """What the layout needs besides the pages: names for the header, footer and navigation."""

    site_name: str
    language: str
    primary_colour: str
    site_url: str | None = None
    nav: list[tuple[str, str, str]] = field(default_factory=list)
    """(key, title, path) of each navigation section."""
    layout: dict[str, Any] = field(default_factory=dict)
    """Extra values for the layout templates (organisation, footer links, licence...)."""
    search: bool = True
    theme: Path | None = None
    """The project's own theme folder (generator.themes), searched before the packaged theme."""


def _material_assets() -> dict[str, str]:
    """Material's asset file names carry a content hash that changes with each release."""
    import material

    root = Path(material.__file__).parent / "templates" / "assets"

    def one(pattern: str, folder: str) -> str:
        found = sorted((root / folder).glob(pattern))
        return f"assets/{folder}/{found[0].name}"

    return {"css": one("main.*.min.css", "stylesheets")}


def warm_up() -> None:
    """Import MkDocs and Material now: processes forked afterwards share the imports instead of
    each paying for them."""
    import material  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401
    import mkdocs.plugins  # noqa: F401
    import mkdocs.structure.files  # noqa: F401


def _load(site: EngineSite, docs_dir: str, site_dir: Path, nav_sources: set[str]) -> Any:
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(
        io.StringIO("{}"),
        site_name=site.site_name,
        site_url=site.site_url or "",
        docs_dir=docs_dir,
        site_dir=str(site_dir),
        use_directory_urls=False,
        theme={"name": "material", "custom_dir": str(THEME_DIR), "font": False,
               "language": material_language(site.language),
               "favicon": "assets/images/favicon.svg"},
        plugins=[],  # search index: ours (search_index.py), from the bodies we already have
        nav=[{title: path[:-5] + ".md"} for _key, title, path in site.nav if path[:-5] + ".md" in nav_sources],
        extra={"material": _material_assets(),
               "sections": site.nav, "layout": site.layout, "language": site.language,
               "primary_colour": site.primary_colour, "search": site.search, "logo": logo(site.theme)},
        extra_css=["assets/stylesheets/assembly.css", "assets/stylesheets/report.css", *extra_css(site.theme)],
        markdown_extensions=[],
        validation={"nav": {"omitted_files": "ignore", "not_found": "warn"},
                    "links": {"not_found": "ignore", "unrecognized_links": "ignore"}},
    )
    config.theme.static_templates.discard("404.html")
    if site.theme is not None:  # the project's own templates, styles and pictures come first
        config.theme.dirs.insert(0, str(site.theme))
    return config


class Page(Protocol):
    """A finished page: its path in the language's folder, names, and body (generator.render)."""

    path: str
    title: str
    html_title: str
    section: str
    body: str
    description: str
    image: str
    alternates: list[tuple[str, str, str, bool]]


@dataclass
class _File:
    dest_uri: str


@dataclass
class _LayoutPage:
    """What theme/base.html reads of `page`: the few attributes of MkDocs' Page it uses."""

    url: str
    file: _File
    meta: dict[str, Any]
    content: str
    canonical_url: str | None
    title: str

    def __bool__(self) -> bool:
        return True


class Layout:
    """One language's layout of an assembly's pages (or of the list of assemblies), made ready once."""

    def __init__(self, site: EngineSite) -> None:
        from mkdocs.utils import get_relative_url

        self.site = site
        self._relative = get_relative_url
        with tempfile.TemporaryDirectory(prefix="assembly-layout-") as temp:  # MkDocs asks for folders
            (Path(temp) / "docs").mkdir()
            self.config = _load(site, str(Path(temp) / "docs"), Path(temp) / "site", set())
        env = self.config.theme.get_env()
        env.autoescape = True  # names and titles from the content are text, never markup
        self.template = env.get_template("main.html")
        base = self.config.site_url or ""
        self._site_url = base if not base or base.endswith("/") else base + "/"

    def render(self, page: Page) -> bytes:
        """The page's HTML file, as bytes: the layout around its body, with the site's
        Content-Security-Policy, characters outside UTF-8 written as references."""
        url = urllib.parse.quote(page.path)
        meta = {"title": page.title, "html_title": page.html_title, "section": page.section,
                "description": page.description, "image": page.image, "alternates": page.alternates}
        lean = _LayoutPage(url, _File(page.path), meta, page.body,
                           urllib.parse.urljoin(self._site_url, url) if self._site_url else None, page.title)
        html = self.template.render(config=self.config, page=lean, base_url=self._relative(".", url))
        return with_policy(html).encode("utf-8", errors="xmlcharrefreplace")


_THEME_FILES: dict[Path | None, list[tuple[str, Path]]] = {}


def theme_files(theme: Path | None = None) -> list[tuple[str, Path]]:
    """(path in the output, source file) of every static file of the theme (a project's own theme
    folder first, then ours, then Material's): what MkDocs copies into a site it builds, found by
    MkDocs itself. The same for every page of every language, so found once per process."""
    from mkdocs.structure.files import Files

    if theme not in _THEME_FILES:
        import material

        layout = Layout(EngineSite(site_name="", language="en", primary_colour="#000000", theme=theme))
        files = Files([])
        files.add_files_from_theme(layout.config.theme.get_env(), layout.config)
        # Of Material's files the layout uses its stylesheet only: its scripts (the search runs on
        # our own), palettes and source maps would be megabytes in every language's folder, in
        # every archive, that no page loads.
        theirs = Path(material.__file__).parent
        wanted = set(_material_assets().values())
        _THEME_FILES[theme] = sorted((file.dest_uri, Path(str(file.abs_src_path))) for file in files
                                     if not Path(str(file.abs_src_path)).is_relative_to(theirs)
                                     or file.dest_uri in wanted)
    return _THEME_FILES[theme]
