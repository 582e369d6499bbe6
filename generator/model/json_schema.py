"""JSON Schemas for every content file, generated from the same models the generator validates
with, so editors (VS Code's YAML extension) and the generator can never disagree.

Regenerate the published copies with: python -m generator.model.json_schema schemas
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model.docs import FIELD_DOCS
from generator.model.records import ENTITY_MODELS, Assembly
from generator.model.site import SiteConfig
from generator.report.model import ChapterMeta, ReportMeta

HIDDEN = {"id", "body", "source", "body_line"}
FILES: dict[str, tuple[type[BaseModel], str]] = {
    "site_config": (SiteConfig, "site_config.yml: settings for every assembly site"),
    "assembly": (Assembly, "content/<assembly>/assembly.yml: the assembly itself"),
    **{kind: (model, f"content/<assembly>/{kind}/<id>.md: the fields between the --- lines")
       for kind, model in ENTITY_MODELS.items()},
    "report": (ReportMeta, "content/<assembly>/report/report.yml: the assembly's report"),
    "report_chapter": (ChapterMeta, "content/<assembly>/report/<number>-<name>.md: a chapter of the report "
                       "(optional fields between --- lines, then Markdown)"),
}


def field_doc(model_name: str, field: str) -> tuple[str, object] | None:
    return FIELD_DOCS.get(f"{model_name}.{field}") or FIELD_DOCS.get(f"Publishable.{field}")


def _describe(name: str, schema: dict[str, Any]) -> None:
    properties = schema.get("properties", {})
    for field in list(properties):
        if field in HIDDEN and name in {m.__name__ for m in ENTITY_MODELS.values()}:
            del properties[field]
            continue
        doc = field_doc(name, field)
        if doc:
            properties[field]["description"] = doc[0]
            properties[field]["examples"] = [doc[1]]
        properties[field].pop("title", None)
    schema["additionalProperties"] = False


def schema_for(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    for name, definition in schema.get("$defs", {}).items():
        _describe(name, definition)
    _describe(model.__name__, schema)
    schema["title"] = title
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def all_schemas() -> dict[str, dict[str, Any]]:
    return {f"{name}.schema.json": schema_for(model, title) for name, (model, title) in FILES.items()}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(path)
