"""The browser editor published with the site (`assembly build --editor`), opened from a plain web
server in chromium: Decap's sign-in screen appears with the Git host's button, under the page's
own Content-Security-Policy, with no error in the console and no request to any other site
before anyone signs in."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .fake_git_host import API, FakeGitHub, FakeGitLab

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


def _signed_in(chromium: Any, base: str, host: Any, backend: str, api: str) -> tuple[Any, Any, list[str]]:
    """A tab of the published editor, signed in to the fake Git host: Decap keeps who is signed in
    in localStorage, so the test puts a user there instead of going through the host's sign-in."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script('localStorage.setItem("decap-cms-user", JSON.stringify('
                            f'{{token: "test-token", backendName: "{backend}", login: "officer"}}))')
    elsewhere: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        elif route.request.url.startswith(api + "/"):
            host.route(route)
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page, elsewhere


def _wait_for_commits(page: Any, host: Any, count: int) -> None:
    for _ in range(300):
        if len(host.commits) >= count:
            return
        page.wait_for_timeout(200)
    pytest.fail(f"no commit after the save; requests the fake Git host did not know: {host.unknown}")


@pytest.mark.parametrize("backend, folder", [("github", ""), ("gitlab", ""), ("github", "website")],
                         ids=["github", "gitlab", "github-in-a-folder"])
def test_a_save_in_a_bilingual_assembly_is_one_commit_of_the_files_the_format_names(
        chromium: Any, tmp_path: Path, served: tuple[Path, str], backend: str, folder: str) -> None:
    """Through Decap's real GitHub and GitLab backends, against the host's API answered in the
    test: the entries of the default language are listed from <id>.md (Decap looks for
    <id>.en.md), a change is committed to <id>.md, a new entry nobody translated makes no Welsh
    file, and the repository then passes `assembly check`. With `folder:`, the project is in that
    folder of the repository."""
    out, base = served
    source = REPO / "tests" / "fixtures" / "bilingual"
    slug = "aberwen-climate"
    root = tmp_path / "project"
    shutil.copytree(source / "content", root / "content")
    block = (GITHUB if backend == "github" else GITLAB) + (f"  folder: {folder}\n" if folder else "")
    prefix = f"{folder}/" if folder else ""
    (root / "site_config.yml").write_text((source / "site_config.yml").read_text(encoding="utf-8") + block,
                                          encoding="utf-8")
    shutil.rmtree(out)
    from generator.cli import main

    assert main(["--root", str(root), "build", "--editor", "--out", str(out)]) == 0
    files = {prefix + p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    if backend == "github":
        host: Any = FakeGitHub("riverside-council/assemblies", files)
        api = API
    else:
        host = FakeGitLab("riverside/assemblies", files)
        api = host.api
    context, page, elsewhere = _signed_in(chromium, base, host, backend, api)
    page.goto(f"{base}{slug}/admin/#/collections/{slug}-responses")
    page.get_by_text("warm-homes: accepted").click()
    field = page.locator("label", has_text="Position").first.get_attribute("for")
    page.locator(f"#{field}").click()
    page.get_by_role("option", name="Referred", exact=True).click()
    page.locator("[id^='reasons-field']").first.fill("The county council decides on this.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Save now").click()
    _wait_for_commits(page, host, 1)
    after = page.get_by_role("status").filter(has_text="Saved as a commit to main.")
    after.wait_for()
    pipelines = {"github": "https://github.com/riverside-council/assemblies/actions",
                 "gitlab": "https://gitlab.com/riverside/assemblies/-/pipelines"}
    assert after.get_by_role("link").get_attribute("href") == pipelines[backend]
    response = f"{prefix}content/{slug}/responses/warm-homes"
    assert set(host.commits[0].changed) <= {f"{response}.md", f"{response}.cy.md"}, host.commits[0].changed
    assert f"{response}.md" in host.commits[0].changed
    assert b"\nposition: referred\n" in host.files[f"{response}.md"]
    assert b"\nreasons: The county council decides on this.\n" in host.files[f"{response}.md"]
    # The position is the same in every language: the Welsh file, which repeats it, says it too.
    assert b"\nposition: referred\n" in host.files[f"{response}.cy.md"]
    assert host.commits[0].message.startswith("Update ") and host.commits[0].message.endswith("(editor)")

    page.goto(f"{base}{slug}/admin/#/collections/{slug}-updates/new")
    page.locator("[id^='title-field']").first.fill("Meeting dates for 2027")
    page.locator("[id^='date-field']").first.fill("2026-12-01")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.type("The dates are set.")
    page.get_by_text("Unsaved changes").wait_for()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Save now").click()
    _wait_for_commits(page, host, 2)
    assert list(host.commits[1].changed) == [f"{prefix}content/{slug}/updates/meeting-dates-for-2027.md"]
    context.close()
    assert elsewhere == [] and host.unknown == [], (elsewhere, host.unknown)

    after = tmp_path / "after"
    for name, data in host.files.items():
        assert name.startswith(prefix), name
        (after / name[len(prefix):]).parent.mkdir(parents=True, exist_ok=True)
        (after / name[len(prefix):]).write_bytes(data)
    assert main(["--root", str(after), "check"]) == 0


def test_the_editors_page_is_valid_html(tmp_path: Path) -> None:
    """The published pages are checked by the Nu HTML Checker (test_html_validity.py) in sites built
    without the editor; the editor's own page is checked here, as it is written (Decap's interface,
    drawn by its script, is Decap's)."""
    from .browser_support import VNU_JAR
    from .conftest import need

    need(VNU_JAR.exists() and shutil.which("java") is not None, "the Nu HTML Checker (npm vnu-jar, Java) is missing")
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    (root / "site_config.yml").write_text((REPO / "site_config.yml").read_text(encoding="utf-8") + GITHUB,
                                          encoding="utf-8")
    from generator.cli import main

    assert main(["--root", str(root), "build", "--editor", "--out", str(tmp_path / "out")]) == 0
    page = tmp_path / "out" / "riverside-town-centre" / "admin" / "index.html"
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", str(page)], capture_output=True,
                            text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    assert [m for m in messages if m.get("type") in ("error", "non-document-error")] == [], messages


def test_with_review_a_save_is_a_branch_and_a_pull_request_of_the_files_the_format_names(
        chromium: Any, tmp_path: Path, served: tuple[Path, str]) -> None:
    """`review: yes` (Decap's editorial workflow) through Decap's real GitHub backend: Save puts the
    change on a branch of its own, cms/<collection>/<entry>, with a pull request into main, and
    the branch holds <id>.md and <id>.cy.md as the content format names them; main is untouched.
    (Approving and merging it is Decap's and GitHub's own work, not checked here.)"""
    out, base = served
    source = REPO / "tests" / "fixtures" / "bilingual"
    slug = "aberwen-climate"
    root = tmp_path / "project"
    shutil.copytree(source / "content", root / "content")
    (root / "site_config.yml").write_text((source / "site_config.yml").read_text(encoding="utf-8") + GITHUB
                                          + "  review: yes\n", encoding="utf-8")
    shutil.rmtree(out)
    from generator.cli import main

    assert main(["--root", str(root), "build", "--editor", "--out", str(out)]) == 0
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    host = FakeGitHub("riverside-council/assemblies", files)
    context, page, elsewhere = _signed_in(chromium, base, host, "github", API)
    page.goto(f"{base}{slug}/admin/#/collections/{slug}-responses")
    page.get_by_text("warm-homes: accepted").click()
    field = page.locator("label", has_text="Position").first.get_attribute("for")
    page.locator(f"#{field}").click()
    page.get_by_role("option", name="Referred", exact=True).click()
    page.locator("[id^='reasons-field']").first.fill("The county council decides on this.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("status").filter(has_text="Saved for review, on a branch of its own").wait_for()
    branch = f"cms/{slug}-responses/warm-homes"
    for _ in range(100):
        if host.pulls:
            break
        page.wait_for_timeout(100)
    assert [pull["head"]["ref"] for pull in host.pulls.values()] == [branch]
    response = f"content/{slug}/responses/warm-homes"
    changed = {name: data for commit in host.branch_commits[branch] for name, data in commit.changed.items()}
    assert set(changed) == {f"{response}.md", f"{response}.cy.md"}
    assert b"\nposition: referred\n" in (changed[f"{response}.md"] or b"")
    assert host.commits == [] and host.files[f"{response}.md"] == files[f"{response}.md"]
    context.close()
    assert elsewhere == [] and host.unknown == [], (elsewhere, host.unknown)


def test_the_published_editor_has_no_axe_violation(chromium: Any, tmp_path: Path, served: tuple[Path, str]) -> None:
    """axe-core (WCAG 2.0-2.2 A/AA, best practices) inside the published editor, under its own
    policy (axe is served from the site's address): the sign-in screen, and a response's screen
    signed in to the fake GitHub with the box after a save open (ours, editor-start.js). Decap's own screens are
    measured in full for the preview's editor (test_editor_access.py); the same editor-access.js
    is published with this one."""
    from .browser_support import AXE_JS, describe_violations, run_axe

    out, base = served
    slug = "riverside-town-centre"
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    (root / "site_config.yml").write_text((REPO / "site_config.yml").read_text(encoding="utf-8") + GITHUB,
                                          encoding="utf-8")
    shutil.rmtree(out)
    from generator.cli import main

    assert main(["--root", str(root), "build", "--editor", "--out", str(out)]) == 0
    axe_url = f"{base}{slug}/admin/__axe-core-for-tests.js"
    (out / slug / "admin" / "__axe-core-for-tests.js").write_text(AXE_JS.read_text(encoding="utf-8"),
                                                                   encoding="utf-8")
    found: dict[str, str] = {}

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}{slug}/admin/")
    page.get_by_role("button", name="Login with GitHub").wait_for()
    violations = run_axe(page, axe_url)["violations"]
    if violations:
        found["login"] = describe_violations(violations)
    context.close()

    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    host = FakeGitHub("riverside-council/assemblies", files)
    context, page, _ = _signed_in(chromium, base, host, "github", API)
    page.goto(f"{base}{slug}/admin/#/collections/{slug}-responses")
    page.get_by_text("fair-rents: not-accepted").click()
    field = page.locator("label", has_text="Reasons").first.get_attribute("for")
    page.locator(f"[id='{field}']").fill("The council cannot set rents.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Save now").click()
    page.get_by_role("status").filter(has_text="Saved as a commit to main.").wait_for()
    violations = run_axe(page, axe_url)["violations"]
    if violations:
        found["saved"] = describe_violations(violations)
    context.close()
    assert found == {}, "\n".join(f"{screen}:\n{text}" for screen, text in found.items())
