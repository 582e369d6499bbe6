"""Hostile or unusual content that must be published safely: each folder in fixtures/safe/
overlays a starter project; expected.json names the page, what it must contain and what must
never reach it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "safe"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_published_safely(case: str, starter: Path) -> None:
    source = FIXTURES / case
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.name != "expected.json":
            target = starter / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    expected = json.loads((source / "expected.json").read_text(encoding="utf-8"))
    result = run_cli("--root", str(starter), "build")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    html = (starter / "site" / "my-assembly" / expected["page"]).read_text(encoding="utf-8")
    body = html.split('id="main-content"', 1)[1]
    for text in expected["contains"]:
        assert text in body, text
    for text in expected["absent"]:
        assert text.lower() not in body.lower(), text
    # Whatever the input, nothing executable or external is loaded by the content area.
    lowered = re.sub(r'<script type="application/ld\+json">[^<]*</script>', "", body.lower())
    assert "<script" not in lowered.split("</main>")[0]
    assert " on" + "error=" not in lowered and "javascript:" not in lowered
