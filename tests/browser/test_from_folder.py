"""Opened from a folder (file://), with no server and no network: the navigation, a
recommendation and search all work."""

from __future__ import annotations

from typing import Any

import pytest

from . import make_stress

pytestmark = pytest.mark.browser


def test_navigate_and_search_from_a_folder(context: Any, example_site: Any) -> None:
    page = context.new_page()
    page.goto(example_site.file_url("home"))
    nav = page.get_by_role("navigation", name="Sections of this site")
    nav.get_by_role("link", name="Recommendations", exact=True).click()
    assert page.url.endswith("/recommendations/index.html")
    assert page.locator("main h1").inner_text() == "Recommendations"
    page.get_by_role("link", name="Safe cycle routes into the town centre").click()
    assert page.url.endswith("/recommendations/safe-cycle-routes.html")
    assert "Safe cycle routes" in page.locator("main h1").inner_text()
    nav.get_by_role("link", name="Council response", exact=True).click()
    assert page.url.endswith("/responses/index.html")

    page.get_by_role("button", name="Search").click()
    page.keyboard.type("cycle")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")
    assert any("safe-cycle-routes.html" in (h or "") for h in hrefs), hrefs
    page.locator(".md-search-result__link[href*='safe-cycle-routes.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/recommendations/safe-cycle-routes.html"), page.url
    assert "Safe cycle routes" in page.locator("main h1").inner_text()


def test_search_works_over_http_too(page: Any, example_site: Any, server: str) -> None:
    page.goto(example_site.http_url(server, "recommendations"))
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("toilets")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert "toilet" in page.locator(".md-search-result").inner_text().lower()
    assert "matching page" in page.locator(".md-search-result__meta").inner_text()


def test_search_finds_accented_words_in_the_stress_site_from_a_folder(context: Any, stress_site: Any) -> None:
    page = context.new_page()
    page.goto(stress_site.file_url("home"))
    page.get_by_role("button", name="Search").click()
    page.keyboard.type(make_stress.SEARCH_WORD)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.locator(".md-search-result__item").count() >= 1


def test_welsh_pages_search_in_welsh_and_switch_language_from_a_folder(context: Any, bilingual_site: Any) -> None:
    page = context.new_page()
    page.goto(bilingual_site.file_url("cy-home"))
    assert page.evaluate("() => document.documentElement.lang") == "cy"
    page.get_by_role("button", name="Chwilio").click()
    page.keyboard.type("inswleiddio")  # a Welsh word only the Welsh pages have
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")
    assert any("warm-homes.html" in (h or "") for h in hrefs), hrefs
    page.locator(".md-search-result__link[href*='warm-homes.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/cy/recommendations/warm-homes.html"), page.url
    # The language link leads to the same page in English, and back.
    page.get_by_role("navigation", name="Ieithoedd eraill").get_by_role("link", name="English").click()
    assert page.url.endswith("/aberwen-climate/recommendations/warm-homes.html"), page.url
    assert page.evaluate("() => document.documentElement.lang") == "en"
    page.get_by_role("link", name="Cymraeg").click()
    assert page.url.endswith("/aberwen-climate/cy/recommendations/warm-homes.html"), page.url
