"""Build into a staging folder; replace the output folder only when everything succeeded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_output(out: Path, keep_existing: bool = False) -> Iterator[Path]:
    """Yield an empty folder beside `out`; on success it becomes `out`, on any failure it is
    removed and `out` stays exactly as it was. With `keep_existing`, the staging folder starts
    as a copy of `out` (for building some assemblies and keeping the others)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
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
