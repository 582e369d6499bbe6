"""The whole build, readable in one function each: load → validate → plan → render → write.

`build_one()` is the pipeline of one assembly, five named calls; `build()` runs it for every
assembly (in parallel processes when there are several) into a staging folder that replaces the
output only when everything succeeded, then makes the list of assemblies. The stages:

- load (generator.load): read the files, nothing is interpreted;
- validate (generator.validate): records checked and cross-referenced, the figures counted;
- plan (generator.plan.site): every output file named, collisions refused;
- render (generator.render.site): each output made into bytes;
- write (generator.write.writer): the bytes written, each path once.

The preview (generator.serve) runs the same load, validate, plan and render, and keeps the
bytes in memory instead of writing them. docs/architecture.md explains where things go."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.buildcache import cache_folder, today_for_build
from generator.dates import epoch_instant
from generator.engine import EngineSite, Layout, theme_files, warm_up
from generator.errors import ContentError, Problem, Problems, SourceLocation, UsageError
from generator.i18n import layout_language, translator
from generator.load.files import RawAssembly, RawSite, load_site
from generator.memo import Caches, using
from generator.model.corpus import AssemblyContent, Site
from generator.model.types import closest
from generator.plan.pages import PagePlan
from generator.plan.site import Output, SitePlan, collisions, plan_site
from generator.render.pages import Renderer
from generator.render.site import SiteRenderer, csv_bytes, workers
from generator.validate.corpus import Options, validate_site
from generator.write.feeds import Entry, entries_from_feed, portal_feed
from generator.write.outputs import PORTAL_SITEMAP, latest_date, site_sitemaps
from generator.write.register import portal_register
from generator.write.staging import staged_output
from generator.write.writer import Writer


@dataclass
class BuildReport:
    out: Path
    assemblies: list[str] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    problems: Problems = field(default_factory=Problems)
    notes: list[str] = field(default_factory=list)
    """What the officer should know about the site built (not a problem in the content)."""


NO_SITEMAP = ("No sitemap.xml for search engines was written: a sitemap gives full addresses, and "
              "site_config.yml has no site_url. Set site_url to the address the site is published at (such "
              "as https://www.example.gov.uk/assemblies/) to get one. The list of every page (sitemap.html) "
              "is there either way.")


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


# The five stages. Each takes what the one before gave, and no stage reaches back.

def load(root: Path, only: list[str] | None, problems: Problems, caches: Caches | None = None) -> RawSite:
    """Read the project's files (generator.load): nothing is interpreted yet. `caches` (the
    preview's) keeps the parses of unchanged files between calls."""
    _assembly_names(root, only)
    with using(caches):
        return load_site(root, only, problems)


def validate(raw: RawSite, options: Options, problems: Problems, caches: Caches | None = None) -> Site | None:
    """The records, checked and cross-referenced, with their figures (generator.validate).
    `caches` (the preview's) keeps the records and body checks of unchanged files."""
    with using(caches):
        return validate_site(raw, options, problems)


def plan(site: Site, content: AssemblyContent, raw: RawAssembly, options: Options, warnings: int,
         problems: Problems) -> SitePlan:
    """Every file the assembly publishes, named (generator.plan.site); two that claim one path
    are an error, before anything is made."""
    site_plan = plan_site(site, content, raw.folder, list(raw.files), dict(raw.images), theme_files(site.theme),
                          warnings=warnings, as_of=options.as_of, editor=options.editor is True)
    collisions(site_plan, problems)
    return site_plan


def render(site_plan: SitePlan, cache: Path | None, processes: int = 1) -> Iterator[tuple[Output, bytes | Path]]:
    """Each output made into bytes (or the file published as it is), in plan order
    (generator.render.site); the sharing cards first, on `processes` processors."""
    renderer = SiteRenderer(site_plan, cache)
    renderer.draw_cards(processes)
    for output in site_plan.outputs:
        yield output, renderer.make(output)


def write(made: Iterator[tuple[Output, bytes | Path]], writer: Writer) -> int:
    """Every output through the one writer, each path once; returns how many files."""
    count = 0
    for output, data in made:
        if isinstance(data, Path):
            writer.copy(output.path, data)
        else:
            writer.write(output.path, data)
        count += 1
    return count


def load_and_validate(
    root: Path, only: list[str] | None, options: Options
) -> tuple[Site | None, dict[str, RawAssembly], Problems]:
    """Read and check everything; nothing is written."""
    problems = Problems()
    raw = load(root, only, problems)
    site = validate(raw, options, problems)
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


def build_one(root: Path, slug: str, options: Options, staging: Path, processes: int = 1) -> AssemblyResult:
    """One assembly, published into `staging/slug`. Assemblies are independent, so this runs in
    any process, on any machine, and writes the same bytes."""
    problems = Problems()
    raw = load(root, [slug], problems)
    site = validate(raw, options, problems)
    if site is None or problems.errors or not site.assemblies:
        return AssemblyResult(slug, problems.items)
    site_plan = plan(site, site.assemblies[0], raw.assemblies[0], options, warnings_in(problems, slug), problems)
    if problems.errors or (options.strict and problems.warnings):
        return AssemblyResult(slug, problems.items)
    target = staging / slug
    if target.exists():
        shutil.rmtree(target)
    write(render(site_plan, cache_folder(root), processes), Writer(target))
    return AssemblyResult(slug, problems.items, site_plan.pages, built=True)


def build(root: Path, out: Path, only: list[str] | None = None, options: Options | None = None,
          progress: Callable[[str, int, int], None] | None = None, jobs: int | None = None,
          portal_only: bool = False) -> BuildReport:
    """Every assembly (or those named in `only`) published into `out`; `progress(slug, done,
    total)` after each assembly.

    With several assemblies and `jobs` above 1 (default: one per processor) they are built in
    parallel processes. Nothing is published unless every assembly is free of errors. With
    `portal_only`, no assembly is built: the list of assemblies (index.html, feed.xml) is made
    again from the folders already in `out` (after assemblies were built separately, for example
    on several machines). Holds the project's lock (generator.lock), so an import never changes
    the content half way through."""
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
    config_site = validate(load(root, [], problems), options, problems)
    if config_site is not None and not portal_only:
        options = _with_editor(root, options, config_site, problems)
    report = BuildReport(out=out, problems=problems)
    processes = max(1, min(jobs if jobs is not None else workers(), len(names)))
    with staged_output(out, keep_existing=bool(only) or portal_only) as staging:
        results: list[AssemblyResult] = []
        if processes == 1:
            for done, name in enumerate(names, start=1):
                # One assembly: the sharing cards are drawn on every processor.
                results.append(build_one(root, name, options, staging, workers() if len(names) == 1 else 1))
                if progress:
                    progress(name, done, len(names))
        else:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            warm_up()
            with ProcessPoolExecutor(processes) as pool:
                futures = [pool.submit(build_one, root, name, options, staging) for name in names]
                for done, future in enumerate(as_completed(futures), start=1):
                    results.append(future.result())
                    if progress:
                        progress(results[-1].slug, done, len(names))
        seen = set(problems.items)
        for result in sorted(results, key=lambda r: r.slug):
            problems.extend(p for p in result.problems if p not in seen and not seen.add(p))  # type: ignore[func-returns-value]
        if config_site is None or problems.errors or (options.strict and problems.warnings):
            raise ContentError(problems)
        built = [r for r in sorted(results, key=lambda r: r.slug) if r.built]
        report.assemblies = [r.slug for r in built]
        report.pages = sum(r.pages for r in built)
        if only:
            _remove_deleted_assemblies(root, staging)
        build_portal(config_site, staging)
        report.pages += 1
        if not config_site.config.site_url and report.assemblies:
            report.notes.append(NO_SITEMAP)
    report.seconds = time.perf_counter() - started
    return report


EDITOR_BLOCK = ("editor: {backend: github, repo: your-council/assemblies} (backend: gitlab for GitLab; "
                "docs/editor.md, \"For your IT team\", lists the sign-in settings)")


def _with_editor(root: Path, options: Options, site: Site, problems: Problems) -> Options:
    """The options with `editor` decided: --editor, else site_config.yml's `editor: publish:`.
    --editor without an `editor:` block is an error located at the end of site_config.yml, with
    the lines to add."""
    from dataclasses import replace

    settings = site.config.editor
    if options.editor is None:
        return replace(options, editor=bool(settings and settings.publish))
    if options.editor and settings is None:
        try:
            lines = len((root / "site_config.yml").read_text(encoding="utf-8").splitlines())
        except (OSError, UnicodeDecodeError):
            lines = 0
        problems.error(SourceLocation("site_config.yml", lines + 1),
                       "--editor publishes the browser editor, which saves to your project's Git repository, and "
                       "site_config.yml does not say which repository: add an editor: block at the end of "
                       f"site_config.yml, such as {EDITOR_BLOCK}")
    return options


def _remove_deleted_assemblies(root: Path, staging: Path) -> None:
    """An assembly folder deleted from content/ leaves the published site too (only folders this
    tool wrote, recognised by their open data, are ever removed)."""
    for folder in staging.iterdir():
        if (folder / "data" / "assembly.json").is_file() and not (root / "content" / folder.name).is_dir():
            shutil.rmtree(folder)


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


def portal_entries(site: Site, folder: Path) -> tuple[list[PortalEntry], list[Entry]]:
    """Every assembly published in `folder`, newest first, and their news, read from each one's
    data/portal.json (or, for folders published by older versions, its open data)."""
    entries: list[PortalEntry] = []
    news: list[Entry] = []
    for published in sorted(p for p in folder.iterdir() if p.is_dir() and (p / "data" / "assembly.json").is_file()):
        record_path = published / "data" / "portal.json"
        if record_path.is_file():
            record = json.loads(record_path.read_text(encoding="utf-8"))
            start = record["start"]
            entries.append(PortalEntry(published.name, record["title"], record["question"], record["status"],
                                       dt.date.fromisoformat(start) if start else None, record["summary"],
                                       [tuple(item) for item in record.get("languages", [])]))
            news += [Entry(n["title"], n["id"], dt.date.fromisoformat(n["updated"]), n["href"], n["summary"])
                     for n in record["news"]]
        else:
            data = json.loads((published / "data" / "assembly.json").read_text(encoding="utf-8"))
            feed = published / "updates" / "feed.xml"
            if feed.is_file():
                news += entries_from_feed(feed.read_bytes(), published.name, site.config.site_url)
            a = data["assembly"]
            start = a.get("dates", {}).get("start")
            entries.append(PortalEntry(published.name, a["title"], a["question"], a["status"],
                                       dt.date.fromisoformat(start) if start else None,
                                       f"{len(data['recommendations'])} recommendations"))
    entries.sort(key=lambda e: (e.start or dt.date.min, e.slug), reverse=True)
    return entries, news


def portal_files(site: Site, folder: Path) -> dict[str, bytes | Path]:
    """The files at the root of the site, for the assemblies published in `folder`: the list of
    assemblies (index.html) with the theme's files it uses, the news of every assembly
    (feed.xml), robots.txt and the sitemap index, and the register rows of every assembly."""
    entries, news = portal_entries(site, folder)
    newest = max((e.updated for e in news), default=dt.date(1970, 1, 1))
    files: dict[str, bytes | Path] = {"feed.xml": portal_feed(news, site.config, newest)}
    files.update(site_sitemaps(folder, site.config.site_url))  # robots.txt; with site_url, the sitemap index
    register = portal_register(folder)  # the Citizens' Assembly Register rows of every assembly
    if register is not None:
        files["register.csv"] = csv_bytes(register)
    t = translator(site.config.language)
    organisation = site.config.organisation.name
    plan = PagePlan("index.html", "portal.html", t.gettext("Citizens' assemblies"), "home", {"assemblies": entries},
                    description=t.gettext("Citizens' assemblies of %(organisation)s", organisation=organisation))
    page = Renderer(site).render(None, plan)
    page.html_title = t.gettext("Citizens' assemblies – %(organisation)s", organisation=organisation)
    layout = Layout(EngineSite(
        site_name=t.gettext("%(organisation)s: citizens' assemblies", organisation=organisation),
        language=site.config.language, primary_colour=site.config.theme.primary_colour,
        site_url=site.config.site_url, nav=[("home", t.gettext("All assemblies"), "index.html")],
        layout={"organisation": organisation, "organisation_url": site.config.organisation.url,
                "contact_email": site.config.contact_email, "home": "index.html",
                "feed": "feed.xml", "feed_title": t.gettext("News from every assembly"),
                "licence": "", "banner": None, "footer_links": [],
                "generator": f"assembly-site {__version__}", **layout_language(t)},
        search=False, theme=site.theme))
    files["index.html"] = layout.render(page)
    files.update({path: source for path, source in theme_files(site.theme) if path.startswith("assets/")})
    return files


def build_portal(site: Site, staging: Path) -> None:
    """The root of the site (portal_files), written over what an earlier build left there."""
    files = portal_files(site, staging)
    for name in ("sitemap.xml", PORTAL_SITEMAP):  # without site_url there are none
        if name not in files and (staging / name).is_file():
            (staging / name).unlink()
    if (staging / "assets").is_dir():
        shutil.rmtree(staging / "assets")
    writer = Writer(staging)
    for path, data in sorted(files.items()):
        if isinstance(data, Path):
            writer.copy(path, data)
        else:
            writer.write(path, data)


def update_anchors(root: Path, only: list[str] | None) -> list[tuple[str, int, bool]]:
    """Write each report's record of paragraph ids (content/<assembly>/report/anchors.json) when it
    is out of date: the one step that changes it, never a side effect of building or previewing.
    Returns (the file, how many paragraphs it records, whether it changed) for each report."""
    from generator.lock import project_lock

    done: list[tuple[str, int, bool]] = []
    with project_lock(root):
        site, raws, problems = load_and_validate(root, only, Options(as_of=today_for_build(None, root)))
        if site is None or problems.errors:
            raise ContentError(problems)
        for content in site.assemblies:
            report = content.report
            if report is None:
                continue
            path = root / report.anchors_file
            if report.anchors_changed:
                partial = path.with_name(f".{path.name}.partial")
                partial.write_text(report.anchors_json, encoding="utf-8", newline="\n")
                partial.replace(path)
            done.append((report.anchors_file, len(json.loads(report.anchors_json)["paragraphs"]),
                         report.anchors_changed))
    return done


def bagging_date(content: AssemblyContent) -> dt.date:
    """The package's date: SOURCE_DATE_EPOCH when set, else the newest date in the content."""
    epoch = epoch_instant()
    return epoch.date() if epoch is not None else latest_date(content)


def archive(root: Path, slug: str, out_file: Path, options: Options | None = None) -> tuple[int, Path]:
    """Build the assembly afresh and package it with its sources; returns (files, package)."""
    from dataclasses import replace

    from generator.write.archive import make_package

    options = replace(options or Options(), editor=False)  # a preservation package never holds the editor
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
    """Write the spreadsheet: a workbook when the file's name ends in .xlsx, a CSV otherwise."""
    from generator.edit.spreadsheet import export_csv, export_rows

    _, content, _ = _whole_assembly(root, slug)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    if out_file.suffix.lower() == ".xlsx":
        from generator.edit.workbook import export_workbook
        out_file.write_bytes(export_workbook(content))
    else:
        out_file.write_text(export_csv(content), encoding="utf-8", newline="")
    return len(export_rows(content))


def import_spreadsheet(root: Path, slug: str, csv_file: Path, dry_run: bool,
                       force: bool = False, repair: bool = False) -> tuple[dict[Path, tuple[str, str]], str]:
    """Check every row, apply the changes to a trial copy and validate it; then (unless dry_run)
    write the changed files. Returns the changes and a readable diff. Holds the project's lock
    (generator.lock) throughout, so a build or another import never interleaves. A workbook (.xlsx)
    is turned into the CSV's rows first and then goes the same way. `repair` reads cells garbled by
    opening the CSV with the wrong character set as they were meant."""
    from generator.lock import project_lock

    with project_lock(root):
        return _import_spreadsheet(root, slug, csv_file, dry_run, force, repair)


def _import_spreadsheet(root: Path, slug: str, csv_file: Path, dry_run: bool,
                        force: bool, repair: bool = False) -> tuple[dict[Path, tuple[str, str]], str]:
    from generator.edit.spreadsheet import apply_changes, diff, plan_import, read_records, read_rows, trial_copy

    site, content, raw = _whole_assembly(root, slug)
    problems = Problems()
    statuses = [s.key for s in site.config.progress_statuses]
    if csv_file.suffix.lower() == ".xlsx":
        from generator.edit.workbook import workbook_records
        records, places = workbook_records(csv_file.read_bytes(), csv_file.name, problems)
        planned = [] if problems.errors else read_records(records, places, content, statuses, problems,
                                                          force=force, repair=repair)
    else:
        try:
            text = csv_file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError(f"{csv_file} is not saved as UTF-8: in Excel choose Save As, then 'CSV UTF-8 (Comma "
                             "delimited)'; in LibreOffice choose File > Save As, tick 'Edit filter settings', and "
                             "choose 'Unicode (UTF-8)' as the Character set") from None
        planned = read_rows(text, csv_file.name, content, statuses, problems, force=force, repair=repair)
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
