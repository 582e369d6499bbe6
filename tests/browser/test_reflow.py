"""320 CSS pixels wide (WCAG 1.4.10) and text at 200% (1.4.4): nothing scrolls sideways except
a table inside its own box, and nothing is cut off."""

from __future__ import annotations

from typing import Any

import pytest

from .browser_support import ALL_PAGES, OVERFLOW_SCRIPT, page_id

pytestmark = pytest.mark.browser

DOUBLE_TEXT = """() => {
  // What a reader's browser setting 'font size: very large' does: the root size doubles, and
  // every size in rem or em follows.
  const root = document.documentElement;
  root.style.fontSize = (parseFloat(getComputedStyle(root).fontSize) * 2) + 'px';
}"""


@pytest.mark.parametrize("site_name,kind", ALL_PAGES, ids=page_id)
def test_nothing_scrolls_sideways_or_is_cut_off(adjustable_page: Any, sites: dict, server: str, site_name: str,
                                                kind: str) -> None:
    page = adjustable_page
    url = sites[site_name].http_url(server, kind)
    problems: list[str] = []
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    problems += [f"320px: {p}" for p in page.evaluate(OVERFLOW_SCRIPT)]
    page.evaluate(DOUBLE_TEXT)
    problems += [f"320px, text 200%: {p}" for p in page.evaluate(OVERFLOW_SCRIPT)]
    page.set_viewport_size({"width": 1280, "height": 800})
    problems += [f"1280px, text 200%: {p}" for p in page.evaluate(OVERFLOW_SCRIPT)]
    assert not problems, "\n".join(problems)


def test_search_panel_fits_a_phone(adjustable_page: Any, example_site: Any, server: str) -> None:
    page = adjustable_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(example_site.http_url(server, "home"))
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("market traders")
    page.wait_for_selector(".md-search-result__item")
    page.evaluate(DOUBLE_TEXT)
    problems = page.evaluate(OVERFLOW_SCRIPT)
    assert not problems, "\n".join(problems)
    assert page.locator(".assembly-search-close").is_visible()
