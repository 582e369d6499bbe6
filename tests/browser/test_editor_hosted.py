"""The browser editor published with the site (`assembly build --editor`), opened from a plain web
server in chromium: Decap's sign-in screen appears with the Git host's button, under the page's
own Content-Security-Policy, with no error in the console and no request to any other site
before anyone signs in."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
GITHUB = "editor:\n  backend: github\n  repo: riverside-council/assemblies\n  base_url: https://auth.example.gov.uk\n"
GITLAB = "editor:\n  backend: gitlab\n  repo: riverside/assemblies\n  app_id: 4bd2c6f5e8a1\n"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    out = tmp_path / "out"
    out.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield out, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("source, slug, block, button", [
    (REPO, "riverside-town-centre", GITHUB, "Login with GitHub"),
    (REPO / "tests" / "fixtures" / "bilingual", "aberwen-climate", GITLAB, "Login with GitLab"),
], ids=["github", "gitlab-bilingual"])
def test_the_published_editor_shows_its_sign_in_under_its_own_policy(chromium: Any, tmp_path: Path,
                                                                    served: tuple[Path, str], source: Path,
                                                                    slug: str, block: str, button: str) -> None:
    out, base = served
    root = tmp_path / "project"
    shutil.copytree(source / "content", root / "content")
    config = (source / "site_config.yml").read_text(encoding="utf-8")
    (root / "site_config.yml").write_text(config + block, encoding="utf-8")
    shutil.rmtree(out)
    from generator.cli import main

    assert main(["--root", str(root), "build", "--editor", "--out", str(out)]) == 0

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    elsewhere: list[str] = []
    problems: list[str] = []

    def only_the_site(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_site)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text else None)
    page.set_default_timeout(60_000)
    page.goto(f"{base}{slug}/admin/")
    page.get_by_role("button", name=button).wait_for()
    page.wait_for_timeout(500)  # anything the sign-in screen does next has happened
    assert page.title().startswith("Edit ")
    assert page.evaluate("typeof window.CMS === 'object' && window.CMS_MANUAL_INIT === true")
    assert problems == []
    assert elsewhere == [], f"requests left the site before anyone signed in: {elsewhere}"
    context.close()
