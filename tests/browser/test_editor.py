"""The editor at /admin/ under a running `assembly serve`, driven through its own interface in
chromium: an officer changes one field of one response and saves; the file on disk changes in
that field only, the preview takes the change, and nothing is fetched from any other site."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SLUG = "riverside-town-centre"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status(base: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"{base}__status", timeout=5) as answer:
            return dict(json.loads(answer.read()))
    except OSError:
        return None


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", SLUG,
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env, cwd=REPO)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while _status(base) is None:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"assembly serve did not start: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.3)
        yield base, root
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_an_officer_changes_a_position_and_only_that_field_changes(chromium: Any, serving: tuple[str, Path]) -> None:
    base, root = serving
    response = root / "content" / SLUG / "responses" / "fair-rents.md"
    before = response.read_text(encoding="utf-8")
    assert "\nposition: not-accepted\n" in before
    build_before = _status(base)["build"]  # type: ignore[index]

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    elsewhere: list[str] = []

    def only_this_computer(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_computer)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}admin/")
    page.get_by_role("button", name="Login").click()
    for label in ("The assembly", "Sessions", "Speakers", "Evidence", "Recommendations", "Council responses",
                  "News updates", "Pages", "Site settings"):
        page.get_by_role("link", name=label, exact=True).wait_for()
    page.get_by_role("link", name="Council responses", exact=True).click()
    page.get_by_text("fair-rents: not-accepted").click()
    field = page.locator("label", has_text="Position").first.get_attribute("for")
    page.locator(f"#{field}").click()
    page.get_by_text("Referred", exact=True).click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now").click()

    expected = before.replace("\nposition: not-accepted\n", "\nposition: referred\n")
    deadline = time.monotonic() + 60
    while response.read_text(encoding="utf-8") != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert response.read_text(encoding="utf-8") == expected
    while (_status(base) or {}).get("build") == build_before and time.monotonic() < deadline:
        time.sleep(0.2)
    status = _status(base)
    assert status is not None and status["build"] > build_before and not status["errors"], status
    with urllib.request.urlopen(f"{base}{SLUG}/recommendations/fair-rents.html", timeout=30) as answer:
        assert b"Referred" in answer.read()
    assert not elsewhere, f"requests left this computer: {elsewhere}"
    context.close()


def test_a_vote_count_is_changed_in_its_own_widget(chromium: Any, serving: tuple[str, Path]) -> None:
    base, root = serving
    recommendation = root / "content" / SLUG / "recommendations" / "better-lighting.md"
    before = recommendation.read_text(encoding="utf-8")
    line = "  counts: {strongly-support: 31, support: 13, neutral: 1, oppose: 1, strongly-oppose: 0}\n"
    assert line in before
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}admin/#/collections/{SLUG}-recommendations/entries/better-lighting")
    page.get_by_role("button", name="Login").click()
    assert page.get_by_label("Answer 1", exact=True).input_value() == "strongly-support"
    page.get_by_label("Members who chose answer 2").fill("14")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now").click()
    expected = before.replace(line, line.replace("support: 13", "support: 14"))
    deadline = time.monotonic() + 60
    while recommendation.read_text(encoding="utf-8") != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    assert recommendation.read_text(encoding="utf-8") == expected
    context.close()
