"""Every page's address inside an assembly's folder, from one function: `url_for(kind, id)`.

The addresses are a promise to readers (the content format lists them): the plan, the page
templates (`url(url_for('recommendation', rec.id))`), the open data, the CSV files, the feeds and
the sitemap all take them from here, so no two parts of the site can disagree about where a
page is."""

from __future__ import annotations

SECTIONS = {
    "home": "index.html",
    "recommendations": "recommendations/index.html",
    "responses": "responses/index.html",
    "sessions": "sessions/index.html",
    "speakers": "speakers/index.html",
    "evidence": "evidence/index.html",
    "updates": "updates/index.html",
    "report": "report/index.html",
    "report-plain": "report/plain.html",
    "accessibility": "accessibility.html",
    "data": "data.html",
    "sitemap": "sitemap.html",
    "not-found": "404.html",
}
"""The pages that exist once per assembly."""

PAGES = {
    "recommendation": "recommendations/{}.html",
    "session": "sessions/{}.html",
    "speaker": "speakers/{}.html",
    "evidence": "evidence/{}.html",
    "update": "updates/{}.html",
    "page": "{}.html",
    "report-chapter": "report/{}.html",
    "by-theme": "recommendations/by-theme/{}.html",
    "by-response": "recommendations/by-response/{}.html",
    "by-progress": "recommendations/by-progress/{}.html",
    "by-type": "evidence/by-type/{}.html",
}
"""The pages of each entity, and of each list narrowed to one theme, response, progress status or
type of evidence (the id is the entity's id, or the theme's address, the key...)."""


def url_for(kind: str, id: str | None = None) -> str:  # noqa: A002 - the entity's id
    """The address of a page inside the assembly's folder: url_for("recommendation", "r1") is
    recommendations/r1.html, url_for("recommendations") recommendations/index.html."""
    if id is None:
        if kind not in SECTIONS:
            raise KeyError(f"no page called {kind!r}; the pages are {', '.join(SECTIONS)}")
        return SECTIONS[kind]
    if kind not in PAGES:
        raise KeyError(f"no kind of page called {kind!r}; the kinds are {', '.join(PAGES)}")
    return PAGES[kind].format(id)
