"""The render stage: each output of a site plan (generator.plan.site) made into bytes.

`SiteRenderer.make(output)` is the one way any file of an assembly is made, in a build (which
hands every output to the writer, in plan order) and in the preview (which makes the outputs a
browser asks for, in memory). Pages are rendered by the page templates (generator.render.pages)
and laid out by the engine's one compiled layout (generator.engine.Layout); everything made is
kept until the renderer is dropped, so what one output needs of another (the search index of
the pages, the data package of the CSV files) is made once.

The formats of the non-HTML files (feeds, open data, the data package, the register, sharing
cards, pictures) are the encoders in generator.write, which only turn data into bytes; the only
code that puts bytes on disk is generator.write.writer."""

from __future__ import annotations

import json
import os
from html import escape as html_escape
from pathlib import Path
from typing import Any

from generator import __version__
from generator.engine import EngineSite, Layout
from generator.engine.search_index import search_outputs
from generator.i18n import N_, endonym, layout_language, translator
from generator.model.corpus import AssemblyContent, Site
from generator.model.records import Status
from generator.model.translate import localise
from generator.plan.cards import Card
from generator.plan.pages import PagePlan, navigation
from generator.plan.site import LanguagePlan, Output, SitePlan
from generator.plan.urls import url_for
from generator.render.markdown import render_markdown
from generator.render.pages import RenderedPage, Renderer, body_link, month_year, relative_url
from generator.report.outputs import ReportOutputs, prepare_outputs
from generator.write.cards import card_file, fill_cache, missing
from generator.write.datapackage import data_package
from generator.write.feeds import assembly_news, progress_feed, updates_feed
from generator.write.images import image_files
from generator.write.outputs import (
    commitments_csv,
    latest_date,
    open_data,
    open_data_schema,
    progress_csv,
    recommendations_csv,
    sitemap,
)
from generator.write.register import register_csv, register_json, register_row

LICENCES = {
    "OGL-3.0": N_("All content is available under the Open Government Licence v3.0, except where otherwise stated."),
    "CC-BY-4.0": N_("All content is available under the Creative Commons Attribution 4.0 licence, except where "
                    "otherwise stated."),
    "CC-BY-SA-4.0": N_("All content is available under the Creative Commons Attribution-ShareAlike 4.0 licence, "
                       "except where otherwise stated."),
    "CC0-1.0": N_("All content is dedicated to the public domain (CC0 1.0), except where otherwise stated."),
}
"""The footer's licence sentence for each licence code, in English; pages show it translated."""


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def csv_bytes(text: str) -> bytes:
    """A CSV file as spreadsheets open it correctly: UTF-8 with a byte-order mark."""
    return ("\ufeff" + text).encode("utf-8")


class _Version:
    """What rendering one language's pages needs, made when first asked for."""

    def __init__(self, plan: LanguagePlan, layouts: list[Layout]) -> None:
        self.plan = plan
        self.layouts = layouts
        self.renderer = Renderer(plan.site, language=plan.language, files_from=plan.folder)
        self.layout_site = engine_site(plan.site, plan.content, plan.language, plan.folder)
        self._layout: Layout | None = None
        self.report: ReportOutputs | None = None
        self.prepared = False
        self.bodies: dict[str, RenderedPage] = {}

    @property
    def layout(self) -> Layout:
        if self._layout is None:
            found = next((layout for layout in self.layouts if layout.site == self.layout_site), None)
            if found is None:
                found = Layout(self.layout_site)
                self.layouts.append(found)
            self._layout = found
        return self._layout


class SiteRenderer:
    """Makes the outputs of one assembly's plan. `cache` is the project's .assembly-cache folder
    (pictures and sharing cards already made), or None to make everything afresh. `layouts`
    keeps the engine's layouts made ready, for a caller that renders again and again (the
    preview keeps one between saves; a layout is reused while its names and navigation are
    the same)."""

    def __init__(self, plan: SitePlan, cache: Path | None, layouts: list[Layout] | None = None) -> None:
        self.plan = plan
        self.cache = cache
        layouts = [] if layouts is None else layouts
        self.versions = {version.folder: _Version(version, layouts) for version in plan.languages}
        self._made: dict[str, bytes] = {}
        self._images: dict[str, dict[str, bytes]] = {}
        self._editor_config: dict[str, Any] | None = None
        self._paths = {version.folder: {page.path for page in version.pages} for version in plan.languages}

    def draw_cards(self, workers: int) -> None:
        """Draw the sharing cards missing from the cache on `workers` processes, before the pages."""
        if self.cache is None:
            return
        cards: list[Card] = [output.subject for output in self.plan.of_kind("card")]
        if len(missing(cards, self.cache / "cards")) >= 50:
            fill_cache(cards, self.cache / "cards", workers)

    def make(self, output: Output) -> bytes | Path:
        """The output's bytes, or the file to publish as it is (a document, a theme file)."""
        if output.kind in ("asset", "document"):
            return output.subject  # type: ignore[no-any-return]
        if output.kind == "editor" and output.subject not in ("index.html", "config.yml"):
            from generator.editor.hosted import static_file

            return static_file(output.subject)  # Decap's bundle and our scripts, as they are
        if output.path not in self._made or output.kind == "page":
            made = self._make(output)
            if output.kind == "page":
                return made
            self._made[output.path] = made
        return self._made[output.path]

    def _make(self, output: Output) -> bytes:
        version = self.versions[output.folder]
        kind = output.kind
        if kind == "page":
            return version.layout.render(self.page(output.folder, output.subject))
        if kind == "report":
            return self._report(version).files[output.subject]
        if kind == "card":
            return card_file(output.subject, self.cache / "cards" if self.cache else None)
        if kind == "search":
            pages = [self.page(output.folder, plan) for plan in version.plan.pages]
            files = search_outputs(pages, version.plan.language)
            planned = {o.path[len(output.folder):] for o in self.plan.of_kind("search") if o.folder == output.folder}
            if set(files) != planned:
                raise RuntimeError(f"the search index files {sorted(files)} are not the planned {sorted(planned)}: "
                                   "search_files() and search_outputs() disagree")
            for rel, data in files.items():
                self._made[output.folder + rel] = data
            return files[output.subject]
        if kind == "image":
            return self._image(output.subject, lambda: (self.plan.source / output.subject).read_bytes(),
                               self.plan.content.images[output.subject])[output.path]
        if kind == "report-image":
            report = self._report(version)
            image = next(i for i in report.images if i.path == output.subject)
            return self._image(output.folder + image.path, lambda: image.data, image.size,
                               image.path)[output.path[len(output.folder):]]
        if kind == "data":
            return self._data(output.subject)
        if kind == "feed":
            return self._feed(output.subject)
        if kind == "sitemap":
            default, *others = self.plan.languages
            return sitemap(default.pages, self.plan.content, self.site_url,
                           {version.language: version.pages for version in others})
        if kind == "editor":
            return self._editor(output.subject)
        raise ValueError(f"no way to make an output of kind {kind}")

    def _editor(self, name: str) -> bytes:
        """The browser editor's page or configuration (generator.editor.hosted)."""
        from generator.editor.hosted import config_file, hosted_config, page

        settings = self.plan.site.config.editor
        assert settings is not None, "the editor is planned only with an editor: block"
        slug = self.plan.content.slug
        if self._editor_config is None:
            root = self.plan.source.parent.parent  # the project: content/<assembly>/ is its assembly's folder
            self._editor_config = hosted_config(root, slug, settings, self.site_url)
        config = self._editor_config
        if name == "config.yml":
            return config_file(config)
        stylesheets = [o.path for o in self.plan.of_kind("asset")
                       if not o.folder and o.path.startswith("assets/stylesheets/") and o.path.endswith(".css")]
        return page(settings, slug, str(self.plan.content.assembly.title), config, stylesheets)

    @property
    def site_url(self) -> str | None:
        config = self.plan.site.config
        return config.assembly_url(self.plan.content.slug)

    def page(self, folder: str, plan: PagePlan) -> RenderedPage:
        """The page's body and names (its layout comes in make()); kept for the search index."""
        version = self.versions[folder]
        if plan.path in version.bodies:
            return version.bodies[plan.path]
        if plan.path.startswith("report/"):
            self._report(version)  # the contents page states the sizes of the one-page version and e-book
        page = version.renderer.render(version.plan.content, plan)
        if folder:
            _note_untranslated([page], self.plan.languages[0].language, version.plan.language)
        _add_alternates([page], version.plan.language, folder,
                        {v.language: self._paths[v.folder] for v in self.plan.languages})
        version.bodies[plan.path] = page
        return page

    def _report(self, version: _Version) -> ReportOutputs:
        if not version.prepared:
            version.prepared = True
            version.report = prepare_outputs(version.plan.site, version.plan.content, version.plan.pages,
                                             version.renderer.env, self.plan.source, version.layout_site.layout,
                                             self.cache / "images" if self.cache else None)
        assert version.report is not None
        return version.report

    def _image(self, key: str, data: Any, size: tuple[int, int], rel: str | None = None) -> dict[str, bytes]:
        if key not in self._images:
            self._images[key] = image_files(data(), rel or key, size, self.cache / "images" if self.cache else None)
        return self._images[key]

    def _data(self, name: str) -> bytes:
        content, config, site_url = self.plan.content, self.plan.site.config, self.site_url
        if not name.startswith("data/"):  # data/assembly.<lang>.json: a language's text
            return json_bytes(open_data(localise(content, name), config))
        if name == "data/assembly.json":
            return json_bytes(open_data(content, config))
        if name == "data/portal.json":
            return json_bytes(portal_record(content, config))
        if name == "data/recommendations.csv":
            return csv_bytes(recommendations_csv(content, config))
        if name == "data/progress.csv":
            return csv_bytes(progress_csv(content, config))
        if name == "data/commitments.csv":
            return csv_bytes(commitments_csv(content))
        if name == "data/schema.json":
            return json_bytes(open_data_schema())
        if name == "data/datapackage.json":
            tables = {name: self.make(Output(f"data/{name}", "data", "", f"data/{name}"))
                      for name in ("recommendations.csv", "commitments.csv", "progress.csv")}
            return json_bytes(data_package(content, config, tables, site_url))  # type: ignore[arg-type]
        if name == "data/register.json":
            return json_bytes(register_json(content, config, site_url))
        if name == "data/register.csv":
            return csv_bytes(register_csv([register_row(content, config, site_url)]))
        raise ValueError(f"no data file called {name}")

    def _feed(self, name: str) -> bytes:
        content, config = self.plan.content, self.plan.site.config
        fallback = latest_date(content)
        if name == "updates/feed.xml":
            # The feed is at <assembly>/updates/: two folders below the site.
            bodies = {u.id: render_markdown(u.body, lambda link: body_link("updates/feed.xml", link), depth=2)
                      for u in content.updates}
            return updates_feed(content, config, self.site_url, bodies, fallback)
        return progress_feed(content, config, self.site_url, fallback)


def _note_untranslated(pages: list[RenderedPage], default: str, language: str) -> None:
    """A short note, in the page's language, on each page showing text not translated yet (that
    text is marked with lang="<default>", so it is also read out in its own language)."""
    t = translator(language)
    note = t.gettext("Parts of this page have not been translated yet, so they are shown in %(language)s.",
                     language=t.language_name(default))
    marker = f' lang="{default}">'
    for page in pages:
        if marker in page.body:
            paragraph = f'<p class="assembly-untranslated">{html_escape(note, quote=False)}</p>'
            head, found, rest = page.body.partition("</h1>")
            page.body = head + found + "\n" + paragraph + rest if found else paragraph + "\n" + page.body


def _add_alternates(pages: list[RenderedPage], language: str, prefix: str, available: dict[str, set[str]]) -> None:
    """Each page's versions in every language it exists in (for the language switcher and the
    hreflang links): (language tag, the language's own name, link from this page, is this one)."""
    if len(available) < 2:
        return
    folders = {lang: "" if index == 0 else f"{lang}/" for index, lang in enumerate(available)}
    for page in pages:
        here = prefix + page.path
        page.alternates = [(lang, endonym(lang), relative_url(here, folders[lang] + page.path), lang == language)
                           for lang in available if page.path in available[lang]]


def engine_site(site: Site, content: AssemblyContent, language: str | None = None,
                files_from: str = "") -> EngineSite:
    """The layout around an assembly's pages in `language` (a BCP 47 tag; default: the site's):
    navigation, footer, banner, and `gettext` for the words of theme/base.html and its partials.
    `files_from` is the folder the pages are written to inside the assembly's ("cy/"), as for
    Renderer: the feeds and the spreadsheet, shared by every language, are reached from there."""
    config, assembly = site.config, content.assembly
    language = language or config.language
    t = translator(language)
    banner = None
    if assembly.status == Status.ARCHIVED:
        ended = assembly.dates.end or latest_date(content)
        banner = t.gettext("This assembly ended in %(month)s. This site is kept as a record and is no longer updated.",
                           month=month_year(ended, language))
    licence = LICENCES.get(assembly.licence or "")
    return EngineSite(
        site_name=assembly.title,
        language=language,
        primary_colour=config.theme.primary_colour,
        site_url=config.assembly_url(content.slug),
        nav=[(link.key, link.title, link.path) for link in navigation(content, t)],
        layout={
            "organisation": config.organisation.name,
            "organisation_url": config.organisation.url,
            "contact_email": config.contact_email,
            "home": url_for("home"),
            "feed": "updates/feed.xml",
            "feed_title": t.gettext("Updates: %(assembly)s", assembly=assembly.title),
            "licence": t.gettext(licence) if licence else assembly.licence or "",
            "banner": banner,
            "generator": f"assembly-site {__version__}",
            "footer_links": [(t.gettext("Accessibility statement"), url_for("accessibility")),
                             (t.gettext("Every page (sitemap)"), url_for("sitemap")),
                             (t.gettext("Open data"), url_for("data")),
                             (t.gettext("Recommendations spreadsheet (CSV)"), "data/recommendations.csv"),
                             (t.gettext("News feed (Atom)"), "updates/feed.xml"),
                             (t.gettext("Progress feed (Atom)"), "responses/feed.xml")],
            "shared_prefix": "../" * files_from.count("/"),
            "shared_files": ["data/recommendations.csv", "updates/feed.xml", "responses/feed.xml"],
            **layout_language(t),
        },
        theme=site.theme,
    )


def portal_record(content: AssemblyContent, config: Any) -> dict[str, Any]:
    """data/portal.json: what the list of assemblies shows for this one, so the list can be made
    from published folders alone, wherever each was built."""
    a = content.assembly
    return {
        "slug": content.slug, "title": a.title, "question": a.question, "status": a.status.value,
        "start": a.dates.start.isoformat() if a.dates.start else None,
        "summary": content.figures.summary(),
        "languages": [[lang, endonym(lang), str(localise(content, lang).assembly.title)]
                      for lang in content.assembly.languages[1:]],
        "news": [{"title": e.title, "id": e.id, "updated": e.updated.isoformat(), "href": e.href,
                  "summary": e.summary} for e in assembly_news(content, config)],
    }


def workers() -> int:
    return os.cpu_count() or 1
