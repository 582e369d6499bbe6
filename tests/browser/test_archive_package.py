"""A preservation package, unzipped anywhere and opened from disk with no network: its index
leads to the site, whose pages, pictures, downloads and search all work."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent
SLUG = "riverside-town-centre"


def test_unzipped_package_browses_from_disk(context: Any, tmp_path: Path) -> None:
    package = tmp_path / "package.zip"
    subprocess.run([sys.executable, "-m", "generator", "--root", str(REPO), "archive", SLUG, "--out",
                    str(package)], check=True, capture_output=True)
    unpacked = tmp_path / "somewhere" / "else"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(unpacked)
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto((unpacked / SLUG / "index.html").as_uri())
    page.get_by_role("link", name="Open the website").click()
    assert page.url.endswith(f"/data/site/{SLUG}/index.html")
    page.get_by_role("navigation", name="Sections of this site").get_by_role(
        "link", name="Speakers", exact=True).click()
    page.get_by_role("link", name="Amira Hussain").first.click()
    photo = page.locator("main picture img")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    page.goto((unpacked / SLUG / "data" / "site" / SLUG / "index.html").as_uri())
    link = page.locator("main a[href$='.pdf']").first
    target = (Path(page.url.removeprefix("file://")).parent / link.get_attribute("href")).resolve()
    assert target.is_file() and target.stat().st_size > 0
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("market")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.locator(".md-search-result__item").count() > 0
    assert [url for url in requests if not url.startswith(("file:", "data:", "about:", "blob:"))] == []
