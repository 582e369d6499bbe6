"""An external video loads nothing from the video site until the reader presses play; then the
player (privacy-enhanced address) is requested, and focus moves to it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_nothing_from_the_video_site_before_play(context: Any, example_site: Any) -> None:
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.route("https://**/*", lambda route: route.abort())  # the network is closed: record, then refuse
    page.goto(example_site.file_url("evidence-external-video"))
    page.wait_for_timeout(300)
    assert [url for url in requests if url.startswith(("http:", "https:"))] == []
    play = page.get_by_role("button", name="Play the video (loads YouTube)")
    play.focus()
    page.keyboard.press("Enter")
    frame = page.locator("iframe.video-consent__player")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src", timeout=2000).startswith("https://www.youtube-nocookie.com/embed/")
    page.wait_for_timeout(300)
    assert any(url.startswith("https://www.youtube-nocookie.com/embed/") for url in requests)
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"


def test_without_javascript_the_video_is_a_plain_link(chromium: Any, example_site: Any) -> None:
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(example_site.file_url("evidence-external-video"))
        assert page.get_by_role("button", name="Play the video (loads YouTube)").count() == 0
        link = page.get_by_role("link", name="Watch the video on YouTube")
        assert link.get_attribute("href").startswith("https://www.youtube.com/")
    finally:
        context.close()
