"""Skip a build whose inputs and output are exactly as the last successful build left them.

After every successful `assembly build`, a record is kept in `.assembly-cache/builds.json`:
a SHA-256 over every input byte (everything under content/, site_config.yml, the theme, the
generator's own files and the versions of the libraries that shape the output), the options,
and the size and modification time of every file the build wrote. The next build computes the
same digest; when it and the output folder both match, nothing is rebuilt and the warnings of the
last build are shown again.

The cache can never serve stale output: any changed input byte changes the digest, and any
change to the output folder (a file edited, deleted or added) fails the comparison, so a normal
build runs. Only the standard library is imported here, so the check costs a file walk and a
hash, not the start-up of the rendering engine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator import __version__
from generator.errors import Problem, Problems, Severity, SourceLocation

FORMAT = 1
GENERATOR_DIR = Path(__file__).resolve().parent
# Libraries whose version changes what a build writes.
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "nh3", "pillow", "jinja2", "pydantic", "pymdown-extensions",
             "babel", "pypdf", "mammoth", "ebooklib")
SKIP_DIRS = {"__pycache__", ".git", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


@dataclass
class Record:
    digest: str
    outputs: dict[str, list[int]]
    problems: list[dict[str, object]]
    assemblies: list[str]
    pages: int


def today_for_build(as_of: dt.date | None = None, root: Path | None = None) -> dt.date:
    """'Today' for embargoes and dated figures: --as-of, else SOURCE_DATE_EPOCH (reproducible
    builds), else the clock, dated in the project's time_zone (generator.dates)."""
    from generator.dates import DEFAULT_TIME_ZONE, project_time_zone, today

    return today(as_of, project_time_zone(root) if root is not None else DEFAULT_TIME_ZONE)


def _walk(folder: Path) -> list[Path]:
    """Every file below `folder`, sorted, without following symbolic links."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        found.extend(Path(dirpath) / name for name in filenames)
    return sorted(found)


def _library_versions() -> list[str]:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return versions


def input_digest(root: Path, only: list[str] | None, options: dict[str, object]) -> str:
    """SHA-256 over every byte a build reads, its options and the code that turns them into pages."""
    digest = hashlib.sha256()
    header = {"format": FORMAT, "version": __version__, "only": sorted(only or []), "options": options,
              "libraries": _library_versions()}
    digest.update(json.dumps(header, sort_keys=True, default=str).encode())
    from generator.themes import packaged_theme, project_theme

    own = project_theme(root)
    sources = [("content", root / "content"), ("theme", packaged_theme()), ("generator", GENERATOR_DIR)]
    sources += [("project-theme", own)] if own is not None else []
    files: list[tuple[str, Path]] = []
    for label, folder in sources:
        files.extend((f"{label}/{p.relative_to(folder).as_posix()}", p) for p in _walk(folder))
    files.append(("site_config.yml", root / "site_config.yml"))
    for name, path in files:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        if path.is_symlink():
            digest.update(b"link\0" + os.readlink(path).encode("utf-8", "surrogateescape"))
        elif path.is_file():
            with open(path, "rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
        else:
            digest.update(b"missing")
        digest.update(b"\0")
    return digest.hexdigest()


def output_state(out: Path) -> dict[str, list[int]]:
    """Size and modification time (ns) of every file in the output folder."""
    state: dict[str, list[int]] = {}
    if not out.is_dir():
        return state
    for path in _walk(out):
        info = path.lstat()
        state[path.relative_to(out).as_posix()] = [info.st_size, info.st_mtime_ns]
    return state


def cache_folder(root: Path) -> Path:
    """The project's .assembly-cache/: the records of builds, pictures and sharing cards made
    before, and the project's lock (never published)."""
    return root / ".assembly-cache"


def _records_path(root: Path) -> Path:
    return cache_folder(root) / "builds.json"


def _read_records(root: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(_records_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def options_key(drafts: bool, as_of: dt.date) -> dict[str, object]:
    return {"drafts": drafts, "as_of": as_of.isoformat()}


def unchanged(root: Path, out: Path, digest: str) -> Record | None:
    """The last build's record when its inputs had this digest and its output is untouched."""
    entry = _read_records(root).get("builds", {})
    record = entry.get(str(out.resolve())) if isinstance(entry, dict) else None
    if not isinstance(record, dict) or record.get("digest") != digest:
        return None
    try:
        result = Record(**record)
    except TypeError:
        return None
    if output_state(out) != result.outputs:
        return None
    return result


def remember(root: Path, out: Path, digest: str, problems: Problems, assemblies: list[str], pages: int) -> None:
    """Keep the record of a successful build (best effort: a cache that cannot be written only
    means the next build does the work again)."""
    data = _read_records(root)
    builds = data.get("builds") if isinstance(data.get("builds"), dict) else {}
    assert isinstance(builds, dict)
    builds = {key: value for key, value in builds.items() if Path(key).is_dir()}  # folders since deleted
    builds[str(out.resolve())] = {
        "digest": digest, "outputs": output_state(out), "assemblies": assemblies, "pages": pages,
        "problems": [{"path": p.location.path, "line": p.location.line, "column": p.location.column,
                      "severity": p.severity.value, "message": p.message} for p in problems.sorted()],
    }
    path = _records_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps({"format": FORMAT, "builds": builds}), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        pass


def replay(record: Record) -> Problems:
    problems = Problems()
    for item in record.problems:
        location = SourceLocation(str(item["path"]), int(str(item["line"])), int(str(item["column"])))
        problems.items.append(Problem(location, Severity(str(item["severity"])), str(item["message"])))
    return problems
