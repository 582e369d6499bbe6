"""Where the tool may write: an output folder or file never takes the place of a source.

A build replaces its output folder whole, so that folder must be one this tool made (it carries
the marker file `.assembly-site`, written into every output), or a folder that is missing or
empty, or a site an earlier version built before the marker existed (recognised by its portal
index.html and assembly folders; it is marked by the next build). The project folder, any folder
that holds it, content/, theme/, .git, site_config.yml, a file and a folder holding a Git
repository are refused.

`assembly export` and `assembly archive --out` write one file: never inside content/, theme/ or
.git, never site_config.yml, and never over a file the tool did not write itself.
"""

from __future__ import annotations

import csv
import gzip
import os
import re
import zipfile
from pathlib import Path

from generator.errors import UsageError

MARKER = ".assembly-site"
MARKER_TEXT = (
    "This folder is a website made by assembly-site (the `assembly build` command).\n"
    "Each build replaces everything in this folder: keep nothing else here, it would be deleted.\n"
    "This file tells the tool that the folder is its own output, which a build may replace.\n"
)

SOURCES = {
    "content": "the assemblies' content",
    "theme": "the project's own templates and styles",
    ".git": "the project's history (Git)",
}
"""Folders of a project that hold what a person wrote, never output."""

PORTAL_FILES = {"index.html", "feed.xml", "assets", "sitemap.xml", "sitemap.xml.gz", "404.html", "search",
                "robots.txt", "sitemap-portal.xml", "register.csv"}
"""What the list of assemblies adds beside the assembly folders at the root of an output."""

GENERATOR_META = re.compile(rb'<meta name="generator" content="assembly-site[ "]')
BUILD_ADVICE = "build into a folder of its own, such as --out site"
NEW_FOLDER_ADVICE = "build into a new or empty folder with --out"


def write_marker(folder: Path) -> None:
    """Say, inside an output folder, that this tool made it (and may replace it)."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def is_marked(folder: Path) -> bool:
    return (folder / MARKER).is_file() and not (folder / MARKER).is_symlink()


def _is_assembly_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and (
        (path / "data" / "portal.json").is_file() or (path / "data" / "assembly.json").is_file())


def is_earlier_output(folder: Path) -> bool:
    """An unmarked folder that is plainly a site this tool built before it wrote the marker: only
    assembly folders (with their open data) and the list of assemblies beside them, and either at
    least one assembly folder or a list of assemblies that names this tool as its generator.
    Assembly folders alone are recognised too: shards of a build put together, ready for
    `assembly build --portal-only`."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    assemblies = portal = 0
    for entry in folder.iterdir():
        if _is_assembly_folder(entry):
            assemblies += 1
        elif entry.name in PORTAL_FILES and not entry.is_symlink():
            portal += 1
        else:
            return False
    if assemblies:
        return True
    index = folder / "index.html"
    if portal and index.is_file():
        with open(index, "rb") as handle:
            return bool(GENERATOR_META.search(handle.read(65536)))
    return False


def _same(a: Path, b: Path) -> bool:
    """The same folder or file (also where the file system ignores case), or the same path."""
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _source_of(path: Path, root: Path) -> tuple[str, bool] | None:
    """(the source folder of `root`, is it `path` itself) that `path` is or is inside, if any."""
    chain = [path, *path.parents]
    for name in SOURCES:
        source = root / name
        for place in chain:
            if _same(place, source):
                return name, place == path
    return None


def _projects(path: Path, root: Path | None) -> list[Path]:
    """The project folders to keep safe: `root`, and any folder at or above `path` that holds a
    site_config.yml (so a build called without the project's folder is still kept out of it)."""
    found = [root.resolve()] if root is not None else []
    found += [p for p in (path, *path.parents) if (p / "site_config.yml").is_file() and p not in found]
    return found


def _project_problem(path: Path, root: Path | None) -> str | None:
    """Why `path` is part of a project's sources, or holds a project; None when it is neither."""
    for project in _projects(path, root):
        if _same(path, project):
            return "it is the project folder"
        if any(_same(path, above) for above in project.parents):
            return "it holds the project folder"
        if _same(path, project / "site_config.yml"):
            return "it is the project's settings file, site_config.yml"
        source = _source_of(path, project)
        if source is not None:
            name, itself = source
            return f"it is {'' if itself else 'inside '}{name}/, which holds {SOURCES[name]}"
    return None


def check_output_folder(out: Path, root: Path | None = None, shown: str | None = None) -> None:
    """Raise UsageError unless a build may replace `out` whole (see the module's description)."""
    path = out.resolve()
    shown = shown if shown is not None else str(out)
    why = _project_problem(path, root)
    if why is not None:
        if why in ("it is the project folder", "it holds the project folder"):
            why += ", and a build replaces everything in the folder it builds into"
        raise UsageError(f"cannot build into {shown}: {why}; {BUILD_ADVICE}")
    problem = replace_problem(path)
    if problem is not None:
        raise UsageError(f"cannot build into {shown}: {problem}")


def replace_problem(path: Path) -> str | None:
    """Why a build may not replace the folder at `path`, with what to do instead; None when it may."""
    if path.is_symlink() and not path.exists():
        return f"it is a link to a missing folder; {NEW_FOLDER_ADVICE}"
    if not path.exists():
        return None
    if not path.is_dir():
        return f"it is a file, which a build would delete; {NEW_FOLDER_ADVICE}"
    if (path / ".git").exists():
        return (f"it holds a Git repository (.git), which a build would delete; {NEW_FOLDER_ADVICE}, "
                "then copy the site into the repository")
    if is_marked(path) or is_earlier_output(path) or not any(path.iterdir()):
        return None
    return (f"it holds files that assembly build did not write, which a build would delete; move them "
            f"elsewhere, or {NEW_FOLDER_ADVICE}")


# --- one file: the spreadsheet of `assembly export`, the package of `assembly archive` ----------

def _first_line(path: Path) -> list[str]:
    with open(path, "rb") as handle:
        head = handle.read(65536)
    line = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    cells = next(csv.reader(line), []) if line else []
    if cells and cells[0].startswith("\u00ef\u00bb\u00bf"):  # the byte-order mark read as Windows-1252 and saved
        cells[0] = cells[0][3:]
    return cells


def _workbook_headers(path: Path) -> list[list[str]] | None:
    """The sheet names and each sheet's first row of an .xlsx workbook; None if it is not one."""
    import xml.etree.ElementTree as ET

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    try:
        with zipfile.ZipFile(path) as book:
            names = [s.get("name", "") for s in ET.fromstring(book.read("xl/workbook.xml")).iter(f"{main}sheet")]
            shared = []
            if "xl/sharedStrings.xml" in book.namelist():
                shared = ["".join(t.text or "" for t in item.iter(f"{main}t"))
                          for item in ET.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{main}si")]
            rows = []
            for sheet in sorted(n for n in book.namelist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)):
                first = next(ET.fromstring(book.read(sheet)).iter(f"{main}row"), None)
                cells = []
                for cell in first if first is not None else []:
                    if cell.get("t") == "s":
                        value = cell.find(f"{main}v")
                        cells.append(shared[int(value.text or 0)] if value is not None else "")
                    else:
                        cells.append("".join(t.text or "" for t in cell.iter(f"{main}t")))
                rows.append(cells)
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError, ET.ParseError, OSError):
        return None
    return [names, *rows]


def is_export_sheet(path: Path) -> bool:
    """A spreadsheet `assembly export` wrote: .csv or .xlsx, headed by the export's columns (this
    version's, or the layout before row_type)."""
    from generator.edit.spreadsheet import COLUMNS, OLD_COLUMNS, SHEETS

    if path.suffix.lower() not in (".csv", ".xlsx") or not path.is_file():
        return False
    if zipfile.is_zipfile(path):
        found = _workbook_headers(path)
        if not found or not found[0] or len(found) < 2:
            return False
        names, *rows = found
        return set(names) <= set(SHEETS) and all(row in SHEETS.values() for row in rows)
    return _first_line(path) in (COLUMNS, OLD_COLUMNS)


def is_package(path: Path) -> bool:
    """A preservation package `assembly archive` wrote: a zip of one BagIt bag with its description."""
    if path.suffix.lower() != ".zip" or not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    tops = {name.split("/", 1)[0] for name in names}
    return len(tops) == 1 and {f"{top}/{tag}" for top in tops for tag in ("bagit.txt", "metadata.json")} <= set(names)


def is_web_archive(path: Path) -> bool:
    """A gzipped WARC file (what `assembly archive --warc` writes)."""
    try:
        with gzip.open(path, "rb") as stream:
            return stream.read(8).startswith(b"WARC/")
    except (OSError, EOFError):
        return False


def check_output_file(target: Path, root: Path | None, what: str, ours: str, example: str,
                      written_by_us: bool) -> None:
    """Raise UsageError unless `what` may be written to `target`: not in a project's sources, not
    a folder, and not over a file that `ours` (the command) did not write (`written_by_us`)."""
    path = target.resolve()
    why = _project_problem(path, root)
    if why is not None:
        raise UsageError(f"cannot write {what} to {target}: {why}; name a file elsewhere, such as {example}")
    if path.is_dir():
        raise UsageError(f"cannot write {what} to {target}: it is a folder; name a file, such as {example}")
    if path.exists() and not written_by_us:
        raise UsageError(f"cannot write {what} to {target}: it is a file that {ours} did not write, which this "
                         f"would replace; name a new file, such as {example}")


def check_export_file(target: Path, root: Path | None, slug: str) -> None:
    path = target.resolve()
    check_output_file(target, root, "the spreadsheet", "assembly export", f"{slug}-responses.csv",
                      not path.exists() or is_export_sheet(path))


def check_archive_file(target: Path, root: Path | None, slug: str, warc: bool = False) -> None:
    path = target.resolve()
    example = f"--out {slug}-package.zip"
    check_output_file(target, root, "the package", "assembly archive", example,
                      not path.exists() or is_package(path))
    if warc:
        web = target.with_name(target.name.removesuffix(".zip") + ".warc.gz")
        check_output_file(web, root, "the web archive", "assembly archive", example,
                          not web.resolve().exists() or is_web_archive(web.resolve()))
