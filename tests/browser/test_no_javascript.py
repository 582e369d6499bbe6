"""JavaScript off: every page's content and navigation are there, and the navigation works."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.i18n import translator

from .browser_support import ALL_PAGES, page_id

pytestmark = pytest.mark.browser
OWN_NAVIGATION = {"portal": "main h2 a", "report-plain": "header a"}


@pytest.fixture(scope="module")
def no_js_page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("site_name,kind", ALL_PAGES, ids=page_id)
def test_page_reads_and_navigates_without_javascript(no_js_page: Any, sites: dict, server: str, site_name: str,
                                                     kind: str) -> None:
    page = no_js_page
    site = sites[site_name]
    page.goto(site.http_url(server, kind))
    assert not page.evaluate("() => document.documentElement.classList.contains('js')"), "JavaScript ran"
    heading = page.locator("main h1")
    assert heading.count() == 1 and heading.is_visible() and heading.inner_text().strip()
    # The page says what it is and what language it is in; its tables and pictures explain themselves.
    structure = page.evaluate("""() => ({
        lang: document.documentElement.lang, title: document.title,
        h1: document.querySelector('main h1').textContent.replace(/\\s+/g, ' ').trim(),
        tables: [...document.querySelectorAll('main table')].map(t => ({
            caption: !!(t.caption && t.caption.textContent.trim()) || !!t.closest('[aria-label]'),
            headers: t.querySelectorAll('th').length})),
        images: [...document.querySelectorAll('main img')].map(i => i.getAttribute('alt')),
    })""")
    # The bilingual assembly's pages are in its languages: en, then cy in its cy/ folder.
    expected = {"cy": "cy", "en": "en"}.get(kind.split("-")[0], "en-GB") if site_name == "bilingual" else "en-GB"
    assert structure["lang"] == expected
    _ = translator(expected).gettext  # the words the page shows in its language
    if site_name == "bilingual" and kind.startswith(("cy-", "en-")):
        kind = kind.split("-", 1)[1]
    assert structure["h1"] in structure["title"], f"title {structure['title']!r} does not name the page"
    if kind not in ("home", "bare-home", "portal"):
        assert structure["title"].count(" – ") >= 1, f"title {structure['title']!r} does not name the site"
    for table in structure["tables"]:
        assert table["headers"] >= 1, f"a table without header cells: {table}"
    assert all(alt is not None for alt in structure["images"]), "an image has no alt attribute"
    main_text = page.locator("main").inner_text()
    assert len(main_text.strip()) > 40, f"the main content is nearly empty: {main_text!r}"
    # Nothing that needs JavaScript is offered: no search button, no search panel.
    assert page.locator(".assembly-search-button").is_hidden()
    assert page.locator("#assembly-search").is_hidden()
    if kind in OWN_NAVIGATION:  # pages outside an assembly's layout: the portal, the one-page report
        links = page.locator(OWN_NAVIGATION[kind])
        assert links.count() >= 1
        target = links.first
    else:
        nav = page.get_by_role("navigation", name=_("Sections of this site"))
        assert nav.is_visible()
        names = [n.strip() for n in nav.get_by_role("link").all_inner_texts()]
        for section in ["Home", "Recommendations", "Council response", "Sessions", "Speakers", "Evidence", "Updates"]:
            assert _(section) in names, f"the navigation lacks {_(section)}: {names}"
        target = nav.get_by_role("link", name=_("Recommendations") if kind != "recommendations" else _("Home"),
                                 exact=True)
    href = target.get_attribute("href")
    target.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith(href.split("/")[-1]), f"{href} led to {page.url}"
    assert page.locator("main h1").inner_text().strip(), f"{page.url} has no heading"
    assert _("Page not found") not in page.title()
