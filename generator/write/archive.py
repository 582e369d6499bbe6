"""The preservation package: a BagIt bag (RFC 8493) in one deterministic zip.

Inside: `data/site/<assembly>/` (the built site), `data/source/` (content and site_config.yml),
`metadata.json` (Dublin Core terms) and, at the top, `index.html` pointing at the site, so an
archivist who unzips it can browse with no server and no network. SHA-256 and SHA-512 manifests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import bagit

from generator.model.corpus import AssemblyContent
from generator.model.site import SiteConfig
from generator.plan.site import EDITOR_FOLDER

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
        "dcterms:source": config.assembly_url(content.slug),
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
every file (a BagIt bag, version 0.97 as its bagit.txt says; RFC 8493 describes version 1.0 of the same
format, and BagIt tools check either).</p>
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
        # The browser editor, if a build published it, saves to a Git repository: no part of a record.
        shutil.copytree(built_site, bag_dir / "site" / content.slug,
                        ignore=lambda folder, names: {EDITOR_FOLDER} & set(names) if Path(folder) == built_site
                        else set())
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


# What --verify accepts from a package before reading any of its data: a file that unpacks to more
# than this, or (when over a megabyte) to more than MAX_RATIO times its stored size, is taken as an
# attempt to fill the disk of whoever unpacks it. A real site compresses about 3 to 20 times.
MAX_ENTRY_BYTES = 4 * 1024**3
MAX_TOTAL_BYTES = 64 * 1024**3
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024**2
_CHUNK = 1024**2


@dataclass
class Verification:
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_package(package: Path) -> Verification:
    """Check every checksum in full (BagIt's fast check only compares sizes) by reading each file
    from the zip as a stream: nothing is unpacked to disk. Entries that unpacking could turn against
    the computer (links, paths that leave the folder, files that unpack to far more than they
    take) are refused before any data is read, and each is named."""
    result = Verification()
    try:
        with zipfile.ZipFile(package) as archive:
            infos = archive.infolist()
            result.problems.extend(refused_entries(infos))
            if result.problems:
                return result
            _verify_bag(archive, [i for i in infos if not i.is_dir()], result)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        result.problems.append(f"{package}: cannot be read as a zip file ({exc})")
    return result


def refused_entries(infos: list[zipfile.ZipInfo]) -> list[str]:
    """One line for each entry that is unsafe to unpack, naming it and why."""
    problems: list[str] = []
    seen: set[str] = set()
    total = 0
    for info in infos:
        reason = _refusal(info, seen)
        seen.add(info.filename)
        total += info.file_size
        if reason:
            problems.append(f"{info.filename}: refused: {reason}")
    if total > MAX_TOTAL_BYTES and not problems:
        problems.append(f"refused: the package would unpack to {total:,} bytes, more than the limit of "
                        f"{MAX_TOTAL_BYTES:,} bytes")
    return problems


def _refusal(info: zipfile.ZipInfo, seen: set[str]) -> str | None:
    name = info.filename
    kind = stat.S_IFMT(info.external_attr >> 16)
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "a control character in the path"
    if "\\" in name:
        return "a backslash in the path (Windows reads it as a folder separator)"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "an absolute path (unpacking it would write outside the folder it is unpacked into)"
    if ".." in PurePosixPath(name).parts:
        return "a path with '..' that leads out of the folder it is unpacked into"
    if kind == stat.S_IFLNK:
        return "a symbolic link (unpacking it would make a link that can point anywhere on the computer)"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "not a file or a folder (a device, pipe or socket)"
    if name in seen:
        return "a second entry with the same name (unpacking would overwrite the first)"
    if info.flag_bits & 0x1:
        return "encrypted"
    if info.file_size > MAX_ENTRY_BYTES:
        return f"it would unpack to {info.file_size:,} bytes, more than the limit of {MAX_ENTRY_BYTES:,} bytes"
    if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * info.compress_size:
        return (f"it would unpack to {info.file_size:,} bytes from {info.compress_size:,} bytes (more than "
                f"{MAX_RATIO} times smaller: a zip bomb)")
    return None


def _verify_bag(archive: zipfile.ZipFile, files: list[zipfile.ZipInfo], result: Verification) -> None:
    roots = {PurePosixPath(i.filename).parts[0] for i in files if PurePosixPath(i.filename).parts}
    if len(roots) != 1 or any(len(PurePosixPath(i.filename).parts) < 2 for i in files):
        result.problems.append("the package must hold exactly one bag folder")
        return
    root = roots.pop()
    by_path = {i.filename[len(root) + 1:]: i for i in files}
    if "bagit.txt" not in by_path or b"BagIt-Version:" not in _read_small(archive, by_path["bagit.txt"]):
        result.problems.append(f"{root}/bagit.txt: missing or without a BagIt-Version: this is not a BagIt bag")
        return
    payload = sorted(p for p in by_path if p.startswith("data/"))
    result.files = len(payload)
    manifests = _manifests(archive, root, by_path, "manifest-", result.problems)
    tag_manifests = _manifests(archive, root, by_path, "tagmanifest-", result.problems)
    if not manifests and not result.problems:
        result.problems.append(f"{root}: no payload manifest (manifest-sha256.txt): this is not a complete bag")
    if result.problems:
        return
    wanted: dict[str, dict[str, tuple[str, str]]] = {}  # path -> algorithm -> (expected, manifest name)
    for kind, found in (("manifest", manifests), ("tagmanifest", tag_manifests)):
        for algorithm, entries in found.items():
            listing = f"{kind}-{algorithm}.txt"
            for path, expected in entries.items():
                if path not in by_path:
                    result.problems.append(f"{root}/{path}: listed in {listing} but not in the package")
                else:
                    wanted.setdefault(path, {})[algorithm] = (expected, listing)
            if kind == "manifest":
                result.problems.extend(f"{root}/{path}: in the package but not listed in {listing}"
                                       for path in payload if path not in entries)
    _check_oxum(archive, root, by_path, payload, result.problems)
    for path in sorted(wanted):
        info = by_path[path]
        digests = {algorithm: hashlib.new(algorithm) for algorithm in wanted[path]}
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    for digest in digests.values():
                        digest.update(chunk)
        except (zipfile.BadZipFile, EOFError, zlib.error):
            result.problems.append(f"{info.filename}: the zip data is damaged (its CRC does not match)")
            continue
        except NotImplementedError:
            result.problems.append(f"{info.filename}: stored with a compression method this tool cannot read")
            continue
        for algorithm, digest in digests.items():
            expected, listing = wanted[path][algorithm]
            found_hex = digest.hexdigest()
            if found_hex != expected:
                result.problems.append(f"{info.filename}: its {algorithm} checksum does not match {listing} "
                                       f"(expected {expected}, found {found_hex})")


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(info) as stream:
            return stream.read(64 * 1024**2)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError):
        return b""


def _manifests(archive: zipfile.ZipFile, root: str, by_path: dict[str, zipfile.ZipInfo], prefix: str,
               problems: list[str]) -> dict[str, dict[str, str]]:
    """{algorithm: {path: checksum}} of the bag's manifests (or tag manifests)."""
    found: dict[str, dict[str, str]] = {}
    for name in sorted(by_path):
        match = re.fullmatch(re.escape(prefix) + r"([a-z0-9]+)\.txt", name)
        if not match:
            continue
        algorithm = match.group(1)
        if algorithm not in hashlib.algorithms_available:
            problems.append(f"{root}/{name}: unknown checksum algorithm {algorithm}")
            continue
        entries: dict[str, str] = {}
        text = _read_small(archive, by_path[name]).decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.strip().split(None, 1)
            path = _decode_filename(parts[1]) if len(parts) == 2 else ""
            if (len(parts) != 2 or not re.fullmatch(r"[0-9a-fA-F]+", parts[0]) or path.startswith("/")
                    or ".." in PurePosixPath(path).parts or "\\" in path):
                problems.append(f"{root}/{name}, line {number}: not a checksum followed by a path inside the bag")
                continue
            entries[path] = parts[0].lower()
        found[algorithm] = entries
    return found


def _decode_filename(path: str) -> str:
    return re.sub("%0A", "\n", re.sub("%0D", "\r", path, flags=re.IGNORECASE), flags=re.IGNORECASE)


def _check_oxum(archive: zipfile.ZipFile, root: str, by_path: dict[str, zipfile.ZipInfo], payload: list[str],
                problems: list[str]) -> None:
    if "bag-info.txt" not in by_path:
        return
    text = _read_small(archive, by_path["bag-info.txt"]).decode("utf-8", errors="replace")
    match = re.search(r"^Payload-Oxum:\s*(\d+)\.(\d+)\s*$", text, flags=re.MULTILINE)
    if not match:
        return
    octets, count = int(match.group(1)), int(match.group(2))
    actual = sum(by_path[p].file_size for p in payload)
    if (octets, count) != (actual, len(payload)):
        problems.append(f"{root}/bag-info.txt: Payload-Oxum says {count} files of {octets} bytes, but the package "
                        f"holds {len(payload)} files of {actual} bytes")
