"""Colours axe cannot measure: the bars of charts and progress bars are graphics that must stand
out 3:1 from the page (WCAG 1.4.11) in the light and the dark scheme."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

GRAPHICS = """() => {
  const page = getComputedStyle(document.body).backgroundColor;
  return [...document.querySelectorAll('main .bar-chart__bar, main .progress-bar__done')]
    .filter(el => el.getBoundingClientRect().width > 0)
    .map(el => ({what: el.getAttribute('class'), fill: getComputedStyle(el).fill, page}));
}"""


def _luminance(colour: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["responses", "recommendation-responded", "recommendations"])
def test_chart_bars_stand_out_from_the_page(shared_tab: Any, example_site: Any, server: str, kind: str,
                                            scheme: str) -> None:
    page = shared_tab.get({"width": 1280, "height": 800}, scheme)
    page.goto(example_site.http_url(server, kind))
    graphics = page.evaluate(GRAPHICS)
    weak = [f"{g['what']}: {g['fill']} on {g['page']} is {contrast(g['fill'], g['page']):.2f}:1"
            for g in graphics if contrast(g["fill"], g["page"]) < 3]
    assert not weak, "graphics below 3:1 against the page:\n" + "\n".join(weak)
