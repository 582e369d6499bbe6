"""Read content/<assembly>/report/: report.yml, the Markdown chapters or report.docx, and the
record of paragraph ids (anchors.json). The only code of the report that reads files."""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problems, SourceLocation, relative_path
from generator.load.files import SourceFile, check_image, read_markdown_file, read_text, read_yaml_file, slugify
from generator.load.yaml_source import LocatedData

DOCX = "report.docx"
ANCHORS = "anchors.json"
MAX_DOCX_BYTES = 50_000_000
CHAPTER_NAME = re.compile(r"^(?:\d+[-_. ]*)?([a-z0-9-]+)\.md$")
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
# What Word styles become: captions stay with their figure; a title page's lines stay paragraphs.
STYLE_MAP = """
p[style-name='Caption'] => p.caption:fresh
p[style-name='caption'] => p.caption:fresh
p[style-name='Title'] => p.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
"""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class DocxImage:
    path: str
    """Where it is published, inside the assembly's output folder."""
    data: bytes
    size: tuple[int, int]


@dataclass
class RawDocx:
    rel: str
    html: str
    images: list[DocxImage] = field(default_factory=list)


@dataclass
class RawReport:
    folder: Path
    rel: str
    """content/<assembly>/report"""
    meta: SourceFile | None = None
    chapters: list[SourceFile] = field(default_factory=list)
    docx: RawDocx | None = None
    anchors: dict[str, Any] | None = None
    anchors_text: str | None = None


def load_report(folder: Path, root: Path, problems: Problems) -> RawReport:
    """Read the report folder; every problem is collected, located in the file to fix."""
    rel = relative_path(folder, root)
    raw = RawReport(folder, rel)
    meta = folder / "report.yml"
    if meta.is_file() and not meta.is_symlink():
        raw.meta = read_yaml_file(meta, f"{rel}/report.yml", problems)
    else:
        problems.error(SourceLocation(f"{rel}/report.yml"), "the report folder needs a report.yml with at least "
                       "`title: ...` (and optionally subtitle, authors, published, licence, cite_as, pdf)")
    names: set[str] = set()
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        where = SourceLocation(f"{rel}/{path.name}")
        if path.name.startswith(".") or path.name in ("report.yml", ANCHORS):
            continue
        if path.is_symlink():
            problems.error(where, "this is a symbolic link; links are never followed or published: copy the real "
                           "file here instead")
        elif path.is_file() and path.name.endswith(".md"):
            match = CHAPTER_NAME.match(path.name)
            if not match:
                problems.error(where, f"the chapter's file name '{path.name}' makes its web address: use a number, "
                               f"then lower-case letters, digits and hyphens, such as '01-{slugify(path.stem)}.md'")
                continue
            if match.group(1) in names:
                problems.error(where, f"two chapters would both be called '{match.group(1)}': rename one of them")
                continue
            names.add(match.group(1))
            chapter = _read_chapter(path, where.path, problems)
            if chapter is not None:
                raw.chapters.append(chapter)
        elif path.is_file() and path.name == DOCX:
            raw.docx = read_docx(path, where.path, problems)
        else:
            problems.warning(where, "this is not read: the report folder holds report.yml, anchors.json and "
                             "either Markdown chapters (01-introduction.md ...) or one report.docx")
    if raw.docx is not None and raw.chapters:
        problems.error(SourceLocation(f"{rel}/{DOCX}"), "the report is written both as Markdown chapters and as "
                       "report.docx: keep one of them (move the other out of the report folder)")
    if raw.docx is None and not raw.chapters and not (folder / DOCX).exists():
        problems.error(SourceLocation(f"{rel}/report.yml"), "the report has no text: add Markdown chapters "
                       "(01-introduction.md, 02-...) or one report.docx to the report folder")
    _read_anchors(folder / ANCHORS, f"{rel}/{ANCHORS}", raw, problems)
    return raw


def _read_chapter(path: Path, rel: str, problems: Problems) -> SourceFile | None:
    """A chapter's front matter is optional: a file may start straight with its heading."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    if text.split("\n", 1)[0].strip() == "---":
        return read_markdown_file(path, rel, problems)
    return SourceFile(path, rel, LocatedData({}, rel), body=text, body_line=1)


def _read_anchors(path: Path, rel: str, raw: RawReport, problems: Problems) -> None:
    if not path.is_file() or path.is_symlink():
        return
    text = read_text(path, rel, problems)
    if text is None:
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.error(SourceLocation(rel, exc.lineno, exc.colno), "this record of paragraph links is written by "
                       f"the build and should not be edited by hand ({exc.msg}): restore it from version control, "
                       "or delete it to start a new record (old paragraph links may then stop working)")
        return
    if not isinstance(data, dict) or not isinstance(data.get("paragraphs"), list):
        problems.error(SourceLocation(rel), "this is not a record of paragraph links written by the build: restore "
                       "it from version control, or delete it to start a new record")
        return
    raw.anchors, raw.anchors_text = data, text


# --- Word ---------------------------------------------------------------------------------------

def read_docx(path: Path, rel: str, problems: Problems) -> RawDocx | None:
    """Convert report.docx with mammoth (meaning, not looks) and report what it cannot carry."""
    import mammoth

    where = SourceLocation(rel)
    data = path.read_bytes()
    if len(data) > MAX_DOCX_BYTES:
        problems.error(where, f"report.docx is {len(data) // 1_000_000} MB; it must be under "
                       f"{MAX_DOCX_BYTES // 1_000_000} MB: make the pictures in it smaller (Word: File → Compress "
                       "Pictures) and save it again")
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            document = package.read("word/document.xml")
            names = set(package.namelist())
    except (zipfile.BadZipFile, KeyError, OSError):
        problems.error(where, "this is not a Word document this tool can read: in Word, use Save As and choose "
                       "'Word Document (.docx)'")
        return None
    report_unsupported(document, names, where, problems)
    images: list[DocxImage] = []

    def convert_image(image: Any) -> dict[str, str]:
        number = len(images) + 1
        if not (image.alt_text or "").strip():
            problems.warning(where, f"picture {number} in report.docx has no alternative text, so people who cannot "
                             "see it miss what it shows: in Word, right-click the picture, choose 'View Alt Text' "
                             "and describe it")
        suffix = IMAGE_TYPES.get(image.content_type)
        with image.open() as stream:
            picture = stream.read()
        if suffix is None:
            problems.error(where, f"picture {number} in report.docx is in a format that is not published "
                           f"({image.content_type}): replace it in Word with a PNG or JPEG copy")
            return {"src": ""}
        target = f"report/images/figure-{number}.{suffix}"
        size = _check_picture(picture, suffix, number, where, problems)
        if size is not None:
            images.append(DocxImage(target, picture, size))
        return {"src": target.removeprefix("report/") if size else "", "alt": (image.alt_text or "").strip()}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP,
                                         convert_image=mammoth.images.img_element(convert_image))
    except Exception as exc:  # mammoth raises many kinds on a damaged file  # noqa: BLE001
        problems.error(where, f"report.docx could not be converted ({type(exc).__name__}): open it in Word, "
                       "save it again as 'Word Document (.docx)' and try again")
        return None
    for message in sorted({m.message for m in result.messages}):
        problems.warning(where, f"the Word conversion says: {message}; check the web version keeps what the "
                         "document means (use Word's built-in heading, list and caption styles)")
    return RawDocx(rel, result.value, images)


def report_unsupported(document: bytes, names: set[str], where: SourceLocation, problems: Problems) -> None:
    """Tracked changes, comments and text boxes are not published: say so, never drop them in silence."""
    from lxml import etree

    try:
        tree = etree.fromstring(document, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                                 huge_tree=False))
    except etree.XMLSyntaxError:
        return
    inserted = len(tree.findall(f".//{W}ins")) + len(tree.findall(f".//{W}moveTo"))
    deleted = len(tree.findall(f".//{W}del")) + len(tree.findall(f".//{W}moveFrom"))
    if inserted or deleted:
        problems.warning(where, f"report.docx has tracked changes ({_count(inserted, 'insertion')}, "
                         f"{_count(deleted, 'deletion')}): the web version shows the text as if every change were "
                         "accepted: in Word, Review → Accept or Reject each change, then save")
    comments = len(tree.findall(f".//{W}commentReference"))
    if comments or "word/comments.xml" in names:
        problems.warning(where, f"report.docx has {_count(comments, 'comment') if comments else 'comments'}; "
                         "comments are not published: in Word, Review → Delete All Comments once they are dealt with")
    # Word writes each text box twice (a drawing and a fallback for old readers): count one.
    boxes = len([box for box in tree.iter(f"{W}txbxContent")
                 if not any(str(a.tag).endswith("}Fallback") for a in box.iterancestors())])
    if boxes:
        problems.warning(where, f"report.docx has {_count(boxes, 'text box', 'text boxes')}: the web version shows "
                         "their text after the paragraph they are attached to, which may not be where it belongs: "
                         "move the text into the main text (for example as a quotation) and delete the boxes")


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def _check_picture(data: bytes, suffix: str, number: int, where: SourceLocation,
                   problems: Problems) -> tuple[int, int] | None:
    """The same checks as for photos in images/, with messages that name the picture."""
    found = Problems()
    with tempfile.TemporaryDirectory(prefix="assembly-report-") as temp:
        path = Path(temp) / f"figure-{number}.{suffix}"
        path.write_bytes(data)
        size = check_image(path, where.path, len(data), found)
    for problem in found.items:
        problems.error(where, f"picture {number} in report.docx: {problem.message}")
    return size
