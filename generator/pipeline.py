"""The whole build, readable in one function: load → validate → plan → render → write."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from typing import Any

from generator import __version__
from generator.buildcache import today_for_build
from generator.engine import EngineSite, build_with_engine, warm_up
from generator.errors import ContentError, Problem, Problems, UsageError
from generator.i18n import N_, endonym, layout_language, translator
from generator.load.files import RawAssembly, load_site
from generator.model.corpus import AssemblyContent, Site
from generator.model.records import Status
from generator.model.site import SiteConfig
from generator.model.translate import default_language, localise, localise_config
from generator.model.types import closest
from generator.plan.cards import Card, cards_for
from generator.plan.pages import PagePlan, navigation, plan_assembly
from generator.render.markdown import render_markdown
from generator.render.pages import RenderedPage, Renderer, body_link, month_year, relative_url
from generator.report.outputs import prepare_outputs
from generator.validate.corpus import Options, validate_site
from generator.write.cards import fill_cache as fill_card_cache
from generator.write.cards import missing as missing_cards
from generator.write.cards import write_cards
from generator.write.datapackage import data_package
from generator.write.feeds import (
    Entry,
    assembly_news,
    entries_from_feed,
    portal_feed,
    progress_feed,
    updates_feed,
)
from generator.write.images import publish_image
from generator.write.outputs import (
    PORTAL_SITEMAP,
    commitments_csv,
    copy_files,
    latest_date,
    open_data,
    open_data_schema,
    progress_csv,
    recommendations_csv,
    site_sitemaps,
    sitemap,
    write_json,
)
from generator.write.register import portal_register, register_csv, register_json, register_row
from generator.write.staging import staged_output

LICENCES = {
    "OGL-3.0": N_("All content is available under the Open Government Licence v3.0, except where otherwise stated."),
    "CC-BY-4.0": N_("All content is available under the Creative Commons Attribution 4.0 licence, except where "
                    "otherwise stated."),
    "CC-BY-SA-4.0": N_("All content is available under the Creative Commons Attribution-ShareAlike 4.0 licence, "
                       "except where otherwise stated."),
    "CC0-1.0": N_("All content is dedicated to the public domain (CC0 1.0), except where otherwise stated."),
}
"""The footer's licence sentence for each licence code, in English; pages show it translated."""


@dataclass
class BuildReport:
    out: Path
    assemblies: list[str] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    problems: Problems = field(default_factory=Problems)


def _assembly_names(root: Path, only: list[str] | None) -> list[str]:
    """The assembly folders a build covers; a named one that is not an assembly's name (a-z, 0-9
    and -) or does not exist in content/ is a usage error that lists the assemblies there."""
    content = root / "content"
    known = sorted(p.name for p in content.glob("*") if p.is_dir() and not p.name.startswith("_")) \
        if content.is_dir() else []
    if only:
        def hint(name: str) -> str:
            tries = [name.lower(), re.split(r"[\\/]", name)[-1].lower()]  # ../content/slug: slug
            close = next((found for word in tries if (found := closest(word, known))), None)
            return f" (did you mean {close}?)" if close else ""

        malformed = [slug for slug in only if not re.fullmatch(r"[a-z0-9-]+", slug)]
        missing = [slug for slug in only if slug not in malformed and slug not in known]
        listed = f"the assemblies are: {', '.join(known) or 'none yet'}"
        if malformed:
            named = (f"'{malformed[0]}' is not an assembly name{hint(malformed[0])}" if len(malformed) == 1 else
                     ", ".join(f"'{slug}'{hint(slug)}" for slug in malformed) + " are not assembly names")
            raise UsageError(f"{named}: name an assembly by its folder in content/, written with a-z, 0-9 and - "
                             f"only; {listed}")
        if missing:
            raise UsageError("no assembly called " + ", ".join(m + hint(m) for m in missing)
                             + f" in content/; {listed}")
        return [name for name in known if name in only]
    return known


def load_and_validate(
    root: Path, only: list[str] | None, options: Options
) -> tuple[Site | None, dict[str, RawAssembly], Problems]:
    """Read and check everything; nothing is written."""
    problems = Problems()
    _assembly_names(root, only)
    raw = load_site(root, only, problems)
    site = validate_site(raw, options, problems)
    return site, {a.slug: a for a in raw.assemblies}, problems


def warnings_in(problems: Problems, slug: str) -> int:
    """How many warnings are about one assembly's files (its accessibility statement says so)."""
    return sum(1 for p in problems.warnings if p.location.path.startswith(f"content/{slug}/"))


@dataclass
class AssemblyResult:
    """What building one assembly produced, small enough to send back from another process."""

    slug: str
    problems: list[Problem]
    pages: int = 0
    built: bool = False


def build_one(root: Path, slug: str, options: Options, staging: Path) -> AssemblyResult:
    """Read, check and publish one assembly into `staging/slug`. Assemblies are independent, so
    this runs in any process, on any machine, and writes the same bytes."""
    site, raws, problems = load_and_validate(root, [slug], options)
    result = AssemblyResult(slug, problems.items)
    if site is None or problems.errors or not site.assemblies:
        return result
    result.pages = build_assembly(site, site.assemblies[0], raws[slug], staging / slug, as_of=options.as_of,
                                  warnings=warnings_in(problems, slug))
    result.built = True
    return result


def build(root: Path, out: Path, only: list[str] | None = None, options: Options | None = None,
          progress: Callable[[str, int, int], None] | None = None, jobs: int | None = None,
          portal_only: bool = False) -> BuildReport:
    """load → validate → plan → render → write; `progress(slug, done, total)` after each assembly.

    Each assembly is read, checked and written by `build_one`; with several assemblies and `jobs`
    above 1 (default: one per processor) they run in parallel processes. Nothing is published
    unless every assembly is free of errors. With `portal_only`, no assembly is built: the list of
    assemblies (index.html, feed.xml) is made again from the folders already in `out` (after
    assemblies were built separately, for example on several machines). Holds the project's lock
    (generator.lock), so an import never changes the content half way through."""
    from generator.lock import project_lock

    with project_lock(root):
        return _build(root, out, only, options, progress, jobs, portal_only)


def _build(root: Path, out: Path, only: list[str] | None, options: Options | None,
           progress: Callable[[str, int, int], None] | None, jobs: int | None, portal_only: bool) -> BuildReport:
    started = time.perf_counter()
    options = options or Options()
    options.as_of = today_for_build(options.as_of, root)
    names = [] if portal_only else _assembly_names(root, only)
    problems = Problems()
    config_site = validate_site(load_site(root, [], problems), options, problems)
    report = BuildReport(out=out, problems=problems)
    workers = max(1, min(jobs if jobs is not None else (os.cpu_count() or 1), len(names)))
    with staged_output(out, keep_existing=bool(only) or portal_only) as staging:
        results: list[AssemblyResult] = []
        if workers == 1:
            for done, name in enumerate(names, start=1):
                results.append(build_one(root, name, options, staging))
                if progress:
                    progress(name, done, len(names))
        else:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            warm_up()
            with ProcessPoolExecutor(workers) as pool:
                futures = [pool.submit(build_one, root, name, options, staging) for name in names]
                for done, future in enumerate(as_completed(futures), start=1):
                    results.append(future.result())
                    if progress:
                        progress(results[-1].slug, done, len(names))
        seen = set(problems.items)
        for result in sorted(results, key=lambda r: r.slug):
            problems.extend(p for p in result.problems if p not in seen and not seen.add(p))  # type: ignore[func-returns-value]
        if config_site is None or problems.errors:
            raise ContentError(problems)
        built = [r for r in sorted(results, key=lambda r: r.slug) if r.built]
        report.assemblies = [r.slug for r in built]
        report.pages = sum(r.pages for r in built)
        if only:
            _remove_deleted_assemblies(root, staging)
        build_portal(config_site, Renderer(config_site), staging)
        report.pages += 1
    report.seconds = time.perf_counter() - started
    return report


def _remove_deleted_assemblies(root: Path, staging: Path) -> None:
    """An assembly folder deleted from content/ leaves the published site too (only folders this
    tool wrote, recognised by their open data, are ever removed)."""
    for folder in staging.iterdir():
        if (folder / "data" / "assembly.json").is_file() and not (root / "content" / folder.name).is_dir():
            shutil.rmtree(folder)


@dataclass
class LanguageVersion:
    """One language's pages of an assembly: the default language's in the assembly folder, each
    other language's in its own folder ("cy/") with the same page names."""

    language: str
    folder: str
    site: Site
    content: AssemblyContent
    plans: list[PagePlan]
    renderer: Renderer
    engine: EngineSite


def language_versions(site: Site, content: AssemblyContent, warnings: int = 0,
                      as_of: dt.date | None = None) -> list[LanguageVersion]:
    """The default language first, then each other language of `languages:`."""
    default = default_language(content) or site.config.language
    versions = [LanguageVersion(default, "", site, content,
                                plan_assembly(site, content, warnings=warnings, as_of=as_of, language=default),
                                Renderer(site, language=default), engine_site(site, content, default))]
    for lang in content.assembly.languages[1:]:
        local_site = Site(localise_config(site.config, lang), site.assemblies, site.theme)
        local, folder = localise(content, lang), f"{lang}/"
        versions.append(LanguageVersion(
            lang, folder, local_site, local,
            plan_assembly(local_site, local, warnings=warnings, as_of=as_of, language=lang),
            Renderer(local_site, language=lang, files_from=folder), engine_site(local_site, local, lang, folder)))
    return versions


def render_version(versions: list[LanguageVersion], version: LanguageVersion,
                   plans: list[PagePlan] | None = None) -> list[RenderedPage]:
    """The pages of one language version (or only `plans` of it), with their language links and,
    where text is not translated yet, a note saying so."""
    pages = [version.renderer.render(version.content, plan) for plan in (version.plans if plans is None else plans)]
    if version.folder:
        _note_untranslated(pages, versions[0].language, version.language)
    _add_alternates(pages, version.language, version.folder,
                    {v.language: {plan.path for plan in v.plans} for v in versions})
    return pages


def build_assembly(site: Site, content: AssemblyContent, raw: RawAssembly, target: Path,
                   as_of: dt.date | None = None, warnings: int = 0) -> int:
    """Every file of one assembly: its pages in the default language at `target`, and in each
    other language of `languages:` at `target/<lang>/` with the same page names; pictures,
    documents and data files are shared by every language."""
    versions = language_versions(site, content, warnings, as_of)
    default = versions[0]
    colour = site.config.theme.primary_colour
    cards = cards_for(content, colour, default.language)
    card_cache = raw.folder.parent.parent / ".assembly-cache" / "cards"
    image_cache = raw.folder.parent.parent / ".assembly-cache" / "images"
    with _cards_alongside(cards, card_cache):
        report_files = prepare_outputs(site, content, default.plans, default.renderer.env, raw.folder,
                                       default.engine.layout)
        rendered = render_version(versions, default)
        if target.exists():
            shutil.rmtree(target)
        build_with_engine(rendered, default.engine, target)
    pages = len(rendered)
    for version in versions[1:]:
        lang, local = version.language, version.content
        local_report = prepare_outputs(site, local, version.plans, version.renderer.env, raw.folder,
                                       version.engine.layout)
        local_pages = render_version(versions, version)
        build_with_engine(local_pages, version.engine, target / lang)
        write_cards(cards_for(local, colour, lang), target / lang, card_cache)
        if local_report is not None:
            local_report.write(target / lang, image_cache)
        write_json(target / "data" / f"assembly.{lang}.json", open_data(local, site.config))
        pages += len(local_pages)
    plans = default.plans
    translations = [v.language for v in versions[1:]]
    site_url = site.config.site_url + content.slug + "/" if site.config.site_url else None
    write_cards(cards, target, card_cache)
    copy_files(raw.folder, [f for f in raw.files if f not in raw.images], target)
    for rel, size in sorted(raw.images.items()):
        publish_image(raw.folder / rel, rel, size, target, image_cache)
    if report_files is not None:
        report_files.write(target, image_cache)
    write_json(target / "data" / "assembly.json", open_data(content, site.config))
    write_json(target / "data" / "portal.json", portal_record(content, site.config))
    (target / "data" / "recommendations.csv").write_text(
        "\ufeff" + recommendations_csv(content, site.config), encoding="utf-8", newline="")
    update_bodies = {u.id: render_markdown(u.body, lambda link: body_link("updates/feed.xml", link), depth=2)
                     for u in content.updates}  # the feed is at <assembly>/updates/: two folders below the site
    fallback = latest_date(content)
    (target / "updates" / "feed.xml").write_bytes(updates_feed(content, site.config, site_url, update_bodies,
                                                               fallback))
    (target / "responses" / "feed.xml").write_bytes(progress_feed(content, site.config, site_url, fallback))
    (target / "data" / "progress.csv").write_text(
        "\ufeff" + progress_csv(content, site.config), encoding="utf-8", newline="")
    (target / "data" / "commitments.csv").write_text("\ufeff" + commitments_csv(content), encoding="utf-8",
                                                     newline="")
    write_json(target / "data" / "schema.json", open_data_schema())
    write_json(target / "data" / "datapackage.json", data_package(
        content, site.config, {name: (target / "data" / name).read_bytes()
                               for name in ("recommendations.csv", "commitments.csv", "progress.csv")}, site_url))
    write_json(target / "data" / "register.json", register_json(content, site.config, site_url))
    (target / "data" / "register.csv").write_text(
        "\ufeff" + register_csv([register_row(content, site.config, site_url)]), encoding="utf-8", newline="")
    (target / "sitemap.xml").write_bytes(sitemap(plans, content, site_url, {v.language: v.plans for v in versions[1:]}))
    for gz in (target / "sitemap.xml.gz", *(target / lang / "sitemap.xml.gz" for lang in translations)):
        if gz.exists():
            gz.unlink()
    for lang in translations:
        stray = target / lang / "sitemap.xml"  # the engine's; the assembly's sitemap.xml lists every language
        if stray.exists():
            stray.unlink()
    return pages


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


@contextmanager
def _cards_alongside(cards: list[Card], cache: Path) -> Iterator[None]:
    """Sharing cards are drawn by a second process while this one renders the pages, when there
    are many to draw, a second processor, and this is not already one of several build processes."""
    import multiprocessing

    if len(cards) < 100 or (os.cpu_count() or 1) < 2 or multiprocessing.parent_process() is not None \
            or len(missing_cards(cards, cache)) < 100:
        yield
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1) as pool:
        future = pool.submit(fill_card_cache, cards, cache)
        yield
        future.result()


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
        site_url=config.site_url + content.slug + "/" if config.site_url else None,
        nav=[(link.key, link.title, link.path) for link in navigation(content, t)],
        layout={
            "organisation": config.organisation.name,
            "organisation_url": config.organisation.url,
            "contact_email": config.contact_email,
            "home": "index.html",
            "feed": "updates/feed.xml",
            "feed_title": t.gettext("Updates: %(assembly)s", assembly=assembly.title),
            "licence": t.gettext(licence) if licence else assembly.licence or "",
            "banner": banner,
            "generator": f"assembly-site {__version__}",
            "footer_links": [(t.gettext("Accessibility statement"), "accessibility.html"),
                             (t.gettext("Every page (sitemap)"), "sitemap.html"),
                             (t.gettext("Open data"), "data.html"),
                             (t.gettext("Recommendations spreadsheet (CSV)"), "data/recommendations.csv"),
                             (t.gettext("News feed (Atom)"), "updates/feed.xml"),
                             (t.gettext("Progress feed (Atom)"), "responses/feed.xml")],
            "shared_prefix": "../" * files_from.count("/"),
            "shared_files": ["data/recommendations.csv", "updates/feed.xml", "responses/feed.xml"],
            **layout_language(t),
        },
        theme=site.theme,
    )


@dataclass
class PortalEntry:
    slug: str
    title: str
    question: str
    status: str
    start: dt.date | None
    summary: str
    languages: list[tuple[str, str, str]] = field(default_factory=list)
    """The assembly's other languages: (language tag, the language's own name, the title in it)."""


def portal_record(content: AssemblyContent, config: SiteConfig) -> dict[str, Any]:
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


def build_portal(site: Site, renderer: Renderer, staging: Path) -> None:
    """site/index.html and feed.xml: every assembly in the output folder, newest first, read from
    each folder's data/portal.json (or, for folders published by older versions, its open data)."""
    entries: list[PortalEntry] = []
    news: list[Entry] = []
    for folder in sorted(p for p in staging.iterdir() if p.is_dir() and (p / "data" / "assembly.json").is_file()):
        record_path = folder / "data" / "portal.json"
        if record_path.is_file():
            record = json.loads(record_path.read_text(encoding="utf-8"))
            start = record["start"]
            entries.append(PortalEntry(folder.name, record["title"], record["question"], record["status"],
                                       dt.date.fromisoformat(start) if start else None, record["summary"],
                                       [tuple(item) for item in record.get("languages", [])]))
            news += [Entry(n["title"], n["id"], dt.date.fromisoformat(n["updated"]), n["href"], n["summary"])
                     for n in record["news"]]
        else:
            data = json.loads((folder / "data" / "assembly.json").read_text(encoding="utf-8"))
            feed = folder / "updates" / "feed.xml"
            if feed.is_file():
                news += entries_from_feed(feed.read_bytes(), folder.name, site.config.site_url)
            a = data["assembly"]
            start = a.get("dates", {}).get("start")
            entries.append(PortalEntry(folder.name, a["title"], a["question"], a["status"],
                                       dt.date.fromisoformat(start) if start else None,
                                       f"{len(data['recommendations'])} recommendations"))
    entries.sort(key=lambda e: (e.start or dt.date.min, e.slug), reverse=True)
    newest = max((e.updated for e in news), default=dt.date(1970, 1, 1))
    (staging / "feed.xml").write_bytes(portal_feed(news, site.config, newest))
    root_files = site_sitemaps(staging, site.config.site_url)  # robots.txt; with site_url, the sitemap index
    for name in ("sitemap.xml", PORTAL_SITEMAP):
        if name not in root_files and (staging / name).is_file():
            (staging / name).unlink()
    for name, data in root_files.items():
        (staging / name).write_bytes(data)
    register = portal_register(staging)  # the Citizens' Assembly Register rows of every assembly
    if register is not None:
        (staging / "register.csv").write_text("\ufeff" + register, encoding="utf-8", newline="")
    t = translator(site.config.language)
    organisation = site.config.organisation.name
    plan = PagePlan("index.html", "portal.html", t.gettext("Citizens' assemblies"), "home", {"assemblies": entries},
                    description=t.gettext("Citizens' assemblies of %(organisation)s", organisation=organisation))
    page = renderer.render(None, plan)
    page.html_title = t.gettext("Citizens' assemblies – %(organisation)s", organisation=organisation)
    engine = EngineSite(site_name=t.gettext("%(organisation)s: citizens' assemblies", organisation=organisation),
                        language=site.config.language, primary_colour=site.config.theme.primary_colour,
                        site_url=site.config.site_url, nav=[("home", t.gettext("All assemblies"), "index.html")],
                        layout={"organisation": organisation,
                                "organisation_url": site.config.organisation.url,
                                "contact_email": site.config.contact_email, "home": "index.html",
                                "feed": "feed.xml", "feed_title": t.gettext("News from every assembly"),
                                "licence": "", "banner": None, "footer_links": [],
                                "generator": f"assembly-site {__version__}", **layout_language(t)},
                        search=False, theme=site.theme)
    with tempfile.TemporaryDirectory(prefix="assembly-portal-") as temp:
        build_with_engine([page], engine, Path(temp))
        for name in ("index.html", "assets"):
            source, target = Path(temp) / name, staging / name
            if target.is_dir():
                shutil.rmtree(target)
            if source.is_dir():
                shutil.copytree(source, target)
            elif source.exists():
                shutil.copyfile(source, target)


def bagging_date(content: AssemblyContent) -> dt.date:
    """The package's date: SOURCE_DATE_EPOCH when set, else the newest date in the content."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return latest_date(content)


def archive(root: Path, slug: str, out_file: Path, options: Options | None = None) -> tuple[int, Path]:
    """Build the assembly afresh and package it with its sources; returns (files, package)."""
    from generator.write.archive import make_package

    options = options or Options()
    with tempfile.TemporaryDirectory(prefix="assembly-archive-") as temp:
        out = Path(temp) / "site"
        build(root, out, [slug], options)
        site, raws, _ = load_and_validate(root, [slug], options)
        assert site is not None
        if not site.assemblies:
            raise UsageError(f"{slug} is a draft or embargoed, so there is nothing published to archive yet")
        content = site.assemblies[0]
        published = {r.source for r in (*content.sessions, *content.speakers, *content.evidence,
                                         *content.recommendations, *content.responses.values(), *content.updates,
                                         *content.pages, *([content.home_page] if content.home_page else []))}
        raw = raws[slug]
        unpublished = {s.rel for files in raw.entities.values() for s in files} - published
        # A translation (<id>.<lang>.md) goes where its original goes.
        unpublished |= {s.rel for files in raw.translations.values() for s in files
                        if re.sub(r"\.[^./]+\.md$", ".md", s.rel) in unpublished}
        files = make_package(out / slug, raw.folder, root / "site_config.yml", content, site.config,
                             bagging_date(content), out_file,
                             leave_out={Path(root / rel).relative_to(raw.folder).as_posix() for rel in unpublished})
    return files, out_file


def _whole_assembly(root: Path, slug: str) -> tuple[Site, AssemblyContent, RawAssembly]:
    """Everything in one assembly, drafts and embargoed items included (for editing tools)."""
    site, raws, problems = load_and_validate(root, [slug], Options(drafts=True, as_of=None))
    if site is None or problems.errors:
        raise ContentError(problems)
    return site, site.assemblies[0], raws[slug]


def export_spreadsheet(root: Path, slug: str, out_file: Path) -> int:
    from generator.edit.spreadsheet import export_csv, export_rows

    _, content, _ = _whole_assembly(root, slug)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(export_csv(content), encoding="utf-8", newline="")
    return len(export_rows(content))


def import_spreadsheet(root: Path, slug: str, csv_file: Path, dry_run: bool,
                       force: bool = False) -> tuple[dict[Path, tuple[str, str]], str]:
    """Check every row, apply the changes to a trial copy and validate it; then (unless dry_run)
    write the changed files. Returns the changes and a readable diff. Holds the project's lock
    (generator.lock) throughout, so a build or another import never interleaves."""
    from generator.lock import project_lock

    with project_lock(root):
        return _import_spreadsheet(root, slug, csv_file, dry_run, force)


def _import_spreadsheet(root: Path, slug: str, csv_file: Path, dry_run: bool,
                        force: bool) -> tuple[dict[Path, tuple[str, str]], str]:
    from generator.edit.spreadsheet import apply_changes, diff, plan_import, read_rows, trial_copy

    site, content, raw = _whole_assembly(root, slug)
    problems = Problems()
    try:
        text = csv_file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{csv_file} is not saved as UTF-8: in Excel choose Save As, then "
                         "'CSV UTF-8 (Comma delimited)'") from None
    planned = read_rows(text, csv_file.name, content, [s.key for s in site.config.progress_statuses], problems,
                        force=force)
    if problems.errors:
        raise ContentError(problems)
    changes = plan_import(root, content, raw.folder, planned, problems)
    if problems.errors:
        raise ContentError(problems)
    with trial_copy(root, changes) as trial:
        _, _, after = load_and_validate(Path(trial), [slug], Options(drafts=True, as_of=None))
    if after.errors:
        raise ContentError(after)
    if not dry_run:
        apply_changes(changes)
    return changes, diff(changes, root)
