"""The peer the build is measured against: MkDocs + Material, with its search, building the same
number of pages from the same text.

`make_peer(assembly_folder, pages, project)` writes an MkDocs project of `pages` Markdown
pages: one per recommendation, holding the recommendation's text and the council's response to
it (as the project's recommendation page does), then one per other Markdown file of the
assembly (sessions, speakers, evidence, updates, pages), then list pages (a heading and a list
of links to twenty recommendation pages) until the count matches. Every page is kept out of the
navigation (`not_in_nav`), as most of the project's pages are out of its short navigation;
theme `material` with `plugins: [search]` and `use_directory_urls: false`.

Run alone: `python bench/peer.py CONTENT_FOLDER PAGES PROJECT` writes the project, then
`python -m mkdocs build -q -f PROJECT/mkdocs.yml` builds it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def _body(path: Path) -> str:
    return FRONT_MATTER.sub("", path.read_text(encoding="utf-8"), count=1)


def _title(path: Path) -> str:
    found = re.search(r"^title:\s*\"?(.+?)\"?\s*$", path.read_text(encoding="utf-8"), re.M)
    return found.group(1) if found else path.stem


def make_peer(folder: Path, pages: int, project: Path) -> Path:
    docs = project / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    written: list[str] = []

    def page(name: str, text: str) -> None:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
        written.append(name)

    recommendations = sorted((folder / "recommendations").glob("*.md"))
    for rec in recommendations:
        response = folder / "responses" / rec.name
        text = f"# {_title(rec)}\n\n{_body(rec)}\n"
        if response.is_file():
            text += f"\n## The council's response\n\n{_body(response)}\n"
        page(f"recommendations/{rec.stem}.md", text)
    for kind in ("sessions", "speakers", "evidence", "updates", "pages"):
        for item in sorted((folder / kind).glob("*.md")):
            if len(written) < pages:
                page(f"{kind}/{item.stem}.md", f"# {_title(item)}\n\n{_body(item)}\n")
    number = 0
    while len(written) < pages:
        number += 1
        start = (number - 1) * 20 % max(1, len(recommendations))
        links = "\n".join(f"- [{_title(rec)}](../recommendations/{rec.stem}.md)"
                          for rec in recommendations[start:start + 20])
        page(f"lists/list-{number}.md", f"# List {number}\n\n{links}\n")
    (project / "mkdocs.yml").write_text(
        "site_name: Peer\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\nnot_in_nav: |\n  /**\nvalidation:\n  links:\n    not_found: ignore\n", encoding="utf-8")
    return project


if __name__ == "__main__":
    make_peer(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
