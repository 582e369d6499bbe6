"""Build into a staging folder; replace the output folder only when everything succeeded."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


class OutputBusy(Exception):
    """Another build is writing the same output folder."""


def _try_lock(handle: IO[str]) -> bool:
    """An advisory lock the operating system releases if the process dies (Windows and Unix)."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    lock_path = out.parent / f".{out.name}.lock"
    with open(lock_path, "a+") as lock:
        if not _try_lock(lock):
            raise OutputBusy(f"another build is writing {out} right now: wait for it to finish, "
                             "then run the command again")
        yield  # closing the file releases the lock


def _remove_leftovers(out: Path) -> None:
    """Folders a killed build left behind; safe to delete while we hold the lock."""
    for prefix in (f".{out.name}.staging-", f".{out.name}.previous-"):
        for leftover in out.parent.glob(prefix + "*"):
            shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def staged_output(out: Path, keep_existing: bool = False) -> Iterator[Path]:
    """Yield an empty folder beside `out`; on success it becomes `out`, on any failure it is
    removed and `out` stays exactly as it was. With `keep_existing`, the staging folder starts
    as a copy of `out` (for building some assemblies and keeping the others).
    Two builds into the same folder never interleave: the second stops with OutputBusy."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive(out):
        _remove_leftovers(out)
        with _staged(out, keep_existing) as staging:
            yield staging


@contextmanager
def _staged(out: Path, keep_existing: bool) -> Iterator[Path]:
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        if keep_existing and out.is_dir():
            shutil.rmtree(staging)
            shutil.copytree(out, staging, symlinks=True)
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is public
    previous = None
    if out.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{out.name}.previous-", dir=out.parent))
        os.rename(out, previous / out.name)
    os.rename(staging, out)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
