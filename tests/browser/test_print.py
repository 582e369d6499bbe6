"""Printed, a recommendation shows its text, the vote, the response and the progress, without the
site's navigation, header, footer or search."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_printed_recommendation_keeps_the_content_and_drops_the_chrome(
        adjustable_page: Any, example_site: Any, server: str, color_scheme: str) -> None:
    page = adjustable_page
    page.goto(example_site.http_url(server, "recommendation-responded"))
    page.emulate_media(media="print", color_scheme=color_scheme)
    for chrome in [".assembly-header", ".assembly-nav", ".assembly-footer", ".skip-link", "#assembly-search",
                   ".assembly-search-button"]:
        assert page.locator(chrome).is_hidden(), f"{chrome} is printed"
    for content in ["main h1", ".recommendation-text", "table.vote-table", ".vote-summary", ".commitments",
                    ".progress-history"]:
        assert page.locator(content).first.is_visible(), f"{content} is not printed"
    assert page.get_by_role("heading", name="The council's response").is_visible()
    assert page.get_by_role("heading", name="Progress").is_visible()
    assert page.locator(".progress-history li").count() >= 2
    # Printed in black on white whatever the screen's colour scheme.
    colours = page.evaluate("""() => [getComputedStyle(document.body).color,
                                      getComputedStyle(document.body).backgroundColor]""")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], colours
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
