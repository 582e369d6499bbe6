"""Read the content folders into located raw data. Nothing here knows the schema."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problem, Problems, SourceLocation, relative_path
from generator.load.yaml_source import LocatedData, parse_yaml, remove_unpublishable
from generator.memo import Memo
from generator.parts import part_named

ENTITY_FOLDERS = ("sessions", "speakers", "evidence", "recommendations", "responses", "updates", "pages")
FILE_FOLDERS = ("documents", "images")
ID_PATTERN = re.compile(r"^[a-z0-9-]+$")
LANGUAGE_LIKE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
"""What a language tag looks like in a file name (cy, en-GB, zh-Hant): `<id>.<this>.md` is a translation."""
MAX_TEXT_BYTES = 2_000_000

_UNSAVED: ContextVar[Mapping[Path, bytes] | None] = ContextVar("assembly_unsaved", default=None)


@contextmanager
def unsaved(texts: Mapping[Path, bytes]) -> Iterator[None]:
    """While the block runs, the files at these (resolved) paths read as the given bytes instead of
    what is on disk: the editor's preview of a change not yet saved. Only files that exist are
    read this way (a folder's listing is still the disk's)."""
    token = _UNSAVED.set(texts)
    try:
        yield
    finally:
        _UNSAVED.reset(token)


@dataclass
class SourceFile:
    """One content file: its front matter (or whole YAML) with locations, and its body."""

    path: Path
    rel: str
    located: LocatedData
    body: str = ""
    body_line: int = 1
    lang: str | None = None
    """The language of a translation (`<id>.<lang>.md`); None for every other file."""

    @property
    def id(self) -> str:
        return self.path.name.split(".", 1)[0]

    def at(self, *keys: str | int, key: bool = False) -> SourceLocation:
        return self.located.locate(tuple(keys), key=key)


@dataclass
class RawAssembly:
    slug: str
    folder: Path
    rel: str
    assembly: SourceFile | None = None
    entities: dict[str, list[SourceFile]] = field(default_factory=dict)
    translations: dict[str, list[SourceFile]] = field(default_factory=dict)
    """Folder → its translation files (`<id>.<lang>.md`, each with `.lang`), for originals that exist."""
    files: dict[str, int] = field(default_factory=dict)
    """Relative path → size in bytes, for every file in documents/ and images/."""
    pdf_pages: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    images: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Pictures that passed the checks: relative path → (width, height) as displayed."""
    """Transcripts and captions (.md, .txt, .vtt), read so the page can show them."""
    parts: dict[str, Any] = field(default_factory=dict)
    """What each optional part (generator.parts) read from its folder, by the part's name."""

    @property
    def report(self) -> Any:
        """The report folder as read by generator.report.load (a RawReport), if there is one."""
        return self.parts.get("report")


@dataclass
class RawSite:
    root: Path
    config: SourceFile | None
    assemblies: list[RawAssembly]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Read a text file as UTF-8, accepting a byte-order mark and Windows line endings."""
    drafts = _UNSAVED.get()
    raw = drafts.get(path.resolve()) if drafts else None
    if raw is None:
        raw = path.read_bytes()
    if len(raw) > MAX_TEXT_BYTES:
        problems.error(SourceLocation(rel), f"the file is {len(raw):,} bytes; content files must be under "
                       f"{MAX_TEXT_BYTES:,} bytes: split it or move long material into documents/")
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(SourceLocation(rel), "the file is saved as UTF-16: save it again with the encoding "
                       "UTF-8 (in most editors: Save As, then Encoding: UTF-8)")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(SourceLocation(rel, line, column), "the file is not saved as UTF-8 (it may be "
                       "Windows-1252, as Word and old editors write): save it again with the encoding UTF-8")
        return None
    if "\x00" in text:
        first = text.index("\x00")
        line, column = text.count("\n", 0, first) + 1, first - (text.rfind("\n", 0, first) + 1) + 1
        problems.error(SourceLocation(rel, line, column), "the file contains a NUL character: it is not a text file")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Control characters (and `&#27;`, which Markdown turns into one) are errors where they are.
    return remove_unpublishable(text, rel, problems, references=True)


_READS = Memo("reads")
"""Files as read (the preview server): a file whose size, times and inode are those of the last
read is not read again; its problems are reported again. Never for a file read with unsaved text."""


Reader = Callable[[Path, str, Problems], "SourceFile | None"]


def _remembered(read: Reader) -> Reader:
    def remembered(path: Path, rel: str, problems: Problems) -> SourceFile | None:
        drafts = _UNSAVED.get()
        if not _READS.enabled or (drafts and path.resolve() in drafts):
            return read(path, rel, problems)
        try:
            info = os.stat(path)
        except OSError:
            return read(path, rel, problems)
        key = (read.__name__, str(path), rel, info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
        kept: tuple[SourceFile | None, list[Problem]] | None = _READS.lookup(key)
        if kept is None:
            found = Problems()
            kept = (read(path, rel, found), found.items)
            _READS.keep(key, kept)
        problems.extend(kept[1])
        return kept[0]

    remembered.__doc__ = read.__doc__
    return remembered


@_remembered
def read_yaml_file(path: Path, rel: str, problems: Problems) -> SourceFile | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    located, found = parse_yaml(text, rel)
    problems.extend(found.items)
    if located is None:
        return None
    return SourceFile(path, rel, located)


@_remembered
def read_markdown_file(path: Path, rel: str, problems: Problems) -> SourceFile | None:
    """Split `---` front matter from the Markdown body."""
    text = read_text(path, rel, problems)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.error(SourceLocation(rel, 1, 1), "the file must start with a line `---`, then its fields "
                       "(such as `title: ...`), then another line `---`, then the text")
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.error(SourceLocation(rel, 1, 1), "the fields that start with `---` on line 1 are never "
                       "closed: add a line `---` after the last field")
        return None
    located, found = parse_yaml("\n".join(lines[1:end]), rel, line_offset=1)
    problems.extend(found.items)
    if located is None:
        return None
    body = "\n".join(lines[end + 1:])
    return SourceFile(path, rel, located, body=body, body_line=end + 2)


def _regular_entries(folder: Path, rel_root: Path, problems: Problems) -> list[os.DirEntry[str]]:
    """Entries of a folder, refusing symbolic links (never followed, never published)."""
    entries = []
    with os.scandir(folder) as it:
        for entry in sorted(it, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                problems.error(SourceLocation(relative_path(Path(entry.path), rel_root)),
                               "this is a symbolic link; links are never followed or published: "
                               "copy the real file here instead")
                continue
            entries.append(entry)
    return entries


def load_assembly(folder: Path, root: Path, problems: Problems) -> RawAssembly:
    rel = relative_path(folder, root)
    raw = RawAssembly(folder.name, folder, rel)
    assembly_file = folder / "assembly.yml"
    if assembly_file.is_file() and not assembly_file.is_symlink():
        raw.assembly = read_yaml_file(assembly_file, f"{rel}/assembly.yml", problems)
    else:
        problems.error(SourceLocation(f"{rel}/assembly.yml"), "every assembly folder needs an assembly.yml "
                       "with at least title, question, commissioned_by and status (`assembly new` writes one)")
    languages = declared_languages(raw.assembly)
    for entry in _regular_entries(folder, root, problems):
        if entry.is_dir() and entry.name in ENTITY_FOLDERS:
            raw.entities[entry.name], raw.translations[entry.name] = _load_entities(
                Path(entry.path), root, problems, languages)
        elif entry.is_dir() and entry.name in FILE_FOLDERS:
            _collect_files(Path(entry.path), raw, root, problems)
        elif entry.is_dir() and (part := part_named(entry.name)) is not None:
            raw.parts[part.name] = part.read(Path(entry.path), root, problems)
        elif entry.name == "assembly.yml":
            continue
        else:
            _unexpected(entry, root, problems)
    return raw


def _unexpected(entry: os.DirEntry[str], root: Path, problems: Problems) -> None:
    """A misspelt folder (recomendations/) must not be skipped in silence."""
    where = SourceLocation(relative_path(Path(entry.path), root))
    known = [*ENTITY_FOLDERS, *FILE_FOLDERS]
    if entry.is_dir():
        close = difflib.get_close_matches(entry.name.lower(), known, n=1, cutoff=0.6)
        if close:
            problems.error(where, f"the folder '{entry.name}' is not read: did you mean '{close[0]}'? Rename it")
        else:
            problems.warning(where, f"the folder '{entry.name}' is not part of the content format and is not "
                             f"published; the folders read are {', '.join(known)}")
    else:
        problems.warning(where, "this file is not read or published: an assembly folder holds assembly.yml and "
                         "folders; put files to publish in documents/ or images/")


def _closest(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def declared_languages(assembly: SourceFile | None) -> list[str] | None:
    """`languages:` as written in assembly.yml (checked later), or None when it cannot be read."""
    if assembly is None:
        return None
    data = assembly.located.data
    languages = data.get("languages", []) if isinstance(data, dict) else None
    if languages is None:
        return []
    if not isinstance(languages, list) or not all(isinstance(tag, str) for tag in languages):
        return None
    return languages


def _load_entities(folder: Path, root: Path, problems: Problems,
                   languages: list[str] | None) -> tuple[list[SourceFile], list[SourceFile]]:
    """The entities of one folder, and the translations of them (`<id>.<lang>.md`)."""
    found: list[SourceFile] = []
    translated: list[tuple[os.DirEntry[str], str, str]] = []
    originals: list[str] = []
    for entry in _regular_entries(folder, root, problems):
        rel = relative_path(Path(entry.path), root)
        if not entry.is_file() or not entry.name.endswith(".md"):
            problems.warning(SourceLocation(rel), "only .md files are read in this folder; this one is ignored")
            continue
        stem = entry.name[:-3]
        if ID_PATTERN.match(stem):
            originals.append(stem)
        entity_id, dot, suffix = stem.rpartition(".")
        if dot and ID_PATTERN.match(entity_id) and (LANGUAGE_LIKE.match(suffix) or suffix in (languages or [])):
            translated.append((entry, entity_id, suffix))
            continue
        if not ID_PATTERN.match(stem):
            problems.error(SourceLocation(rel), f"the file name '{entry.name}' is not a valid id: use only "
                           f"lower-case letters, digits and hyphens, for example '{slugify(stem)}.md'"
                           + (" (a translation is named <id>.<language>.md, such as welcome.cy.md)" if dot else ""))
            continue
        source = read_markdown_file(Path(entry.path), rel, problems)
        if source is not None:
            found.append(source)
    translations = []
    for entry, entity_id, lang in translated:
        rel = relative_path(Path(entry.path), root)
        if _translation_name_ok(rel, folder.name, entity_id, lang, languages, originals, problems):
            source = read_markdown_file(Path(entry.path), rel, problems)
            if source is not None:
                source.lang = lang
                translations.append(source)
    return found, translations


def _translation_name_ok(rel: str, folder: str, entity_id: str, lang: str, languages: list[str] | None,
                         originals: list[str], problems: Problems) -> bool:
    """A translation names a language of the assembly (not the default) and a file that exists."""
    where = SourceLocation(rel)
    if languages is None:
        return False  # assembly.yml has its own errors: the languages are not known yet
    if lang not in languages:
        same = next((tag for tag in languages if tag.lower() == lang.lower()), None)
        if same:
            problems.error(where, f"the language in the file name is written '{lang}' but languages: in "
                           f"assembly.yml has '{same}': rename the file to {entity_id}.{same}.md")
        elif not languages:
            problems.error(where, f"`{lang}` is not in `languages:` in assembly.yml: to publish translations, "
                           f"add a line such as `languages: [en, {lang}]` there (the default language first)")
        else:
            close = _closest(lang, languages)
            hint = f" (did you mean {entity_id}.{close}.md?)" if close and close != languages[0] else ""
            problems.error(where, f"`{lang}` is not in `languages:` in assembly.yml, which lists "
                           f"{', '.join(languages)}{hint}: add it there, or rename the file")
        return False
    if lang == languages[0]:
        problems.error(where, f"`{lang}` is the default language (the first in `languages:`), so this text "
                       f"belongs in {folder}/{entity_id}.md itself: move it there and delete this file")
        return False
    if entity_id not in originals:
        close = _closest(entity_id, originals)
        hint = f" (did you mean {close}?)" if close else ""
        problems.error(where, f"there is no {folder}/{entity_id}.md to translate{hint}: name the translation "
                       f"after the file it translates, as <id>.{lang}.md")
        return False
    return True


def _collect_files(folder: Path, raw: RawAssembly, root: Path, problems: Problems) -> None:
    for entry in _regular_entries(folder, root, problems):
        path = Path(entry.path)
        if entry.is_dir():
            _collect_files(path, raw, root, problems)
        elif entry.is_file():
            rel = path.relative_to(raw.folder).as_posix()
            raw.files[rel] = entry.stat().st_size
            if rel.lower().endswith((".md", ".txt", ".vtt")):
                text = read_text(path, relative_path(path, root), problems)
                if text is not None:
                    raw.texts[rel] = text
            if rel.startswith("images/") or rel.lower().endswith(IMAGE_SUFFIXES):
                size = check_image(path, relative_path(path, root), entry.stat().st_size, problems)
                if size is not None:
                    raw.images[rel] = size
            if rel.lower().endswith(".pdf"):
                pages = pdf_page_count(path)
                if pages is None:
                    problems.warning(SourceLocation(relative_path(path, root)), "this PDF could not be read to "
                                     "count its pages; check it opens, or save it again as PDF")
                else:
                    raw.pdf_pages[rel] = pages


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".tif", ".tiff", ".bmp", ".heic")
IMAGE_FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}
MAX_IMAGE_BYTES = 15_000_000
MAX_IMAGE_PIXELS = 40_000_000


def check_image(path: Path, rel: str, size: int, problems: Problems) -> tuple[int, int] | None:
    """Pictures are checked from their bytes, not their names: JPEG, PNG or WebP, of a sane size.
    Returns (width, height) as displayed (after the camera's orientation), or None."""
    from PIL import Image, UnidentifiedImageError

    where = SourceLocation(rel)
    if path.suffix.lower() == ".svg":
        problems.error(where, "SVG pictures are not published because they can carry scripts: export the "
                       "picture as PNG (drawings) or JPEG (photos)")
        return None
    if size > MAX_IMAGE_BYTES:
        problems.error(where, f"the picture is {size / 1_000_000:.0f} MB; pictures must be under "
                       f"{MAX_IMAGE_BYTES // 1_000_000} MB: export a smaller copy (2,000 pixels wide is plenty)")
        return None
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as image:
            found, (width, height) = image.format or "", image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            if image.getexif().get(0x0112) in (5, 6, 7, 8):  # turned a quarter: swap the sides
                width, height = height, width
    except Image.DecompressionBombError:
        problems.error(where, f"the picture has more than {MAX_IMAGE_PIXELS // 1_000_000} million pixels, so it "
                       "could exhaust a reader's phone: export a smaller copy (2,000 pixels wide is plenty)")
        return None
    except (UnidentifiedImageError, OSError, ValueError):
        problems.error(where, "this file is not a picture this tool can read: save it as JPEG, PNG or WebP")
        return None
    if found not in IMAGE_FORMATS:
        problems.error(where, f"this picture is in {found} format: save it as JPEG (photos), PNG or WebP")
        return None
    if path.suffix.lower() not in IMAGE_FORMATS[found]:
        problems.error(where, f"this file is really a {found} picture but its name ends in {path.suffix}: rename "
                       f"it to end in {IMAGE_FORMATS[found][0]}")
        return None
    return width, height


def pdf_page_count(path: Path) -> int | None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(path).pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError):
        return None


def load_site(root: Path, only: list[str] | None, problems: Problems) -> RawSite:
    """Read site_config.yml and every (or the named) assembly under content/."""
    config_path = root / "site_config.yml"
    config = None
    if config_path.is_file():
        config = read_yaml_file(config_path, "site_config.yml", problems)
    else:
        problems.error(SourceLocation("site_config.yml"), "site_config.yml is missing: run the command from the "
                       "folder that holds it, or create it with organisation, contact_email and theme")
    content = root / "content"
    assemblies: list[RawAssembly] = []
    if content.is_dir():
        for entry in _regular_entries(content, root, problems):
            if not entry.is_dir() or entry.name.startswith("_"):
                continue
            if only is not None and entry.name not in only:
                continue
            if not ID_PATTERN.match(entry.name):
                problems.error(SourceLocation(relative_path(Path(entry.path), root)),
                               f"the assembly folder name '{entry.name}' becomes its web address: use only "
                               f"lower-case letters, digits and hyphens, for example '{slugify(entry.name)}'")
                continue
            assemblies.append(load_assembly(Path(entry.path), root, problems))
    return RawSite(root, config, assemblies)
