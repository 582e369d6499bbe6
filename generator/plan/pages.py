"""Every page of an assembly's site: its address (a promise to users), template and data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.model.corpus import AssemblyContent, Site, theme_slug
from generator.plan.cards import card_path


@dataclass
class PagePlan:
    path: str
    """Output path inside the assembly folder, e.g. 'recommendations/r1.html'."""
    template: str
    title: str
    """The page's heading and its name in the navigation."""
    section: str
    """Which navigation section the page belongs to (highlighted as current)."""
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    image: str = ""
    """The sharing card shown when the page is shared (Open Graph), if it has one."""


@dataclass(frozen=True)
class NavLink:
    key: str
    title: str
    path: str


def navigation(content: AssemblyContent) -> list[NavLink]:
    """The site's sections: short on every page, whatever the number of entities."""
    links = [NavLink("home", "Home", "index.html"),
             *([NavLink("report", "Report", "report/index.html")] if content.report else []),
             NavLink("recommendations", "Recommendations", "recommendations/index.html"),
             NavLink("responses", "Council response", "responses/index.html"),
             NavLink("sessions", "Sessions", "sessions/index.html"),
             NavLink("speakers", "Speakers", "speakers/index.html"),
             NavLink("evidence", "Evidence", "evidence/index.html"),
             NavLink("updates", "Updates", "updates/index.html")]
    links += [NavLink(f"page-{p.id}", p.title, f"{p.id}.html") for p in content.pages]
    return links


@dataclass(frozen=True)
class FilterLink:
    kind: str
    """theme, response or progress."""
    label: str
    path: str
    count: int


def filter_links(site: Site, content: AssemblyContent) -> list[FilterLink]:
    """Pre-built pages that narrow the recommendations to one theme, response or progress status,
    so filtering works with plain links and no script."""
    links = [FilterLink("theme", theme, f"recommendations/by-theme/{theme_slug(theme)}.html",
                        len(content.in_theme(theme))) for theme in content.themes()]
    links += [FilterLink("response", label, f"recommendations/by-response/{key}.html", len(recs))
              for key, label, recs in content.position_counts() if recs]
    links += [FilterLink("progress", label, f"recommendations/by-progress/{key}.html", len(recs))
              for key, label, recs in content.status_counts(site.config) if recs]
    return links


def filter_pages(site: Site, content: AssemblyContent) -> list[PagePlan]:
    by_path = {}
    for theme in content.themes():
        by_path[f"recommendations/by-theme/{theme_slug(theme)}.html"] = content.in_theme(theme)
    for key, _, recs in content.position_counts():
        by_path[f"recommendations/by-response/{key}.html"] = recs
    for key, _, recs in content.status_counts(site.config):
        by_path[f"recommendations/by-progress/{key}.html"] = recs
    pages = []
    links = filter_links(site, content)
    for link in links:
        heading = {"theme": f"Recommendations on {link.label}",
                   "response": f"Recommendations: {link.label.lower()}",
                   "progress": f"Recommendations with progress: {link.label.lower()}"}[link.kind]
        pages.append(PagePlan(link.path, "recommendations_filtered.html", heading, "recommendations",
                              {"recommendations": by_path[link.path], "filter": link,
                               "filters": links}))
    return pages


def plan_assembly(site: Site, content: AssemblyContent, warnings: int = 0,
                  as_of: dt.date | None = None) -> list[PagePlan]:
    """Every page; `warnings` (advice left in the content) is stated in the accessibility statement."""
    a = content.assembly
    pages = [
        PagePlan("index.html", "home.html", a.title, "home", description=a.question,
                 image=card_path("assembly", "home")),
        PagePlan("recommendations/index.html", "recommendations.html", "Recommendations", "recommendations",
                 {"filters": filter_links(site, content)},
                 description=f"All {len(content.recommendations)} recommendations and the council's response."),
        PagePlan("responses/index.html", "responses.html", "Council response: progress tracker", "responses",
                 {"as_of": as_of or dt.date(1970, 1, 1)}, description=content.accountability_summary()),
        PagePlan("sessions/index.html", "sessions.html", "Sessions", "sessions"),
        PagePlan("speakers/index.html", "speakers.html", "Speakers", "speakers"),
        PagePlan("evidence/index.html", "evidence_index.html", "Evidence", "evidence"),
        PagePlan("updates/index.html", "updates.html", "Updates", "updates"),
        PagePlan("accessibility.html", "accessibility.html", "Accessibility statement", "accessibility",
                 {"checks": {"warnings": warnings}}),
        PagePlan("404.html", "not_found.html", "Page not found", "none"),
        PagePlan("data.html", "data.html", "Open data", "data",
                 description="Everything on this site as data you can reuse, and what every field means."),
    ]
    pages += filter_pages(site, content)
    for rec in content.recommendations:
        pages.append(PagePlan(f"recommendations/{rec.id}.html", "recommendation.html",
                              f"Recommendation {rec.number}: {rec.title}", "recommendations",
                              {"recommendation": rec, "response": content.response_for(rec)},
                              description=f"Council response: {content.position_label(rec)}.",
                              image=card_path("recommendation", rec.id)))
    for session in content.sessions:
        pages.append(PagePlan(f"sessions/{session.id}.html", "session.html", session.title, "sessions",
                              {"session": session}))
    for speaker in content.speakers:
        pages.append(PagePlan(f"speakers/{speaker.id}.html", "speaker.html", speaker.name, "speakers",
                              {"speaker": speaker}, description=", ".join(filter(None, [speaker.role,
                                                                                        speaker.organisation]))))
    for type_value in content.evidence_types():
        label = type_value.replace("-", " ")
        pages.append(PagePlan(f"evidence/by-type/{type_value}.html", "evidence_filtered.html",
                              f"Evidence: {label}s" if not label.endswith("s") else f"Evidence: {label}",
                              "evidence", {"items": content.evidence_of_type(type_value), "type_value": type_value}))
    for item in content.evidence:
        pages.append(PagePlan(f"evidence/{item.id}.html", "evidence.html", item.title, "evidence",
                              {"item": item}))
    for update in content.updates:
        pages.append(PagePlan(f"updates/{update.id}.html", "update.html", update.title, "updates",
                              {"update": update}, description=update.summary or "",
                              image=card_path("update", update.id)))
    for page in content.pages:
        pages.append(PagePlan(f"{page.id}.html", "page.html", page.title, f"page-{page.id}", {"page": page}))
    from generator.report.plan import report_plans

    pages += report_plans(content)
    listed = [(p.title, p.path) for p in pages if p.path != "404.html"]
    pages.append(PagePlan("sitemap.html", "sitemap.html", "Every page of this site", "none",
                          {"listed": listed + [("Every page of this site", "sitemap.html")]},
                          description="A list of every page, for finding things and for web archives."))
    statement = next(p for p in pages if p.template == "accessibility.html")
    statement.context["checks"]["pages"] = len(pages)
    return pages
