"""The content as readers of another language see it. Pure: no I/O.

`localise(content, "cy")` returns the same structure as `content` where every translatable text
holds its translation when there is one, and otherwise the default language's text as a
`Fallback`: a `str` that remembers its language. In element content Jinja marks it at once,
through `__html__`, as `<span lang="en">…</span>`; `str(value)` is the plain text. The default
language's view is the content itself, unchanged. Nothing is ever changed in place.

Where translations live: `AssemblyContent.translations[lang]["<folder>/<id>"]` holds the fields
of `<folder>/<id>.<lang>.md` (nested as in the original, "body" for its Markdown), and
`...["assembly"]` the `translations:` map of assembly.yml; `SiteConfig.translations[lang]` holds
site_config.yml's. Which fields can be translated is marked on their types
(generator.model.types.Kind): Text and Markdown can, and so can a person's name and a theme (a
`Translated` str that keeps the default language's words for the theme's address); ids, dates,
numbers, choices, files, addresses and keys cannot. Text identical to the original's is shown as
untranslated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from markupsafe import escape
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model.corpus import AssemblyContent
from generator.model.records import ENTITY_MODELS, Assembly, Entity
from generator.model.site import SiteConfig
from generator.model.types import Kind, kind_of

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=Entity)
ASSEMBLY_KEY = "assembly"
"""The key of assembly.yml's own translations in AssemblyContent.translations[lang]."""
FOLDER_OF: dict[type[Entity], str] = {model: folder for folder, model in ENTITY_MODELS.items()}
TRANSLATED_KINDS = (Kind.TEXT, Kind.NAME, Kind.FIXED)
"""The kinds of value a translation may give; every other value is the same in every language (a
translation file may repeat it, unchanged, as translators copy whole files)."""


class Fallback(str):
    """Text shown in the default language because there is no translation of it yet.

    A plain `str` everywhere (comparisons, `str()`, string methods return plain `str`), but in
    a Jinja template with autoescaping, `{{ value }}` becomes `<span lang="en">text</span>`, so
    screen readers pronounce it in its own language. Where markup has no place (an attribute such as
    alt or title, a <title>, a feed, JSON), use `plain(value)` (register it as a Jinja filter):
    Jinja's own `|string`, `|e` and `~` keep the span."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Fallback:
        value = super().__new__(cls, text)
        value.lang = lang
        return value

    def __html__(self) -> str:
        return f'<span lang="{escape(self.lang)}">{escape(str(self))}</span>'

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # copy and pickle keep .lang
        return str(self), self.lang

    def __repr__(self) -> str:
        return f"Fallback({str.__repr__(self)}, lang={self.lang!r})"


class Translated(str):
    """A translated theme: the words of its translation, and `original`, the default language's
    words, which make the theme's address (the same in every language, so links between languages
    keep working)."""

    original: str

    def __new__(cls, text: str, original: str) -> Translated:
        value = super().__new__(cls, text)
        value.original = str(original)
        return value

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # copy and pickle keep .original
        return str(self), self.original

    def __repr__(self) -> str:
        return f"Translated({str.__repr__(self)}, original={self.original!r})"


def address_text(value: str) -> str:
    """The default language's words of a theme (translated or not), from which its address is made."""
    return value.original if isinstance(value, Translated) else str(value)


def is_fallback(value: object) -> bool:
    """True for text shown in the default language because it has no translation."""
    return isinstance(value, Fallback)


def plain(value: object) -> str:
    """The text without any marking, for attributes and plain-text outputs (feeds, CSV, JSON)."""
    return str(value)


def entity_key(entity: Entity) -> str:
    """'recommendations/cycle-lanes': where an entity's translations are kept."""
    return f"{FOLDER_OF[type(entity)]}/{entity.id}"


def default_language(content: AssemblyContent) -> str | None:
    """The first of `languages:`, or None for an assembly published in one language."""
    return content.assembly.languages[0] if content.assembly.languages else None


def entity_languages(content: AssemblyContent, entity: Entity | Assembly) -> list[str]:
    """The languages an entity (or the assembly itself) is written in: the default language, then
    each language with a translation of it, in the order of `languages:`."""
    languages = content.assembly.languages
    key = ASSEMBLY_KEY if isinstance(entity, Assembly) else entity_key(entity)
    return languages[:1] + [lang for lang in languages[1:] if key in content.translations.get(lang, {})]


def localise(content: AssemblyContent, lang: str) -> AssemblyContent:
    """The assembly as readers of `lang` see it (see the module's docstring)."""
    languages = content.assembly.languages
    if not languages or lang == languages[0]:
        return content
    if lang not in languages:
        raise ValueError(f"{content.slug} is not published in '{lang}'; its languages are {', '.join(languages)}")
    default, table = languages[0], content.translations.get(lang, {})

    themes = theme_names(content, lang)

    def entity(record: E) -> E:
        overlay = table.get(entity_key(record))
        theme = getattr(record, "theme", None)
        if theme in themes:  # every recommendation of a theme shows its one translation
            overlay = {**(overlay or {}), "theme": themes[theme]}
        return _localise_entity(record, overlay, default)

    return dataclasses.replace(
        content,
        assembly=localise_record(content.assembly, table.get(ASSEMBLY_KEY), default),
        sessions=[entity(s) for s in content.sessions],
        speakers=[entity(s) for s in content.speakers],
        evidence=[entity(e) for e in content.evidence],
        recommendations=[entity(r) for r in content.recommendations],
        responses={rec_id: entity(r) for rec_id, r in content.responses.items()},
        updates=[entity(u) for u in content.updates],
        pages=[entity(p) for p in content.pages],
        home_page=entity(content.home_page) if content.home_page else None,
        files=dict(content.files),
        texts=dict(content.texts),
        images=dict(content.images),
        translations={lang: dict(table) for lang, table in content.translations.items()},
    )


def theme_names(content: AssemblyContent, lang: str) -> dict[str, str]:
    """Each theme's name in `lang`, as the translations of its recommendations give it (checked to
    agree by generator.validate.translations); a theme no translation names is not listed."""
    table = content.translations.get(lang, {})
    names: dict[str, str] = {}
    for rec in content.recommendations:
        given = (table.get(entity_key(rec)) or {}).get("theme")
        if rec.theme and isinstance(given, str) and given.strip() and given.strip() != rec.theme.strip():
            names.setdefault(rec.theme, given.strip())
    return names


def localise_assembly(assembly: Assembly, lang: str) -> Assembly:
    """assembly.yml's fields in `lang`, from its `translations:` map."""
    if not assembly.languages or lang == assembly.languages[0]:
        return assembly
    return localise_record(assembly, assembly.translations.get(lang), assembly.languages[0])


def localise_config(config: SiteConfig, lang: str) -> SiteConfig:
    """site_config.yml's fields in `lang`, from its `translations:` map; untranslated text is a
    Fallback in `config.language`. The site's own language gets the config unchanged."""
    if lang not in config.translations and _primary(lang) == _primary(config.language):
        return config
    return localise_record(config, config.translations.get(lang), config.language)


def localise_record(record: M, overlay: Mapping[str, Any] | None, default: str,
                    updates: dict[str, Any] | None = None) -> M:
    """A deep copy of `record` with the translated fields of `overlay` (as checked by
    generator.validate.translations), and a Fallback in `default` for every text it lacks;
    `updates` sets other fields of the copy (records are never changed once validated)."""
    updates = dict(updates or {})
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        given = overlay.get(info.alias or name) if overlay else None
        new = _localise_value(annotation_of(info), value, given, default)
        if new is not value and name not in updates:
            updates[name] = new
    return record.model_copy(update=updates, deep=True)


def _localise_entity(record: E, overlay: Mapping[str, Any] | None, default: str) -> E:
    body = overlay.get("body") if overlay else None
    if isinstance(body, str) and body.strip() and body.strip() != record.body.strip():
        return localise_record(record, overlay, default, {"body": body})
    if record.body.strip():
        return localise_record(record, overlay, default, {"body": Fallback(record.body, default)})
    return localise_record(record, overlay, default)


def _localise_value(annotation: Any, value: Any, given: Any, default: str) -> Any:
    if value is None:
        return None
    kind = kind_of(annotation)
    if kind is not None:
        if not isinstance(value, str) or not value:
            return value
        # A text copied unchanged from the original is not a translation: shown marked, as if absent.
        if kind in TRANSLATED_KINDS and isinstance(given, str) and given.strip() and given.strip() != value.strip():
            return Translated(given, value) if kind == Kind.FIXED else given
        return Fallback(value, default) if kind in (Kind.TEXT, Kind.FIXED) else value
    if isinstance(value, BaseModel):
        return localise_record(value, given if isinstance(given, Mapping) else None, default)
    if isinstance(value, list):
        item = list_item(annotation)
        given_items = given if isinstance(given, list) else []
        return [_localise_value(item, v, given_items[i] if i < len(given_items) else None, default)
                for i, v in enumerate(value)]
    return value


def untranslated_fields(record: BaseModel) -> list[str]:
    """Where a localised record shows default-language text for want of a translation, as
    field labels ("title", "body", "commitments[2].action"); empty when it is all translated.
    Untranslated themes are not counted (a theme belongs to the site, not to one page)."""
    found: list[str] = []
    _untranslated(record, "", found)
    return found


def has_untranslated(record: BaseModel) -> bool:
    """True when a localised entity shows anything in the default language (the page says so)."""
    return bool(untranslated_fields(record))


def _untranslated(record: BaseModel, prefix: str, found: list[str]) -> None:
    for name, info in type(record).model_fields.items():
        label = prefix + (info.alias or name)
        _untranslated_value(annotation_of(info), getattr(record, name), label, found)


def _untranslated_value(annotation: Any, value: Any, label: str, found: list[str]) -> None:
    if isinstance(value, Fallback):
        if kind_of(annotation) != Kind.FIXED:
            found.append(label)
    elif isinstance(value, BaseModel):
        _untranslated(value, label + ".", found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _untranslated_value(list_item(annotation), item, f"{label}[{index + 1}]", found)


def annotation_of(info: FieldInfo) -> Any:
    """A field's whole annotation: pydantic keeps the `Annotated` markers of `title: Text` apart."""
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def list_item(annotation: Any) -> Any:
    """The item type of `list[X]` or `list[X] | None`; None when the annotation is not a list."""
    if get_origin(annotation) is list:
        return get_args(annotation)[0]
    if get_origin(annotation) in (Union, type(int | None)):
        for arg in get_args(annotation):
            if (found := list_item(arg)) is not None:
                return found
    return None


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-", 1)[0].lower()
