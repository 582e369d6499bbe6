"""What the tool writes never takes the place of what a person wrote: output folders, spreadsheets
and packages that would replace sources or unrelated files are refused (exit 2, one line saying
what to do instead), and assembly names are checked before anything is read or written."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli

SLUG = "my-assembly"
ADVICE = "build into a folder of its own, such as --out site"
NEW_FOLDER = "build into a new or empty folder with --out"
SOURCES = "content/, which holds the assemblies' content"
ERROR = "assembly: error: "


def state(folder: Path) -> dict[str, str]:
    """Every file (by hash) and folder below `folder`: what a refused command must leave alone."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project made by `assembly new`, with a Git repository, its own theme and some files of
    its own, as the current folder; two folders above it, both inside tmp_path."""
    from conftest import replace_starter_text

    from generator.starter import create_assembly

    root = tmp_path / "outer" / "project"
    create_assembly(root, SLUG)
    replace_starter_text(root)
    (root / ".git" / "refs").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "theme").mkdir()
    (root / "theme" / "extra.css").write_text("body { color: black }\n")
    (root / "somefile.txt").write_text("notes\n")
    (root / "unrelated").mkdir()
    (root / "unrelated" / "letter.docx").write_bytes(b"PK not really a letter")
    monkeypatch.chdir(root)
    return root


def refused(project: Path, *args: str, everything: Path | None = None, cache_lock: bool = False) -> str:
    """Run a command that must be refused; return its message after checking nothing changed
    (with `cache_lock`, but for the project's lock file in the tool's cache)."""
    watched = everything or project
    before = state(watched)
    result = run_cli(*args)
    assert result.code == 2, (result.code, result.out, result.err)
    after = state(watched)
    if cache_lock:
        for name in (".assembly-cache", ".assembly-cache/project.lock"):
            if name not in before:
                after.pop(name, None)
    assert after == before
    assert "internal error" not in result.err and "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(ERROR)
    return lines[0].removeprefix(ERROR)


# --- build --out ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("out", "message"), [
    (".", f"cannot build into .: it is the project folder, and a build replaces everything in the folder it builds "
          f"into; {ADVICE}"),
    ("content", f"cannot build into content: it is {SOURCES}; {ADVICE}"),
    ("content/x", f"cannot build into content/x: it is inside {SOURCES}; {ADVICE}"),
    (f"content/{SLUG}", f"cannot build into content/{SLUG}: it is inside {SOURCES}; {ADVICE}"),
    ("theme", f"cannot build into theme: it is theme/, which holds the project's own templates and styles; {ADVICE}"),
    ("theme/site", "cannot build into theme/site: it is inside theme/, which holds the project's own templates and "
                   f"styles; {ADVICE}"),
    (".git", f"cannot build into .git: it is .git/, which holds the project's history (Git); {ADVICE}"),
    ("site_config.yml", f"cannot build into site_config.yml: it is the project's settings file, site_config.yml; "
                        f"{ADVICE}"),
    ("somefile.txt", f"cannot build into somefile.txt: it is a file, which a build would delete; {NEW_FOLDER}"),
    ("unrelated", "cannot build into unrelated: it holds files that assembly build did not write, which a build "
                  f"would delete; move them elsewhere, or {NEW_FOLDER}"),
    ("content/../unrelated/..", "cannot build into content/../unrelated/..: it is the project folder, and a "
                                  f"build replaces everything in the folder it builds into; {ADVICE}"),
])
def test_an_output_that_would_replace_sources_or_other_files_is_refused(project: Path, out: str,
                                                                         message: str) -> None:
    assert refused(project, "build", "--out", out) == message


def test_a_folder_holding_the_project_is_refused(project: Path) -> None:
    everything = project.parent.parent
    message = refused(project, "build", "--out", "..", everything=everything)
    assert message == ("cannot build into ..: it holds the project folder, and a build replaces everything in the "
                       f"folder it builds into; {ADVICE}")
    assert refused(project, "build", "--out", str(everything), everything=everything) == (
        f"cannot build into {everything}: it holds the project folder, and a build replaces everything "
        f"in the folder it builds into; {ADVICE}")


def test_the_project_is_refused_by_its_full_path_and_from_elsewhere(project: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert refused(project, "--root", str(project), "build", "--out", str(project)) == (
        f"cannot build into {project}: it is the project folder, and a build replaces everything in the folder it "
        f"builds into; {ADVICE}")
    assert refused(project, "--root", str(project), "build", "--out", str(project / "content")) == (
        f"cannot build into {project / 'content'}: it is {SOURCES}; {ADVICE}")


def test_a_folder_holding_a_git_repository_is_refused(project: Path) -> None:
    (project / "pages" / ".git").mkdir(parents=True)
    (project / "pages" / "index.html").write_text("<p>my own page</p>")
    assert refused(project, "build", "--out", "pages") == (
        f"cannot build into pages: it holds a Git repository (.git), which a build would delete; {NEW_FOLDER}, "
        "then copy the site into the repository")
    # Even one that a build made and someone turned into a repository afterwards.
    assert run_cli("build", "--out", "published").code == 0
    (project / "published" / ".git").mkdir()
    (project / "published" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    assert refused(project, "build", "--out", "published", "--force").startswith(
        "cannot build into published: it holds a Git repository (.git)")


def test_the_default_site_folder_holding_other_files_is_refused(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "plan.txt").write_text("my plan")
    assert refused(project, "build") == ("cannot build into site: it holds files that assembly build did not write, "
                                         f"which a build would delete; move them elsewhere, or {NEW_FOLDER}")


def marker_of(folder: Path) -> str:
    from generator.write.output_guard import MARKER, MARKER_TEXT

    text = (folder / MARKER).read_text(encoding="utf-8")
    assert text == MARKER_TEXT
    return text


@pytest.mark.parametrize("out", ["site", "public", "new/nested/folder"])
def test_a_missing_folder_is_built_and_marked(project: Path, out: str) -> None:
    before = state(project / "content")
    args = ["build"] if out == "site" else ["build", "--out", out]
    result = run_cli(*args)
    assert result.code == 0, result.err
    assert (project / out / SLUG / "index.html").is_file()
    marker_of(project / out)
    assert state(project / "content") == before


def test_an_empty_folder_is_accepted_and_marked(project: Path) -> None:
    (project / "public").mkdir()
    assert run_cli("build", "--out", "public").code == 0
    marker_of(project / "public")


def test_a_marked_folder_is_replaced(project: Path) -> None:
    assert run_cli("build", "--out", "public").code == 0
    (project / "public" / "stray.html").write_text("left by hand")
    result = run_cli("build", "--out", "public")
    assert result.code == 0, result.err
    assert not (project / "public" / "stray.html").exists()
    marker_of(project / "public")


def test_the_marker_is_not_published_in_sitemaps_or_search(project: Path) -> None:
    from generator.write.output_guard import MARKER

    assert run_cli("build").code == 0
    marker_of(project / "site")
    for path in (project / "site").rglob("*"):
        if path.is_file() and path.name != MARKER and path.suffix in (".xml", ".json", ".html", ".js", ".txt"):
            assert MARKER not in path.read_text(encoding="utf-8", errors="replace"), path


def test_an_earlier_unmarked_site_is_accepted_once_and_marked(project: Path) -> None:
    from generator.write.output_guard import MARKER

    assert run_cli("build").code == 0
    (project / "site" / MARKER).unlink()  # as sites built before the marker existed
    result = run_cli("build", "--force")
    assert result.code == 0, result.err
    marker_of(project / "site")
    # A subset build copies the earlier site; it is marked as well.
    (project / "site" / MARKER).unlink()
    assert run_cli("build", SLUG, "--force").code == 0
    marker_of(project / "site")


def test_an_unmarked_site_with_other_files_is_not_taken_for_an_earlier_one(project: Path) -> None:
    from generator.write.output_guard import MARKER

    assert run_cli("build").code == 0
    (project / "site" / MARKER).unlink()
    (project / "site" / "budget.xlsx").write_bytes(b"PK the council's own file")
    assert refused(project, "build", "--force") == (
        "cannot build into site: it holds files that assembly build did not write, which a build would delete; "
        f"move them elsewhere, or {NEW_FOLDER}")


def test_assembly_folders_put_together_are_accepted_for_the_portal(project: Path) -> None:
    assert run_cli("build", "--out", "shard").code == 0
    merged = project / "merged"
    merged.mkdir()
    (project / "shard" / SLUG).rename(merged / SLUG)  # as a CI unpacks each assembly's artifact
    result = run_cli("build", "--portal-only", "--out", "merged")
    assert result.code == 0, result.err
    assert (merged / "index.html").is_file()
    marker_of(merged)


def test_the_build_itself_refuses_sources_without_the_command_line(project: Path) -> None:
    from generator.errors import UsageError
    from generator.pipeline import build

    def sources() -> dict[str, str]:  # the build's own lock in .assembly-cache/ aside
        return {name: digest for name, digest in state(project).items() if not name.startswith(".assembly-cache")}

    before = sources()
    for out in (project / "content", project / "content" / "new", project, project / "theme", project / "unrelated"):
        with pytest.raises(UsageError, match=f"^cannot build into {re.escape(str(out))}: "):
            build(project, out)
    assert sources() == before


def test_the_swap_deletes_only_folders_it_made(project: Path) -> None:
    assert run_cli("build").code == 0
    # Names like the build's own temporary folders, not made by it: left alone.
    look_alike = project / ".site.staging-abcdefgh"
    look_alike.mkdir()
    (look_alike / "keep.txt").write_text("mine")
    other = project / ".site.previous-12345678"
    (other / "site").mkdir(parents=True)
    (other / "site" / "keep.txt").write_text("mine too")
    # A leftover of a killed build (it carries the marker): removed.
    from generator.write.output_guard import write_marker

    killed = project / ".site.staging-zzzzzzzz"
    (killed / SLUG).mkdir(parents=True)
    write_marker(killed)
    assert run_cli("build", "--force").code == 0
    assert (look_alike / "keep.txt").read_text() == "mine"
    assert (other / "site" / "keep.txt").read_text() == "mine too"
    assert not killed.exists()


def test_a_site_set_aside_by_a_killed_build_is_put_back(project: Path) -> None:
    from generator.write.output_guard import write_marker

    assert run_cli("build").code == 0
    before = state(project / "site")
    aside = project / ".site.previous-abcd1234"
    aside.mkdir()
    write_marker(aside)
    (project / "site").rename(aside / "site")  # killed between the two renames of the swap
    from generator.write.staging import staged_output

    with pytest.raises(RuntimeError), staged_output(project / "site"):
        raise RuntimeError("this build fails")
    assert state(project / "site") == before
    assert not aside.exists()


# --- assembly export FILE, assembly archive --out FILE -------------------------------------------

EXAMPLE_SHEET = f"{SLUG}-responses.csv"


@pytest.mark.parametrize(("target", "message"), [
    (f"content/{SLUG}/assembly.yml", f"cannot write the spreadsheet to content/{SLUG}/assembly.yml: it is inside "
                                     f"{SOURCES}; name a file elsewhere, such as {EXAMPLE_SHEET}"),
    ("content/responses.csv", f"cannot write the spreadsheet to content/responses.csv: it is inside {SOURCES}; name "
                              f"a file elsewhere, such as {EXAMPLE_SHEET}"),
    ("theme/responses.csv", "cannot write the spreadsheet to theme/responses.csv: it is inside theme/, which holds "
                            f"the project's own templates and styles; name a file elsewhere, such as {EXAMPLE_SHEET}"),
    (".git/responses.csv", "cannot write the spreadsheet to .git/responses.csv: it is inside .git/, which holds the "
                           f"project's history (Git); name a file elsewhere, such as {EXAMPLE_SHEET}"),
    ("site_config.yml", "cannot write the spreadsheet to site_config.yml: it is the project's settings file, "
                        f"site_config.yml; name a file elsewhere, such as {EXAMPLE_SHEET}"),
    ("somefile.txt", "cannot write the spreadsheet to somefile.txt: it is a file that assembly export did not write, "
                     f"which this would replace; name a new file, such as {EXAMPLE_SHEET}"),
    ("unrelated", f"cannot write the spreadsheet to unrelated: it is a folder; name a file, such as {EXAMPLE_SHEET}"),
    (".", f"cannot write the spreadsheet to .: it is the project folder; name a file elsewhere, such as "
          f"{EXAMPLE_SHEET}"),
])
def test_an_export_target_that_is_not_a_new_file_is_refused(project: Path, target: str, message: str) -> None:
    assert refused(project, "export", SLUG, target) == message


def workbook(sheets: dict[str, list[str]]) -> bytes:
    """A minimal .xlsx: each sheet's first row, as inline strings."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        names = "".join(f'<sheet name="{name}" sheetId="{i}"/>' for i, name in enumerate(sheets, start=1))
        book.writestr("xl/workbook.xml", f'<workbook xmlns="{main}"><sheets>{names}</sheets></workbook>')
        for i, columns in enumerate(sheets.values(), start=1):
            cells = "".join(f'<c t="inlineStr"><is><t>{c}</t></is></c>' for c in columns)
            book.writestr(f"xl/worksheets/sheet{i}.xml",
                          f'<worksheet xmlns="{main}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>')
    return buffer.getvalue()


def test_a_spreadsheet_the_export_wrote_may_be_written_again(project: Path) -> None:
    from generator.edit.spreadsheet import OLD_COLUMNS, SHEETS

    for name in ("responses.csv", "responses.xlsx"):
        assert run_cli("export", SLUG, name).code == 0
        again = run_cli("export", SLUG, name)
        assert again.code == 0, again.err
    (project / "old.csv").write_text("\ufeff" + ",".join(OLD_COLUMNS) + "\r\nsome-rec,1,Title,,,,,,\r\n",
                                     encoding="utf-8")
    assert run_cli("export", SLUG, "old.csv").code == 0
    (project / "book.xlsx").write_bytes(workbook(SHEETS))
    assert run_cli("export", SLUG, "book.xlsx").code == 0


@pytest.mark.parametrize(("name", "data"), [
    ("budget.csv", b"item,amount\r\nlighting,1000\r\n"),
    ("budget.xlsx", workbook({"Budget": ["item", "amount"]})),
    ("notes.txt", "\ufeffrow_type,recommendation\r\n".encode()),
    ("empty.csv", b""),
])
def test_an_export_over_a_file_it_did_not_write_is_refused(project: Path, name: str, data: bytes) -> None:
    (project / name).write_bytes(data)
    assert refused(project, "export", SLUG, name) == (
        f"cannot write the spreadsheet to {name}: it is a file that assembly export did not write, which this would "
        f"replace; name a new file, such as {EXAMPLE_SHEET}")


EXAMPLE_PACKAGE = f"--out {SLUG}-package.zip"


@pytest.mark.parametrize(("target", "message"), [
    ("content/package.zip", f"cannot write the package to content/package.zip: it is inside {SOURCES}; name a file "
                            f"elsewhere, such as {EXAMPLE_PACKAGE}"),
    (".git/package.zip", "cannot write the package to .git/package.zip: it is inside .git/, which holds the "
                         f"project's history (Git); name a file elsewhere, such as {EXAMPLE_PACKAGE}"),
    ("site_config.yml", "cannot write the package to site_config.yml: it is the project's settings file, "
                        f"site_config.yml; name a file elsewhere, such as {EXAMPLE_PACKAGE}"),
    ("somefile.txt", "cannot write the package to somefile.txt: it is a file that assembly archive did not write, "
                     f"which this would replace; name a new file, such as {EXAMPLE_PACKAGE}"),
    ("unrelated", f"cannot write the package to unrelated: it is a folder; name a file, such as {EXAMPLE_PACKAGE}"),
])
def test_an_archive_target_that_is_not_a_new_file_is_refused(project: Path, target: str, message: str) -> None:
    assert refused(project, "archive", SLUG, "--out", target) == message


def test_an_archive_over_a_zip_or_web_archive_it_did_not_write_is_refused(project: Path) -> None:
    (project / "photos.zip").write_bytes(workbook({"x": []}))
    assert refused(project, "archive", SLUG, "--out", "photos.zip") == (
        "cannot write the package to photos.zip: it is a file that assembly archive did not write, which this would "
        f"replace; name a new file, such as {EXAMPLE_PACKAGE}")
    (project / "somefile.warc.gz").write_bytes(b"not a web archive")
    assert refused(project, "archive", SLUG, "--out", "somefile.zip", "--warc") == (
        "cannot write the web archive to somefile.warc.gz: it is a file that assembly archive did not write, which "
        f"this would replace; name a new file, such as {EXAMPLE_PACKAGE}")


def test_a_package_the_archive_wrote_may_be_written_again(project: Path) -> None:
    assert run_cli("archive", SLUG, "--out", "package.zip").code == 0
    again = run_cli("archive", SLUG, "--out", "package.zip")
    assert again.code == 0, again.err


# --- assembly names ------------------------------------------------------------------------------

NAME_RULE = f"name an assembly by its folder in content/, written with a-z, 0-9 and - only; the assemblies are: {SLUG}"
NAMES = [
    ("../content/x", f"'../content/x' is not an assembly name (did you mean x?): {NAME_RULE}"),
    (f"../content/{SLUG}", f"'../content/{SLUG}' is not an assembly name (did you mean {SLUG}?): {NAME_RULE}"),
    (f"x/../{SLUG}", f"'x/../{SLUG}' is not an assembly name (did you mean {SLUG}?): {NAME_RULE}"),
    ("x/../y", f"'x/../y' is not an assembly name: {NAME_RULE}"),
    ("UPPER", f"'UPPER' is not an assembly name: {NAME_RULE}"),
    ("My-Assembly", f"'My-Assembly' is not an assembly name (did you mean {SLUG}?): {NAME_RULE}"),
    ("my-asembly", f"no assembly called my-asembly (did you mean {SLUG}?) in content/; the assemblies are: {SLUG}"),
    ("_shared", f"'_shared' is not an assembly name: {NAME_RULE}"),
]
COMMANDS = {
    "build": lambda name: ["build", name],
    "check": lambda name: ["check", name],
    "serve": lambda name: ["serve", name, "--port", "-1"],  # were the name taken, no server could start
    "archive": lambda name: ["archive", name],
    "export": lambda name: ["export", name, "sheet.csv"],
    "import": lambda name: ["import", name, "edited.csv", "--dry-run"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(("name", "message"), NAMES, ids=[n for n, _ in NAMES])
def test_a_name_that_is_not_an_assembly_is_a_usage_error(project: Path, command: str, name: str,
                                                         message: str) -> None:
    (project / "content" / "x").mkdir()  # an assembly folder begun (so x/../ leads somewhere)
    (project / "content" / "_shared").mkdir()  # files shared by assemblies, not one of them
    assert run_cli("export", SLUG, "edited.csv").code == 0
    expected = message.replace(f"the assemblies are: {SLUG}", f"the assemblies are: {SLUG}, x")
    # An import takes the project's lock (.assembly-cache/project.lock, the tool's own cache)
    # before it reads the assembly; nothing else may appear.
    assert refused(project, *COMMANDS[command](name), cache_lock=command == "import") == expected


def test_several_wrong_names_are_named_together(project: Path) -> None:
    assert refused(project, "build", "UPPER", "a/b", SLUG) == (
        f"'UPPER', 'a/b' are not assembly names: {NAME_RULE}")
    assert refused(project, "build", "one", "two") == (
        f"no assembly called one, two in content/; the assemblies are: {SLUG}")
