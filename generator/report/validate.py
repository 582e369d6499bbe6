"""The report from its raw files: report.yml checked, chapters converted into blocks, ids given
and reconciled with the record of earlier ids, mentions of recommendations linked."""

from __future__ import annotations

import posixpath
import re

from generator.errors import Problems, SourceLocation
from generator.links import body_link
from generator.load.files import SourceFile
from generator.model.corpus import AssemblyContent
from generator.report.anchors import assign_ids, normalise, reconcile, record_text
from generator.report.convert import RESERVED_CHAPTER_IDS, chapter_from_markdown, chapters_from_docx, split_title
from generator.report.load import ANCHORS, CHAPTER_NAME, RawReport
from generator.report.mentions import link_mentions, number_key
from generator.report.model import Chapter, ChapterMeta, Report, ReportImage, ReportMeta
from generator.validate.accessibility import check_body
from generator.validate.schema import validate_record

Links = list[tuple[str, SourceLocation]]


def chapter_id(file_name: str) -> str:
    """01-introduction.md → introduction."""
    match = CHAPTER_NAME.match(file_name)
    return match.group(1) if match else file_name.removesuffix(".md")


def validate_report(raw: RawReport | None, content: AssemblyContent, problems: Problems,
                    language: str = "en") -> tuple[Report | None, Links]:
    """The report, or None; and the links its Markdown makes to other files, for the usual checks."""
    if raw is None or raw.meta is None:
        return None, []
    meta = validate_record(raw.meta, ReportMeta, problems)
    if meta is not None and meta.pdf is not None:
        where = raw.meta.at("pdf")
        if meta.pdf not in content.files:
            problems.error(where, f"pdf: '{meta.pdf}' is not in documents/: put the PDF of the report there and "
                           "write its path, such as documents/final-report.pdf")
        elif not meta.pdf.lower().endswith(".pdf"):
            problems.error(where, f"pdf: '{meta.pdf}' is not a PDF file: give the PDF version of the report here")
    links: Links = []
    front: Chapter | None = None
    chapters: list[Chapter] = []
    images: list[ReportImage] = []
    if raw.docx is not None:
        skip = {normalise(t) for t in (meta.title, meta.subtitle) if t} if meta else set()
        sizes = {image.path: image.size for image in raw.docx.images}
        front, chapters = chapters_from_docx(raw.docx.html, raw.docx.rel, sizes, skip)
        images = [ReportImage(i.path, i.data, i.size) for i in raw.docx.images]
        if not chapters:
            problems.error(SourceLocation(raw.docx.rel), "report.docx has no Heading 1, so it has no chapters: give "
                           "each chapter's title Word's 'Heading 1' style")
        for chapter in chapters:
            if not chapter.blocks:
                problems.warning(SourceLocation(raw.docx.rel), f"the chapter '{chapter.title}' in report.docx has "
                                 "no text under its heading")
    else:
        files = {chapter_id(s.path.name): s for s in raw.chapters}
        file_names = {s.path.name: cid for cid, s in files.items()}
        for cid, source in files.items():
            written = _markdown_chapter(cid, source, file_names, problems, links)
            if written is not None:
                chapters.append(written)
    if meta is None:
        return None, links  # every chapter is still checked, so all mistakes show in one run
    parts = ([front] if front else []) + chapters
    assign_ids(parts)
    numbers = {number_key(r.number): r.id for r in content.recommendations}

    def unknown(chapter: Chapter, number: str) -> None:
        source = next((s for s in raw.chapters if s.rel == chapter.source), None)
        where = SourceLocation(chapter.source)
        if source is not None:
            where = _find(source.body, source.body_line, rf"[Rr]ecommendations?\b[^\n]*?\b{re.escape(number)}\b",
                          chapter.source)
        problems.warning(where, f"the report mentions recommendation {number}, but no published recommendation "
                         "has that number, so it is not linked: check the number")

    mentions = link_mentions(parts, numbers, unknown)
    record = reconcile(parts, raw.anchors)
    text = record_text(record)
    report_errors = any(p.location.path.startswith(f"{raw.rel}/") for p in problems.errors)
    if text != raw.anchors_text and not report_errors:  # with mistakes to fix first, `anchors` would refuse
        problems.warning(SourceLocation(f"{raw.rel}/{ANCHORS}"),
                         "the record of the report's paragraph links is out of date, so a link to a paragraph "
                         "published now could break after a later correction: run `assembly anchors "
                         f"{content.slug}` and keep the updated file with the content")
    report = Report(meta=meta, chapters=chapters, front=front, source=raw.docx.rel if raw.docx else raw.rel,
                    mentions=mentions, images=images, anchors_file=f"{raw.rel}/{ANCHORS}", anchors_json=text,
                    anchors_changed=text != raw.anchors_text, licence=meta.licence or content.assembly.licence,
                    language=language)
    return report, links


def _markdown_chapter(cid: str, source: SourceFile, file_names: dict[str, str], problems: Problems,
                      links: Links) -> Chapter | None:
    if cid in RESERVED_CHAPTER_IDS:
        problems.error(SourceLocation(source.rel), f"a chapter cannot be called '{cid}': that name is used by the "
                       "report itself; rename the file")
        return None
    chapter_meta = validate_record(source, ChapterMeta, problems) if source.located.data else ChapterMeta()
    if chapter_meta is None:
        return None
    title, body = chapter_meta.title, source.body
    if not title:
        title, body, _ = split_title(source.body)
    if not title:
        problems.error(SourceLocation(source.rel, source.body_line), "the chapter has no title: start it with a "
                       "heading line such as `# Introduction`, or add `title: ...` between `---` lines at the top")
        return None
    found = check_body(source.rel, source.body, source.body_line, problems)
    for target, where in found:
        path = posixpath.normpath(target) if target else ""
        if path.startswith("report/"):
            if path[len("report/"):] not in file_names:
                problems.error(where, f"the link to '{target}' leads nowhere: link to a chapter's file, such as "
                               f"report/{next(iter(sorted(file_names)), '01-introduction.md')}")
        else:
            links.append((target, where))
    page = f"report/{cid}.html"

    def rewrite(target: str) -> str:
        path, _, anchor = target.partition("#")
        normal = posixpath.normpath(path) if path else ""
        if normal.startswith("report/") and normal[len("report/"):] in file_names:
            return file_names[normal[len("report/"):]] + ".html" + (f"#{anchor}" if anchor else "")
        return body_link(page, target)

    return chapter_from_markdown(cid, title, source.rel, body, rewrite)


def _find(body: str, first_line: int, pattern: str, path: str) -> SourceLocation:
    match = re.search(pattern, body)
    if not match:
        return SourceLocation(path, first_line)
    line = body.count("\n", 0, match.start())
    column = match.start() - (body.rfind("\n", 0, match.start()) + 1) + 1
    return SourceLocation(path, first_line + line, column)
