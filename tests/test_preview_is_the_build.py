"""The preview is the build: every file `assembly serve` answers with is made by the build's own
stages, so it has the bytes `assembly build` writes, for every kind of output (pages of each
language, the report's contents page with the sizes of its files, the e-book, cards, pictures,
data, feeds, the search index, the list of assemblies)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from generator.serve import LivePages

REPO = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2030, 1, 1)


def _project(tmp_path: Path, source: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(source / "content", root / "content")
    shutil.copy(source / "site_config.yml", root / "site_config.yml")
    return root


@pytest.mark.parametrize("source, slug", [(REPO, "riverside-town-centre"),
                                          (REPO / "tests" / "fixtures" / "bilingual", "aberwen-climate")])
def test_every_file_the_preview_serves_is_the_file_the_build_writes(tmp_path: Path, source: Path, slug: str) -> None:
    root = _project(tmp_path, source)
    result = run_cli("--root", str(root), "build", "--as-of", AS_OF.isoformat())
    assert result.code == 0, result.err
    site = root / "site"
    pages = LivePages(root, slug, drafts=False, as_of=AS_OF)
    assert pages.refresh() == []
    built = {p.relative_to(site / slug).as_posix() for p in (site / slug).rglob("*") if p.is_file()}
    assert set(pages.outputs) == built  # the plan names every file the build wrote, and no other
    kinds = {output.kind for output in pages.outputs.values()}
    assert {"page", "asset", "card", "data", "feed", "search"} <= kinds
    if slug == "riverside-town-centre":  # the example has pictures, documents, a report and a site_url
        assert {"report", "image", "document", "sitemap"} <= kinds
    differ = [rel for rel in sorted(built)
              if pages.file((slug, *rel.split("/"))) != (site / slug / rel).read_bytes()]
    assert differ == []
    assert pages.file(("index.html",)) == (site / "index.html").read_bytes()  # the list of assemblies
    assert pages.file((slug, "no-such-page.html")) is None


def test_the_report_contents_page_states_the_sizes_the_build_states(tmp_path: Path) -> None:
    """The preview once made the report's contents page without the sizes of the one-page version
    and the e-book ("HTML, 13.9 KB"): it is the build's page now."""
    root = _project(tmp_path, REPO)
    slug = "riverside-town-centre"
    pages = LivePages(root, slug, drafts=False, as_of=AS_OF)
    assert pages.refresh() == []
    html = pages.file((slug, "report", "index.html"))
    assert html is not None
    assert b"KB" in html and b"plain.html" in html and b"report.epub" in html
    assert run_cli("--root", str(root), "build", "--as-of", AS_OF.isoformat()).code == 0
    assert (root / "site" / slug / "report" / "index.html").read_bytes() == html
