"""The site plan: every file one assembly publishes, named before anything is made.

`plan_site()` lists each output with its path inside the assembly's folder, its kind and what it
is made from (a page's plan, a card, a picture, a source file, a data file's name). The render
stage (generator.render.site) turns each into bytes and the writer (generator.write.writer)
writes it. Two outputs that claim one path are a mistake found here, before anything is written.

Kinds, in the order they are made (a later kind may use what an earlier one made: the search
index reads the rendered pages, the data package the CSV files):

- asset: a static file of the theme (stylesheets, scripts, icons), in every language's folder;
- page: an HTML page (subject: its PagePlan); report: the report's one-page version and e-book;
- card: a sharing card (subject: its Card); search: the search index of a language;
- image, report-image: a published copy of a picture (subject: the picture's path);
- document: a file published as it is (subject: its source file);
- data, feed, sitemap: open data, Atom feeds and the sitemap (subject: the file's path);
- editor: a file of the browser editor in admin/, only when the build publishes it (`assembly
  build --editor`; subject: the file's name, generator.editor.hosted). Never a page: the sitemaps,
  the search index and every list of pages leave it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problems, SourceLocation
from generator.model.corpus import AssemblyContent, Site
from generator.model.images import image_set
from generator.model.translate import default_language, localise, localise_config
from generator.plan.cards import Card, cards_for
from generator.plan.pages import PagePlan, plan_assembly
from generator.plan.search import search_files
from generator.plan.urls import url_for

DATA_FILES = ("data/assembly.json", "data/portal.json", "data/recommendations.csv", "data/progress.csv",
              "data/commitments.csv", "data/schema.json", "data/datapackage.json", "data/register.json",
              "data/register.csv")
"""The open data every assembly publishes, shared by its languages (data/assembly.<lang>.json
adds each other language's text)."""

FEED_FILES = ("updates/feed.xml", "responses/feed.xml")

EDITOR_FOLDER = "admin"
"""The browser editor's folder inside an assembly's, when a build publishes it: never listed,
indexed, crawled or archived (robots.txt disallows it; generator.write.archive and .warc leave it
out)."""


@dataclass(frozen=True)
class Output:
    path: str
    """Inside the assembly's folder: index.html, cy/index.html, data/assembly.json..."""
    kind: str
    folder: str = ""
    """The language's folder the output belongs to ("" for the default language, "cy/")."""
    subject: Any = None


@dataclass
class LanguagePlan:
    """One language's pages of an assembly: the default language's in the assembly's folder, each
    other language's in its own folder ("cy/") with the same page names."""

    language: str
    folder: str
    site: Site
    content: AssemblyContent
    pages: list[PagePlan]
    cards: list[Card] = field(default_factory=list)


@dataclass
class SitePlan:
    site: Site
    content: AssemblyContent
    source: Path
    """The assembly's content folder."""
    languages: list[LanguagePlan]
    outputs: list[Output]
    as_of: dt.date | None = None

    @property
    def pages(self) -> int:
        return sum(1 for output in self.outputs if output.kind == "page")

    def of_kind(self, *kinds: str) -> Iterator[Output]:
        return (output for output in self.outputs if output.kind in kinds)


def language_plans(site: Site, content: AssemblyContent, warnings: int = 0,
                   as_of: dt.date | None = None) -> list[LanguagePlan]:
    """The default language first, then each other language of `languages:`."""
    default = default_language(content) or site.config.language
    colour = site.config.theme.primary_colour
    plans = [LanguagePlan(default, "", site, content,
                          plan_assembly(site, content, warnings=warnings, as_of=as_of, language=default),
                          cards_for(content, colour, default))]
    for lang in content.assembly.languages[1:]:
        local_site = Site(localise_config(site.config, lang), site.assemblies, site.theme)
        local = localise(content, lang)
        plans.append(LanguagePlan(lang, f"{lang}/", local_site, local,
                                  plan_assembly(local_site, local, warnings=warnings, as_of=as_of, language=lang),
                                  cards_for(local, colour, lang)))
    return plans


def plan_site(site: Site, content: AssemblyContent, source: Path, files: list[str],
              images: dict[str, tuple[int, int]], theme_files: list[tuple[str, Path]],
              warnings: int = 0, as_of: dt.date | None = None, search: bool = True,
              editor: bool = False) -> SitePlan:
    """Every output of one assembly. `files` are the published files of its folder (documents and
    pictures, relative to it), `images` the pictures among them with their sizes, and
    `theme_files` the theme's static files (generator.engine.theme_files). With `editor`, the
    browser editor of site_config.yml's `editor:` block too."""
    languages = language_plans(site, content, warnings, as_of)
    outputs: list[Output] = []
    for version in languages:
        folder = version.folder
        outputs += [Output(folder + path, "asset", folder, file) for path, file in theme_files]
        outputs += [Output(folder + page.path, "page", folder, page) for page in version.pages]
        if content.report is not None:
            outputs += [Output(folder + path, "report", folder, path)
                        for path in (url_for("report-plain"), "report/report.epub")]
        outputs += [Output(folder + card.path, "card", folder, card) for card in version.cards]
        if search:
            outputs += [Output(folder + path, "search", folder, path)
                        for path in search_files(page.path for page in version.pages)]
        if content.report is not None:
            outputs += [Output(folder + variant.path, "report-image", folder, image.path)
                        for image in content.report.images for variant in image_set(image.path, *image.size).variants]
    outputs += [Output(rel, "document", "", source / rel) for rel in sorted(set(files)) if rel not in images]
    outputs += [Output(variant.path, "image", "", rel)
                for rel, size in sorted(images.items()) for variant in image_set(rel, *size).variants]
    outputs += [Output(path, "data", "", path) for path in DATA_FILES]
    outputs += [Output(f"data/assembly.{version.language}.json", "data", "", version.language)
                for version in languages[1:]]
    outputs += [Output(path, "feed", "", path) for path in FEED_FILES]
    if site.config.site_url:  # a sitemap lists full addresses: without site_url there are none to give
        outputs.append(Output("sitemap.xml", "sitemap", "", "sitemap.xml"))
    if editor and site.config.editor is not None:
        from generator.editor.hosted import editor_files

        outputs += [Output(f"{EDITOR_FOLDER}/{name}", "editor", "", name) for name in editor_files()]
    return SitePlan(site, content, source, languages, outputs, as_of)


def collisions(plan: SitePlan, problems: Problems) -> None:
    """An error for each path two outputs claim (compared without regard to case, as on the
    file systems of Windows and macOS): nothing is written when there is one."""
    seen: dict[str, Output] = {}
    for output in plan.outputs:
        key = output.path.lower()
        first = seen.setdefault(key, output)
        if first is not output:
            where = SourceLocation(f"content/{plan.content.slug}")
            problems.error(where, f"two parts of the site would be written to {output.path} (a {_name(first)} and "
                                  f"a {_name(output)}): rename the file or page so that each has its own name")


def _name(output: Output) -> str:
    return {"asset": "file of the theme", "page": "page", "report": "report file", "card": "sharing card",
            "search": "search index", "image": "picture", "report-image": "picture from the report",
            "document": "document", "data": "data file", "feed": "feed", "sitemap": "sitemap",
            "editor": "file of the browser editor"}[output.kind]
