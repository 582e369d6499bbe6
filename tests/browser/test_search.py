"""Search in chromium, with the index built at build time: results as you type over http and from
a folder, the words typed marked in titles and texts, a link to the section that matched, titles
and texts from the index shown as text, Welsh pages searched in Welsh, the keyboard, a phone, a
search that cannot start, and axe with the results open."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from generator.engine.search_index import search_outputs

from .browser_support import AXE_LAYOUT_RULES, describe_violations, run_axe

pytestmark = pytest.mark.browser

RESULT = ".md-search-result__item"


def search(page: Any, words: str, button: str = "Search") -> None:
    page.get_by_role("button", name=button).click()
    page.keyboard.type(words)
    page.wait_for_selector(RESULT, timeout=15000)
    # the lines under the results come from the text files, loaded once the results are shown
    page.wait_for_function("() => document.querySelector('.md-search-result__teaser')", timeout=15000)


def marks(page: Any) -> list[str]:
    return page.eval_on_selector_all(".md-search-result__list mark", "marks => marks.map(m => m.textContent)")


def test_results_mark_the_words_typed_and_lead_to_the_section(page: Any, example_site: Any, server: str) -> None:
    page.goto(example_site.http_url(server, "recommendations"))
    search(page, "cycle routes")
    status = page.locator(".md-search-result__meta").inner_text()
    assert re.fullmatch(r"\d+ matching pages", status), status
    first = page.locator(f"{RESULT} .md-search-result__link").first
    assert first.locator(".assembly-search-result__title").inner_text().startswith("Safe cycle routes")
    found = marks(page)
    assert {"cycle", "routes"} <= {m.lower() for m in found}, found  # and "cycling", "route": the same stems
    assert all(m.lower().startswith(("cycl", "rout")) for m in found), found
    assert page.locator(f"{RESULT} .assembly-search-result__title mark").count() >= 2
    assert page.locator(f"{RESULT} .md-search-result__teaser mark").count() >= 2
    # every result is a link inside this site; a result whose words are in a section leads there
    hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")
    assert all(h and not re.match(r"[a-z]+:|/", h) for h in hrefs), hrefs
    recommendation = page.locator(".md-search-result__link[href*='/safe-cycle-routes.html']").first
    recommendation.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/recommendations/safe-cycle-routes.html")
    anchor = page.url.partition("#")[2]
    if anchor:
        assert page.locator(f"[id='{anchor}']").count() == 1


def test_a_word_found_in_a_section_links_to_its_heading_from_a_folder(context: Any, example_site: Any) -> None:
    page = context.new_page()
    page.goto(example_site.file_url("home"))
    search(page, "toilets")
    links = page.locator(".md-search-result__link[href*='#']")
    assert links.count() >= 1
    section = links.first.locator(".assembly-search-result__section").inner_text()
    href = links.first.get_attribute("href")
    links.first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and page.url.endswith(href.split("/")[-1]), (page.url, href)
    anchor = page.url.partition("#")[2]
    assert page.locator(f"[id='{anchor}']").inner_text().strip() == section


HOSTILE = '<img src=x onerror="window.__pwned=1">'


def test_titles_and_texts_from_the_index_are_shown_as_text(context: Any, example_site: Any, server: str) -> None:
    """An index whose titles and texts hold markup (as content may: a title is whatever the
    officer typed) shows them as those characters and runs nothing."""
    pages = [SimpleNamespace(path="recommendations/a.html", title=f"Hostile {HOSTILE} title",
                             body=f"<h1>x</h1><h2 id='s'>{HOSTILE.replace('<', '&lt;')}</h2><p>Hostile &lt;script&gt;"
                                  "window.__pwned=2&lt;/script&gt; &amp;lt;b&amp;gt; text</p>"),
             SimpleNamespace(path="about.html", title="Hostile &amp; <b>bold</b>", body="<p>&lt;b&gt;Hostile</p>")]
    outputs = search_outputs(pages)
    page = context.new_page()
    page.route(re.compile(r".*/search/[^/]+\.js$"),
               lambda route: route.fulfill(body=outputs["search/" + route.request.url.rsplit("/", 1)[1]],
                                           content_type="text/javascript"))
    page.goto(example_site.http_url(server, "home"))
    search(page, "hostile")
    results = page.locator(".md-search-result__list")
    assert results.locator("img, script, b").count() == 0
    text = results.inner_text()
    assert f"Hostile {HOSTILE} title" in text
    assert "Hostile &amp; <b>bold</b>" in text
    assert "<script>window.__pwned=2</script> &lt;b&gt; text" in text
    assert HOSTILE in text.replace("\n", " ")
    assert page.evaluate("() => window.__pwned") is None
    assert "Hostile" in marks(page)


def test_welsh_pages_search_the_welsh_index_in_welsh(context: Any, bilingual_site: Any) -> None:
    page = context.new_page()
    page.goto(bilingual_site.file_url("cy-home"))
    search(page, "grwp", button="Chwilio")  # typed without the circumflex: "Grŵp" is found
    assert page.locator(".md-search-result__meta").inner_text() == "1 tudalen sy'n cyfateb"
    assert marks(page) == ["Grŵp"]
    href = page.locator(".md-search-result__link").first.get_attribute("href")
    assert href == "about.html", href
    page.get_by_label("Chwilio'r wefan hon").fill("dim-gair-fel-hwn")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    assert page.locator(".md-search-result__meta").inner_text() == "Dim tudalennau sy'n cyfateb"


def test_arrow_keys_enter_and_more_results_from_the_keyboard(page: Any, example_site: Any, server: str) -> None:
    page.goto(example_site.http_url(server, "home"))
    search(page, "council")
    count = int(page.locator(".md-search-result__meta").inner_text().split()[0])
    assert count > 20 and page.locator(RESULT).count() == 20
    links = page.locator(".md-search-result__link")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.className") == "md-search-result__link"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement === document.querySelectorAll('.md-search-result__link')[1]")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "__search"
    more = page.get_by_role("button", name="Show more results")
    more.focus()
    page.keyboard.press("Enter")
    assert links.count() == min(count, 40)
    assert page.evaluate("() => document.activeElement === document.querySelectorAll('.md-search-result__link')[20]")
    # Enter in the search box follows the first result
    first = links.first.get_attribute("href")
    page.locator("#__search").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0].endswith(first.split("#")[0])


def test_search_that_cannot_start_says_so_and_offers_every_page(context: Any, example_site: Any, server: str) -> None:
    page = context.new_page()
    page.route(re.compile(r".*/search/search_index\.js$"), lambda route: route.abort())
    page.goto(example_site.http_url(server, "home"))
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("council")
    status = page.locator(".md-search-result__meta")
    status.filter(has_text="Search could not start.").wait_for(timeout=15000)
    link = page.get_by_role("link", name="Every page of this site")
    assert link.is_visible() and link.get_attribute("href") == "sitemap.html"


def test_results_fit_a_320px_phone(adjustable_page: Any, example_site: Any, server: str) -> None:
    page = adjustable_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(example_site.http_url(server, "recommendation-responded"))
    search(page, "market traders")
    width = page.evaluate("() => document.documentElement.clientWidth")
    boxes = page.eval_on_selector_all(".md-search-result__link, .md-search-result__link *, #__search, "
                                      ".assembly-search-close",
                                      "els => els.map(e => { const r = e.getBoundingClientRect(); "
                                      "return [e.className || e.tagName, r.left, r.right]; })")
    outside = [b for b in boxes if b[1] < 0 or b[2] > width + 0.5]
    assert not outside, outside
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_axe_finds_nothing_with_results_open(page: Any, example_site: Any, server: str, axe_url: str) -> None:
    page.goto(example_site.http_url(server, "recommendation-responded"))
    search(page, "council")
    result = run_axe(page, axe_url)
    assert not result["violations"], describe_violations(result["violations"])


def test_axe_finds_nothing_with_results_open_dark_on_a_phone(phone_dark_page: Any, bilingual_site: Any, server: str,
                                                             axe_url: str) -> None:
    page = phone_dark_page
    page.goto(bilingual_site.http_url(server, "cy-home"))
    search(page, "cyngor", button="Chwilio")
    result = run_axe(page, axe_url, AXE_LAYOUT_RULES)
    assert not result["violations"], describe_violations(result["violations"])
    result = run_axe(page, axe_url)
    assert not result["violations"], describe_violations(result["violations"])
