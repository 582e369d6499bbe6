"""data/datapackage.json and data/register.json: open data that data tools read without guessing.

Validated with the real `frictionless` package (the tool data users run), on the shipped example
and on hostile content: formula-like cells, numbers that look like numbers, a commitment without
an id whose position clashes with another's id.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

frictionless = pytest.importorskip("frictionless")

FORMULAS = ["=HYPERLINK(\"http://evil.example/\",\"Click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


def _build(root: Path, *extra: str) -> Path:
    out = root / "out"
    result = run_cli("--root", str(root), "build", "--out", str(out), "--as-of", "2026-12-04", *extra)
    assert result.code == 0, result.err
    return out


def _validate(data: Path) -> None:
    report = frictionless.validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    cli = Path(sys.executable).with_name("frictionless")
    if cli.exists():
        done = subprocess.run([str(cli), "validate", "--json", "datapackage.json"], cwd=data, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        assert json.loads(done.stdout)["valid"] is True


def test_the_example_package_is_valid_typed_and_described(example: Path) -> None:
    data = _build(example) / "riverside-town-centre" / "data"
    _validate(data)
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == ["recommendations.csv", "commitments.csv", "progress.csv"]
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    assert "leading '" in package["description"] and "assembly.json" in package["description"]
    for resource in package["resources"]:
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        assert fields["number"]["type"] == "string"
        assert all(f.get("description") for f in fields.values()), resource["name"]
    pkg = frictionless.Package(str(data / "datapackage.json"))
    rows = pkg.get_resource("recommendations").read_rows()
    assert rows and all(isinstance(r["number"], str) for r in rows)
    assert any(r["members_voted"] for r in rows) and all(isinstance(r["members_voted"], int | None) for r in rows)
    published = json.loads((data / "assembly.json").read_text(encoding="utf-8"))
    assert len(rows) == published["figures"]["recommendations"]
    commitments = pkg.get_resource("commitments").read_rows()
    assert len(commitments) == published["figures"]["commitments"]["made"]
    assert sum(r["overdue"] for r in commitments) == published["figures"]["commitments"]["overdue"]


def test_a_changed_csv_no_longer_matches_its_package(example: Path) -> None:
    data = _build(example) / "riverside-town-centre" / "data"
    path = data / "commitments.csv"
    path.write_bytes(path.read_bytes().replace(b"Community", b"Kommunity", 1))
    report = frictionless.validate(str(data / "datapackage.json"))
    assert not report.valid
    assert ["hash-count"] in report.flatten(["type"])


def _hostile(root: Path) -> None:
    recs = root / "content" / "my-assembly" / "recommendations"
    responses = root / "content" / "my-assembly" / "responses"
    numbers = ["007", "1e3", "3a", "-4"]
    for index, (formula, number) in enumerate(zip(FORMULAS, numbers, strict=True), start=2):
        title = json.dumps(formula)
        (recs / f"rec-{index}.md").write_text(f"---\nnumber: \"{number}\"\ntitle: {title}\ntheme: {title}\n---\n"
                                              "Text.\n", encoding="utf-8")
        (responses / f"rec-{index}.md").write_text(
            f"---\nrecommendation: rec-{index}\nposition: accepted\ndate: 2026-06-01\n"
            f"commitments:\n  - {{id: '2', action: {title}, owner: {title}, due: 2026-01-31}}\n"
            f"  - {{action: {title}, due: 2027-01-31, status: done, done_on: 2026-07-01}}\n"
            f"progress:\n  - {{date: 2026-06-02, status: in-progress, note: {title}, commitment: '2'}}\n"
            f"  - {{date: 2026-06-03, status: in-progress, percent: 40, note: {title}}}\n---\nYes.\n",
            encoding="utf-8")


def test_hostile_content_still_gives_a_valid_package(starter: Path) -> None:
    _hostile(starter)
    data = _build(starter) / "my-assembly" / "data"
    _validate(data)
    pkg = frictionless.Package(str(data / "datapackage.json"))
    numbers = {r["number"] for r in pkg.get_resource("recommendations").read_rows()}
    assert {"007", "1e3", "3a", "'-4"} <= numbers
    commitments = pkg.get_resource("commitments")
    assert "primaryKey" not in commitments.schema.to_descriptor(), "a clashing commitment name is no key"


def test_register_row(example: Path) -> None:
    data = _build(example) / "riverside-town-centre" / "data"
    register = json.loads((data / "register.json").read_text(encoding="utf-8"))
    fields = ["authority_type", "local_authority_code", "org_name", "report_url", "report_pdf_url",
              "assembly_status", "assembly_year", "number_participants", "assembly_description",
              "thematic_grouping", "unique_id"]
    assert list(register["row"]) == fields
    published = json.loads((data / "assembly.json").read_text(encoding="utf-8"))
    row = register["row"]
    assert row["org_name"] == published["publisher"]
    assert row["assembly_year"] == int(published["assembly"]["dates"]["start"][:4])
    assert row["number_participants"] == published["assembly"]["members"]["completed"]
    assert row["unique_id"].endswith(str(row["assembly_year"]) + "-" + "riverside-town-centre")
    csv_text = (data / "register.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0] == ",".join(fields)


def test_without_a_licence_or_site_url_the_package_is_still_valid(starter: Path) -> None:
    data = _build(starter) / "my-assembly" / "data"
    _validate(data)
    shutil.rmtree(data.parent.parent)


def test_register_fields_from_the_register_block_and_the_portal_rows(starter: Path) -> None:
    assembly = starter / "content" / "my-assembly" / "assembly.yml"
    assembly.write_text(assembly.read_text(encoding="utf-8") + "register:\n  local_authority_code: tes\n"
                        "  thematic_grouping: Vision for Romsey\n  facilitator: Involve\n", encoding="utf-8")
    out = _build(starter)
    register = json.loads((out / "my-assembly" / "data" / "register.json").read_text(encoding="utf-8"))
    row = register["row"]
    assert row["authority_type"] == "Local Authority" and row["local_authority_code"] == "TES"
    assert row["thematic_grouping"] == "Vision for Romsey" and register["facilitator"] == "Involve"
    year = row["assembly_year"]
    assert row["unique_id"] == (f"la-tes-{year}-vision-for-romsey" if year else "la-tes-vision-for-romsey")
    portal = (out / "register.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(portal) == 2 and portal[1].endswith(row["unique_id"])


def test_a_wrong_authority_type_is_a_located_error(starter: Path) -> None:
    assembly = starter / "content" / "my-assembly" / "assembly.yml"
    assembly.write_text(assembly.read_text(encoding="utf-8") + "register:\n  authority_type: council\n",
                        encoding="utf-8")
    result = run_cli("--root", str(starter), "check")
    assert result.code == 1
    assert "assembly.yml" in result.out + result.err and "authority_type" in result.out + result.err
