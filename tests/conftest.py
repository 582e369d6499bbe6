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
    def all_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if ": error: " in line or ": warning: " in line]

    @property
    def lines(self) -> list[str]:
        """The problems printed, less the warnings about the example text a new project starts with
        (many tests start from `assembly new`; tests/test_accountability_checks.py checks those)."""
        return [line for line in self.all_lines if "`assembly new`" not in line]


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


def replace_starter_text(root: Path) -> None:
    """What an officer does first: replace each example phrase of `assembly new` with their own."""
    from generator.starter import STARTER_PHRASES

    for path in sorted(root.rglob("*")):
        if path.suffix not in (".md", ".yml") or not path.is_file():
            continue
        text = original = path.read_text(encoding="utf-8")
        for phrase in sorted(STARTER_PHRASES, key=len, reverse=True):
            if "@" in phrase or phrase.startswith("http"):
                text = text.replace(phrase, phrase.replace("example.gov.uk", "council.example.gov.uk"))
            else:
                text = text.replace(phrase, f"{phrase} (edited)")
        if text != original:
            path.write_text(text, encoding="utf-8")


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A project made by `assembly new my-assembly`, its example text replaced (as an officer does
    before publishing; tests/test_accountability_checks.py checks the warnings about that text)."""
    from generator.starter import create_assembly

    create_assembly(tmp_path, "my-assembly")
    replace_starter_text(tmp_path)
    return tmp_path


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the shipped example project (site_config.yml and content/)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    shutil.copytree(REPO / "content", root / "content")
    return root
