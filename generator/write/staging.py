"""Build into a staging folder; replace the output folder only when everything succeeded."""

from __future__ import annotations

import glob
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from generator.errors import UsageError
from generator.write.output_guard import (
    MARKER,
    check_output_folder,
    is_earlier_output,
    is_marked,
    replace_problem,
    write_marker,
)


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


LEFTOVER_SUFFIX = re.compile(r"[a-z0-9_]{8}")
"""The random end of a name tempfile.mkdtemp chose (`.site.staging-k3j2h1g0`)."""


def _leftovers(out: Path, kind: str) -> list[Path]:
    prefix = f".{out.name}.{kind}-"
    return sorted(p for p in out.parent.glob(glob.escape(prefix) + "*")
                  if LEFTOVER_SUFFIX.fullmatch(p.name[len(prefix):]) and p.is_dir() and not p.is_symlink())


def _remove_ours(folder: Path) -> None:
    """Delete a folder this module made, its marker last, so that a deletion cut short still
    leaves a folder the next build recognises as its own."""
    for entry in list(folder.iterdir()):
        if entry.name == MARKER:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    try:
        if all(entry.name == MARKER for entry in folder.iterdir()):
            (folder / MARKER).unlink(missing_ok=True)
            folder.rmdir()
    except OSError:
        pass  # something could not be deleted: the next build tries again


def _remove_leftovers(out: Path) -> None:
    """Folders a killed build left behind, deleted while we hold the lock; only those this module
    made (marked, or empty) are touched. A previous output set aside by a build killed before the
    new one took its place is put back."""
    for previous in _leftovers(out, "previous"):
        kept = previous / out.name
        if not (is_marked(previous) or not any(previous.iterdir())):
            continue
        if kept.is_dir() and not out.exists() and replace_problem(kept) is None:
            os.rename(kept, out)
        _remove_ours(previous)
    for staging in _leftovers(out, "staging"):
        if is_marked(staging) or is_earlier_output(staging) or not any(staging.iterdir()):
            _remove_ours(staging)


@contextmanager
def staged_output(out: Path, keep_existing: bool = False) -> Iterator[Path]:
    """Yield a new folder beside `out`; on success it becomes `out`, on any failure it is
    removed and `out` stays exactly as it was. With `keep_existing`, the staging folder starts
    as a copy of `out` (for building some assemblies and keeping the others).
    `out` must be a folder a build may replace (generator.write.output_guard): missing, empty,
    marked as this tool's output, or an earlier site of this tool; anything else is a UsageError
    and nothing is written. The new `out` carries the marker.
    Two builds into the same folder never interleave: the second stops with OutputBusy."""
    shown = str(out)
    out = out.resolve()
    check_output_folder(out, shown=shown)
    out.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive(out):
        _remove_leftovers(out)
        with _staged(out, keep_existing, shown) as staging:
            yield staging


@contextmanager
def _staged(out: Path, keep_existing: bool, shown: str) -> Iterator[Path]:
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        write_marker(staging)  # first, so that a leftover of a killed build is known as ours
        if keep_existing and out.is_dir():
            shutil.copytree(out, staging, symlinks=True, dirs_exist_ok=True)
            write_marker(staging)  # an earlier site without the marker gets it now
        yield staging
        problem = replace_problem(out)  # once more: something may have appeared there meanwhile
        if problem is not None:
            raise UsageError(f"cannot build into {shown}: {problem}")
    except BaseException:
        _remove_ours(staging)
        raise
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is public
    previous = None
    if os.path.lexists(out):
        previous = Path(tempfile.mkdtemp(prefix=f".{out.name}.previous-", dir=out.parent))
        write_marker(previous)
        os.rename(out, previous / out.name)
    os.rename(staging, out)
    if previous is not None:
        _remove_ours(previous)
