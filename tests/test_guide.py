"""The officers' guide in docs/: its examples are real files that build, the messages it quotes are
the tool's own, and every page can be reached from docs/index.md.

Conventions in the guide's Markdown (all HTML comments, so readers never see them):

- `<!-- file: PATH -->` on the line just before a ```yaml or ```markdown block: the block is a whole
  file, written at PATH (relative to the project root) into a starter project made by
  `assembly new my-assembly`; every such file of a page must build without errors.
- `<!-- mistake: PATH -->` before a block: a file with a deliberate mistake. The next ```text block
  holds exactly the lines `assembly check` prints for it.
- `<!-- continues: PAGE.md -->`: the page builds on the examples of another page, written first.

Pictures (`images/*.jpg|png`) and PDFs (`documents/*.pdf`) that a `file:` example refers to are
made by the test, as the guide tells the reader to copy their own there.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, run_cli

DOCS = REPO / "docs"
PAGES = sorted(p.name for p in DOCS.glob("*.md"))
SLUG = "my-assembly"

# Pages that must show at least one whole example file: the task pages of the guide.
PAGES_WITH_EXAMPLES = {"getting-started.md", "news-update.md", "speaker-with-photo.md", "council-response.md",
                       "progress-update.md", "embargo.md", "welsh.md", "archive.md", "deploy.md"}

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
    "council-response.md": [(f"{SLUG}/recommendations/warmer-homes.html", "Open a free home energy advice line")],
    "progress-update.md": [(f"{SLUG}/recommendations/warmer-homes.html", "The first 80 grants have been paid.")],
    "welsh.md": [(f"{SLUG}/updates/first-session.html", '<div lang="cy">')],
    "archive.md": [("index.html", "Archived")],
    "deploy.md": [(f"{SLUG}/sitemap.xml", f"<loc>https://www.northfield.example.gov.uk/assemblies/{SLUG}/index.html")],
}

ANNOTATION = re.compile(r"^<!--\s*(file|mistake|continues):\s*(\S+)\s*-->$")
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

    def mistakes(self) -> list[tuple[Block, Block | None]]:
        """Each mistake with the ```text block that follows it (None if missing)."""
        pairs = []
        for index, block in enumerate(self.blocks):
            if block.mark and block.mark[0] == "mistake":
                after = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
                pairs.append((block, after if after and after.lang == "text" and not after.mark else None))
        return pairs

    def quoted_problems(self) -> list[str]:
        """Problem lines (path:line:column: error|warning: ...) quoted anywhere on the page."""
        return [line for b in self.blocks if b.lang == "text" for line in b.text.splitlines()
                if PROBLEM_LINE.match(line)]

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


def write_examples(root: Path, name: str) -> None:
    page = parse(name)
    for earlier in page.continues:
        write_examples(root, earlier)
    for block in page.files():
        assert block.mark is not None
        target = safe_target(root, block.mark[1])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text, encoding="utf-8")
        write_helpers(root, block.text)


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
    paths = [b.mark[1] for b in page.files() if b.mark]
    assert len(paths) == len(set(paths)), f"{name}: the same file is shown twice as a whole example"
    for block in page.blocks:
        if not block.mark:
            continue
        rel = block.mark[1]
        expected = "yaml" if rel.endswith(".yml") else "markdown" if rel.endswith(".md") else None
        assert block.lang == expected, f"{name}:{block.line}: {rel} should be in a ```{expected} block"
        safe_target(Path("/project"), rel)
    for block, output in page.mistakes():
        assert output is not None, f"{name}:{block.line}: a mistake needs the ```text block of its messages"
    if name in PAGES_WITH_EXAMPLES:
        assert page.files(), f"{name}: a task page needs at least one whole example file"


# --- the examples are real files that build ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(n for n in PAGES if parse(n).files()))
def test_examples_build(name: str, tmp_path: Path) -> None:
    root = make_starter(tmp_path)
    write_examples(root, name)
    expected = EXPECTED_WARNINGS.get(name, [])
    produced: set[str] = set()
    # As published today, then with every draft and embargo let through, so hidden examples are built too.
    for extra in ([], ["--drafts", "--as-of", "2100-01-01"]):
        out = root / ("site" if not extra else "site-everything")
        result = run_cli("--root", str(root), "build", "--out", str(out), *extra)
        assert result.code == 0, result.err
        assert not [line for line in result.lines if ": error: " in line], result.err
        assert result.lines == expected, result.err
        produced.update(result.lines)
    unexplained = [line for line in parse(name).quoted_problems() if line not in produced]
    assert not unexplained, f"{name} quotes messages its examples do not produce: {unexplained}"
    for rel, text in PROMISES.get(name, []):
        html = (root / "site" / rel).read_text(encoding="utf-8")
        assert text in html, f"{name}: site/{rel} should contain {text!r}"


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
    result = run_cli("--root", str(root), "check")
    quoted = [line for line in output.text.splitlines() if line.strip()]
    assert result.lines == quoted, f"{name}:{block.line}: the tool now says:\n" + "\n".join(result.lines)
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
    result = run_cli("--root", str(root), "check", "--format", "json")
    assert result.code == 1
    assert json.loads(result.out) == shown[0]
