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


def _serve(root: Path, slug: str) -> Iterator[tuple[str, Path]]:
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", slug,
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


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    yield from _serve(root, SLUG)


def _open(chromium: Any, base: str, where: str) -> tuple[Any, Any, list[str]]:
    """A page of the editor at `where` (after #), logged in; requests to other sites are refused
    and listed."""
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
    page.goto(f"{base}admin/#{where}")
    page.get_by_role("button", name="Login").click()
    return context, page, elsewhere


def _publish(page: Any) -> None:
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now").click()


def _wait_for(page: Any, path: Path, expected: str) -> str:
    """The file's text once it is `expected` (or after a minute). The browser's requests pass
    through this test's route handler, so wait in the browser, never with time.sleep."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if path.exists() and path.read_text(encoding="utf-8") == expected:
            break
        page.wait_for_timeout(200)
    return path.read_text(encoding="utf-8") if path.exists() else "(no file)"


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check"], capture_output=True,
                          text=True, cwd=REPO, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


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
    page.get_by_role("option", name="Referred", exact=True).click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now").click()

    expected = before.replace("\nposition: not-accepted\n", "\nposition: referred\n")
    assert _wait_for(page, response, expected) == expected
    deadline = time.monotonic() + 60
    while (_status(base) or {}).get("build") == build_before and time.monotonic() < deadline:
        page.wait_for_timeout(200)
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
    assert _wait_for(page, recommendation, expected) == expected
    context.close()


def test_a_news_update_is_created_and_a_commitment_marked_delivered(chromium: Any,
                                                                    serving: tuple[str, Path]) -> None:
    base, root = serving
    context, page, elsewhere = _open(chromium, base, f"/collections/{SLUG}-updates/new")
    page.get_by_text("Writing in News updates collection").wait_for()
    page.locator("[id^='title-field']").fill("Meeting dates for 2027")
    page.locator("[id^='date-field']").fill("2026-12-01")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("The dates are set.")
    page.get_by_text("Unsaved changes").wait_for()
    _publish(page)
    update = root / "content" / SLUG / "updates" / "meeting-dates-for-2027.md"
    expected = "---\ntitle: Meeting dates for 2027\ndate: 2026-12-01\n---\nThe dates are set.\n"
    assert _wait_for(page, update, expected) == expected

    context.close()

    response = root / "content" / SLUG / "responses" / "riverside-path.md"
    before = response.read_text(encoding="utf-8")
    context, page, more = _open(chromium, base, f"/collections/{SLUG}-responses/entries/riverside-path")
    elsewhere += more
    summary = page.get_by_text("Bring the three landowners together to agree a plan for the path").first
    item = summary.locator("xpath=ancestor::div[contains(@class, 'ListItem')][1]")
    item.locator("button").first.click()  # open the commitment
    status = item.locator("label", has_text="Status").first.get_attribute("for")
    page.locator(f"[id='{status}']").click()
    page.get_by_role("option", name="Done", exact=True).click()
    done_on = item.locator("label", has_text="Done on").first.get_attribute("for")
    page.locator(f"[id='{done_on}']").fill("2026-11-20")
    page.get_by_text("Unsaved changes").wait_for()
    _publish(page)
    old = ("due: 2020-09-30, status: in-progress}")
    assert old in before
    expected = before.replace(old, "due: 2020-09-30, status: done, done_on: 2026-11-20}")
    assert _wait_for(page, response, expected) == expected
    checked = _check(root)
    assert ": error:" not in checked.stderr, checked.stderr
    assert not elsewhere, f"requests left this computer: {elsewhere}"
    context.close()


@pytest.fixture
def serving_bilingual(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "bilingual"
    shutil.copytree(REPO / "tests" / "fixtures" / "bilingual", root)
    yield from _serve(root, "aberwen-climate")


def test_a_welsh_translation_lands_beside_the_english(chromium: Any, serving_bilingual: tuple[str, Path]) -> None:
    base, root = serving_bilingual
    updates = root / "content" / "aberwen-climate" / "updates"
    english = (updates / "assembly-begins.md").read_text(encoding="utf-8")
    assert not (updates / "assembly-begins.cy.md").exists()
    context, page, elsewhere = _open(chromium, base, "/collections/aberwen-climate-updates/entries/assembly-begins")
    welsh_title = page.locator("label", has_text="Title").nth(1).get_attribute("for")
    page.locator(f"[id='{welsh_title}']").fill("Mae'r cynulliad yn dechrau ddydd Sadwrn")
    page.locator("[data-slate-editor]").nth(1).click()
    page.keyboard.type("Mae aelodau'n cwrdd am y tro cyntaf ddydd Sadwrn 1 Chwefror.")
    page.get_by_text("Unsaved changes").wait_for()
    _publish(page)
    expected = ("---\ntitle: Mae'r cynulliad yn dechrau ddydd Sadwrn\n---\n"
                "Mae aelodau'n cwrdd am y tro cyntaf ddydd Sadwrn 1 Chwefror.\n")
    assert _wait_for(page, updates / "assembly-begins.cy.md", expected) == expected
    assert (updates / "assembly-begins.md").read_text(encoding="utf-8") == english
    assert not (updates / "assembly-begins.en.md").exists()
    assert sorted(p.name for p in updates.iterdir()) == ["assembly-begins.cy.md", "assembly-begins.md",
                                                        "council-responds.cy.md", "council-responds.md"]
    checked = _check(root)
    assert ": error:" not in checked.stderr, checked.stderr
    assert not elsewhere, f"requests left this computer: {elsewhere}"
    context.close()
