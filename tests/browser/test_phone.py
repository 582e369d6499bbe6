"""Residents on phones (375 x 667): every table cell and chart on the screen, chart labels no
smaller than the body text, a header and closed menu of at most a quarter of the screen, the
answer on the first screen, tables that keep their meaning when laid out as blocks, a menu that
works without JavaScript, and a modest speaker photo whose `sizes` tells the truth."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import ALL_PAGES, page_id
from .test_colours import contrast

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
HEADER_LIMIT = 167  # a quarter of 667

MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const body = parseFloat(getComputedStyle(document.querySelector('main article, main') || document.body).fontSize);
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                         bottom: r.bottom, width: r.width}; };
  const describe = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ?
    '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' +
    (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
  const outside = [];
  for (const el of document.querySelectorAll('main th, main td, main .bar-chart, main .bar-chart__row')) {
    if (!el.checkVisibility() || el.closest('.visually-hidden')) continue;
    const r = box(el);
    if (r.width === 0) continue;
    if (r.left < -1 || r.right > width + 1) {
      outside.push(`${describe(el)}: ${Math.round(r.left)} to ${Math.round(r.right)}px`);
    }
  }
  const small = [];
  for (const el of document.querySelectorAll('main .bar-chart__label, main .bar-chart__value, main svg text')) {
    const size = parseFloat(getComputedStyle(el).fontSize);
    const shown = el.getBoundingClientRect().height;
    if (size < body - 0.01) small.push(`${describe(el)}: ${size}px < ${body}px`);
    // SVG text scaled down by its viewBox reports its font size unchanged: measure what is drawn.
    if (el.tagName.toLowerCase() === 'text' && shown < body * 0.9) small.push(`${describe(el)}: drawn ${shown}px high`);
  }
  const header = document.querySelector('.assembly-header');
  return {width, body, outside: outside.slice(0, 12), small: small.slice(0, 12),
          header: header ? header.getBoundingClientRect().height : 0};
}"""


@pytest.fixture
def phone(shared_tab: Any) -> Iterator[Any]:
    yield shared_tab.get(PHONE)


@pytest.mark.parametrize("site_name,kind", ALL_PAGES, ids=page_id)
def test_everything_fits_a_phone(phone: Any, sites: dict, server: str, site_name: str, kind: str) -> None:
    phone.goto(sites[site_name].http_url(server, kind))
    found = phone.evaluate(MEASURE)
    assert not found["outside"], "outside the 375px screen:\n" + "\n".join(found["outside"])
    assert not found["small"], (f"chart text smaller than the body text ({found['body']}px):\n"
                                + "\n".join(found["small"]))
    assert found["header"] <= HEADER_LIMIT, f"the header and menu are {found['header']}px tall"
    menu = phone.locator(".assembly-menu > summary")
    if menu.count():
        assert menu.is_visible(), "no menu button on a phone"
        assert phone.locator(".assembly-nav a").first.is_hidden(), "the sections show before the menu opens"


# What must be on the first screen (667 px) of each kind of page, as CSS selectors; `bottom`: the
# whole element, else its top.
FIRST_SCREEN = {
    "home": [("main h1", "top"), ("main .lead", "top"), ("main .key-facts dt", "top"), ("main .accountability", "top")],
    "recommendations": [("main table.recommendations-table tbody tr th", "bottom")],
    "recommendation-responded": [("main .rec-summary", "bottom")],
    "recommendation-history": [("main .rec-summary", "bottom")],
    "recommendation-overdue": [("main .rec-summary", "bottom")],
    "recommendation-not-put": [("main .rec-summary", "bottom")],
    "recommendation-awaiting": [("main .rec-summary", "bottom")],
    "recommendation-translated": [("main .rec-summary", "bottom")],
    "recommendation-untranslated": [("main .rec-summary", "bottom")],
    "recommendation": [("main .rec-summary", "bottom")],
}
FIRST_SCREEN_PAGES = [(s, k) for s, k in ALL_PAGES if s != "stress" and re.sub(r"^(cy|en)-", "", k) in FIRST_SCREEN]


@pytest.mark.parametrize("site_name,kind", FIRST_SCREEN_PAGES, ids=page_id)
def test_the_answer_is_on_the_first_screen(phone: Any, sites: dict, server: str, site_name: str, kind: str) -> None:
    """The stress site's deliberately long titles are left out: they are there to wrap, not to fit."""
    phone.goto(sites[site_name].http_url(server, kind))
    late = []
    for selector, edge in FIRST_SCREEN[re.sub(r"^(cy|en)-", "", kind)]:
        element = phone.locator(selector).first
        assert element.count(), f"{selector} is missing"
        r = element.bounding_box()
        where = r["y"] + (r["height"] if edge == "bottom" else 0)
        if where > PHONE["height"]:
            late.append(f"{selector}: its {edge} is at {where:.0f}px")
    assert not late, "not on the first screen:\n" + "\n".join(late)


def test_recommendation_summary_takes_its_figures_from_the_tally(phone: Any, example_site: Any, server: str) -> None:
    phone.goto(example_site.http_url(server, "recommendation-responded"))
    summary = phone.locator("main .rec-summary")
    text = summary.inner_text()
    assert "Accepted" in text and "3 of 4" in text and "80% done" in text, text
    for href in summary.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))"):
        assert phone.locator(href).count() == 1, f"{href} leads nowhere"


# Tables laid out as blocks on a phone keep their table meaning for screen readers.
STACKED = [("example", "recommendations"), ("example", "recommendation-responded"), ("example", "responses"),
           ("example", "home"), ("stress", "report-chapter"), ("bilingual", "cy-recommendations"),
           ("stress", "recommendations")]


@pytest.mark.parametrize("site_name,kind", STACKED, ids=page_id)
def test_stacked_tables_stay_tables_in_the_accessibility_tree(phone: Any, sites: dict, server: str, site_name: str,
                                                              kind: str) -> None:
    phone.goto(sites[site_name].http_url(server, kind))
    tables = phone.locator("main .stack-table[role=table]")
    assert tables.count(), "no table laid out as blocks"
    for index in range(tables.count()):
        table = tables.nth(index)
        assert table.locator("table").evaluate("t => getComputedStyle(t).display") == "block", "not blocks on a phone"
        headers = table.locator("thead th").all_inner_texts()
        # One line per node, without the YAML quoting a name with a colon gets.
        tree = "\n".join(re.sub(r"^(\s*)- '(.*)'(:?)$", lambda m: m[1] + "- " + m[2].replace("''", "'") + m[3], line)
                         for line in table.aria_snapshot().splitlines())
        caption = table.locator("caption")
        name = caption.inner_text().strip() if caption.count() else table.get_attribute("aria-label")
        assert name and tree.startswith(f'- table "{name[:20]}'), f"the table is not named {name!r}:\n{tree[:200]}"
        for header in headers:
            assert f'columnheader "{header.strip()}"' in tree, f"column header {header!r} lost:\n{tree[:600]}"
        assert "- cell" in tree and "- row" in tree, tree[:600]
        if table.locator("tbody th").count():
            assert "- rowheader" in tree, tree[:600]
        # The labels shown in the cells are hidden from screen readers: each cell says its value once.
        first_cell = re.search(r'- cell "([^"]*)"', tree)
        names = [h.strip() for h in headers if h.strip()]
        assert first_cell and not any(first_cell.group(1).startswith(h) for h in names), tree[:600]
        # Every value is on screen, each with its label beside it.
        labels = table.locator("tbody td .stack__label")
        assert labels.count() and labels.first.is_visible()


def test_tables_are_tables_on_a_wide_screen(page: Any, example_site: Any, server: str) -> None:
    page.goto(example_site.http_url(server, "recommendations"))
    table = page.locator("main table.stack").first
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert table.locator(".stack__label").first.is_hidden()
    assert table.locator("thead").is_visible()


@pytest.mark.parametrize("kind", ["responses", "recommendation-responded"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_bars_stand_out_from_the_page_and_each_other(shared_tab: Any, example_site: Any, server: str,
                                                           kind: str, width: int, scheme: str) -> None:
    page = shared_tab.get({"width": width, "height": 800}, scheme)
    page.goto(example_site.http_url(server, kind))
    charts = page.evaluate("""() => [...document.querySelectorAll('main .bar-chart')].map(chart => {
      const page = getComputedStyle(document.body).backgroundColor;
      const bars = [...chart.querySelectorAll('.bar-chart__bar')].map(b => {
        const r = b.getBoundingClientRect();
        return {fill: getComputedStyle(b).fill, top: r.top, bottom: r.bottom};
      });
      const labels = [...chart.querySelectorAll('.bar-chart__label')].map(l => l.textContent.trim());
      // The table of the same numbers follows the chart (after at most a sentence).
      let next = chart.nextElementSibling, table = false;
      for (let i = 0; next && i < 2 && !table; i++, next = next.nextElementSibling) {
        table = !!next.querySelector('table');
      }
      return {page, bars, labels, table};
    })""")
    assert charts
    for chart in charts:
        assert chart["table"], "the chart's table is missing"
        assert len(set(chart["labels"])) == len(chart["labels"]) == len(chart["bars"]), "each bar needs its own label"
        for bar in chart["bars"]:
            assert contrast(bar["fill"], chart["page"]) >= 3, f"{bar['fill']} on {chart['page']}"
        for above, below in zip(chart["bars"], chart["bars"][1:], strict=False):
            touching = below["top"] - above["bottom"] < 2
            if touching or above["fill"] != below["fill"]:
                assert contrast(above["fill"], below["fill"]) >= 3, f"neighbouring bars {above} and {below}"


@pytest.fixture(scope="module")
def no_js_phone(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(java_script_enabled=False, viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("site_name,kind", [("example", "home"), ("example", "recommendation-responded"),
                                            ("bilingual", "cy-home"), ("stress", "home")], ids=page_id)
def test_the_menu_opens_without_javascript(no_js_phone: Any, sites: dict, server: str, site_name: str,
                                           kind: str) -> None:
    page = no_js_phone
    page.set_viewport_size(PHONE)
    page.goto(sites[site_name].http_url(server, kind))
    button = page.locator(".assembly-menu > summary")
    links = page.locator(".assembly-nav a")
    assert button.is_visible() and links.first.is_hidden()
    button.click()
    assert links.count() >= 3
    for index in range(links.count()):
        link = links.nth(index)
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1 and box["height"] >= 24
    tree = page.locator("header").aria_snapshot()
    assert "- navigation" in tree and "- link" in tree
    # On a wide screen the menu button is hidden and the sections are always there.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    assert button.is_hidden() and links.first.is_visible()
    assert "- navigation" in page.locator("header").aria_snapshot()


SIZES = """() => [...document.querySelectorAll('main img[sizes]')].map(img => {
  let slot = null;
  for (const part of img.getAttribute('sizes').split(',')) {
    const m = part.trim().match(/^(\\(.*\\))?\\s*(\\d+(?:\\.\\d+)?)(px|vw)$/);
    if (!m) return {bad: part};
    if (!m[1] || matchMedia(m[1]).matches) { slot = m[3] === 'px' ? +m[2] : +m[2] * innerWidth / 100; break; }
  }
  return {slot, shown: img.getBoundingClientRect().width, src: img.currentSrc};
})"""


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("site_name,kind", [("example", "speaker-photo"), ("stress", "speaker-photo")], ids=page_id)
def test_speaker_photo_is_modest_and_sizes_tells_the_truth(adjustable_page: Any, sites: dict, server: str,
                                                           site_name: str, kind: str, width: int) -> None:
    page = adjustable_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(sites[site_name].http_url(server, kind))
    images = page.evaluate(SIZES)
    assert images, "no photo on this page"
    for image in images:
        assert "bad" not in image, image
        assert image["shown"] <= image["slot"] + 1, f"shown {image['shown']}px, sizes says {image['slot']}px"
        assert image["slot"] <= image["shown"] * 1.5, f"sizes {image['slot']}px for {image['shown']}px shown"
        assert image["shown"] <= max(0.45 * width, 120) and image["shown"] <= 260, f"a {image['shown']}px photo"
