"""Shared helpers: scratch projects written inside each test."""

from __future__ import annotations

import io
import shutil
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if ": error: " in line or ": warning: " in line]


def run_cli(*args: str) -> Run:
    """Run the `assembly` command in-process and capture what it prints."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse exits 2 on usage errors
            code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A fresh project made by `assembly new my-assembly`."""
    from generator.starter import create_assembly

    create_assembly(tmp_path, "my-assembly")
    return tmp_path


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the shipped example project (site_config.yml and content/)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    shutil.copytree(REPO / "content", root / "content")
    return root
