"""The Nu HTML Checker over every generated page of the three sites (the bilingual one in both its
languages, with untranslated text of every kind on its Welsh pages) and the theme's stylesheet,
in one run started as soon as the sites are built (Java starts slowly)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def vnu_messages(vnu_jar: Path, built: tuple) -> dict[str, list[dict[str, Any]]]:
    sites, validator = built
    report = validator.report()
    by_site: dict[str, list[dict[str, Any]]] = {name: [] for name in sites}
    for message in report["messages"]:
        path = Path(message.get("url", "").removeprefix("file:")).resolve()
        site = next((name for name, s in sites.items() if s.folder.resolve() in path.parents), "other")
        by_site.setdefault(site, []).append(message)
    return by_site


@pytest.mark.parametrize("site_name", ["example", "stress", "bilingual"])
def test_every_page_is_valid_html(vnu_messages: dict, sites: dict, site_name: str) -> None:
    folder = sites[site_name].folder.resolve()
    pages = list(folder.rglob("*.html"))
    assert len(pages) > 20
    errors = [m for m in vnu_messages[site_name] if m.get("type") in ("error", "non-document-error")]
    lines = [f"{Path(m.get('url', '').removeprefix('file:')).resolve().relative_to(folder) if m.get('url') else ''}:"
             f"{m.get('lastLine', '')}: {m.get('message')} [{m.get('extract', '').strip()[:120]}]" for m in errors]
    assert not errors, f"Nu HTML Checker: {len(errors)} errors in {len(pages)} pages:\n" + "\n".join(lines[:40])


def test_nothing_outside_the_two_sites_was_reported(vnu_messages: dict) -> None:
    assert not vnu_messages.get("other"), vnu_messages.get("other")
