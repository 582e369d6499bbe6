"""One lock per project: a build and an import never interleave, and neither do two imports.

The lock is a file in the project's .assembly-cache/ that the operating system releases if the
process dies. A second command waits for the first to finish (up to `wait` seconds), then goes on
with the content as the first one left it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import UsageError


class ProjectBusy(UsageError):
    """Another build or import of the same project went on for longer than we waited."""


@contextmanager
def project_lock(root: Path, wait: float = 300.0) -> Iterator[None]:
    from generator.buildcache import cache_folder
    from generator.write.staging import _try_lock

    folder = cache_folder(root)
    folder.mkdir(exist_ok=True)
    deadline = time.monotonic() + wait
    with open(folder / "project.lock", "a+") as handle:
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise ProjectBusy("another build or import of this project is still running: wait for it to "
                                  "finish, then run the command again")
            time.sleep(0.2)
        yield  # closing the file releases the lock
