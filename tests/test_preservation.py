"""Reproducible builds, the BagIt preservation package, WARC completeness and sub-path hosting."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from warcio.archiveiterator import ArchiveIterator

from generator.write.warc import crawl

SLUG = "riverside-town-centre"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_in_subprocess(root: Path, out: Path, cwd: Path, env: dict[str, str]) -> None:
    full_env = {**os.environ, **env}
    subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--out", str(out)],
                   cwd=cwd, env=full_env, check=True, capture_output=True)


def copy_in_reverse_order(source: Path, target: Path) -> None:
    """The same files, created in the opposite order (so directory order differs)."""
    for path in sorted(source.rglob("*"), reverse=True):
        dest = target / path.relative_to(source)
        if path.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)


def test_builds_are_byte_identical_whatever_the_conditions(tmp_path: Path) -> None:
    other = tmp_path / "other-project"
    other.mkdir()
    shutil.copy(REPO / "site_config.yml", other / "site_config.yml")
    copy_in_reverse_order(REPO / "content", other / "content")
    first, second = tmp_path / "first", tmp_path / "second"
    build_in_subprocess(REPO, first, cwd=REPO,
                        env={"TZ": "UTC", "PYTHONHASHSEED": "1", "SOURCE_DATE_EPOCH": "1700000000", "LANG": "C"})
    build_in_subprocess(other, second, cwd=tmp_path,
                        env={"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "987", "SOURCE_DATE_EPOCH": "1700000000",
                             "LANG": "cy_GB.UTF-8"})
    a, b = files_of(first), files_of(second)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_no_build_clock_in_the_output(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_in_subprocess(REPO, out, cwd=REPO, env={"SOURCE_DATE_EPOCH": "1700000000"})
    today = __import__("datetime").date.today().isoformat()
    for name, data in files_of(out).items():
        if name.endswith((".html", ".xml", ".json", ".csv")):
            assert today.encode() not in data, name


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archive") / "riverside.zip"
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    try:
        result = run_cli("--root", str(REPO), "archive", SLUG, "--out", str(out), "--warc")
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert result.code == 0, result.err
    return out


def test_package_is_deterministic(package: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.zip"
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    try:
        assert run_cli("--root", str(REPO), "archive", SLUG, "--out", str(again)).code == 0
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert again.read_bytes() == package.read_bytes()


def test_package_holds_site_sources_and_metadata(package: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        info = archive.read(f"{SLUG}/bag-info.txt").decode()
        metadata = archive.read(f"{SLUG}/metadata.json").decode()
    for required in ("bagit.txt", "manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt",
                     "index.html", "data/source/site_config.yml", f"data/source/content/{SLUG}/assembly.yml",
                     f"data/site/{SLUG}/index.html", f"data/site/{SLUG}/sitemap.html"):
        assert f"{SLUG}/{required}" in names, required
    for field in ("Source-Organization: Riverside Borough Council", "External-Description: ",
                  "Contact-Email: ", "Bagging-Date: 2023-11-14"):
        assert field in info
    for term in ('"dcterms:title"', '"dcterms:creator"', '"dcterms:language"', '"dcterms:rights": "OGL-3.0"',
                 '"dcterms:subject"'):
        assert term in metadata


def test_verify_accepts_the_package(package: Path) -> None:
    result = run_cli("archive", "--verify", str(package))
    assert result.code == 0, result.err
    assert "valid" in result.out


def test_verify_catches_a_changed_byte_of_the_same_size(package: Path, tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.zip"
    target = f"{SLUG}/data/site/{SLUG}/recommendations/safe-cycle-routes.html"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(tampered, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == target:
                index = data.index(b"Accepted")
                data = data[:index] + b"Rejected" + data[index + 8:]
            out.writestr(info, data)
    assert tampered.stat().st_size > 0
    result = run_cli("archive", "--verify", str(tampered))
    assert result.code == 1
    assert "safe-cycle-routes.html" in result.err


def test_warc_holds_every_sitemap_url(package: Path) -> None:
    warc = package.with_name(package.name.removesuffix(".zip") + ".warc.gz")
    with open(warc, "rb") as stream:
        uris = {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                if r.rec_type == "response"}
    with zipfile.ZipFile(package) as archive:
        sitemap = archive.read(f"{SLUG}/data/site/{SLUG}/sitemap.xml").decode()
    listed = [line.split("<loc>")[1].split("</loc>")[0] for line in sitemap.splitlines() if "<loc>" in line]
    assert len(listed) > 40
    assert [url for url in listed if url not in uris] == []


def test_site_works_under_a_sub_path(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_cli("--root", str(REPO), "build", "--out", str(out)).code == 0
    host = tmp_path / "host"
    shutil.copytree(out / SLUG, host / "archive" / "2019" / "dudley")
    fetched, _ = crawl(host, "archive/2019/dudley")
    missing = sorted(url for url, (status, _, _) in fetched.items() if status != 200)
    assert missing == []
    base = next(iter(fetched)).split("archive/2019/dudley/")[0] + "archive/2019/dudley/"
    reached = {url[len(base):] for url in fetched if url.endswith(".html")}
    every_page = {p.relative_to(out / SLUG).as_posix() for p in (out / SLUG).rglob("*.html")} - {"404.html"}
    assert every_page - reached == set()
    assert any(url.endswith("/assets/stylesheets/assembly.css") for url in fetched)


def test_archived_assembly_shows_a_banner_everywhere(example: Path) -> None:
    assembly = example / "content" / SLUG / "assembly.yml"
    assembly.write_text(assembly.read_text().replace("status: responded", "status: archived"))
    assert run_cli("--root", str(example), "build").code == 0
    banner = "This assembly ended in December 2019. This site is kept as a record and is no longer updated."
    pages = list((example / "site" / SLUG).rglob("*.html"))
    assert pages and all(banner in p.read_text(encoding="utf-8") for p in pages)
    assert "Archived" in (example / "site" / "index.html").read_text(encoding="utf-8")



def test_package_never_contains_drafts_or_embargoed_sources(example: Path, tmp_path: Path) -> None:
    updates = example / "content" / SLUG / "updates"
    (updates / "secret-plan.md").write_text("---\ntitle: Not yet\ndate: 2022-05-01\ndraft: true\n---\nSecret.\n")
    (updates / "embargoed.md").write_text("---\ntitle: Later\ndate: 2022-05-01\npublish_on: 2099-01-01\n---\nX.\n")
    # Their translations stay out too; a translation of a published update goes in.
    assembly = example / "content" / SLUG / "assembly.yml"
    assembly.write_text(assembly.read_text(encoding="utf-8") + "\nlanguages: [en, cy]\n", encoding="utf-8")
    (updates / "secret-plan.cy.md").write_text("---\ntitle: Ddim eto\n---\nCyfrinach.\n")
    (updates / "two-years-on.cy.md").write_text("---\ntitle: Dwy flynedd yn ddiweddarach\n---\n")
    out = tmp_path / "package.zip"
    assert run_cli("--root", str(example), "archive", SLUG, "--out", str(out)).code == 0
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    assert not [n for n in names if "secret-plan" in n or "embargoed" in n]
    assert any(n.endswith("/updates/two-years-on.md") for n in names)
    assert any(n.endswith("/updates/two-years-on.cy.md") for n in names)
