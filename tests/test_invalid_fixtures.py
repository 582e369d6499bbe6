"""Each folder in fixtures/invalid/ overlays a starter project with broken files; `expected.txt`
beside them holds the exact lines `assembly check` must print (set UPDATE_EXPECTED=1 to
rewrite them after a deliberate change of wording, then review the diff)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_invalid_content_is_reported_with_located_lines(case: str, starter: Path) -> None:
    source = FIXTURES / case
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.name not in ("expected.txt", "strict"):
            target = starter / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    strict = ["--strict"] if (source / "strict").exists() else []
    result = run_cli("--root", str(starter), "check", *strict)
    lines = result.lines  # less the starter's example-text warnings: each case is about its broken files
    expected_file = source / "expected.txt"
    if os.environ.get("UPDATE_EXPECTED"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert lines == expected
    assert result.code == 1
    assert "Traceback" not in result.err
    # Every line is located: path:line:column.
    for line in result.lines:
        location = line.split(": ", 1)[0]
        path, row, column = location.rsplit(":", 2)
        assert (starter / path).exists() or path.endswith(".yml"), line
        assert int(row) >= 1 and int(column) >= 1
