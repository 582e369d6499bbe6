"""Names and text in other scripts and languages in the stress site: marked up so that screen
readers switch voice and right-to-left text is laid out on its own terms."""

from __future__ import annotations

from typing import Any

import pytest

from . import make_stress

pytestmark = pytest.mark.browser


def test_right_to_left_names_are_isolated_and_marked_text_keeps_its_language(page: Any, stress_site: Any,
                                                                             server: str) -> None:
    page.goto(stress_site.http_url(server, "speaker-rtl"))
    heading = page.locator("main h1")
    assert heading.inner_text().strip() == make_stress.ARABIC_NAME
    assert heading.evaluate("h => getComputedStyle(h).direction") == "rtl"
    marked = page.locator('main [lang="ar"][dir="rtl"]')
    assert marked.count() >= 1 and marked.first.evaluate("e => getComputedStyle(e).direction") == "rtl"

    page.goto(stress_site.http_url(server, "speakers"))
    names = page.locator("main bdi").all_inner_texts()
    assert make_stress.ARABIC_NAME in names and make_stress.HEBREW_NAME in names

    page.goto(stress_site.http_url(server, "recommendation-responded"))
    assert page.locator('main [lang="fr"]').count() == 1


def test_long_titles_are_never_truncated(page: Any, stress_site: Any, server: str) -> None:
    page.goto(stress_site.http_url(server, "recommendation-responded"))
    heading = page.locator("main h1").inner_text()
    assert len(heading) > 200 and heading.endswith(".")
    assert make_stress.LONG_WORD in page.locator("main").inner_text()
