"""The preservation package: a BagIt bag (RFC 8493) in one deterministic zip.

Inside: `data/site/<assembly>/` (the built site), `data/source/` (content and site_config.yml),
`metadata.json` (Dublin Core terms) and, at the top, `index.html` pointing at the site, so an
archivist who unzips it can browse with no server and no network. SHA-256 and SHA-512 manifests.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import bagit

from generator.model.corpus import AssemblyContent
from generator.model.site import SiteConfig

CHECKSUMS = ["sha256", "sha512"]
ZIP_EPOCH = dt.datetime(1980, 1, 1)


def dublin_core(content: AssemblyContent, config: SiteConfig, bagging_date: dt.date) -> dict[str, Any]:
    a = content.assembly
    dates = {k: v.isoformat() for k, v in (("start", a.dates.start), ("end", a.dates.end)) if v}
    return {
        "dcterms:title": a.title,
        "dcterms:description": a.question,
        "dcterms:creator": a.commissioned_by,
        "dcterms:publisher": config.organisation.name,
        "dcterms:contributor": [p.name for p in a.partners],
        "dcterms:date": dates,
        "dcterms:created": bagging_date.isoformat(),
        "dcterms:language": a.languages or [config.language],
        "dcterms:rights": a.licence,
        "dcterms:subject": ["Citizens' assembly", *content.themes()],
        "dcterms:identifier": content.slug,
        "dcterms:type": "Collection",
        "dcterms:format": "text/html",
        "dcterms:source": config.site_url + content.slug + "/" if config.site_url else None,
    }


def _index_html(title: str, slug: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{_escape(title)}: preserved website</title></head>
<body>
<main>
<h1>{_escape(title)}</h1>
<p>This package preserves the website of this citizens' assembly, its source content and checksums of
every file (BagIt, RFC 8493).</p>
<ul>
<li><a href="data/site/{slug}/index.html">Open the website</a> (works from this folder, with no network)</li>
<li><a href="data/site/{slug}/sitemap.html">List of every page</a></li>
<li><a href="metadata.json">Description of the package (JSON)</a></li>
</ul>
</main>
</body>
</html>
"""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def make_package(built_site: Path, source_folder: Path, site_config: Path, content: AssemblyContent,
                 config: SiteConfig, bagging_date: dt.date, out_file: Path, leave_out: set[str] | None = None) -> int:
    """Write the zip to `out_file` (atomically); return the number of payload files (as --verify counts).

    `leave_out` names source files (relative to the assembly folder) that are not published, such
    as drafts and embargoed items: a package must never make them public early."""
    hidden = leave_out or set()

    def ignore(folder: str, names: list[str]) -> set[str]:
        base = Path(folder).relative_to(source_folder)
        return {n for n in names if n.startswith(".") or (base / n).as_posix() in hidden}

    with tempfile.TemporaryDirectory(prefix="assembly-bag-") as temp:
        bag_dir = Path(temp) / content.slug
        shutil.copytree(built_site, bag_dir / "site" / content.slug)
        shutil.copytree(source_folder, bag_dir / "source" / "content" / content.slug, symlinks=True,
                        ignore=ignore)
        shutil.copyfile(site_config, bag_dir / "source" / "site_config.yml")
        bag_info = {
            "Source-Organization": config.organisation.name,
            "Contact-Email": config.contact_email,
            "External-Description": f"{content.assembly.title}: {content.assembly.question}",
            "External-Identifier": content.slug,
            "Bagging-Date": bagging_date.isoformat(),
        }
        bag = bagit.make_bag(str(bag_dir), bag_info=bag_info, checksums=CHECKSUMS)
        (bag_dir / "metadata.json").write_text(
            json.dumps(dublin_core(content, config, bagging_date), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8")
        (bag_dir / "index.html").write_text(_index_html(content.assembly.title, content.slug), encoding="utf-8")
        bag.save(manifests=True)  # adds the new tag files to the tag manifests
        _deterministic_zip(bag_dir, out_file, bagging_date)
        return sum(1 for p in (bag_dir / "data").rglob("*") if p.is_file())


def _deterministic_zip(folder: Path, out_file: Path, day: dt.date) -> int:
    """Sorted entries, one fixed timestamp, fixed permissions: same bag, same bytes."""
    stamp = max(dt.datetime(day.year, day.month, day.day), ZIP_EPOCH).timetuple()[:6]
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    out_file.parent.mkdir(parents=True, exist_ok=True)
    partial = out_file.with_name(f".{out_file.name}.partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for path in files:
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    os.replace(partial, out_file)
    return len(files)


@dataclass
class Verification:
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_package(package: Path) -> Verification:
    """Unpack and validate every checksum in full (BagIt's fast check only compares sizes)."""
    result = Verification()
    try:
        with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory(prefix="assembly-verify-") as temp:
            names = archive.namelist()
            for name in names:
                parts = PurePosixPath(name).parts
                if name.startswith("/") or ".." in parts or "\\" in name:
                    result.problems.append(f"{name}: unsafe path in the package")
            if result.problems:
                return result
            damaged = archive.testzip()
            if damaged:
                result.problems.append(f"{damaged}: the zip data is damaged (its CRC does not match)")
                return result
            archive.extractall(temp)
            roots = {PurePosixPath(n).parts[0] for n in names}
            if len(roots) != 1:
                result.problems.append("the package must hold exactly one bag folder")
                return result
            bag = bagit.Bag(str(Path(temp) / roots.pop()))
            result.files = len(list(bag.payload_files()))
            try:
                bag.validate(fast=False, completeness_only=False)
            except bagit.BagValidationError as exc:
                details = getattr(exc, "details", None) or []
                result.problems.extend(str(d) for d in details) if details else result.problems.append(str(exc))
    except (zipfile.BadZipFile, OSError) as exc:
        result.problems.append(f"{package}: cannot be read as a zip file ({exc})")
    except bagit.BagError as exc:
        result.problems.append(f"{package}: not a valid bag ({exc})")
    return result
