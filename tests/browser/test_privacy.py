"""No request leaves the site: every page kind, served from localhost and opened from a folder.

Every request the browser makes while a page loads (and settles) is recorded, including those of
frames and workers; anything that is not the site's own origin (or data:/blob:/about:) fails.
Script errors fail too: a page that throws may be missing what the script should have done.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import ALL_PAGES, page_id

pytestmark = pytest.mark.browser
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def _foreign(requests: list[str], allowed: str) -> list[str]:
    return [u for u in requests if not u.startswith(allowed) and not u.startswith(LOCAL_SCHEMES)]


class _Tabs:
    """Two tabs kept open for the whole module, one for pages served over http and one for pages
    opened from a folder, with the browser cache switched off so that every resource is fetched
    (and seen) again for each page."""

    def __init__(self, context: Any):
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        self.tabs = {}
        for mode in ("http", "file"):
            tab = context.new_page()
            context.new_cdp_session(tab).send("Network.setCacheDisabled", {"cacheDisabled": True})
            tab.on("pageerror", lambda error, mode=mode: self.errors.append(f"{mode}: uncaught: {error}"))
            tab.on("console", lambda message, mode=mode: self.errors.append(f"{mode}: console: {message.text}")
                   if message.type == "error" else None)
            self.tabs[mode] = tab


@pytest.fixture(scope="module")
def tabs(chromium: Any) -> Iterator[_Tabs]:
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    yield _Tabs(context)
    context.close()


@pytest.mark.parametrize("site_name,kind", ALL_PAGES, ids=page_id)
def test_nothing_is_requested_from_another_site(tabs: _Tabs, sites: dict, server: str, site_name: str,
                                                kind: str) -> None:
    """The page kind, served from localhost and opened from a folder side by side, until the
    network has been quiet for half a second."""
    site = sites[site_name]
    tabs.requests.clear()
    tabs.errors.clear()
    tabs.tabs["http"].goto(site.http_url(server, kind), wait_until="load")
    tabs.tabs["file"].goto(site.file_url(kind), wait_until="load")
    for tab in tabs.tabs.values():
        tab.wait_for_load_state("networkidle")
    foreign = [u for u in _foreign(tabs.requests, server) if not u.startswith("file://")]
    assert not foreign, f"requests to other sites from {site_name}/{kind}: {foreign}"
    assert any(u.startswith(server) for u in tabs.requests) and any(u.startswith("file://") for u in tabs.requests)
    assert not tabs.errors, f"script errors on {site_name}/{kind}: {tabs.errors}"


@pytest.mark.parametrize("origin", ["http", "file"])
def test_search_and_video_fetch_nothing_from_another_site(context: Any, example_site: Any, server: str,
                                                          origin: str) -> None:
    """Searching (which starts a worker and loads the index) and playing a video stay local."""
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    kind = "evidence-video"
    url = example_site.http_url(server, kind) if origin == "http" else example_site.file_url(kind)
    allowed = server if origin == "http" else "file://"
    page.goto(url)
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("market")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.keyboard.press("Escape")
    page.locator("video").evaluate("v => { v.muted = true; return v.play().catch(() => null); }")
    page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")
    foreign = _foreign(requests, allowed)
    assert not foreign, f"requests to other sites: {foreign}"
    assert any("search" in u for u in requests), "the search index was never loaded"
    assert any(u.endswith(".mp4") for u in requests), "the video was never loaded"
