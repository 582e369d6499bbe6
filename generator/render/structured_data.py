"""schema.org JSON-LD for the home, recommendation and update pages, so search engines and
archives can read what a page is about. Built from the model; never executed by a browser."""

from __future__ import annotations

import json
from typing import Any

from generator.i18n import Translator, english
from generator.model.corpus import AssemblyContent
from generator.model.site import SiteConfig
from generator.plan.pages import PagePlan


def structured_data(plan: PagePlan, content: AssemblyContent, config: SiteConfig,
                    t: Translator | None = None) -> dict[str, Any] | None:
    t = t or english()
    a = content.assembly
    publisher = {"@type": "GovernmentOrganization", "name": config.organisation.name}
    if config.organisation.url:
        publisher["url"] = config.organisation.url
    if plan.template == "home.html":
        data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Event", "name": a.title,
                                "description": a.question, "organizer": publisher,
                                "eventStatus": "https://schema.org/EventScheduled"}
        if a.dates.start:
            data["startDate"] = a.dates.start.isoformat()
        if a.dates.end:
            data["endDate"] = a.dates.end.isoformat()
        return data
    if plan.template == "recommendation.html":
        rec = plan.context["recommendation"]
        data = {"@context": "https://schema.org", "@type": "CreativeWork",
                "name": t.gettext("Recommendation %(number)s: %(title)s", number=rec.number, title=rec.title),
                "identifier": rec.id, "isPartOf": {"@type": "Event", "name": a.title},
                "creativeWorkStatus": content.figures.category_label(rec, t), "publisher": publisher}
        if rec.theme:
            data["about"] = rec.theme
        return data
    if plan.template == "update.html":
        update = plan.context["update"]
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": update.title,
                "datePublished": update.date.isoformat(), "publisher": publisher, "author": publisher}
        if update.summary:
            data["description"] = update.summary
        return data
    return None


def script_tag(data: dict[str, Any]) -> str:
    # No "<" at all inside the script element (JSON allows \u003c), so no text can end or open one.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/ld+json">{text}</script>'
