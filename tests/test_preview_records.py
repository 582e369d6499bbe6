"""The preview keeps valid records of unchanged files between saves; checking the whole assembly
must never change a kept record, or a later save shows what an earlier one dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Problems
from generator.memo import Caches
from generator.pipeline import load, validate
from generator.validate.corpus import Options

SLUG = "riverside-town-centre"


@pytest.fixture
def memo_on() -> Caches:
    """The caches a preview keeps between saves."""
    return Caches()


def _evidence_session(root: Path, evidence_id: str, caches: Caches) -> str | None:
    problems = Problems()
    site = validate(load(root, [SLUG], problems, caches), Options(drafts=False), problems, caches)
    assert site is not None, [str(p) for p in problems.errors]
    return next(e for e in site.assemblies[0].evidence if e.id == evidence_id).session


def test_evidence_finds_its_session_again_once_the_session_is_published(example: Path, memo_on: Caches) -> None:
    folder = example / "content" / SLUG
    item = next(p for p in sorted((folder / "evidence").glob("*.md"))
                if "\nsession: " in p.read_text(encoding="utf-8") and "." not in p.stem)
    session_id = item.read_text(encoding="utf-8").split("\nsession: ", 1)[1].split("\n", 1)[0].strip()
    session = folder / "sessions" / f"{session_id}.md"
    published = session.read_text(encoding="utf-8")
    assert _evidence_session(example, item.stem, memo_on) == session_id
    session.write_text(published.replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
    assert _evidence_session(example, item.stem, memo_on) is None, "a draft session is not linked"
    session.write_text(published, encoding="utf-8")
    assert _evidence_session(example, item.stem, memo_on) == session_id, \
        "the evidence file did not change, and its session is published again"
