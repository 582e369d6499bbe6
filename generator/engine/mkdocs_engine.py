"""Drive MkDocs + Material from Python with pages generated in memory."""

from __future__ import annotations

import io
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.engine.search_index import write_search_index
from generator.i18n import material_language
from generator.render.csp import with_policy
from generator.render.pages import THEME_DIR, RenderedPage
from generator.themes import extra_css, logo

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the banner is noise for an officer

SEARCH_SHIM = "assets/javascripts/iframe-worker.js"


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

    return {
        "css": one("main.*.min.css", "stylesheets"),
        "bundle": one("bundle.*.min.js", "javascripts"),
        "worker": one("search.*.min.js", "javascripts/workers"),
    }


def _make_plugin(pages: dict[str, RenderedPage], pages_only: bool = False) -> Any:
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File, Files

    class GeneratedPages(BasePlugin):  # type: ignore[type-arg]
        """Feeds pre-rendered bodies into MkDocs as in-memory files."""

        def on_env(self, env: Any, config: Any, files: Any) -> Any:
            env.autoescape = True  # names and titles from the content are text, never markup
            return env

        def on_files(self, files: Files, config: Any) -> Files:
            if pages_only:  # PageEngine: one page at a time, the theme's files are not copied
                files = Files([])
            for src_uri in pages:
                files.append(File.generated(config, src_uri, content=""))
            return files

        def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
            rendered = pages[page.file.src_uri]
            page.meta.update(title=rendered.title, html_title=rendered.html_title, section=rendered.section,
                             description=rendered.description, image=rendered.image,
                             alternates=rendered.alternates)
            return ""

        def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
            return pages[page.file.src_uri].body

        def on_post_page(self, output: str, page: Any, config: Any) -> str:
            return with_policy(output)

    return GeneratedPages()


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
        extra={"polyfills": [SEARCH_SHIM] if site.search else [], "material": _material_assets(),
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


def build_with_engine(pages: list[RenderedPage], site: EngineSite, site_dir: Path) -> None:
    """Write every page, the theme's assets and the search index into `site_dir`."""
    from mkdocs.commands.build import build

    by_source = {page.path[:-5] + ".md": page for page in pages}
    with tempfile.TemporaryDirectory(prefix="assembly-docs-") as docs_dir:
        config = _load(site, docs_dir, site_dir, set(by_source))
        config.plugins["assembly/pages"] = _make_plugin(by_source)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    if site.search:
        write_search_index(site_dir, pages, site.language)


class PageEngine:
    """MkDocs made ready once, then used for one page at a time (the preview server): the
    configuration is read, and the theme's templates found and compiled, once instead of for
    every page. The page is the same bytes build_with_engine() writes."""

    def __init__(self, site: EngineSite) -> None:
        self._temp = tempfile.TemporaryDirectory(prefix="assembly-live-")
        docs = Path(self._temp.name) / "docs"
        docs.mkdir()
        self.site = site
        self.pages: dict[str, RenderedPage] = {}
        self.configs: dict[bool, Any] = {}

    def _ready(self, in_nav: bool) -> Any:
        # A section's own page is in the navigation MkDocs builds, as in a full build.
        if in_nav not in self.configs:
            sources = {path[:-5] + ".md" for _key, _title, path in self.site.nav} if in_nav else set()
            config = _load(self.site, str(Path(self._temp.name) / "docs"), Path(self._temp.name) / "site", sources)
            config.plugins["assembly/pages"] = _make_plugin(self.pages, pages_only=True)
            config.plugins.on_startup(command="build", dirty=False)
            config = config.plugins.on_config(config)
            env = config.plugins.on_env(config.theme.get_env(), config=config, files=None)
            self.configs[in_nav] = (config, env)
        return self.configs[in_nav]

    def render(self, page: RenderedPage) -> bytes:
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.files import File, Files
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        source = page.path[:-5] + ".md"
        in_nav = any(path == page.path for _key, _title, path in self.site.nav)
        config, env = self._ready(in_nav)
        if in_nav:  # the navigation names only this page, as build_with_engine's would
            config["nav"] = [{title: path[:-5] + ".md"} for _key, title, path in self.site.nav if path == page.path]
        self.pages.clear()
        self.pages[source] = page
        file = File.generated(config, source, content="")
        files = Files([file])
        nav = get_navigation(files, config)
        if file.page is None:
            Page(None, file, config)
        assert file.page is not None
        _populate_page(file.page, config, files)
        _build_page(file.page, config, [file], nav, env)
        return Path(file.abs_dest_path).read_bytes()

    def close(self) -> None:
        self._temp.cleanup()
