"""Keeping the catalogs current: extract every message from the code and the templates (as
babel.cfg says), write generator/locales/messages.pot, bring each language's .po up to date, and
start a new language. `python -m generator.i18n` runs these; tests/test_i18n.py uses the same
extraction, so what the tests check is what a translator receives."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po
from babel.plural import to_gettext

from generator.i18n import DOMAIN, LOCALES_DIR, SOURCE_LANGUAGE, available_languages, catalog_path, parse_language

ROOT = LOCALES_DIR.parent.parent
"""The repository: babel.cfg's patterns are written from here."""
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
COMMENT_TAGS = ("NOTE:",)
SOURCE_FOLDERS = ("generator", "theme")
PROJECT = "assembly-site"
WIDTH = 100
HEADER = """\
# Translations template for PROJECT: the words of its interface.
# Update with `python -m generator.i18n update`; see docs/welsh.md, "Translate the interface".
# This file is distributed under the same licence as PROJECT.
#"""


def _catalog(locale: Locale | None = None) -> Catalog:
    return Catalog(locale=locale, project=PROJECT, domain=DOMAIN, charset="utf-8", fuzzy=False, header_comment=HEADER,
                   copyright_holder="-", msgid_bugs_address="-", last_translator="-",
                   language_team=locale.english_name if locale else "-")


def _in_sources(path: str) -> bool:
    rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
    return rel == "." or rel.split("/", 1)[0] in SOURCE_FOLDERS


def extract(root: Path = ROOT) -> Catalog:
    """Every message of the code and the templates, with where each is used."""
    with (root / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, "babel.cfg")
    catalog = _catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
            root, method_map, options_map, keywords=DEFAULT_KEYWORDS, comment_tags=COMMENT_TAGS,
            strip_comment_tags=True, directory_filter=_in_sources):
        catalog.add(message, None, [(filename.replace(os.sep, "/"), lineno)], auto_comments=comments,
                    context=context)
    return catalog


def _plural_forms(language: str) -> str:
    """The Plural-Forms header: gettext's usual one when it has as many forms as CLDR's rules, else
    one made from CLDR's rules (Welsh: six forms, zero one two few many other, where gettext's
    usual header has five)."""
    locale = parse_language(language)
    cldr = to_gettext(locale.plural_form).strip()
    usual = get_plural(locale)
    if f"nplurals={usual.num_plurals};" in cldr:
        return f"nplurals={usual.num_plurals}; plural={usual.plural_expr};"
    return cldr


def _text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, include_lineno=False, ignore_obsolete=True, sort_output=True)
    return out.getvalue()


def _with_plural_forms(po: bytes, language: str) -> bytes:
    lines = po.decode("utf-8").split("\n")
    header = f'"Plural-Forms: {_plural_forms(language)}\\n"'
    lines = [header if line.startswith('"Plural-Forms:') else line for line in lines]
    return "\n".join(lines).encode("utf-8")


def new_catalog(language: str, template: Catalog) -> bytes:
    """A catalog for a new language: every message, none translated yet (English: all of them)."""
    catalog = _catalog(Locale.parse(language))
    catalog.update(template, no_fuzzy_matching=True)
    if language == SOURCE_LANGUAGE:
        _english_is_the_msgids(catalog)
    return _with_plural_forms(_text(catalog), language)


def _english_is_the_msgids(catalog: Catalog) -> None:
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")


def read(language: str) -> Catalog:
    with catalog_path(language).open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


def _write(path: Path, text: bytes) -> bool:
    """Write unless only the dates of the header would change; True if written."""
    def body(data: bytes) -> list[bytes]:
        return [line for line in data.split(b"\n") if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision'))]

    if path.is_file() and body(path.read_bytes()) == body(text):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)
    return True


def update(languages: Iterable[str] | None = None, root: Path = ROOT) -> list[Path]:
    """Write messages.pot afresh and merge it into each catalog: new messages are added (with a
    fuzzy guess when a similar one exists), messages no longer used are removed. Returns the files
    that changed."""
    template = extract(root)
    written = []
    pot = root / TEMPLATE.relative_to(ROOT)
    if _write(pot, _text(template)):
        written.append(pot)
    for language in languages or available_languages():
        catalog = read(language)
        catalog.update(template)
        if language == SOURCE_LANGUAGE:
            _english_is_the_msgids(catalog)
        path = root / catalog_path(language).relative_to(ROOT)
        if _write(path, _text(catalog)):
            written.append(path)
    return written


def init(language: str, root: Path = ROOT) -> Path:
    """Start the catalog of a new language (a code such as cy, ur, pt_BR)."""
    path = root / catalog_path(language).relative_to(ROOT)
    if path.exists():
        raise FileExistsError(f"{path} exists already; run `python -m generator.i18n update`")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(new_catalog(language, extract(root)))
    return path


@dataclass(frozen=True)
class Gap:
    language: str
    msgid: str
    reason: str

    def __str__(self) -> str:
        return f"{self.language}: {self.reason}: {self.msgid!r}"


def gaps(language: str, template: Catalog | None = None) -> list[Gap]:
    """Messages of the code without a usable translation in a language's catalog."""
    template = template if template is not None else extract()
    catalog = read(language)
    found = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, message.context)
        strings = ([] if entry is None else list(entry.string) if isinstance(entry.string, tuple)
                   else [entry.string])
        if entry is None:
            found.append(Gap(language, _name(message.id), "not in the catalog"))
        elif entry.fuzzy:
            found.append(Gap(language, _name(message.id), "fuzzy (check the translation, then remove the flag)"))
        elif not strings or not all(strings):
            found.append(Gap(language, _name(message.id), "not translated"))
    return found


def _name(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]
