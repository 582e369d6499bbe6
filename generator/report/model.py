"""The report as records: report.yml's fields, chapters made of blocks, and where the report
mentions each recommendation. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pydantic import Field

from generator.model.types import FilePath, IsoDate, Markdown, Record, Text


class ReportMeta(Record):
    """report.yml: what the report's contents page says about it."""

    title: Text
    """The report's title, shown as the heading of its contents page."""
    subtitle: Text | None = None
    """A line under the title."""
    authors: list[Text] = Field(default_factory=list)
    """Who wrote it: people or organisations, one per line starting with '- '."""
    published: IsoDate | None = None
    """When it was published (year-month-day); also dates the e-book."""
    licence: Text | None = None
    """The licence, such as OGL-3.0; defaults to the assembly's."""
    cite_as: Text | None = None
    """How to cite it, written out in full."""
    pdf: FilePath | None = None
    """The same report as a PDF in documents/, such as documents/final-report.pdf."""
    summary: Markdown | None = None
    """A short summary shown on the report's contents page."""


class ChapterMeta(Record):
    """The optional front matter of a Markdown chapter."""

    title: Text | None = None
    """The chapter's title; by default its first heading."""


@dataclass
class Block:
    """One linkable piece of a chapter: a paragraph, list, table, quotation, figure or heading."""

    kind: str
    """paragraph, list, table, quote, figure, code, other, or heading."""
    html: str
    """The element as sanitised HTML; links are written from the report/ folder."""
    text: str
    """The normalised text the block's id comes from."""
    id: str = ""
    aliases: list[str] = field(default_factory=list)
    """Earlier ids of this block (or of removed blocks before it) that must keep leading here."""
    level: int = 0
    """For headings: 2 to 6."""
    title: str = ""
    """For headings: the heading as plain text."""

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"


@dataclass
class Footnote:
    number: int
    html: str
    """The note's content; the link back to the text is added when it is shown."""


@dataclass
class Chapter:
    id: str
    """The page name: report/<id>.html."""
    title: str
    source: str
    """Where it came from, as the officer sees it (for messages)."""
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    front: bool = False
    """True for the text before a Word document's first Heading 1: shown on the contents page."""

    @property
    def path(self) -> str:
        """The chapter's page, relative to the report folder."""
        return "index.html" if self.front else f"{self.id}.html"

    @property
    def sections(self) -> list[Block]:
        return [b for b in self.blocks if b.is_heading and b.level == 2]

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if not b.is_heading]


@dataclass(frozen=True)
class Mention:
    """A place in the report that discusses a recommendation."""

    recommendation: str
    """The recommendation's id."""
    chapter: str
    chapter_title: str
    paragraph: str
    """The paragraph's id: its link is report/<chapter page>#<paragraph>."""
    path: str
    """The page and anchor, from the assembly folder: report/<chapter>.html#<paragraph>."""


@dataclass(frozen=True)
class ReportImage:
    """A picture taken out of report.docx, published at `path` through the picture pipeline."""

    path: str
    """Inside the assembly's output folder, such as report/images/figure-1.png."""
    data: bytes
    size: tuple[int, int]


@dataclass
class Report:
    meta: ReportMeta
    chapters: list[Chapter]
    front: Chapter | None = None
    source: str = ""
    """report.docx, or the folder of Markdown chapters."""
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    images: list[ReportImage] = field(default_factory=list)
    anchors_file: str = ""
    """content/<assembly>/report/anchors.json, relative to the project."""
    anchors_json: str = ""
    """The record of paragraph ids as it should be after this build."""
    anchors_changed: bool = False
    licence: str | None = None
    language: str = "en"

    @property
    def parts(self) -> list[Chapter]:
        """The front matter (if any) and every chapter, in reading order."""
        return ([self.front] if self.front else []) + self.chapters

    def mentions_of(self, recommendation_id: str) -> list[Mention]:
        """Where the report discusses a recommendation, in reading order."""
        return self.mentions.get(recommendation_id, [])

    def chapter_after(self, chapter: Chapter) -> Chapter | None:
        index = self.chapters.index(chapter)
        return self.chapters[index + 1] if index + 1 < len(self.chapters) else None

    def chapter_before(self, chapter: Chapter) -> Chapter | None:
        index = self.chapters.index(chapter)
        return self.chapters[index - 1] if index > 0 else None

    @property
    def published(self) -> dt.date | None:
        return self.meta.published
