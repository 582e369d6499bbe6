"""Translations: `languages:` in assembly.yml, the `<id>.<lang>.md` files beside the originals and
the `translations:` maps of assembly.yml and site_config.yml. Every problem is located and says
what to write; a missing translation is never a problem (the default language is shown)."""

from __future__ import annotations

from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import to_jsonable_python

from generator.errors import Problems
from generator.load.files import SourceFile
from generator.model.records import Entity
from generator.model.site import SiteConfig
from generator.model.translate import TRANSLATED_KINDS, annotation_of, list_item
from generator.model.types import Kind, closest, did_you_mean, kind_of

RESERVED = ("id", "body", "source", "body_line")
MISSING: Any = object()
"""The original could not be read: check the translation against the schema only."""
PathKeys = tuple[str | int, ...]


def tag_problem(tag: str) -> str | None:
    """What is wrong with a language tag, with what to write instead; None when it is valid."""
    if "_" in tag:
        return f"'{tag}' is written with _, but language tags use a hyphen: write '{tag.replace('_', '-')}'"
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        names = {name.lower(): code for code, name in Locale("en").languages.items() if "_" not in code}
        if tag.strip().lower() in names:
            code = names[tag.strip().lower()]
            return f"'{tag}' is not a language tag: write '{code}' for {Locale('en').languages[code]}"
        return (f"'{tag}' is not a language tag: write a code such as en (English), cy (Welsh) or ga (Irish), "
                "optionally with a region, such as en-GB")
    first = tag.split("-", 1)[0].lower()
    if locale.language != first:
        return (f"'{tag}' is not the usual tag for {Locale(locale.language).english_name}: write '{locale.language}'"
                + (tag[len(first):] if "-" in tag else ""))
    return None


def check_languages(source: SourceFile, languages: list[str], problems: Problems) -> None:
    """Each entry of `languages:` is a valid tag, listed once."""
    seen: dict[str, int] = {}
    for index, tag in enumerate(languages):
        where = source.at("languages", index)
        message = tag_problem(tag)
        if message:
            problems.error(where, f"languages[{index + 1}]: {message}")
            continue
        if tag.lower() in seen:
            problems.error(where, f"languages: '{tag}' is listed twice (also as languages[{seen[tag.lower()] + 1}]): "
                           "remove this one")
            continue
        seen[tag.lower()] = index


def language_not_listed(lang: str, languages: list[str]) -> str:
    """Why a translation in `lang` cannot be used, and what to do; "" when it can."""
    if lang in languages[1:]:
        return ""
    if languages and lang == languages[0]:
        return (f"`{lang}` is the default language (the first in `languages:`), so its text belongs in the fields "
                "themselves, not in a translation: move it there")
    if not languages:
        return (f"`{lang}` is not in `languages:` in assembly.yml: to publish translations, add a line such as "
                f"`languages: [en, {lang}]` there (the default language first)")
    close = closest(lang, languages[1:])
    hint = f" (did you mean {close}?)" if close else ""
    return (f"`{lang}` is not in `languages:` in assembly.yml, which lists {', '.join(languages)}{hint}: add it "
            "there, or correct the language")


def check_translation_map(source: SourceFile, model: type[BaseModel], original: BaseModel | None,
                          languages: list[str] | None, problems: Problems) -> dict[str, dict[str, Any]]:
    """The `translations:` map of assembly.yml (`languages` is its list) or site_config.yml (None: any
    valid tag but the site's own language). Returns language → the checked fields."""
    data = source.located.data
    mapping = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(mapping, dict):
        return {}
    checked: dict[str, dict[str, Any]] = {}
    for lang, fields in mapping.items():
        where = source.at("translations", lang, key=True)
        if languages is not None:
            message = language_not_listed(lang, languages)
        elif isinstance(original, SiteConfig) and _primary(lang) == _primary(original.language):
            message = (f"`{lang}` is the site's own language (language: {original.language}), so its text belongs "
                       "in the fields themselves: move it there")
        else:
            message = tag_problem(lang) or ""
        if message:
            problems.error(where, f"translations: {message}")
            continue
        checked[lang] = check_fields(model, original, fields, source, ("translations", lang), problems,
                                     source.rel.rsplit("/", 1)[-1])
    return checked


def check_translation_file(source: SourceFile, model: type[BaseModel], original: BaseModel | None,
                           origin: str, problems: Problems) -> dict[str, Any]:
    """The front matter of `<id>.<lang>.md` against its original (`origin`, such as
    recommendations/cycle-lanes.md); "body" is added when the file has translated Markdown."""
    data = source.located.data
    if isinstance(data, dict):
        for reserved in RESERVED:
            if reserved in data:
                problems.error(source.at(reserved, key=True), f"'{reserved}' is set from the file itself: remove "
                               "this line" + (" and write the translated text below the closing ---"
                                              if reserved == "body" else ""))
        data = {key: value for key, value in data.items() if key not in RESERVED}
    checked = check_fields(model, original, data, source, (), problems, origin)
    if source.body.strip():
        checked["body"] = source.body
    return checked


def check_fields(model: type[BaseModel], original: Any, data: Any, source: SourceFile, path: PathKeys,
                 problems: Problems, origin: str) -> dict[str, Any]:
    """One mapping of translated fields; returns the fields that are right."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.error(source.at(*path), f"{_label(path) or 'the translation'} must be a group of `name: value` "
                       "lines, one for each translated field")
        return {}
    hidden = RESERVED if not path and issubclass(model, Entity) else ()
    fields = {info.alias or name: (name, info) for name, info in model.model_fields.items() if name not in hidden}
    checked: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            allowed = [k for k, (_, info) in fields.items() if translatable(annotation_of(info))]
            hint = did_you_mean(key, allowed)
            listing = f"; the fields that can be translated here are {', '.join(allowed)}" if allowed and not hint \
                else ""
            problems.error(source.at(*path, key, key=True), f"unknown field '{_label((*path, key))}'{hint}{listing}")
            continue
        name, info = fields[key]
        before = MISSING if original is MISSING or original is None else getattr(original, name)
        result = _check_value(annotation_of(info), before, value, source, (*path, key), problems, origin)
        if result is not None:
            checked[key] = result
    return checked


def translatable(annotation: Any) -> bool:
    """Whether a field holds any text a translation may give (itself, or inside it)."""
    kind = kind_of(annotation)
    if kind is not None:
        return kind in TRANSLATED_KINDS
    item = list_item(annotation)
    if item is not None:
        return translatable(item)
    model = _model(annotation)
    return model is not None and any(translatable(annotation_of(info)) for info in model.model_fields.values())


def _check_value(annotation: Any, original: Any, value: Any, source: SourceFile, path: PathKeys,
                 problems: Problems, origin: str) -> Any:
    label = _label(path)
    where = source.at(*path)
    if not translatable(annotation):
        return _copied(annotation, original, value, source, path, problems, origin)
    if _empty(original) and _empty(value):
        return None  # copied as it is: nothing in the original, nothing here
    if original is None or original == [] or original == "":
        problems.error(source.at(*path, key=True), f"{origin} has no '{_last(path)}' here, so there is nothing to "
                       "translate: add it to the original first, or remove this line")
        return None
    if kind_of(annotation) is not None:
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.error(where, f"'{label}' is empty: write the translation, or remove the line to show the "
                           "original text")
            return None
        if not isinstance(value, str):
            kind = "a list" if isinstance(value, list) else "a set of fields"
            problems.error(where, f"'{label}' must be text, not {kind}, as in the original")
            return None
        return value
    item = list_item(annotation)
    if item is not None:
        if not isinstance(value, list):
            problems.error(where, f"'{label}' must be a list, one entry per line starting with '- ', in the order "
                           "of the original (use `- {}` for an entry left untranslated)")
            return None
        if original is not MISSING and len(value) > len(original):
            problems.error(source.at(*path, len(original)), f"'{label}' has {len(value)} entries but the original "
                           f"has {len(original)}: give one entry for each, in the same order, and no more")
        return [None if entry is None or entry == {} else
                _check_value(item, original[i] if original is not MISSING else MISSING, entry, source,
                             (*path, i), problems, origin)
                for i, entry in enumerate(value[:len(original)] if original is not MISSING else value)]
    model = _model(annotation)
    assert model is not None
    return check_fields(model, original, value, source, path, problems, origin)


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or (isinstance(value, str) and not value.strip())


def _copied(annotation: Any, original: Any, value: Any, source: SourceFile, path: PathKeys, problems: Problems,
            origin: str) -> None:
    """A field that holds no text (an id, a date, a number, a choice, vote counts...), repeated in a
    translation: accepted silently when it has the original's value, as translators copy whole
    files (and multilingual content editors write every field into every language's file); a
    different value is an error, as every language shows the original's."""
    if original is MISSING or _same(annotation, original, value):
        return None
    label = _label(path)
    shown = _shown(original)
    problems.error(source.at(*path), f"'{label}' is {_shown(_parsed(annotation, value))} here but {shown} in {origin}: "
                   f"{_why_not(annotation)}, so every language shows {shown}; write {shown} here, as in "
                   f"{origin}, or remove this line (a translation file may repeat it unchanged)")
    return None


def _same(annotation: Any, original: Any, value: Any) -> bool:
    if _empty(original) and _empty(value):
        return True
    return value == original or _parsed(annotation, value) == original or _shown(value) == _shown(original)


def _parsed(annotation: Any, value: Any) -> Any:
    """The value as the original's field reads it (YAML text to a date, a number, a choice); as
    written when it is not a valid value."""
    try:
        return TypeAdapter(annotation).validate_python(value)
    except (ValidationError, TypeError, ValueError):
        return value


def _shown(value: Any) -> str:
    """A value as the files write it: 2025-03-01, accepted, [a, b], {for: 31, against: 4}; 'empty'."""
    if _empty(value):
        return "empty"
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_none=True)
    try:
        value = to_jsonable_python(value)
    except Exception:  # noqa: BLE001 - any value still has a text form
        return repr(value)
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6).strip()
    return text.removesuffix("...").strip()


def check_theme_names(sources: Any, originals: dict[tuple[str, str], Any], problems: Problems) -> None:
    """Recommendations that share a theme share its name in each language: every translation that
    names the theme names it the same way, and two themes are not given the same name (the theme's
    address stays the default language's, so one name must mean one theme). `sources` are the
    translation files of recommendations/."""
    by_theme: dict[tuple[str, str], tuple[str, str]] = {}
    by_name: dict[tuple[str, str], tuple[str, str]] = {}
    for source in sources:
        data = source.located.data
        given = data.get("theme") if isinstance(data, dict) else None
        theme = getattr(originals.get(("recommendations", source.id)), "theme", None)
        if not theme or not isinstance(given, str) or not given.strip() or given.strip() == theme.strip():
            continue
        name, lang = given.strip(), source.lang
        first = by_theme.setdefault((lang, theme), (name, source.rel))
        if first[0] != name:
            problems.error(source.at("theme"), f"theme: '{theme}' is translated as '{name}' here but as "
                           f"'{first[0]}' in {first[1]}: every recommendation on {theme} shows one name for it, so "
                           f"write the same translation in both files (or remove this line to show '{first[0]}')")
            continue
        other = by_name.setdefault((lang, name.casefold()), (theme, source.rel))
        if other[0] != theme:
            problems.error(source.at("theme"), f"theme: '{name}' translates '{theme}' here but '{other[0]}' in "
                           f"{other[1]}: two themes cannot share a name; give each its own")


def _why_not(annotation: Any) -> str:
    kind = kind_of(annotation)
    if kind == Kind.SAME:
        return "it is the same in every language"
    if kind is not None:
        return f"it is {kind.value}, the same in every language"
    if list_item(annotation) is not None:
        return "it lists ids or codes, the same in every language"
    return "it holds no text to translate"


def _model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        if (found := _model(arg)) is not None:
            return found
    return None


def _label(path: PathKeys) -> str:
    label = ""
    for part in path[2:] if path[:1] == ("translations",) else path:
        label += f"[{part + 1}]" if isinstance(part, int) else ("." if label else "") + str(part)
    return label


def _last(path: PathKeys) -> str:
    return next((str(part) for part in reversed(path) if isinstance(part, str)), "")


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-", 1)[0].lower()
