"""The report's pages: report/index.html and one page per chapter (report/<chapter>.html)."""

from __future__ import annotations

from generator.i18n import Translator, english
from generator.links import body_link, page_depth
from generator.model.corpus import AssemblyContent
from generator.plan.pages import PagePlan
from generator.plan.urls import url_for
from generator.render.markdown import render_markdown
from generator.report.render import chapter_html, description, licence_label, notes_html


def report_plans(content: AssemblyContent, t: Translator | None = None) -> list[PagePlan]:
    report = content.report
    if report is None:
        return []
    t = t or english()
    # The sizes of the one-page version and the e-book are filled in when they are made.
    formats = [{"title": t.gettext("The whole report on one page"), "path": "report/plain.html", "facts": "HTML",
                "note": t.gettext("for slow connections, printing and keeping")},
               {"title": t.gettext("The report as an e-book"), "path": "report/report.epub", "facts": "EPUB",
                "note": t.gettext("for reading apps and e-readers")}]
    if report.meta.pdf and report.meta.pdf in content.files:
        formats.append({"title": t.gettext("The report as a PDF"), "path": report.meta.pdf,
                        "facts": content.files[report.meta.pdf].describe(t), "note": ""})
    summary = render_markdown(report.meta.summary, lambda target: body_link("report/index.html", target),
                              depth=page_depth("report/index.html"))
    plans = [PagePlan("report/index.html", "report_index.html", report.meta.title, "report",
                      {"report": report, "formats": formats, "summary": summary,
                       "licence": licence_label(report, t),
                       "front": chapter_html(report.front, t=t) if report.front else "",
                       "front_notes": notes_html(report.front, t=t) if report.front else ""},
                      description=report.meta.subtitle or t.gettext("The report of %(assembly)s",
                                                                    assembly=content.assembly.title))]
    for chapter in report.chapters:
        plans.append(PagePlan(url_for("report-chapter", chapter.id), "report_chapter.html", chapter.title, "report",
                              {"report": report, "chapter": chapter, "body": chapter_html(chapter, t=t),
                               "notes": notes_html(chapter, t=t), "previous": report.chapter_before(chapter),
                               "next": report.chapter_after(chapter)},
                              description=description(chapter)))
    return plans
