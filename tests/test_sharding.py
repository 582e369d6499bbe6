"""Assemblies build independently: built on separate machines (a CI matrix) and put together,
they give the same bytes as one build of everything."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_cli

AS_OF = ["--as-of", "2030-01-01"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_shards_put_together_equal_one_build(example: Path, tmp_path: Path) -> None:
    shutil.copytree(example / "content" / "riverside-town-centre", example / "content" / "second-assembly")
    slugs = ["riverside-town-centre", "second-assembly"]
    assert run_cli("--root", str(example), "build", "--out", str(tmp_path / "whole"), *AS_OF).code == 0

    merged = tmp_path / "merged"
    merged.mkdir()
    for slug in slugs:
        # Each shard is a separate checkout on a separate machine: its own caches, its own output.
        shard_root = tmp_path / f"checkout-{slug}"
        shutil.copytree(example, shard_root)
        result = run_cli("--root", str(shard_root), "build", slug, "--out", str(tmp_path / f"shard-{slug}"), *AS_OF)
        assert result.code == 0, result.err
        shutil.copytree(tmp_path / f"shard-{slug}" / slug, merged / slug)
    result = run_cli("--root", str(example), "build", "--portal-only", "--out", str(merged), *AS_OF)
    assert result.code == 0, result.err

    whole, together = _tree(tmp_path / "whole"), _tree(merged)
    assert sorted(whole) == sorted(together)
    assert [name for name in whole if whole[name] != together[name]] == []
    assert b"second-assembly/index.html" in whole["index.html"]


def test_portal_only_refuses_assembly_names(example: Path) -> None:
    assert run_cli("--root", str(example), "build", "--portal-only", "riverside-town-centre").code == 2


def test_the_documented_ci_workflow_uses_real_commands() -> None:
    import re
    import shlex

    import yaml

    from generator.cli import make_parser

    workflow = yaml.safe_load((Path(__file__).parent.parent / "docs" / "examples" /
                               "github-actions-by-assembly.yml").read_text(encoding="utf-8"))
    commands = [step["run"] for job in workflow["jobs"].values() for step in job["steps"]
                if "run" in step and step["run"].startswith("assembly ")]
    assert len(commands) == 2
    for command in commands:
        words = shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "2026-11-25", command))
        make_parser().parse_args(words[1:])  # exits (fails the test) on an unknown option
    assert "--portal-only" in commands[1]
