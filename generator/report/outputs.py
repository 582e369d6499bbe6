"""The report's extra files: report/plain.html, report/report.epub, the pictures taken out of
report.docx, and the updated record of paragraph ids (content/<assembly>/report/anchors.json).

They are made in memory before the pages are rendered, so the contents page can state their
sizes, and written after the engine has laid out the pages."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.i18n import Translator
from generator.model.corpus import AssemblyContent, FileFacts, Site
from generator.render.csp import with_policy
from generator.render.pages import environment_translator
from generator.report.epub import EpubFacts, book_identifier, build_epub, image_paths
from generator.report.model import Report, ReportImage
from generator.report.render import chapter_html, licence_label, notes_html
from generator.write.images import publish_image


@dataclass
class ReportOutputs:
    files: dict[str, bytes] = field(default_factory=dict)
    """Path inside the assembly's output folder → bytes."""
    images: list[ReportImage] = field(default_factory=list)
    anchors: tuple[Path, str] | None = None
    """The record of paragraph ids to write into the content folder, when it changed."""

    def write(self, target: Path, cache: Path | None) -> None:
        for rel, data in sorted(self.files.items()):
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for image in self.images:
            _publish(image, target, cache)
        if self.anchors is not None:
            path, text = self.anchors
            partial = path.with_name(f".{path.name}.partial")
            try:
                partial.write_text(text, encoding="utf-8", newline="\n")
                partial.replace(path)
            except OSError:
                # A read-only checkout (a CI job, an archive) still builds; the officer's own
                # build keeps the record.
                partial.unlink(missing_ok=True)


def _publish(image: ReportImage, target: Path, cache: Path | None) -> None:
    """Through the same pipeline as photos: orientation applied, metadata removed, resized."""
    with tempfile.TemporaryDirectory(prefix="assembly-report-") as temp:
        source = Path(temp) / Path(image.path).name
        source.write_bytes(image.data)
        publish_image(source, image.path, image.size, target, cache)


def modified_time(report: Report) -> dt.datetime:
    """The e-book's date: the report's published date, else SOURCE_DATE_EPOCH, else 1 January 1980."""
    if report.meta.published:
        return dt.datetime.combine(report.meta.published, dt.time(12, 0))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return dt.datetime(1980, 1, 1)


def prepare_outputs(site: Site, content: AssemblyContent, plans: list[Any], env: Any, folder: Path,
                    layout: dict[str, Any]) -> ReportOutputs | None:
    """Make the one-page version and the e-book, in the language of `env` (the Renderer's); give
    their sizes to the contents page."""
    report = content.report
    if report is None:
        return None
    t = environment_translator(env)
    cache = folder.parent.parent / ".assembly-cache" / "images"
    index = next(p for p in plans if p.path == "report/index.html")
    outputs = ReportOutputs(images=list(report.images))
    plain = render_plain(report, content, site, env, index.context["summary"], layout, t)
    pictures = _published_pictures(report, content, folder, cache)
    site_url = site.config.site_url + content.slug + "/" if site.config.site_url else None
    facts = EpubFacts(book_identifier(content.slug, site_url, report.meta.title), site.config.organisation.name,
                      modified_time(report), site_url)
    epub = build_epub(report, facts, pictures, index.context["summary"], content.assembly.title, t)
    outputs.files = {"report/plain.html": plain.encode("utf-8"), "report/report.epub": epub}
    for entry in index.context["formats"]:
        if entry["path"] in outputs.files:
            entry["facts"] = FileFacts(entry["path"], len(outputs.files[entry["path"]])).describe(t)
    if report.anchors_changed:
        outputs.anchors = (folder / "report" / "anchors.json", report.anchors_json)
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
        canonical = f"{site.config.site_url}{content.slug}/{folder}report/plain.html"
    return with_policy(str(template.render(
        report=report, language=t.tag, generator=layout["generator"], banner=layout["banner"], canonical=canonical,
        assembly_title=content.assembly.title,
        organisation=site.config.organisation.name, licence=licence_label(report, t), summary=Markup(summary),
        front=chapter_html(report.front, t=t) if report.front else "",
        front_notes=notes_html(report.front, t=t) if report.front else "", chapters=chapters)))


def _published_pictures(report: Report, content: AssemblyContent, folder: Path, cache: Path) -> dict[str, bytes]:
    """The pictures the e-book holds: the same re-encoded copies, without metadata, as the site."""
    needed = image_paths(report)
    docx = {image.path: image for image in report.images}
    found: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="assembly-report-") as temp:
        out = Path(temp)
        for path in sorted(needed):
            if path in docx:
                _publish(docx[path], out, cache)
            elif path in content.images:
                publish_image(folder / path, path, content.images[path], out, cache)
            if (out / path).is_file():
                found[path] = (out / path).read_bytes()
    return found
