"""The command line: exit statuses 0 / 1 / 2, and the commands of the contract."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli


def test_new_assembly_builds_at_once(starter: Path) -> None:
    result = run_cli("--root", str(starter), "build")
    assert result.code == 0, result.err
    assert (starter / "site" / "my-assembly" / "recommendations" / "example-recommendation.html").is_file()
    assert "Open " in result.out


def test_new_refuses_bad_names_and_existing_folders(starter: Path) -> None:
    assert run_cli("--root", str(starter), "new", "My Assembly").code == 2
    assert run_cli("--root", str(starter), "new", "my-assembly").code == 2


def test_usage_errors_exit_2(starter: Path) -> None:
    assert run_cli("--root", str(starter), "frobnicate").code == 2
    assert run_cli("--root", str(starter), "build", "no-such-assembly").code == 2
    assert run_cli("--root", str(starter), "build", "--as-of", "yesterday").code == 2


def test_check_reports_and_exits_1(starter: Path) -> None:
    path = starter / "content" / "my-assembly" / "sessions" / "session-1.md"
    path.write_text(path.read_text().replace("kind: evidence", "kind: evidense"))
    result = run_cli("--root", str(starter), "check")
    assert result.code == 1
    assert result.lines == ["content/my-assembly/sessions/session-1.md:5:7: error: kind must be one of evidence, "
                            "deliberation, ballot, other; found 'evidense' — did you mean 'evidence'?"]


def test_warnings_fail_only_with_strict(starter: Path) -> None:
    (starter / "content" / "my-assembly" / "sessions" / "notes.txt").write_text("x")
    assert run_cli("--root", str(starter), "check").code == 0
    assert run_cli("--root", str(starter), "check", "--strict").code == 1


def test_drafts_and_embargoes(starter: Path) -> None:
    update = starter / "content" / "my-assembly" / "updates" / "welcome.md"
    update.write_text(update.read_text().replace("summary:", "publish_on: 2030-01-01\nsummary:"))
    draft = starter / "content" / "my-assembly" / "updates" / "draft-news.md"
    draft.write_text("---\ntitle: Not yet\ndate: 2026-03-02\ndraft: true\n---\nSecret.\n")
    out = starter / "site" / "my-assembly" / "updates"
    assert run_cli("--root", str(starter), "build", "--as-of", "2029-12-31").code == 0
    assert not (out / "welcome.html").exists() and not (out / "draft-news.html").exists()
    assert run_cli("--root", str(starter), "build", "--as-of", "2030-01-01", "--drafts").code == 0
    assert (out / "welcome.html").exists() and (out / "draft-news.html").exists()


def test_bom_and_windows_line_endings_read_normally(starter: Path) -> None:
    path = starter / "content" / "my-assembly" / "sessions" / "session-1.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run_cli("--root", str(starter), "check").code == 0
    assert run_cli("--root", str(starter), "build").code == 0
    html = (starter / "site" / "my-assembly" / "sessions" / "session-1.html").read_text(encoding="utf-8")
    assert "First session" in html


def test_errors_show_the_line_with_a_marker_and_json_for_ci(starter: Path) -> None:
    import io
    import json

    from generator.errors import print_problems
    from generator.pipeline import load_and_validate
    from generator.validate.corpus import Options

    path = starter / "content" / "my-assembly" / "sessions" / "session-1.md"
    path.write_text(path.read_text().replace("kind: evidence", "kind: evidense"))
    _, _, problems = load_and_validate(starter, None, Options())
    stream = io.StringIO()
    print_problems(problems, stream, root=starter, snippets=True)
    lines = stream.getvalue().splitlines()
    assert lines[1] == "       5 | kind: evidense"
    assert lines[2] == "         |       ^"
    assert lines[-1] == "1 error, 0 warnings."
    result = run_cli("--root", str(starter), "check", "--format", "json")
    data = json.loads(result.out)
    assert result.code == 1 and data["errors"] == 1
    assert data["problems"][0] == {"path": "content/my-assembly/sessions/session-1.md", "line": 5, "column": 7,
                                   "severity": "error", "message": data["problems"][0]["message"]}
    assert "did you mean 'evidence'" in data["problems"][0]["message"]


def test_a_draft_assembly_is_checked_but_not_published(starter: Path) -> None:
    assembly = starter / "content" / "my-assembly" / "assembly.yml"
    assembly.write_text(assembly.read_text() + "draft: true\n")
    assert run_cli("--root", str(starter), "build").code == 0
    assert not (starter / "site" / "my-assembly").exists()
    assert "No assemblies have been published yet" in (starter / "site" / "index.html").read_text()
    assert run_cli("--root", str(starter), "build", "--drafts").code == 0
    assert (starter / "site" / "my-assembly" / "index.html").exists()


def test_check_takes_as_of_and_links_to_embargoed_pages_warn(starter: Path) -> None:
    update = starter / "content" / "my-assembly" / "updates" / "welcome.md"
    update.write_text(update.read_text().replace("summary:", "publish_on: 2030-01-01\nsummary:"))
    page = starter / "content" / "my-assembly" / "pages" / "about.md"
    page.write_text(page.read_text() + "\nRead [the welcome post](updates/welcome.md).\n")
    early = run_cli("--root", str(starter), "check", "--as-of", "2029-01-01")
    assert any("is a draft or embargoed, so this link will not work" in line for line in early.lines)
    assert run_cli("--root", str(starter), "check", "--as-of", "2030-01-01").lines == []


def test_unknown_assembly_suggests_the_nearest(starter: Path) -> None:
    result = run_cli("--root", str(starter), "build", "my-asembly")
    assert result.code == 2 and "did you mean my-assembly?" in result.err


def test_file_names_with_spaces_are_encoded_in_links(starter: Path) -> None:
    from PIL import Image

    folder = starter / "content" / "my-assembly"
    Image.new("RGB", (700, 500), "navy").save(folder / "images" / "Jo Bloggs.jpg")
    speaker = folder / "speakers" / "example-speaker.md"
    speaker.write_text(speaker.read_text().replace(
        "interests:", "photo: images/Jo Bloggs.jpg\nphoto_alt: Jo Bloggs at the Town Hall\ninterests:"))
    assert run_cli("--root", str(starter), "build").code == 0
    html = (starter / "site" / "my-assembly" / "speakers" / "example-speaker.html").read_text()
    assert "../images/Jo%20Bloggs-320w.webp 320w" in html and 'src="../images/Jo%20Bloggs.jpg"' in html
