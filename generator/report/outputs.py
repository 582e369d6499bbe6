"""The report's extra files: report/plain.html, report/report.epub and the pictures taken out of
report.docx.

They are made in memory before the report's pages are rendered, so the contents page can state
their sizes. The record of paragraph ids (content/<assembly>/report/anchors.json) is never
written by a build: `assembly anchors` updates it (generator.report.record)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.dates import epoch_instant
from generator.i18n import Translator
from generator.model.corpus import AssemblyContent, FileFacts, Site
from generator.render.csp import with_policy
from generator.render.pages import environment_translator
from generator.report.epub import EpubFacts, book_identifier, build_epub, image_paths
from generator.report.model import Report, ReportImage
from generator.report.render import chapter_html, licence_label, notes_html
from generator.write.images import image_files


@dataclass
class ReportOutputs:
    files: dict[str, bytes] = field(default_factory=dict)
    """Path inside the language's folder → bytes (report/plain.html, report/report.epub)."""
    images: list[ReportImage] = field(default_factory=list)
    """The pictures taken out of report.docx, each published at its path through the picture
    pipeline (generator.write.images), like a photo."""


def modified_time(report: Report) -> dt.datetime:
    """The e-book's date: the report's published date, else SOURCE_DATE_EPOCH, else 1 January 1980."""
    if report.meta.published:
        return dt.datetime.combine(report.meta.published, dt.time(12, 0))
    epoch = epoch_instant()
    return epoch.replace(tzinfo=None) if epoch is not None else dt.datetime(1980, 1, 1)


def prepare_outputs(site: Site, content: AssemblyContent, plans: list[Any], env: Any, folder: Path,
                    layout: dict[str, Any], cache: Path | None) -> ReportOutputs | None:
    """Make the one-page version and the e-book, in the language of `env` (the Renderer's); give
    their sizes to the contents page. `cache` holds pictures made before (or None)."""
    report = content.report
    if report is None:
        return None
    t = environment_translator(env)
    index = next(p for p in plans if p.path == "report/index.html")
    outputs = ReportOutputs(images=list(report.images))
    plain = render_plain(report, content, site, env, index.context["summary"], layout, t)
    pictures = _published_pictures(report, content, folder, cache)
    site_url = site.config.assembly_url(content.slug)
    facts = EpubFacts(book_identifier(content.slug, site_url, report.meta.title), site.config.organisation.name,
                      modified_time(report), site_url)
    epub = build_epub(report, facts, pictures, index.context["summary"], content.assembly.title, t)
    outputs.files = {"report/plain.html": plain.encode("utf-8"), "report/report.epub": epub}
    for entry in index.context["formats"]:
        if entry["path"] in outputs.files:
            entry["facts"] = FileFacts(entry["path"], len(outputs.files[entry["path"]])).describe(t)
    return outputs


def render_plain(report: Report, content: AssemblyContent, site: Site, env: Any, summary: str,
                 layout: dict[str, Any], t: Translator | None = None) -> str:
    """The one-page version; `layout` is what the site's other pages show around their text."""
    t = t or environment_translator(env)
    chapters = [{"chapter": c, "body": chapter_html(c, shift=1, t=t), "notes": notes_html(c, level=3, t=t)}
                for c in report.chapters]
    template = env.get_template("report_plain.html")
    canonical = None
    if site.config.site_url:  # the same address the sitemap lists (in its language's folder)
        languages = content.assembly.languages
        folder = f"{t.tag}/" if languages and t.tag != languages[0] else ""
        canonical = f"{site.config.assembly_url(content.slug)}{folder}report/plain.html"
    return with_policy(str(template.render(
        report=report, language=t.tag, generator=layout["generator"], banner=layout["banner"], canonical=canonical,
        assembly_title=content.assembly.title,
        organisation=site.config.organisation.name, licence=licence_label(report, t), summary=Markup(summary),
        front=chapter_html(report.front, t=t) if report.front else "",
        front_notes=notes_html(report.front, t=t) if report.front else "", chapters=chapters)))


def _published_pictures(report: Report, content: AssemblyContent, folder: Path, cache: Path | None) -> dict[str, bytes]:
    """The pictures the e-book holds: the same re-encoded copies, without metadata, as the site."""
    needed = image_paths(report)
    docx = {image.path: image for image in report.images}
    found: dict[str, bytes] = {}
    for path in sorted(needed):
        if path in docx:
            copies = image_files(docx[path].data, path, docx[path].size, cache)
        elif path in content.images:
            copies = image_files((folder / path).read_bytes(), path, content.images[path], cache)
        else:
            continue
        if path in copies:
            found[path] = copies[path]
    return found
