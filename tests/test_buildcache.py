"""A build with nothing changed does no work, and the record of the last build is never a
source of stale output."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

UP_TO_DATE = "Nothing has changed since the last build"


def _snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_second_build_with_nothing_changed_writes_nothing(starter: Path) -> None:
    assert run_cli("--root", str(starter), "build").code == 0
    before = _snapshot(starter / "site")
    again = run_cli("--root", str(starter), "build")
    assert again.code == 0, again.err
    assert UP_TO_DATE in again.out
    assert _snapshot(starter / "site") == before


def test_a_changed_byte_of_content_builds_again(starter: Path) -> None:
    assert run_cli("--root", str(starter), "build").code == 0
    session = starter / "content" / "my-assembly" / "sessions" / "session-1.md"
    text = session.read_text(encoding="utf-8")
    # Same length, same modification time: only the bytes tell them apart.
    stat = session.stat()
    changed = text.replace("session", "sessiom", 1)
    assert changed != text and len(changed) == len(text)
    session.write_text(changed, encoding="utf-8")
    import os
    os.utime(session, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = run_cli("--root", str(starter), "build")
    assert again.code == 0 and UP_TO_DATE not in again.out
    assert "sessiom" in (starter / "site" / "my-assembly" / "sessions" / "session-1.html").read_text(encoding="utf-8")


def test_a_tampered_or_deleted_output_file_is_rebuilt(starter: Path) -> None:
    assert run_cli("--root", str(starter), "build").code == 0
    page = starter / "site" / "my-assembly" / "index.html"
    good = page.read_bytes()
    page.write_bytes(good + b"<!-- edited -->")
    assert UP_TO_DATE not in run_cli("--root", str(starter), "build").out
    assert page.read_bytes() == good
    page.unlink()
    assert UP_TO_DATE not in run_cli("--root", str(starter), "build").out
    assert page.read_bytes() == good
    (starter / "site" / "stray.html").write_text("x")
    assert UP_TO_DATE not in run_cli("--root", str(starter), "build").out
    assert not (starter / "site" / "stray.html").exists()


def test_options_site_config_and_force_each_build_again(starter: Path) -> None:
    assert run_cli("--root", str(starter), "build").code == 0
    assert UP_TO_DATE not in run_cli("--root", str(starter), "build", "--drafts").out
    assert UP_TO_DATE not in run_cli("--root", str(starter), "build").out
    assert UP_TO_DATE not in run_cli("--root", str(starter), "build", "--as-of", "2031-01-01").out
    assert UP_TO_DATE in run_cli("--root", str(starter), "build", "--as-of", "2031-01-01").out
    assert UP_TO_DATE not in run_cli("--root", str(starter), "build", "--as-of", "2031-01-01", "--force").out
    config = starter / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert UP_TO_DATE not in run_cli("--root", str(starter), "build", "--as-of", "2031-01-01").out


def test_warnings_are_shown_again_and_strict_still_fails(starter: Path) -> None:
    (starter / "content" / "my-assembly" / "sessions" / "notes.txt").write_text("x")
    first = run_cli("--root", str(starter), "build")
    assert first.code == 0
    warnings = [line for line in first.err.splitlines() if ": warning: " in line]
    assert warnings
    again = run_cli("--root", str(starter), "build")
    assert UP_TO_DATE in again.out
    assert [line for line in again.err.splitlines() if ": warning: " in line] == warnings
    assert run_cli("--root", str(starter), "build", "--strict").code == 1


def test_a_failed_build_is_not_remembered(starter: Path) -> None:
    assert run_cli("--root", str(starter), "build").code == 0
    session = starter / "content" / "my-assembly" / "sessions" / "session-1.md"
    good = session.read_text(encoding="utf-8")
    session.write_text(good.replace("kind: evidence", "kind: evidense"), encoding="utf-8")
    assert run_cli("--root", str(starter), "build").code == 1
    session.write_text(good, encoding="utf-8")
    # Back to the content of the last good build, whose output is still in place.
    assert UP_TO_DATE in run_cli("--root", str(starter), "build").out
