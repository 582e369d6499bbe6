"""Fixtures for the real-browser suite: the built sites, a local web server, one chromium.

Everything expensive happens once per session: each site is built once, one server serves both,
one browser runs every test (each test gets its own context). Missing tools (chromium, Java,
node_modules) skip the suite on a developer's machine and fail it under CI (CI=true).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import (
    AXE_JS,
    BILINGUAL_KINDS,
    BILINGUAL_ROOT,
    CHROMIUM,
    CHROMIUM_ARGS,
    EXAMPLE_KINDS,
    INCOMPLETE,
    STRESS_KINDS,
    VNU_JAR,
    Site,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

ON_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def need(condition: bool, reason: str) -> None:
    """Skip locally, fail under CI: a CI run without its tools must not pass silently."""
    if condition:
        return
    if ON_CI:
        pytest.fail(f"{reason} (CI=true: the browser suite must run)", pytrace=False)
    pytest.skip(reason)


_FAILED: dict[str, str] = {}


def _run(args: list[str], what: str) -> None:
    """Run a command once; if it failed, every later test that needs it fails at once with its output."""
    if what in _FAILED:
        pytest.fail(_FAILED[what], pytrace=False)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=REPO)
    if result.returncode != 0:
        _FAILED[what] = f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        pytest.fail(_FAILED[what], pytrace=False)


@pytest.fixture(scope="session")
def sites_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the local web server serves: each site sits in a sub-folder (a sub-path)."""
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="session")
def stress_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stress content, written by make_stress.py and checked with `assembly check`."""
    root = tmp_path_factory.mktemp("stress-content")
    _run([sys.executable, str(HERE / "make_stress.py"), str(root)], "make_stress.py")
    # The build keeps drawn sharing cards in <root>/.assembly-cache, keyed by their content: share
    # the repository's cache so that repeated runs do not draw the same 60 pictures again.
    cache = REPO / ".assembly-cache"
    cache.mkdir(exist_ok=True)
    (root / ".assembly-cache").symlink_to(cache, target_is_directory=True)
    _run([sys.executable, "-m", "generator", "--root", str(root), "check"], "assembly check of the stress content")
    return root


class Validator:
    """The Nu HTML Checker over every page of both sites, started as soon as they are built so
    that Java's slow start overlaps the browser tests; its JSON report is read when needed."""

    def __init__(self, sites_root: Path, tmp: Path):
        self.files = sorted(str(p) for p in sites_root.rglob("*.html"))
        ours = {p.name for p in (REPO / "theme" / "assets" / "stylesheets").glob("*.css")}
        css = sorted(str(p) for p in sites_root.rglob("*.css") if p.name in ours)
        self.out = tmp / "vnu.json"
        self.process: subprocess.Popen[bytes] | None = None
        if VNU_JAR.exists() and shutil.which("java"):
            with self.out.open("wb") as handle:
                self.process = subprocess.Popen(
                    ["java", "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                     "--also-check-css", *self.files, *css], stdout=subprocess.DEVNULL, stderr=handle)

    def report(self) -> dict[str, Any]:
        assert self.process is not None
        self.process.wait(timeout=600)
        return json.loads(self.out.read_text(encoding="utf-8"))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def built(sites_root: Path, stress_content: Path, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[dict[str, Site], Validator]]:
    """Both sites, built side by side once per session, then the HTML checker started on them."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    roots = {"example": (REPO, EXAMPLE_KINDS), "stress": (stress_content, STRESS_KINDS),
             "bilingual": (BILINGUAL_ROOT, BILINGUAL_KINDS)}
    running = {}
    for name, (root, _kinds) in roots.items():
        if f"build {name}" in _FAILED:
            pytest.fail(_FAILED[f"build {name}"], pytrace=False)
        running[name] = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "build", "--out", str(sites_root / name)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO)
    for name, process in running.items():
        output, _ = process.communicate()
        if process.returncode != 0:
            _FAILED[f"build {name}"] = f"building the {name} site failed ({process.returncode}):\n{output}"
    for name in running:
        if f"build {name}" in _FAILED:
            pytest.fail(_FAILED[f"build {name}"], pytrace=False)
    sites = {name: Site(name, sites_root / name, kinds) for name, (_root, kinds) in roots.items()}
    validator = Validator(sites_root, tmp_path_factory.mktemp("vnu"))
    yield sites, validator
    validator.stop()


@pytest.fixture(scope="session")
def sites(built: tuple[dict[str, Site], Validator]) -> dict[str, Site]:
    return built[0]


@pytest.fixture(scope="session")
def example_site(sites: dict[str, Site]) -> Site:
    return sites["example"]


@pytest.fixture(scope="session")
def bilingual_site(sites: dict[str, Site]) -> Site:
    return sites["bilingual"]


@pytest.fixture(scope="session")
def stress_site(sites: dict[str, Site]) -> Site:
    return sites["stress"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".vtt": "text/vtt", ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def server(sites_root: Path) -> Iterator[str]:
    """http://127.0.0.1:<port>/ serving sites_root; a site is at <base>/<site name>/."""
    handler = functools.partial(_QuietHandler, directory=str(sites_root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless chromium (Debian's) for the whole session."""
    need(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: install Debian's chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "the playwright Python package is missing: pip install -e '.[test]'")
        raise
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        manager.stop()


DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def context(chromium: Any) -> Iterator[Any]:
    """A fresh context (empty cache, no history), for tests that record or change what it does."""
    ctx = chromium.new_context(viewport=DESKTOP)
    yield ctx
    ctx.close()


PHONE = {"width": 320, "height": 640}


class SharedTab:
    """One tab reused by the tests that only read pages (opening a tab costs more than a test),
    switched to the screen size and colour scheme a test asks for only when they differ."""

    def __init__(self, chromium: Any):
        self.context = chromium.new_context(viewport=DESKTOP)
        self.page = self.context.new_page()
        self.state: tuple[Any, ...] = (DESKTOP["width"], DESKTOP["height"], "screen", "light")

    def get(self, viewport: dict[str, int], color_scheme: str = "light") -> Any:
        wanted = (viewport["width"], viewport["height"], "screen", color_scheme)
        if wanted[:2] != self.state[:2]:
            self.page.set_viewport_size(viewport)
        if wanted[2:] != self.state[2:]:
            self.page.emulate_media(media="screen", color_scheme=color_scheme)
        self.state = wanted
        return self.page

    def changed(self) -> None:
        """A test changed the tab's size or media itself: set everything again next time."""
        self.state = ()


@pytest.fixture(scope="session")
def shared_tab(chromium: Any) -> Iterator[SharedTab]:
    tab = SharedTab(chromium)
    yield tab
    tab.context.close()


@pytest.fixture
def page(shared_tab: SharedTab) -> Any:
    """The shared tab on a desktop screen in the light scheme (tests must not resize it)."""
    return shared_tab.get(DESKTOP)


@pytest.fixture
def adjustable_page(shared_tab: SharedTab) -> Iterator[Any]:
    """The shared tab, for a test that changes its size or media itself."""
    yield shared_tab.get(DESKTOP)
    shared_tab.changed()


@pytest.fixture
def phone_dark_page(shared_tab: SharedTab) -> Any:
    """The shared tab on a 320 px phone whose owner chose the dark scheme."""
    return shared_tab.get(PHONE, "dark")


@pytest.fixture(scope="session")
def axe_url(sites_root: Path, server: str) -> str:
    """axe-core, served by the test server beside the sites (never part of a site)."""
    need(AXE_JS.exists(), f"{AXE_JS.relative_to(REPO)} is missing: run `npm ci` in {REPO}")
    tools = sites_root / "_tools"
    tools.mkdir(exist_ok=True)
    shutil.copyfile(AXE_JS, tools / "axe.min.js")
    return f"{server}_tools/axe.min.js"


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    need(VNU_JAR.exists(), f"{VNU_JAR.relative_to(REPO)} is missing: run `npm ci` in {REPO}")
    need(shutil.which("java") is not None, "java is missing: install a Java runtime (default-jre-headless)")
    return VNU_JAR


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """What axe could not decide, for a person to review (also printed with -s as it happens)."""
    if not INCOMPLETE:
        return
    terminalreporter.section("axe-core: results to review by hand (\"incomplete\")")
    by_rule: dict[str, dict[str, Any]] = {}
    for page_id, item in INCOMPLETE:
        entry = by_rule.setdefault(item["id"], {"help": item["help"], "pages": set(), "nodes": 0, "example": ""})
        entry["pages"].add(page_id)
        entry["nodes"] += len(item["nodes"])
        if not entry["example"] and item["nodes"]:
            node = item["nodes"][0]
            entry["example"] = f"{node['target']}: {node['message']}"
    for rule, entry in sorted(by_rule.items()):
        count = f"{entry['nodes']} elements on {len(entry['pages'])} pages"
        terminalreporter.write_line(f"{rule}: {entry['help']} ({count})")
        terminalreporter.write_line(f"    pages: {', '.join(sorted(entry['pages']))}")
        if entry["example"]:
            terminalreporter.write_line(f"    e.g. {entry['example'][:300]}")
