"""The screenshots of docs/editor.md, taken from the example assembly under `assembly serve`.

    python docs/tools/editor_screenshots.py

Copies the example to a temporary folder (nothing in content/ changes), starts the preview and
drives the editor in chromium, at 1280 x 800."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
IMAGES = REPO / "docs" / "images"
SLUG = "riverside-town-centre"


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", SLUG, "--port",
                                    str(port)], env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}/"
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"{base}__status", timeout=2)
                    break
                except OSError:
                    time.sleep(0.3)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(f"{base}admin/#/collections/{SLUG}-responses/entries/fair-rents")
                page.get_by_role("button", name="Login").click()
                field = page.locator("label", has_text="Position").first.get_attribute("for")
                page.locator(f"[id='{field}']").click()
                page.get_by_role("option", name="Referred", exact=True).click()
                shown = page.frame_locator("iframe").first.frame_locator("iframe")
                shown.get_by_text("Referred", exact=True).first.wait_for()
                page.wait_for_timeout(500)
                page.screenshot(path=str(IMAGES / "editor-preview.png"))
                date = page.locator("label", has_text="Date").first.get_attribute("for")
                page.locator(f"[id='{date}']").fill("2099-03-12")
                page.frame_locator("iframe").first.get_by_text("Check this:", exact=True).wait_for()
                page.wait_for_timeout(300)
                page.screenshot(path=str(IMAGES / "editor-check-before-saving.png"))
                page.get_by_role("button", name="Save", exact=True).click()
                page.get_by_text("Save now").click()
                page.locator("#assembly-save-problems").get_by_text("Saved").first.wait_for()
                page.wait_for_timeout(300)
                page.screenshot(path=str(IMAGES / "editor-saved.png"))
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
