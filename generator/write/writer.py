"""The one writer: every byte a build publishes goes through `Writer.write` (or `copy`).

Two modes: on disk (a build, into its staging folder) and in memory (the preview, and tests).
A path is written at most once per build: a second write of the same path means two parts of
the site plan claim one file, which would silently publish whichever came last, so it stops the
build instead (the plan's own collision check, generator.plan.site, catches these before
anything is written; this is the guard behind it)."""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path


class WrittenTwice(RuntimeError):
    """Two outputs of one build claimed the same file."""


class Writer:
    """Writes files under `folder` (disk mode) or keeps them in `files` (memory mode, folder None).
    Paths are relative, written with forward slashes, and never leave the folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.files: dict[str, bytes] = {}
        self.written: set[str] = set()

    def _claim(self, path: str) -> str:
        clean = posixpath.normpath(path)
        if path != clean or clean.startswith(("../", "/")) or clean in ("..", "."):
            raise ValueError(f"not a path inside the output folder: {path!r}")
        if clean in self.written:
            raise WrittenTwice(f"{clean} was written twice in one build: two parts of the site claim it")
        self.written.add(clean)
        return clean

    def write(self, path: str, data: bytes) -> None:
        path = self._claim(path)
        if self.folder is None:
            self.files[path] = data
            return
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def copy(self, path: str, source: Path) -> None:
        """A file published as it is (a document, a theme file); links are never followed."""
        path = self._claim(path)
        if self.folder is None:
            self.files[path] = source.read_bytes()
            return
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target, follow_symlinks=False)
