"""Turn located raw data into typed records, translating every schema error into a
located, plain-English message with the fix."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problems
from generator.load.files import SourceFile
from generator.memo import Memo
from generator.model.types import did_you_mean

M = TypeVar("M", bound=BaseModel)
RESERVED = ("id", "body", "source", "body_line")


def field_label(loc: tuple[Any, ...]) -> str:
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part + 1}]"
        else:
            label += ("." if label else "") + str(part)
    return label


def known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names a mapping at `loc` accepts, for suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = next((f for name, f in current.model_fields.items() if (f.alias or name) == part), None)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        hidden = RESERVED if not loc else ()
        return [f.alias or name for name, f in current.model_fields.items() if name not in hidden]
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_RECORDS = Memo("records")
"""Valid records (the preview server): when a file's parse is the same object as last time (its
text has not changed), its record is reused. The memo keeps the record as validated and hands
out a copy: checking the whole assembly drops references to drafts from the copy it publishes
(evidence.session, recommendation.evidence...), which must not stick to the next save."""


def validate_record(
    source: SourceFile, model: type[M], problems: Problems, extra: dict[str, Any] | None = None
) -> M | None:
    if not _RECORDS.enabled:
        return _validate_record(source, model, problems, extra)
    data = source.located.data
    key = (model, id(data), tuple((extra or {}).items()))
    kept = _RECORDS.lookup(key)
    if kept is not None and kept[0] is data:
        return kept[1].model_copy()  # type: ignore[no-any-return]
    record = _validate_record(source, model, problems, extra)
    if record is not None:
        _RECORDS.keep(key, (data, record))
        return record.model_copy()
    return record


def _validate_record(
    source: SourceFile, model: type[M], problems: Problems, extra: dict[str, Any] | None = None
) -> M | None:
    data = source.located.data
    if not isinstance(data, dict):
        problems.error(source.at(), "the fields must be written as `name: value` lines")
        return None
    for reserved in RESERVED:
        if reserved in data and reserved in model.model_fields and extra and reserved in extra:
            problems.error(source.at(reserved, key=True), f"'{reserved}' is set from the file itself: remove this line")
            return None
    payload = dict(data)
    payload.update(extra or {})
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        for error in exc.errors():
            report_error(source, model, error, problems)
        return None


def report_error(source: SourceFile, model: type[BaseModel], error: Any, problems: Problems) -> None:
    loc = tuple(error["loc"])
    kind = error["type"]
    label = field_label(loc)
    if kind == "extra_forbidden":
        choices = known_fields(model, loc[:-1])
        name = str(loc[-1])
        hint = did_you_mean(name, choices)
        if not hint and (" " in name or error.get("input") is None):
            hint = (" — if it is the end of the text before it, a comma split that value: put the whole "
                    "value in double quotes")
        listing = f"; the fields allowed here are {', '.join(choices)}" if choices and not hint else ""
        problems.error(source.at(*loc, key=True), f"unknown field '{name}'{hint}{listing}")
        return
    if kind == "missing":
        name = str(loc[-1])
        where = source.at(*loc[:-1]) if loc[:-1] else source.located.start or source.at()
        parent = f" in {field_label(loc[:-1])}" if loc[:-1] else ""
        problems.error(where, f"'{name}' is required{parent}: add a line `{name}: ...`")
        return
    location = source.at(*loc)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        message = "must be a group of `name: value` lines indented under it"
    elif kind == "list_type":
        message = "must be a list, one item per line starting with '- '"
    elif kind == "string_type":
        message = "must be text; it is empty or not text"
    else:
        message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if label:
        joiner = " " if message.startswith("must") else ": "
        message = f"{label}{joiner}{message}"
    problems.error(location, message)
