"""A project's own theme/ folder (issue 18, docs/theme.md): the example built with an overridden
page template and footer partial, an extra stylesheet and a logo still passes axe and the Nu HTML
Checker, and shows the overrides."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from .browser_support import VNU_JAR, describe_violations, run_axe

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SLUG = "riverside-town-centre"
PAGES = ["index.html", "sessions/index.html", "recommendations/index.html"]


@pytest.fixture(scope="module")
def themed(built: tuple, sites_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with a theme/ folder, built into the served folder as `themed/` (after
    the shared sites, so the shared Nu checker run does not include it)."""
    project = tmp_path_factory.mktemp("themed-project")
    shutil.copy(REPO / "site_config.yml", project / "site_config.yml")
    shutil.copytree(REPO / "content", project / "content")
    theme = project / "theme"
    (theme / "pages").mkdir(parents=True)
    home = (REPO / "theme" / "pages" / "home.html").read_text(encoding="utf-8")
    (theme / "pages" / "home.html").write_text(
        home.replace("</h1>", '</h1>\n<p class="council-note" id="council-note">Run with our council\'s '
                              "engagement team.</p>", 1), encoding="utf-8")
    (theme / "partials").mkdir()
    footer = (REPO / "theme" / "partials" / "assembly-footer.html").read_text(encoding="utf-8")
    (theme / "partials" / "assembly-footer.html").write_text(
        "<!-- council footer -->\n" + footer, encoding="utf-8")
    (theme / "assets" / "stylesheets").mkdir(parents=True)
    (theme / "assets" / "stylesheets" / "extra.css").write_text(
        ".assembly-header { border-bottom: 4px solid #00703c; }\n"
        ".council-note { font-weight: 700; color: #0b0c0c; }\n"
        ".assembly-header__logo { vertical-align: middle; margin-inline-end: 0.5rem; }\n", encoding="utf-8")
    (theme / "assets" / "images").mkdir(parents=True)
    (theme / "assets" / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">'
        '<rect width="32" height="32" fill="#00703c"/></svg>\n', encoding="utf-8")
    out = sites_root / "themed"
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "build", "--strict",
                             "--out", str(out)], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_overrides_are_used(themed: Path) -> None:
    home = (themed / SLUG / "index.html").read_text(encoding="utf-8")
    assert 'id="council-note"' in home and "<!-- council footer -->" in home
    assert 'assets/stylesheets/extra.css' in home and 'assets/images/logo.svg' in home


@pytest.mark.parametrize("path", PAGES)
def test_overridden_pages_pass_axe(page: Any, server: str, axe_url: str, themed: Path, path: str) -> None:
    page.goto(f"{server}themed/{SLUG}/{path}")
    result = run_axe(page, axe_url)
    assert not result["violations"], f"axe violations on themed/{path}:\n" + describe_violations(result["violations"])


def _vnu_errors(files: list[str]) -> list[dict[str, Any]]:
    result = subprocess.run(["java", "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                             "--also-check-css", *files], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def test_overridden_pages_are_valid_html(vnu_jar: Path, sites: dict, themed: Path) -> None:
    """The overrides add no error to the pages: any error the Nu checker finds in the themed pages
    is one the same page of the example site has too (test_html_validity.py answers for those)."""
    css = str(themed / SLUG / "assets" / "stylesheets" / "extra.css")
    plain = sites["example"].folder / SLUG

    def counted(errors: list[dict[str, Any]], folder: Path) -> Counter[tuple[str, str]]:
        return Counter((Path(m.get("url", "").removeprefix("file:")).resolve().relative_to(folder.resolve())
                        .as_posix() if m.get("url") else "", str(m.get("message"))) for m in errors)

    themed_errors = counted(_vnu_errors([str(themed / SLUG / path) for path in PAGES] + [css]), themed / SLUG)
    plain_errors = counted(_vnu_errors([str(plain / path) for path in PAGES]), plain)
    added = themed_errors - plain_errors
    assert not added, "\n".join(f"{path}: {message} ({count})" for (path, message), count in added.items())
