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

        def on_files(self, files: Files, config: Any) -> Files:
            if pages_only:  # the theme's files are already in place (the preview server)
                files = Files([])
            for src_uri in pages:
                files.append(File.generated(config, src_uri, content=""))
            return files

        def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
            rendered = pages[page.file.src_uri]
            page.meta.update(title=rendered.title, html_title=rendered.html_title, section=rendered.section,
                             description=rendered.description, image=rendered.image,
                             alternates=getattr(rendered, "alternates", []))
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


def build_with_engine(pages: list[RenderedPage], site: EngineSite, site_dir: Path, pages_only: bool = False) -> None:
    """Write every page, the theme's assets and the search index into `site_dir`; with
    `pages_only`, only the pages (the preview server renders a page at a time)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    by_source = {page.path[:-5] + ".md": page for page in pages}
    assets = _material_assets()
    plugins: list[Any] = []  # search index: ours (search_index.py), from the bodies we already have
    with tempfile.TemporaryDirectory(prefix="assembly-docs-") as docs_dir:
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
            plugins=plugins,
            nav=[{title: path[:-5] + ".md"} for _key, title, path in site.nav if path[:-5] + ".md" in by_source],
            extra={"polyfills": [SEARCH_SHIM] if site.search else [], "material": assets,
                   "sections": site.nav, "layout": site.layout, "language": site.language,
                   "primary_colour": site.primary_colour, "search": site.search},
            extra_css=["assets/stylesheets/assembly.css", "assets/stylesheets/report.css"],
            markdown_extensions=[],
            validation={"nav": {"omitted_files": "ignore", "not_found": "warn"},
                        "links": {"not_found": "ignore", "unrecognized_links": "ignore"}},
        )
        config.theme.static_templates.discard("404.html")
        config.plugins["assembly/pages"] = _make_plugin(by_source, pages_only)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    if site.search and not pages_only:
        write_search_index(site_dir, pages, site.language)
