"""Keyboard only: the skip link, a visible focus indicator on everything that takes focus, no
trap, and the search panel, transcript and video controls operated from the keyboard."""

from __future__ import annotations

from typing import Any

import pytest

from .browser_support import EXAMPLE_PAGES, FOCUS_SCRIPT, focus_indicator_problem, page_id

# Every example page, and the stress pages whose parts differ (long lists only repeat a link).
STRESS_KEYBOARD = ["home", "recommendation-responded", "recommendation-awaiting", "speaker-photo", "speaker-rtl",
                   "evidence-video", "session-recording", "page", "not-found", "bare-home"]
BILINGUAL_KEYBOARD = [("bilingual", kind) for kind in ("en-home", "cy-home", "cy-recommendation-untranslated",
                                                       "cy-speaker", "cy-update")]
KEYBOARD_PAGES = EXAMPLE_PAGES + [("stress", kind) for kind in STRESS_KEYBOARD] + BILINGUAL_KEYBOARD

pytestmark = pytest.mark.browser


def _active(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className || '', text: (e.textContent || '').trim(),
                expanded: e.getAttribute('aria-expanded')}; }""")


@pytest.mark.parametrize("site_name,kind", EXAMPLE_PAGES + BILINGUAL_KEYBOARD, ids=page_id)
def test_first_tab_reaches_a_skip_link_to_the_main_content(page: Any, sites: dict, server: str, site_name: str,
                                                           kind: str) -> None:
    page.goto(sites[site_name].http_url(server, kind))
    page.keyboard.press("Tab")
    first = _active(page)
    assert first["tag"] == "a" and "skip-link" in first["cls"], f"first Tab reached {first}"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10, "the focused skip link is not on screen"
    page.keyboard.press("Enter")
    after = _active(page)
    assert (after["tag"], after["id"]) == ("main", "main-content"), f"after the skip link, focus is on {after}"
    page.keyboard.press("Tab")
    inside = page.evaluate("() => document.getElementById('main-content').contains(document.activeElement)")
    assert inside, f"the Tab after skipping left the main content: {_active(page)}"


@pytest.mark.parametrize("site_name,kind", KEYBOARD_PAGES, ids=page_id)
def test_every_focusable_element_shows_focus_and_none_traps_it(page: Any, sites: dict, server: str, site_name: str,
                                                               kind: str) -> None:
    page.goto(sites[site_name].http_url(server, kind))
    page.evaluate(FOCUS_SCRIPT)
    page.mouse.move(0, 0)
    unfocused = page.evaluate("() => window.__focus.snapshot()")
    assert unfocused, "nothing on the page takes focus"
    reached: set[int] = set()
    problems: list[str] = []
    previous, repeats = None, 0
    for _ in range(len(unfocused) * 3 + 30):
        page.keyboard.press("Tab")
        now = page.evaluate("() => window.__focus.current()")
        if now is None:  # focus went back to the document: a full cycle is done
            if reached:
                break
            continue
        repeats = repeats + 1 if now["label"] == previous else 0
        previous = now["label"]
        assert repeats < 12, f"focus is trapped on {now['label']}"
        if now["index"] < 0:
            problems.append(f"{now['label']} took focus but was not expected to be focusable")
            continue
        if now["index"] in reached:
            if now["index"] == min(reached) and repeats == 0:
                break  # wrapped round to the start
            continue
        reached.add(now["index"])
        problem = focus_indicator_problem(unfocused[now["index"]]["style"], now["style"])
        if problem:
            problems.append(f"{now['label']}: {problem}")
        if not now["inView"] or not now["topmost"]:
            where = "off screen" if not now["inView"] else "covered by another element"
            problems.append(f"{now['label']}: focused but {where}")
    else:
        pytest.fail("Tab never came back round to the start of the page")
    missed = [unfocused[i]["label"] for i in range(len(unfocused)) if i not in reached]
    assert not missed, f"{len(missed)} focusable elements were never reached with Tab: {missed[:10]}"
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("kind", ["home", "recommendation-responded"])
def test_search_opens_and_closes_with_the_keyboard(page: Any, example_site: Any, server: str, kind: str) -> None:
    page.goto(example_site.http_url(server, kind))
    panel = page.locator("#assembly-search")
    assert panel.is_hidden()
    for _ in range(10):
        page.keyboard.press("Tab")
        if "assembly-search-button" in _active(page)["cls"]:
            break
    else:
        pytest.fail("the search button is not reachable with Tab")
    page.keyboard.press("Enter")
    assert panel.is_visible()
    active = _active(page)
    assert active["id"] == "__search", f"opening search put focus on {active}"
    assert page.locator(".assembly-search-button").get_attribute("aria-expanded") == "true"
    page.keyboard.type("cycle")
    page.wait_for_selector(".md-search-result__item")
    # Tab goes on to the close button and the results, each with a visible focus indicator.
    page.evaluate(FOCUS_SCRIPT)
    unfocused = page.evaluate("() => window.__focus.snapshot(false).filter(i => i.label.includes('search'))")
    seen = []
    for _ in range(3):
        page.keyboard.press("Tab")
        now = page.evaluate("() => window.__focus.current()")
        assert now is not None and page.evaluate(
            "() => document.getElementById('assembly-search').contains(document.activeElement)"), \
            f"Tab left the search panel: {now}"
        before = next((u["style"] for u in unfocused if u["label"] == now["label"]), None)
        if before is not None:
            assert focus_indicator_problem(before, now["style"]) is None, f"{now['label']}: no visible focus"
        seen.append(now["label"])
    assert any("assembly-search-close" in label for label in seen), seen
    assert any("md-search-result__link" in label for label in seen), seen
    assert page.locator("#assembly-search").is_visible()
    page.keyboard.press("Escape")
    assert panel.is_hidden(), "Escape did not close search"
    active = _active(page)
    assert "assembly-search-button" in active["cls"], f"after Escape focus is on {active}, not the search button"
    assert active["expanded"] == "false"
    # The close button works from the keyboard too.
    page.keyboard.press("Enter")
    assert panel.is_visible()
    page.locator(".assembly-search-close").focus()
    page.keyboard.press("Enter")
    assert panel.is_hidden()
    assert "assembly-search-button" in _active(page)["cls"]


def test_single_letter_keys_do_not_trigger_shortcuts(page: Any, example_site: Any, server: str) -> None:
    """WCAG 2.1.4: speech-input users type letters; a letter alone must not open or move anything."""
    url = example_site.http_url(server, "recommendation-responded")
    page.goto(url)
    page.locator("h1").click()
    for key in ["s", "f", "/", "n", "p", ",", "."]:
        page.keyboard.press(key)
    assert page.locator("#assembly-search").is_hidden(), "a single letter opened search"
    assert page.url == url, f"a single letter moved to {page.url}"


def test_transcript_opens_with_the_keyboard(page: Any, example_site: Any, server: str) -> None:
    page.goto(example_site.http_url(server, "evidence-video"))
    summary = page.locator("details.transcript summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.transcript").evaluate("d => d.open")
    assert page.locator("details.transcript").get_by_text("market", exact=False).first.is_visible()
    page.keyboard.press("Enter")
    assert not page.locator("details.transcript").evaluate("d => d.open")


def test_video_controls_work_and_release_focus(page: Any, example_site: Any, server: str) -> None:
    page.goto(example_site.http_url(server, "evidence-video"))
    video = page.locator("video")
    for _ in range(60):
        page.keyboard.press("Tab")
        if _active(page)["tag"] == "video":
            break
    else:
        pytest.fail("the video's controls are not reachable with Tab")
    assert video.evaluate("v => v.paused")
    page.keyboard.press("Enter")  # the first control inside the player is Play
    page.wait_for_function("() => !document.querySelector('video').paused || document.querySelector('video').error",
                           timeout=5000)
    assert not video.evaluate("v => v.paused"), "Enter on the play control did not play the video"
    page.keyboard.press("Enter")
    assert video.evaluate("v => v.paused")
    for _ in range(15):
        page.keyboard.press("Tab")
        if _active(page)["tag"] != "video":
            break
    else:
        pytest.fail("focus cannot leave the video player with Tab")
