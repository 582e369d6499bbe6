"""The officers' guide in docs/: its examples are real files that build, the messages it quotes are
the tool's own, and every page can be reached from docs/index.md.

Conventions in the guide's Markdown (all HTML comments, so readers never see them):

- `<!-- file: PATH -->` on the line just before a ```yaml or ```markdown block: the block is a whole
  file, written at PATH (relative to the project root) into a starter project made by
  `assembly new my-assembly`; every such file of a page must build without errors.
- `<!-- mistake: PATH -->` before a block: a file with a deliberate mistake. The next ```text block
  holds exactly the lines `assembly check` prints for it.
- `<!-- fragment: PATH -->` or `<!-- fragment: PATH#FIELD -->` before a ```yaml block: a part of the
  file at PATH, as the reader has it at that point of the page (the starter's file, or the last whole
  example of it shown before). Fields replace the file's fields of the same name; `#FIELD` says the
  lines are entries of that list: an entry with the `id` of an existing entry replaces it, any other
  new entry is added at the end. The file must then still pass `assembly check` without warnings.
- `<!-- continues: PAGE.md -->`: the page builds on the examples of another page, written first.
- `<!-- says: SITUATION -->` before a ```text block: exactly the lines the tool prints in a situation
  set up by SITUATIONS below (a command it refuses, a character no page can show, the preview asked
  for by another address), with the command run in the project's folder.

A page may show the same file again after a change (a later version); each version must build.
On the task pages every ```yaml block is a whole file, a mistake or a fragment, so none goes untested.

The guide tells one story, from an assembly in autumn 2026 to the council's progress in 2027. Its
examples are checked and built as of GUIDE_TODAY, so that no date in the story lies in the future
and the results do not depend on the day the tests run. A fresh starter project warns about its own
example text; those warnings, about starter files an example leaves as they were, are not the
example's.

Pictures (`images/*.jpg|png`) and PDFs (`documents/*.pdf`) that a `file:` example refers to are
made by the test, as the guide tells the reader to copy their own there.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import tempfile
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, Run, run_cli

DOCS = REPO / "docs"
PAGES = sorted(p.name for p in DOCS.glob("*.md"))
SLUG = "my-assembly"
GUIDE_TODAY = "2027-12-01"
"""The day the guide's examples are checked and built as of (see above)."""

# Pages that must show at least one whole example file: the task pages of the guide.
PAGES_WITH_EXAMPLES = {"getting-started.md", "news-update.md", "speaker-with-photo.md", "council-response.md",
                       "progress-update.md", "commitment-delivered.md", "embargo.md", "welsh.md", "archive.md",
                       "deploy.md"}

# Task pages whose ```yaml blocks are not content (a CI workflow), so they need no annotation.
YAML_NOT_CONTENT = {"deploy.md"}

# Warnings a page's examples are meant to produce; any other warning fails.
EXPECTED_WARNINGS: dict[str, list[str]] = {}

# What each page promises the reader will see in the built site: (file in site/, text in it).
PROMISES = {
    "news-update.md": [(f"{SLUG}/updates/final-report-published.html", 'href="../documents/final-report.pdf"'),
                       (f"{SLUG}/updates/final-report-published.html",
                        'href="../recommendations/example-recommendation.html"'),
                       (f"{SLUG}/updates/feed.xml", "<title>The assembly's final report is published</title>")],
    "speaker-with-photo.md": [(f"{SLUG}/speakers/priya-shah.html", 'alt="Priya Shah, smiling, in front of a bookcase'),
                              (f"{SLUG}/speakers/priya-shah.html", "../evidence/where-emissions-come-from.html")],
    "council-response.md": [(f"{SLUG}/recommendations/warmer-homes.html", "Open a free home energy advice line"),
                            (f"{SLUG}/recommendations/warmer-homes.html", "Offer insulation grants to every household"),
                            # the earlier decision's reasons: the history is shown, not only the latest position
                            (f"{SLUG}/recommendations/warmer-homes.html",
                             "We cannot afford grants for every household this year."),
                            (f"{SLUG}/recommendations/road-charging.html", "Charge drivers to enter the town centre")],
    "progress-update.md": [(f"{SLUG}/recommendations/warmer-homes.html", "The first 80 grants have been paid."),
                           (f"{SLUG}/recommendations/warmer-homes.html",
                            "We have hired four energy advisers for the advice line.")],
    "commitment-delivered.md": [(f"{SLUG}/recommendations/warmer-homes.html",
                                 "The advice line opened on 28 June. Anyone in Northfield can call it for free.")],
    "welsh.md": [(f"{SLUG}/updates/first-session.html", '<div lang="cy">')],
    "archive.md": [("index.html", "Archived")],
    "deploy.md": [(f"{SLUG}/sitemap.xml", f"<loc>https://www.northfield.example.gov.uk/assemblies/{SLUG}/index.html")],
}

ANNOTATION = re.compile(r"^<!--\s*(file|mistake|fragment|continues|says):\s*(\S+)\s*-->$")
FENCE_OPEN = re.compile(r"^(\s*)(`{3,})([\w-]*)\s*$")
PROBLEM_LINE = re.compile(r"^content/\S+:\d+:\d+: (?:error|warning): ")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


@dataclass
class Block:
    lang: str
    text: str
    line: int
    """1-based line of the opening fence."""
    mark: tuple[str, str] | None
    """(kind, path) from the annotation just before the fence."""


@dataclass
class Page:
    name: str
    source: str
    blocks: list[Block]
    continues: list[str]
    stray: list[str]
    """Annotations that do not sit just before a fenced block."""

    def files(self) -> list[Block]:
        return [b for b in self.blocks if b.mark and b.mark[0] == "file"]

    def fragments(self) -> list[Block]:
        return [b for b in self.blocks if b.mark and b.mark[0] == "fragment"]

    def versions(self) -> list[int]:
        """The lines of the whole examples that show again a file this page showed before: the
        earlier version is built on its own, just before each of them."""
        seen: set[str] = set()
        lines = []
        for block in self.files():
            assert block.mark is not None
            if block.mark[1] in seen:
                lines.append(block.line)
            seen.add(block.mark[1])
        return lines

    def mistakes(self) -> list[tuple[Block, Block | None]]:
        """Each mistake with the ```text block that follows it (None if missing)."""
        pairs = []
        for index, block in enumerate(self.blocks):
            if block.mark and block.mark[0] == "mistake":
                after = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
                pairs.append((block, after if after and after.lang == "text" and not after.mark else None))
        return pairs

    def sayings(self) -> list[Block]:
        return [b for b in self.blocks if b.mark and b.mark[0] == "says"]

    def quoted_problems(self) -> list[str]:
        """Problem lines (path:line:column: error|warning: ...) quoted on the page, except in the
        blocks of a situation (checked on their own)."""
        return [line for b in self.blocks if b.lang == "text" and not (b.mark and b.mark[0] == "says")
                for line in b.text.splitlines() if PROBLEM_LINE.match(line)]

    def prose(self) -> str:
        """The page without its code blocks and inline code, where links are written."""
        lines = self.source.splitlines()
        skip: set[int] = set()
        for block in self.blocks:
            skip.update(range(block.line - 1, block.line + len(block.text.splitlines()) + 1))
        text = "\n".join(line for i, line in enumerate(lines) if i not in skip)
        return re.sub(r"`[^`\n]*`", "", text)


def parse(name: str) -> Page:
    source = (DOCS / name).read_text(encoding="utf-8")
    lines = source.splitlines()
    blocks: list[Block] = []
    continues: list[str] = []
    stray: list[str] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        opening = FENCE_OPEN.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, ticks, lang = opening.groups()
        end = i + 1
        while end < len(lines) and not re.match(rf"^\s*{ticks}`*\s*$", lines[end]):
            end += 1
        body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[i + 1:end]]
        mark = None
        if i > 0 and (found := ANNOTATION.match(lines[i - 1].strip())) and found.group(1) != "continues":
            mark = (found.group(1), found.group(2))
            used.add(i - 1)
        blocks.append(Block(lang, "\n".join(body) + "\n", i + 1, mark))
        i = end + 1
    for number, line in enumerate(lines):
        found = ANNOTATION.match(line.strip())
        if line.strip().startswith("<!--") and not found:
            stray.append(f"{name}:{number + 1}: unknown annotation {line.strip()!r}")
        elif found and found.group(1) == "continues":
            continues.append(found.group(2))
        elif found and number not in used:
            stray.append(f"{name}:{number + 1}: {line.strip()} is not on the line just before a fenced block")
    return Page(name, source, blocks, continues, stray)


def make_starter(tmp_path: Path) -> Path:
    from generator.starter import create_assembly

    root = tmp_path / "project"
    root.mkdir()
    create_assembly(root, SLUG)
    return root


def safe_target(root: Path, rel: str) -> Path:
    assert not rel.startswith("/") and ".." not in rel.split("/"), f"{rel}: paths are relative to the project"
    assert rel == "site_config.yml" or rel.startswith(f"content/{SLUG}/"), (
        f"{rel}: examples go in site_config.yml or content/{SLUG}/")
    return root / rel


def write_helpers(root: Path, text: str) -> None:
    """The photos and PDFs an example refers to, as the reader would copy them in."""
    from PIL import Image
    from pypdf import PdfWriter

    folder = root / "content" / SLUG
    for rel in sorted(set(re.findall(r"\bimages/[a-z0-9-]+\.(?:jpe?g|png)\b", text))):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            Image.new("RGB", (800, 600), (70, 110, 160)).save(target)
    for rel in sorted(set(re.findall(r"\bdocuments/[a-z0-9-]+\.pdf\b", text))):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            writer = PdfWriter()
            writer.add_blank_page(width=595, height=842)
            buffer = io.BytesIO()
            writer.write(buffer)
            target.write_bytes(buffer.getvalue())


def write_examples(root: Path, name: str, before: int | None = None) -> set[str]:
    """Write the whole examples of a page (those above line `before`, if given), after those of
    the pages it continues; returns the paths written."""
    page = parse(name)
    written: set[str] = set()
    for earlier in page.continues:
        written |= write_examples(root, earlier)
    for block in page.files():
        assert block.mark is not None
        if before is not None and block.line >= before:
            break
        target = safe_target(root, block.mark[1])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text, encoding="utf-8")
        write_helpers(root, block.text)
        written.add(block.mark[1])
    return written


def merge_fragment(root: Path, mark: str, text: str) -> str:
    """Put a fragment into its file as the reader would (see the conventions above); returns the
    file's path."""
    import yaml

    rel, _, field = mark.partition("#")
    target = safe_target(root, rel)
    assert target.is_file(), f"{rel}: a fragment goes into a starter file or one shown whole before it"
    source = target.read_text(encoding="utf-8")
    body = None
    if rel.endswith(".md"):
        _, front, body = source.split("---\n", 2)
    else:
        front = source
    data = yaml.safe_load(front) or {}
    part = yaml.safe_load(textwrap.dedent(text))
    if field:
        assert isinstance(part, list) and all(isinstance(entry, dict) for entry in part), (
            f"{mark}: a fragment of a list holds entries, each a line `  - {{...}}`")
        entries = data.setdefault(field, [])
        for entry in part:
            same = next((i for i, old in enumerate(entries) if "id" in entry and old.get("id") == entry["id"]), None)
            if same is not None:
                entries[same] = entry
            elif entry not in entries:
                entries.append(entry)
    else:
        assert isinstance(part, dict), f"{mark}: a fragment of a file holds its fields (`name: value`)"
        data.update(part)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    target.write_text(f"---\n{front}---\n{body}" if body is not None else front, encoding="utf-8")
    return rel


def problems(result: Run) -> list[str]:
    """Every problem line the command printed, warnings about example text included."""
    return [line for line in result.err.splitlines() if re.match(r"^\S+:\d+:\d+: (?:error|warning): ", line)]


def path_of(line: str) -> str:
    return line.split(":", 1)[0]


@functools.cache
def starter_lines(as_of: str) -> frozenset[str]:
    """What `assembly check` says about a fresh starter project: warnings about its example text."""
    with tempfile.TemporaryDirectory() as folder:
        root = make_starter(Path(folder))
        result = run_cli("--root", str(root), "check", "--as-of", as_of)
    assert result.code == 0, result.err
    return frozenset(problems(result))


def own_lines(lines: list[str], written: set[str], as_of: str = GUIDE_TODAY) -> list[str]:
    """The problems that are the examples' own: without the starter's warnings about its own files
    where the examples left those files as they were."""
    starter = starter_lines(as_of)
    return [line for line in lines if not (line in starter and path_of(line) not in written)]


def all_pages() -> list[Page]:
    return [parse(name) for name in PAGES]


def mistake_cases() -> list[tuple[str, int]]:
    return [(page.name, index) for page in all_pages() for index, _ in enumerate(page.mistakes())]


def heading_anchors(source: str) -> set[str]:
    anchors = set()
    for line in re.sub(r"```.*?```", "", source, flags=re.S).splitlines():
        if found := re.match(r"^#{1,6}\s+(.*?)\s*$", line):
            anchors.add(re.sub(r"[^\w\- ]", "", found.group(1).lower()).replace(" ", "-"))
    return anchors


# --- the pages hang together --------------------------------------------------------------------


def test_the_guide_has_its_pages() -> None:
    assert "index.md" in PAGES and "reference.md" in PAGES
    assert PAGES_WITH_EXAMPLES | {"fixing-mistakes.md"} <= set(PAGES)


def test_every_page_is_linked_from_the_index() -> None:
    index = parse("index.md")
    linked = {target.split("#")[0] for target in LINK.findall(index.prose())}
    missing = [name for name in PAGES if name != "index.md" and name not in linked]
    assert not missing, f"docs/index.md does not link to: {missing}"


@pytest.mark.parametrize("name", PAGES)
def test_links_between_pages_resolve(name: str) -> None:
    page = parse(name)
    broken = []
    for target in LINK.findall(page.prose()):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (DOCS / path).resolve() if path else DOCS / name
        if not file.is_file():
            broken.append(target)
        elif anchor and anchor not in heading_anchors(file.read_text(encoding="utf-8")):
            broken.append(target)
    assert not broken, f"{name}: links that lead nowhere: {broken}"


@pytest.mark.parametrize("name", PAGES)
def test_annotations_are_well_formed(name: str) -> None:
    page = parse(name)
    assert not page.stray, page.stray
    for earlier in page.continues:
        assert earlier in PAGES and earlier != name, f"{name}: continues an unknown page {earlier}"
    for block in page.blocks:
        if not block.mark:
            continue
        if block.mark[0] == "says":
            assert block.lang == "text", f"{name}:{block.line}: what the tool says is a ```text block"
            assert block.mark[1] in SITUATIONS, f"{name}:{block.line}: no situation {block.mark[1]!r} in SITUATIONS"
            continue
        rel, _, field = block.mark[1].partition("#")
        if block.mark[0] == "fragment":
            assert block.lang == "yaml", f"{name}:{block.line}: a fragment is a ```yaml block"
            assert rel.endswith((".yml", ".md")), f"{name}:{block.line}: a fragment of {rel}?"
            assert not field or re.fullmatch(r"[a-z_]+", field), f"{name}:{block.line}: #{field} is not a field name"
        else:
            assert not field, f"{name}:{block.line}: only a fragment names a field (#{field})"
            expected = "yaml" if rel.endswith(".yml") else "markdown" if rel.endswith(".md") else None
            assert block.lang == expected, f"{name}:{block.line}: {rel} should be in a ```{expected} block"
        safe_target(Path("/project"), rel)
    for block, output in page.mistakes():
        assert output is not None, f"{name}:{block.line}: a mistake needs the ```text block of its messages"
    if name in PAGES_WITH_EXAMPLES:
        assert page.files(), f"{name}: a task page needs at least one whole example file"
    if name in PAGES_WITH_EXAMPLES - YAML_NOT_CONTENT:
        untested = [b.line for b in page.blocks if b.lang == "yaml" and not b.mark]
        assert not untested, (f"{name}: the ```yaml blocks on lines {untested} are not checked: mark each as a "
                              "whole file, a mistake or a fragment")


# --- the examples are real files that build ------------------------------------------------------


def build(root: Path, out: Path, written: set[str], as_of: str = GUIDE_TODAY, *extra: str) -> list[str]:
    """Build the project as of a day; returns the examples' own warnings (it must have no errors)."""
    result = run_cli("--root", str(root), "build", "--out", str(out), "--as-of", as_of, *extra)
    assert result.code == 0, result.err
    assert not [line for line in problems(result) if ": error: " in line], result.err
    return own_lines(problems(result), written, as_of)


@pytest.mark.parametrize("name", sorted(n for n in PAGES if parse(n).files()))
def test_examples_build(name: str, tmp_path: Path) -> None:
    root = make_starter(tmp_path)
    written = write_examples(root, name)
    expected = EXPECTED_WARNINGS.get(name, [])
    produced: set[str] = set()
    # As published on the guide's day, then with every draft and embargo let through, so hidden
    # examples are built too.
    for out, as_of, extra in ((root / "site", GUIDE_TODAY, []), (root / "site-everything", "2100-01-01", ["--drafts"])):
        lines = build(root, out, written, as_of, *extra)
        assert lines == expected, "\n".join(lines)
        produced.update(lines)
    unexplained = [line for line in parse(name).quoted_problems() if line not in produced]
    assert not unexplained, f"{name} quotes messages its examples do not produce: {unexplained}"
    for rel, text in PROMISES.get(name, []):
        html = (root / "site" / rel).read_text(encoding="utf-8")
        assert text in html, f"{name}: site/{rel} should contain {text!r}"


def version_cases() -> list[tuple[str, int]]:
    return [(page.name, line) for page in all_pages() for line in page.versions()]


@pytest.mark.parametrize(("name", "line"), version_cases())
def test_earlier_versions_build(name: str, line: int, tmp_path: Path) -> None:
    """A file the page shows again after a change: its version before that change builds too."""
    root = make_starter(tmp_path)
    written = write_examples(root, name, before=line)
    lines = build(root, root / "site", written)
    assert lines == EXPECTED_WARNINGS.get(name, []), "\n".join(lines)


def fragment_cases() -> list[tuple[str, int]]:
    return [(page.name, index) for page in all_pages() for index, _ in enumerate(page.fragments())]


def without_place(line: str) -> str:
    """A problem line without its line and column, which move when a fragment is put in."""
    return re.sub(r"^(\S+?):\d+:\d+: ", r"\1: ", line)


@pytest.mark.parametrize(("name", "index"), fragment_cases())
def test_fragments_fit_their_file(name: str, index: int, tmp_path: Path) -> None:
    """With the fragment in its file, `assembly check` says nothing it did not say before."""
    block = parse(name).fragments()[index]
    assert block.mark is not None
    root = make_starter(tmp_path)
    write_examples(root, name, before=block.line)
    before = run_cli("--root", str(root), "check", "--as-of", GUIDE_TODAY)
    merge_fragment(root, block.mark[1], block.text)
    after = run_cli("--root", str(root), "check", "--as-of", GUIDE_TODAY)
    known = {without_place(line) for line in problems(before)}
    new = [line for line in problems(after) if without_place(line) not in known]
    assert after.code == 0 and not new, f"{name}:{block.line}: with this part in its file:\n" + "\n".join(new)


# --- what the pages say the site does with commitments and decisions ----------------------------


def build_page(tmp_path: Path, name: str, *, with_later_fragments: bool = False) -> Path:
    """The site of a page's examples as of GUIDE_TODAY; with the fragments shown after the page's
    last whole example put in too, when asked."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    root = make_starter(tmp_path)
    written = write_examples(root, name)
    if with_later_fragments:
        page = parse(name)
        last = max(b.line for b in page.files())
        for block in page.fragments():
            if block.line > last:
                assert block.mark is not None
                written.add(merge_fragment(root, block.mark[1], block.text))
    assert build(root, root / "site", written) == EXPECTED_WARNINGS.get(name, [])
    return root / "site" / SLUG


def figures(site: Path) -> dict:
    return json.loads((site / "data" / "assembly.json").read_text(encoding="utf-8"))["figures"]


def commitment_row(site: Path, recommendation: str, commitment: str) -> dict[str, str]:
    with (site / "data" / "commitments.csv").open(encoding="utf-8-sig", newline="") as table:
        rows = [r for r in csv.DictReader(table) if (r["recommendation"], r["commitment"]) == (recommendation,
                                                                                          commitment)]
    assert len(rows) == 1, rows
    return rows[0]


def test_a_delivered_commitment_is_counted_and_no_longer_overdue(tmp_path: Path) -> None:
    """commitment-delivered.md: before, the advice line is past its due date and overdue; after
    `status: done` and `done_on`, it is delivered, counted, and no longer overdue."""
    before = build_page(tmp_path / "before", "progress-update.md")
    after = build_page(tmp_path / "after", "commitment-delivered.md")
    assert commitment_row(before, "warmer-homes", "advice-line")["overdue"] == "yes"
    row = commitment_row(after, "warmer-homes", "advice-line")
    assert (row["status"], row["done_on"], row["overdue"]) == ("done", "2027-06-28", "no")
    was, now = figures(before)["commitments"], figures(after)["commitments"]
    assert now["delivered"] == was["delivered"] + 1
    assert now["overdue"] == was["overdue"] - 1
    assert now["made"] == was["made"]
    tracker = (after / "responses" / "index.html").read_text(encoding="utf-8")
    assert "as of" in tracker.lower() and "1 December 2027" in tracker, "the tracker says which day its figures are for"


def test_a_dropped_commitment_is_counted_apart_and_never_overdue(tmp_path: Path) -> None:
    delivered = build_page(tmp_path / "delivered", "commitment-delivered.md")
    dropped = build_page(tmp_path / "dropped", "commitment-delivered.md", with_later_fragments=True)
    row = commitment_row(dropped, "warmer-homes", "grants")
    assert (row["status"], row["done_on"], row["overdue"]) == ("dropped", "2027-11-04", "no")
    was, now = figures(delivered)["commitments"], figures(dropped)["commitments"]
    assert (now["dropped"], now["delivered"], now["overdue"]) == (was["dropped"] + 1, was["delivered"], was["overdue"])
    assert now["made"] == was["made"], "a dropped commitment stays on the record"


def test_not_put_to_the_council_is_never_awaiting_a_response(tmp_path: Path) -> None:
    """council-response.md: road-charging has no response and is counted as not put to the council."""
    counted = figures(build_page(tmp_path, "council-response.md"))["by_category"]
    assert counted["not-put-to-council"] == 1
    assert counted["awaiting-response"] == 0


def test_embargo_and_draft_examples_wait(tmp_path: Path) -> None:
    root = make_starter(tmp_path)
    write_examples(root, "embargo.md")
    site = root / "site" / SLUG

    assert run_cli("--root", str(root), "build", "--as-of", "2027-03-10").code == 0
    assert not (site / "updates" / "council-responds.html").exists()
    assert not (site / "visiting.html").exists()
    assert "awaiting response" in (site / "recommendations" / "example-recommendation.html").read_text().lower()

    assert run_cli("--root", str(root), "build", "--as-of", "2027-03-11").code == 0
    assert (site / "updates" / "council-responds.html").exists()
    assert "awaiting response" not in (site / "recommendations" / "example-recommendation.html").read_text().lower()
    assert not (site / "visiting.html").exists()

    preview = tmp_path / "preview"
    assert run_cli("--root", str(root), "build", "--drafts", "--as-of", "2027-03-11", "--out", str(preview)).code == 0
    assert (preview / SLUG / "visiting.html").exists()


def test_archive_example_packages_and_verifies(tmp_path: Path) -> None:
    root = make_starter(tmp_path)
    write_examples(root, "archive.md")
    package = tmp_path / "northfield-climate-assembly-2026.zip"
    made = run_cli("--root", str(root), "archive", SLUG, "--out", str(package))
    assert made.code == 0, made.err
    checked = run_cli("--root", str(root), "archive", "--verify", str(package))
    assert checked.code == 0 and "The package is valid" in checked.out, checked.err


# --- the messages the guide quotes are the tool's own --------------------------------------------


@pytest.mark.parametrize(("name", "index"), mistake_cases())
def test_mistakes_give_the_quoted_messages(name: str, index: int, tmp_path: Path) -> None:
    block, output = parse(name).mistakes()[index]
    assert block.mark is not None and output is not None
    root = make_starter(tmp_path)
    target = safe_target(root, block.mark[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(block.text, encoding="utf-8")
    result = run_cli("--root", str(root), "check", "--as-of", GUIDE_TODAY)
    quoted = [line for line in output.text.splitlines() if line.strip()]
    said = own_lines(problems(result), {block.mark[1]})
    assert said == quoted, f"{name}:{block.line}: the tool now says:\n" + "\n".join(said)
    assert result.code == (1 if any(": error: " in line for line in quoted) else 0)


def test_json_example_is_what_check_prints(tmp_path: Path) -> None:
    page = parse("fixing-mistakes.md")
    shown = [json.loads(b.text) for b in page.blocks if b.lang == "json"]
    assert len(shown) == 1
    path = shown[0]["problems"][0]["path"]
    [block] = [b for b, _ in page.mistakes() if b.mark and b.mark[1] == path]
    root = make_starter(tmp_path)
    target = safe_target(root, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(block.text, encoding="utf-8")
    result = run_cli("--root", str(root), "check", "--format", "json", "--as-of", GUIDE_TODAY)
    assert result.code == 1
    printed = json.loads(result.out)
    as_lines = {f"{p['path']}:{p['line']}:{p['column']}: {p['severity']}: {p['message']}": p
                for p in printed["problems"]}
    own = [as_lines[line] for line in own_lines(list(as_lines), {path})]
    assert {"errors": printed["errors"], "warnings": sum(p["severity"] == "warning" for p in own),
            "problems": own} == shown[0]
    assert printed["warnings"] == len(printed["problems"]) - printed["errors"]


# --- what the tool says in situations the guide describes ----------------------------------------
#
# Each situation sets up a project made by `assembly new` (the current folder), does what the guide
# describes and returns the lines the tool printed, for the ```text block marked `says: NAME`.

VERIFIED_PACKAGE = "my-assembly-preservation.zip"


def printed(result: Run) -> list[str]:
    return [line for line in (result.err + result.out).splitlines() if line.strip()]


def refusal(*args: str) -> list[str]:
    """What a command that must be refused prints; it exits 2 and leaves the project as it was."""
    before = sorted((p.as_posix(), p.stat().st_size if p.is_file() else -1) for p in Path().rglob("*"))
    result = run_cli(*args)
    assert result.code == 2, printed(result)
    assert sorted((p.as_posix(), p.stat().st_size if p.is_file() else -1) for p in Path().rglob("*")) == before
    return printed(result)


def content_says(rel: str, data: bytes) -> list[str]:
    """`assembly check` on a file written byte for byte (the characters the guide cannot show)."""
    target = Path(rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    result = run_cli("check", "--as-of", GUIDE_TODAY)
    assert result.code == 1
    return own_lines(problems(result), {rel})


def made_package() -> Path:
    from conftest import replace_starter_text

    replace_starter_text(Path())
    made = run_cli("archive", SLUG)
    assert made.code == 0, made.err
    return Path(VERIFIED_PACKAGE)


def package_entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2027, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def verified_with(extra: list[tuple[str, int, bytes]]) -> list[str]:
    """`assembly archive --verify` on a package made by the tool, with entries added to it."""
    import shutil

    package = made_package()
    original = shutil.move(package, "original.zip")
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        for name, mode, data in extra:
            out.writestr(package_entry(name, mode), data)
    result = run_cli("archive", "--verify", str(package))
    assert result.code == 1
    return printed(result)


def verified_damaged() -> list[str]:
    package = made_package()
    with zipfile.ZipFile(package) as archive:
        info = archive.getinfo(f"{SLUG}/data/source/site_config.yml")
    data = bytearray(package.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    package.write_bytes(bytes(data))
    result = run_cli("archive", "--verify", str(package))
    assert result.code == 1
    return printed(result)


def folder_with(name: str, rel: str) -> str:
    Path(name, rel).parent.mkdir(parents=True, exist_ok=True)
    Path(name, rel).write_text("my own notes\n", encoding="utf-8")
    return name


def preview_by_another_address() -> list[str]:
    """The line of the error page a browser shows when the preview is asked for by another name."""
    import html
    import http.client
    import threading

    from generator.serve import PreviewState, make_server

    Path("built").mkdir()
    server = make_server(Path("built"), PreviewState(), 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", f"/{SLUG}/index.html", headers={"Host": f"my-laptop:{port}"})
        answer = connection.getresponse()
        page = answer.read().decode("utf-8")
        connection.close()
    finally:
        server.shutdown()
        server.server_close()
    assert answer.status == 400
    lines = [html.unescape(text) for text in re.findall(r"<p>(Message: .*?)</p>", page)]
    return [line.replace(f"127.0.0.1:{port}", "127.0.0.1:8000") for line in lines]


SITUATIONS = {
    "build-into-the-project": lambda: refusal("build", "--out", "."),
    "build-into-content": lambda: refusal("build", "--out", "content"),
    "build-into-other-files": lambda: refusal("build", "--out", folder_with("notes", "plan.txt")),
    "build-into-a-repository": lambda: refusal("build", "--out", folder_with("published", ".git/HEAD")),
    "not-an-assembly-name": lambda: refusal("build", f"../{SLUG}"),
    "no-such-assembly": lambda: refusal("build", "my-asembly"),
    "export-over-another-file": lambda: refusal("export", SLUG, folder_with(".", "budget.csv") + "/budget.csv"),
    "archive-over-another-file": lambda: refusal(
        "archive", SLUG, "--out", folder_with(".", "northfield-climate-assembly-2026.zip")
        + "/northfield-climate-assembly-2026.zip"),
    "archive-into-content": lambda: refusal("archive", SLUG, "--out", f"content/{SLUG}/package.zip"),
    "pasted-control-character": lambda: content_says(
        f"content/{SLUG}/updates/week-one.md",
        b"---\ntitle: The assembly\x01s first weekend\ndate: 2026-09-14\n---\nMembers met for the first time.\n"),
    "wrong-encoding-quote": lambda: content_says(
        f"content/{SLUG}/pages/about.md",
        "---\ntitle: About the council\x92s assembly\norder: 1\n---\nWhy the assembly was held.\n".encode()),
    "not-a-character": lambda: content_says(
        f"content/{SLUG}/speakers/sam-jones.md",
        "---\nname: Sam Jones\ufffe\ninterests: none declared\n---\nSam runs the Northfield Energy Co-operative.\n"
        .encode()),
    "archive-made": lambda: printed(run_cli("archive", SLUG)),
    "archive-valid": lambda: printed(run_cli("archive", "--verify", str(made_package()))),
    "verify-damaged": verified_damaged,
    "verify-symbolic-link": lambda: verified_with(
        [(f"{SLUG}/data/site/{SLUG}/passwords.txt", 0o120777, b"/etc/passwd")]),
    "verify-leaves-the-folder": lambda: verified_with(
        [("/tmp/planted.txt", 0o100644, b"x"), (f"{SLUG}/../../startup.bat", 0o100644, b"x")]),
    "verify-zip-bomb": lambda: verified_with([(f"{SLUG}/data/site/{SLUG}/zeros.bin", 0o100644, bytes(8 * 1024**2))]),
    "preview-by-another-address": preview_by_another_address,
}

COUNTS_VARY = {"archive-made", "archive-valid", "verify-zip-bomb"}
"""Situations whose numbers (files in a package, bytes a zip stores) depend on the example: only the
words are compared."""


def saying_cases() -> list[tuple[str, int]]:
    return [(page.name, index) for page in all_pages() for index, _ in enumerate(page.sayings())]


@pytest.mark.parametrize(("name", "index"), saying_cases())
def test_situations_give_the_quoted_messages(name: str, index: int, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    block = parse(name).sayings()[index]
    assert block.mark is not None
    root = make_starter(tmp_path)
    monkeypatch.chdir(root)
    said = SITUATIONS[block.mark[1]]()
    quoted = [line for line in block.text.splitlines() if line.strip()]
    if block.mark[1] in COUNTS_VARY:
        said, quoted = [re.sub(r"\d[\d,]*", "N", line) for line in said], [re.sub(r"\d[\d,]*", "N", line)
                                                                            for line in quoted]
    assert said == quoted, f"{name}:{block.line}: the tool now says:\n" + "\n".join(said)


def test_every_situation_is_in_the_guide() -> None:
    quoted = {b.mark[1] for page in all_pages() for b in page.sayings() if b.mark}
    assert quoted == set(SITUATIONS), f"situations the guide does not quote: {sorted(set(SITUATIONS) - quoted)}"
