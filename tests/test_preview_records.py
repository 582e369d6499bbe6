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


def test_the_preview_reads_again_only_the_files_that_changed(example: Path, memo_on: Caches,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Files whose size, times and inode are unchanged are not read again between saves; a saved
    file is, even at the same size, and its problems are reported every time."""
    import generator.load.files as files

    read: list[str] = []
    real = files.read_text
    monkeypatch.setattr(files, "read_text", lambda path, rel, problems: read.append(rel) or real(path, rel, problems))
    folder = example / "content" / SLUG
    response = folder / "responses" / "fair-rents.md"
    text = response.read_text(encoding="utf-8")
    assert "\nposition: not-accepted\n" in text
    _evidence_session(example, "shopkeepers-panel" if (folder / "evidence" / "shopkeepers-panel.md").exists()
                      else sorted((folder / "evidence").glob("*.md"))[0].stem, memo_on)
    first = len(read)
    assert first > 50
    read.clear()
    response.write_text(text.replace("position: not-accepted", "position: accepted-xxx"), encoding="utf-8")
    problems = Problems()
    validate(load(example, [SLUG], problems, memo_on), Options(drafts=False), problems, memo_on)
    content_files = [rel for rel in read if "/documents/" not in rel]  # documents are checked, not parsed
    assert content_files == [f"content/{SLUG}/responses/fair-rents.md"]
    assert any("accepted-xxx" in p.message for p in problems.errors)
    read.clear()
    again = Problems()
    validate(load(example, [SLUG], again, memo_on), Options(drafts=False), again, memo_on)
    assert [rel for rel in read if "/documents/" not in rel] == []
    assert [str(p) for p in again.errors] == [str(p) for p in problems.errors]
