"""The editor's configuration (Decap CMS's config), generated from the content models.

Nothing here is written by hand per field: every collection and widget comes from the pydantic
records in generator.model.records and generator.model.site, and every label's help text from
generator.model.docs (the same source as the JSON Schemas in schemas/ and docs/reference.md). A
field added to a model appears in the editor with the next release; tests/test_editor_config.py
fails if a model field has no widget.

How a field becomes a widget (the Kind marked on its annotation, generator.model.types):
text and names → string (Markdown fields → text), a closed vocabulary → select with each value's
meaning in the help, the id of another file → relation to that folder's collection, a date →
date picker writing YYYY-MM-DD, a number → number, yes/no → boolean, a file → file widget into
documents/ (a speaker's photo: image widget into images/), a list of records → list with the
record's fields, a record → object. A recommendation's vote counts, a mapping whose answers and
their order are the officer's, have a widget of their own (static/vote-counts.js); so does a
picture's description (`photo_alt` beside `photo`: static/alt-text.js), required once the picture
is chosen. The `translations:` maps of assembly.yml and site_config.yml are a group per language
of the assembly (after the first), holding the fields a translation may give
(generator.validate.translations.translatable), nested as the fields themselves; with one
language they are kept exactly as written (`hidden`). The report (report/report.yml and its
Markdown chapters) has two collections when the assembly has a report/ folder.
"""

from __future__ import annotations

import enum
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model.json_schema import field_doc
from generator.model.records import ENTITY_MODELS, Assembly
from generator.model.site import SiteConfig
from generator.model.types import Kind, kind_of
from generator.report.model import ChapterMeta, ReportMeta

ENTITY_ONLY = {"id", "body", "source", "body_line"}
"""Filled from the file itself (generator.model.records.Entity), never a widget."""

LEFT_TO_THE_TEXT_EDITOR = {"Assembly.translations", "SiteConfig.translations", "SiteConfig.editor"}
"""Mappings whose keys are the officer's, and the IT team's settings of the published editor (a
mistake there would lock everyone out of it): kept exactly as written (hidden widget)."""

RELATIONS = {"session": "sessions", "speakers": "speakers", "evidence": "evidence",
             "recommendation": "recommendations"}
"""Field name of an id → the folder whose ids it names. Other ids (a progress update's
`commitment`, an id of its own) are typed as text."""

LABELS = {"sessions": "Sessions", "speakers": "Speakers", "evidence": "Evidence",
          "recommendations": "Recommendations", "responses": "Council responses", "updates": "News updates",
          "pages": "Pages"}

IDENTIFIER = {"Speaker": "name", "Response": "recommendation"}
SUMMARY = {"recommendations": "{{number}}. {{title}}", "responses": "{{recommendation}}: {{position}}",
           "updates": "{{date}}: {{title}}", "sessions": "{{date}}: {{title}}"}

DATE = {"widget": "iso-date"}
"""static/iso-date.js: the browser's date input, saved as YYYY-MM-DD (Decap's own date widget could
save a year typed on the keyboard as another)."""


_OWNERS: dict[str, type[BaseModel]] = {"Assembly": Assembly, "SiteConfig": SiteConfig}


NAMED = {"photo_alt": "Photo description (alt text)"}
"""Labels that say more than the field's name."""


def label_for(name: str) -> str:
    if name in NAMED:
        return NAMED[name]
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def _meanings(enum_type: type[enum.Enum]) -> str:
    from generator.model.hints import MEANINGS

    meanings = {str(value): meaning for value, meaning in MEANINGS.get(enum_type, {}).items()}
    return "; ".join(f"{label_for(member.value)}: {meanings[member.value]}" for member in enum_type
                     if member.value in meanings)


def _enum_in(annotation: Any) -> type[enum.Enum] | None:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    for arg in typing.get_args(annotation):
        found = _enum_in(arg)
        if found is not None:
            return found
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _list_item(annotation: Any) -> Any | None:
    """The item type of `list[X]` or `list[X] | None`, else None."""
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is list:
            return typing.get_args(arg)[0]
    return None


def _is_dict(annotation: Any) -> bool:
    return typing.get_origin(annotation) is dict or any(typing.get_origin(a) is dict
                                                        for a in typing.get_args(annotation))


class Context:
    """What widgets depend on beyond the models: the assembly, its languages, the progress keys."""

    def __init__(self, slug: str, languages: list[str], statuses: list[tuple[str, str]]) -> None:
        self.slug, self.languages, self.statuses = slug, languages, statuses

    @property
    def i18n(self) -> bool:
        return len(self.languages) > 1

    def collection(self, kind: str) -> str:
        return f"{self.slug}-{kind}" if self.slug else kind


def widget(annotation: Any, name: str, owner: str, context: Context) -> dict[str, Any]:
    """The widget settings (without name/label) of one field of model `owner`."""
    key = f"{owner}.{name}"
    if key in LEFT_TO_THE_TEXT_EDITOR:
        if context.i18n and _is_dict(annotation):
            return translations_widget(_OWNERS[owner], context)
        return {"widget": "hidden"}
    if key == "Vote.counts":
        return {"widget": "vote-counts"}  # static/vote-counts.js: answers and their order are the officer's
    item = _list_item(annotation)
    if item is not None:
        model = _model_in(item)
        if model is not None:
            shown = next((n for n in ("action", "title", "name", "note", "criterion", "position", "key")
                          if n in model.model_fields), None)
            return {"widget": "list", "fields": fields_of(model, context),
                    **({"summary": "{{fields." + shown + "}}"} if shown else {})}
        if kind_of(item) is Kind.ID and name in RELATIONS:
            return _relation(name, context, multiple=True)
        return {"widget": "list", "field": {"name": name, "label": label_for(name), **widget(item, name, "", context)}}
    if _is_dict(annotation):
        return {"widget": "hidden"}
    model = _model_in(annotation)
    if model is not None:
        return {"widget": "object", "collapsed": False, "fields": fields_of(model, context)}
    kind = kind_of(annotation)
    doc = field_doc(owner, name)
    if kind is Kind.CHOICE:
        enum_type = _enum_in(annotation)
        assert enum_type is not None, key
        return {"widget": "select", "options": [{"label": label_for(m.value), "value": m.value} for m in enum_type]}

    if kind is Kind.DATE:
        return dict(DATE)
    if kind is Kind.NUMBER:
        number_type = "float" if _is_float(annotation) else "int"
        return {"widget": "number", "value_type": number_type, **({"min": 0} if number_type == "int" else {})}
    if kind is Kind.YES_NO:
        return {"widget": "boolean"}
    if kind is Kind.ID and name in RELATIONS:
        return _relation(name, context, multiple=False)
    if kind is Kind.ID and owner == "ProgressUpdate" and name == "commitment":
        return {"widget": "commitment-picker"}  # static/commitment-picker.js: this response's commitments
    if kind is Kind.FILE:
        if name == "photo":
            return {"widget": "image", "choose_url": False, "media_folder": f"/content/{context.slug}/images",
                    "public_folder": "images", "media_library": {"config": {"multiple": False}}}
        return {"widget": "file", "choose_url": False, "media_folder": f"/content/{context.slug}/documents",
                "public_folder": "documents"}
    if kind is Kind.COLOUR:
        return {"widget": "string", "pattern": ["^#[0-9A-Fa-f]{6}$", "# and six hex digits, such as #1d4f91"]}
    if owner == "ProgressUpdate" and name == "status" and context.statuses:
        return {"widget": "select", "options": [{"label": label, "value": key} for key, label in context.statuses]}
    if doc and "Markdown" in doc[0] or name == "reasons":
        return {"widget": "text"}
    return {"widget": "string"}


def translations_widget(model: type[BaseModel], context: Context) -> dict[str, Any]:
    """`translations:` of assembly.yml or site_config.yml: a group per language after the first, each
    with the fields of `model` a translation may give."""
    return {"widget": "object", "collapsed": True,
            "fields": [{"name": lang, "label": _language_name(lang), "widget": "object", "collapsed": True,
                        "required": False, "fields": translated_fields(model, context)}
                       for lang in context.languages[1:]]}


def translated_fields(model: type[BaseModel], context: Context) -> list[dict[str, Any]]:
    """The fields of `model` a translation may give, nested as in the model (lists of records item
    by item, records field by field); each optional."""
    from generator.model.translate import annotation_of, list_item
    from generator.validate.translations import translatable

    fields: list[dict[str, Any]] = []
    for name, info in model.model_fields.items():
        annotation = annotation_of(info)
        written = info.alias or name
        if name in ENTITY_ONLY or f"{model.__name__}.{written}" in LEFT_TO_THE_TEXT_EDITOR \
                or not translatable(annotation):
            continue
        item = list_item(annotation)
        inner = _model_in(item) if item is not None else _model_in(annotation)
        if item is not None and inner is not None:
            settings: dict[str, Any] = {"widget": "list", "fields": translated_fields(inner, context)}
        elif item is not None:
            settings = {"widget": "list", "field": {"name": written, "label": label_for(written),
                                                    **widget(item, written, "", context)}}
        elif inner is not None:
            settings = {"widget": "object", "collapsed": False, "fields": translated_fields(inner, context)}
        else:
            settings = widget(annotation, written, model.__name__, context)
        field = {"name": written, "label": label_for(written), **settings, "required": False}
        doc = field_doc(model.__name__, written)
        if doc:
            field["hint"] = doc[0]
        fields.append(field)
    return fields


def _language_name(tag: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return f"{Locale.parse(tag, sep='-').get_display_name('en')} ({tag})"
    except (ValueError, UnknownLocaleError):
        return tag


def _is_float(annotation: Any) -> bool:
    return annotation is float or any(_is_float(arg) for arg in typing.get_args(annotation))


def _relation(name: str, context: Context, multiple: bool) -> dict[str, Any]:
    kind = RELATIONS[name]
    model = ENTITY_MODELS[kind]
    shown = IDENTIFIER.get(model.__name__, "title")
    return {"widget": "relation", "collection": context.collection(kind), "value_field": "{{slug}}",
            "search_fields": [shown], "display_fields": [shown], "multiple": multiple,
            **({"options_length": 200} if multiple else {})}


IN_THE_FORM = {
    "Publishable.draft": "On: a draft, kept out of the website until you switch this off.",
    "Response.reasons": "Why the council decided this; required unless the position is Accepted.",
    "ProgressUpdate.status": "How far the work has got, from the site's list of statuses.",
    "ProgressUpdate.commitment": "Which of this response's commitments the update reports on. A commitment "
                                 "is listed once it has an Id.",
}
"""Help that the field's own description (written for the file, generator.model.docs) would say
in file terms; the form says it in its own."""
FILE_ONLY = (" (in quotes if it has a comma)", " (year-month-day)", ", in Markdown", " in Markdown")
"""Advice for writing the file by hand, which means nothing in a form."""


def _hint(owner: str, name: str, settings: dict[str, Any], annotation: Any) -> str:
    doc = field_doc(owner, name)
    hint = doc[0] if doc else ""
    key = next((k for k in (f"{owner}.{name}", f"Publishable.{name}") if k in IN_THE_FORM), None)
    if key:
        hint = IN_THE_FORM[key]
    if settings.get("widget") == "relation":
        hint = hint.replace("The id of the ", "The ").replace("The ids of the ", "The ")
    for words in FILE_ONLY:
        hint = hint.replace(words, "")
    if settings.get("widget") == "select":
        enum_type = _enum_in(annotation)
        meanings = _meanings(enum_type) if enum_type else ""
        if meanings and meanings not in hint:
            hint = f"{hint} {meanings[:1].upper()}{meanings[1:]}.".strip()
    if settings.get("widget") == "hidden":
        hint = f"{hint} Edit this in a text editor.".strip()
    if settings.get("widget") == "iso-date":
        hint = hint.replace(" (year-month-day)", "")  # how the file writes it; the form shows the date
    return hint


def field_config(name: str, info: FieldInfo, owner: str, context: Context) -> dict[str, Any]:
    written = info.alias or name
    annotation = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    settings = widget(annotation, written, owner, context)
    field: dict[str, Any] = {"name": written, "label": label_for(written), **settings}
    if settings["widget"] != "hidden":
        field["required"] = info.is_required()
    if settings["widget"] == "select" and isinstance(info.default, enum.Enum):
        field["default"] = info.default.value  # what the site assumes when the field is left out
    hint = _hint(owner, written, settings, annotation)
    if hint:
        field["hint"] = hint
    if context.i18n and owner != "SiteConfig" and owner != "Assembly":
        translatable = kind_of(annotation) in (Kind.TEXT, Kind.NAME) or settings["widget"] in ("list", "object")
        if translatable and settings["widget"] not in ("select", "relation", "hidden"):
            field["i18n"] = True
    return field


def fields_of(model: type[BaseModel], context: Context) -> list[dict[str, Any]]:
    """The widgets of a model's fields, in the model's order, the publishing controls last."""
    owner = model.__name__
    names = [name for name in model.model_fields if not (name in ENTITY_ONLY and "body_line" in model.model_fields)]
    names.sort(key=lambda name: name in ("draft", "publish_on"))
    fields = [field_config(name, model.model_fields[name], owner, context) for name in names]
    pictures = {f["name"] for f in fields if f["widget"] == "image"}
    for field in fields:
        if field["name"].endswith("_alt") and field["name"][: -len("_alt")] in pictures:
            # static/alt-text.js: required once the picture is chosen, as the content format requires
            field.update({"widget": "alt-text", "image_field": field["name"][: -len("_alt")]})
            if context.i18n:
                field["default_locale"] = context.languages[0]
    return fields


def report_collections(context: Context) -> list[dict[str, Any]]:
    """The report's file (report.yml) and its Markdown chapters. A new chapter is a new file whose
    name orders it (05-next-steps.md), so chapters are added in a text editor, not here."""
    folder = f"content/{context.slug}/report"
    return [
        {"name": context.collection("report"), "label": "The report", "format": "yml", "editor": {"preview": False},
         "files": [{"name": "report", "label": "report.yml", "file": f"{folder}/report.yml",
                    "fields": fields_of(ReportMeta, context)}]},
        {"name": context.collection("report-chapters"), "label": "The report's chapters", "folder": folder,
         "extension": "md", "format": "frontmatter", "create": False, "delete": False,
         "identifier_field": "title", "summary": "{{filename}}",
         "description": "Each chapter is a Markdown file in report/; its name puts it in order (such as "
                        "05-next-steps.md). To add a chapter, add such a file with a text editor.",
         "fields": [*fields_of(ChapterMeta, context),
                    {"name": "body", "label": "Text", "widget": "markdown", "required": False,
                     "modes": ["raw", "rich_text"],
                     "hint": "The chapter's text, in Markdown. Every paragraph keeps its lasting link as long "
                             "as its words stay much the same (`assembly anchors` records them)."}]},
    ]


def entity_collection(kind: str, context: Context) -> dict[str, Any]:
    model = ENTITY_MODELS[kind]
    identifier = IDENTIFIER.get(model.__name__, "title")
    fields = fields_of(model, context)
    body: dict[str, Any] = {"name": "body", "label": "Text", "widget": "markdown", "required": False,
                            "modes": ["raw", "rich_text"],
                            "hint": "The text of the page, in Markdown, kept exactly as you write it. The Rich Text "
                                    "switch shows it formatted, but saving from there may rewrite footnotes and "
                                    "other Markdown it does not know."}
    if context.i18n:
        body["i18n"] = True
    collection: dict[str, Any] = {
        "name": context.collection(kind), "label": LABELS[kind], "folder": f"content/{context.slug}/{kind}",
        "extension": "md", "format": "frontmatter", "create": True, "delete": True,
        "identifier_field": identifier, "slug": "{{" + identifier + "}}",
        "fields": [*fields, body]}
    if kind in SUMMARY:
        collection["summary"] = SUMMARY[kind]
    if context.i18n:
        collection["i18n"] = True
    return collection


def editor_config(root: Path, slug: str, proxy_url: str = "/api/v1") -> dict[str, Any]:
    """Decap CMS's configuration for the assembly `slug` of the project at `root`, writing through
    the preview's own API at `proxy_url`."""
    languages, statuses = _settings(root, slug)
    context = Context(slug, languages, statuses)
    config: dict[str, Any] = {
        "backend": {"name": "proxy", "proxy_url": proxy_url, "branch": "main"},
        "load_config_file": False,
        "media_folder": f"content/{slug}/images",
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "site_url": "/" + slug + "/index.html",
        "display_url": "/" + slug + "/index.html",
        "logo_url": "",
        "collections": [],
    }
    if context.i18n:
        config["i18n"] = {"structure": "multiple_files", "locales": languages, "default_locale": languages[0]}
    config["collections"] = [
        {"name": context.collection("assembly"), "label": "The assembly", "format": "yml", "editor": {"preview": False},
         "files": [{"name": "assembly", "label": "assembly.yml", "file": f"content/{slug}/assembly.yml",
                    "fields": fields_of(Assembly, context)}]},
        *(entity_collection(kind, context) for kind in ENTITY_MODELS),
        *(report_collections(context) if (root / "content" / slug / "report" / "report.yml").is_file() else []),
        {"name": "site-settings", "label": "Site settings", "format": "yml", "editor": {"preview": False},
         "files": [{"name": "site_config", "label": "site_config.yml", "file": "site_config.yml",
                    "fields": fields_of(SiteConfig, context)}]},
    ]
    return config


def _settings(root: Path, slug: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The assembly's languages and the project's progress status keys, read leniently: the
    editor opens even when these files have mistakes (the preview shows them)."""
    from generator.load.yaml_source import parse_yaml

    languages: list[str] = []
    statuses: list[tuple[str, str]] = []
    for path, read in ((root / "content" / slug / "assembly.yml", "assembly"), (root / "site_config.yml", "site")):
        try:
            located, _ = parse_yaml(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError):
            continue
        data = located.data if located is not None else None
        if not isinstance(data, dict):
            continue
        if read == "assembly" and isinstance(data.get("languages"), list):
            languages = [str(code) for code in data["languages"] if isinstance(code, str)]
        if read == "site" and isinstance(data.get("progress_statuses"), list):
            statuses = [(str(s["key"]), str(s.get("label", s["key"]))) for s in data["progress_statuses"]
                        if isinstance(s, dict) and "key" in s]
    if not statuses:
        from generator.model.site import DEFAULT_STATUSES

        statuses = [(s.key, s.label) for s in DEFAULT_STATUSES]
    return languages, statuses
