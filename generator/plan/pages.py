"""Every page of an assembly's site: its address (a promise to users), template and data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.i18n import N_, Translator, english, translator
from generator.model.corpus import AssemblyContent, Site, theme_slug
from generator.model.figures import PROGRESS_EXTRA_LABELS
from generator.model.site import SiteConfig
from generator.model.translate import address_text
from generator.parts import parts
from generator.plan.cards import card_path
from generator.plan.urls import url_for

# The title of the page listing one type of evidence.
EVIDENCE_TYPE_TITLES = {"presentation": N_("Evidence: presentations"), "briefing": N_("Evidence: briefings"),
                        "video": N_("Evidence: videos"), "submission": N_("Evidence: submissions"),
                        "report": N_("Evidence: reports"), "other": N_("Evidence: others")}


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


def navigation(content: AssemblyContent, t: Translator | None = None) -> list[NavLink]:
    """The site's sections: short on every page, whatever the number of entities."""
    _ = (t or english()).gettext
    links = [NavLink("home", _("Home"), url_for("home")),
             *([NavLink("report", _("Report"), url_for("report"))] if content.report else []),
             NavLink("recommendations", _("Recommendations"), url_for("recommendations")),
             NavLink("responses", _("Council response"), url_for("responses")),
             NavLink("sessions", _("Sessions"), url_for("sessions")),
             NavLink("speakers", _("Speakers"), url_for("speakers")),
             NavLink("evidence", _("Evidence"), url_for("evidence")),
             NavLink("updates", _("Updates"), url_for("updates"))]
    links += [NavLink(f"page-{p.id}", p.title, url_for("page", p.id)) for p in content.pages]
    return links


@dataclass(frozen=True)
class FilterLink:
    kind: str
    """theme, response or progress."""
    label: str
    path: str
    count: int


def filter_links(site: Site, content: AssemblyContent, t: Translator | None = None) -> list[FilterLink]:
    """Pre-built pages that narrow the recommendations to one theme, response or progress status,
    so filtering works with plain links and no script."""
    t = t or english()
    figures = content.figures
    # A translated theme keeps the default language's address, so links between languages work.
    links = [FilterLink("theme", theme, url_for("by-theme", theme_slug(address_text(theme))),
                        tally.total)
             for theme, tally in figures.themes.items()]
    links += [FilterLink("response", label, url_for("by-response", key), len(recs))
              for key, label, recs in figures.category_rows(t) if recs]
    links += [FilterLink("progress", progress_label(site.config, key, t),
                         url_for("by-progress", key), len(recs))
              for key, recs in figures.progress_rows if recs]
    return links


def progress_label(config: SiteConfig, key: str, t: Translator | None = None) -> str:
    """The words for a row of the progress figures: a configured status, or one of the rows
    that place every other recommendation (no progress yet, awaiting a response, not put)."""
    extra = PROGRESS_EXTRA_LABELS.get(key)
    return (t or english()).gettext(extra) if extra else config.status_label(key)


def filter_pages(site: Site, content: AssemblyContent, t: Translator | None = None) -> list[PagePlan]:
    t = t or english()
    figures = content.figures
    by_path = {}
    for theme, tally in figures.themes.items():
        by_path[url_for("by-theme", theme_slug(address_text(theme)))] = tally.recommendations
    for key, recs in figures.categories.items():
        by_path[url_for("by-response", key)] = recs
    for key, recs in figures.progress_rows:
        by_path[url_for("by-progress", key)] = recs
    pages = []
    links = filter_links(site, content, t)
    for link in links:
        if link.kind == "theme":
            heading = t.gettext("Recommendations on %(theme)s", theme=link.label)
        elif link.kind == "response":
            heading = t.gettext("Recommendations: %(response)s", response=link.label.lower())
        else:
            heading = t.gettext("Recommendations with progress: %(status)s", status=link.label.lower())
        pages.append(PagePlan(link.path, "recommendations_filtered.html", heading, "recommendations",
                              {"recommendations": by_path[link.path], "filter": link,
                               "filters": links}))
    return pages


def plan_assembly(site: Site, content: AssemblyContent, warnings: int = 0,
                  as_of: dt.date | None = None, language: str | None = None) -> list[PagePlan]:
    """Every page; `warnings` (advice left in the content) is stated in the accessibility statement.
    Titles and descriptions are in `language` (a BCP 47 tag; default: the site's language)."""
    t = translator(language or site.config.language)
    _ = t.gettext
    a = content.assembly
    count = len(content.recommendations)
    pages = [
        PagePlan(url_for("home"), "home.html", a.title, "home", description=a.question,
                 image=card_path("assembly", "home")),
        PagePlan(url_for("recommendations"), "recommendations.html", _("Recommendations"), "recommendations",
                 {"filters": filter_links(site, content, t)},
                 description=t.ngettext("All %(num)s recommendation and the council's response.",
                                        "All %(num)s recommendations and the council's response.", count)),
        PagePlan(url_for("responses"), "responses.html", _("Council response: progress tracker"), "responses",
                 {"as_of": content.as_of}, description=content.figures.summary(t)),
        PagePlan(url_for("sessions"), "sessions.html", _("Sessions"), "sessions"),
        PagePlan(url_for("speakers"), "speakers.html", _("Speakers"), "speakers"),
        PagePlan(url_for("evidence"), "evidence_index.html", _("Evidence"), "evidence"),
        PagePlan(url_for("updates"), "updates.html", _("Updates"), "updates"),
        PagePlan(url_for("accessibility"), "accessibility.html", _("Accessibility statement"), "accessibility",
                 {"checks": {"warnings": warnings}}),
        PagePlan(url_for("not-found"), "not_found.html", _("Page not found"), "none"),
        PagePlan(url_for("data"), "data.html", _("Open data"), "data",
                 description=_("Everything on this site as data you can reuse, and what every field means.")),
    ]
    pages += filter_pages(site, content, t)
    for rec in content.recommendations:
        pages.append(PagePlan(url_for("recommendation", rec.id), "recommendation.html",
                              _("Recommendation %(number)s: %(title)s", number=rec.number, title=rec.title),
                              "recommendations",
                              {"recommendation": rec, "response": content.response_for(rec)},
                              description=_("Council response: %(position)s.",
                                            position=content.figures.category_label(rec, t)),
                              image=card_path("recommendation", rec.id)))
    for session in content.sessions:
        pages.append(PagePlan(url_for("session", session.id), "session.html", session.title, "sessions",
                              {"session": session}))
    for speaker in content.speakers:
        pages.append(PagePlan(url_for("speaker", speaker.id), "speaker.html", speaker.name, "speakers",
                              {"speaker": speaker}, description=", ".join(filter(None, [speaker.role,
                                                                                        speaker.organisation]))))
    for type_value in content.evidence_types():
        pages.append(PagePlan(url_for("by-type", type_value), "evidence_filtered.html",
                              _(EVIDENCE_TYPE_TITLES[type_value]),
                              "evidence", {"items": content.evidence_of_type(type_value), "type_value": type_value}))
    for item in content.evidence:
        pages.append(PagePlan(url_for("evidence", item.id), "evidence.html", item.title, "evidence",
                              {"item": item}))
    for update in content.updates:
        pages.append(PagePlan(url_for("update", update.id), "update.html", update.title, "updates",
                              {"update": update}, description=update.summary or "",
                              image=card_path("update", update.id)))
    for page in content.pages:
        pages.append(PagePlan(url_for("page", page.id), "page.html", page.title, f"page-{page.id}", {"page": page}))
    for part in parts():  # optional parts (generator.parts): the report's pages
        pages += part.pages(content, t)
    listed = [(p.title, p.path) for p in pages if p.path != "404.html"]
    pages.append(PagePlan(url_for("sitemap"), "sitemap.html", _("Every page of this site"), "none",
                          {"listed": listed + [(_("Every page of this site"), "sitemap.html")],
                           "xml_sitemap": bool(site.config.site_url)},
                          description=_("A list of every page, for finding things and for web archives.")))
    statement = next(p for p in pages if p.template == "accessibility.html")
    statement.context["checks"]["pages"] = len(pages)
    return pages
