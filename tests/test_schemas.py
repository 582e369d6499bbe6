"""The published JSON Schemas come from the validating models and agree with them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REPO
from pydantic import BaseModel

from generator.model.docs import FIELD_DOCS
from generator.model.json_schema import FILES, HIDDEN, all_schemas, field_doc

SCHEMAS = REPO / "schemas"


def test_published_schemas_are_up_to_date() -> None:
    for name, schema in all_schemas().items():
        committed = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        assert committed == schema, f"{name} is stale: run python -m generator.model.json_schema schemas"


def models() -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for field in model.model_fields.values():
            stack = [field.annotation]
            while stack:
                kind = stack.pop()
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    walk(kind)
                stack.extend(getattr(kind, "__args__", ()) or ())

    for model, _ in FILES.values():
        walk(model)
    return seen


def test_every_field_has_a_description_and_an_example() -> None:
    missing = [f"{m.__name__}.{f.alias or n}" for m in models() for n, f in m.model_fields.items()
               if not field_doc(m.__name__, f.alias or n) and n not in HIDDEN]
    assert missing == []
    known = {f"{m.__name__}.{f.alias or n}" for m in models() for n, f in m.model_fields.items()}
    stale = [key for key in FIELD_DOCS if key not in known and not key.startswith("Publishable.")]
    assert stale == []


def as_editor_reads(text: str) -> Any:
    """YAML as an editor's schema check sees it: dates are strings (YAML 1.2)."""
    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value
    return convert(yaml.safe_load(text))


def front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n")[1]


def example_files() -> list[tuple[str, Path]]:
    found = [("site_config", REPO / "site_config.yml")]
    for assembly in sorted((REPO / "content").glob("*/assembly.yml")):
        found.append(("assembly", assembly))
        for kind in FILES:
            if kind.startswith("report"):
                continue
            found += [(kind, p) for p in sorted((assembly.parent / kind).glob("*.md")) if "." not in p.stem]
        if (assembly.parent / "report" / "report.yml").is_file():
            found.append(("report", assembly.parent / "report" / "report.yml"))
    return found


@pytest.mark.parametrize("kind,path", example_files(), ids=lambda v: str(v).rsplit("/", 2)[-1])
def test_example_content_validates_against_its_schema(kind: str, path: Path) -> None:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    text = front_matter(path) if path.suffix == ".md" else path.read_text(encoding="utf-8")
    jsonschema.validate(as_editor_reads(text), schema)


@pytest.mark.parametrize("kind,text", [
    ("responses", "recommendation: r\nposition: acepted\ndate: 2020-01-01\n"),
    ("responses", "recommendation: r\npostion: accepted\nposition: accepted\ndate: 2020-01-01\n"),
    ("assembly", "title: T\nquestion: Q\ncommissioned_by: C\nstatus: done\n"),
    ("recommendations", "number: '1'\ntitle: T\nvote: {counts: {support: many}}\n"),
])
def test_known_bad_files_fail_the_schema(kind: str, text: str) -> None:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(as_editor_reads(text), schema)


def test_field_reference_is_generated_and_current() -> None:
    from generator.model.reference import reference_markdown

    committed = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), "run: python -m generator.model.reference docs/reference.md"
    assert "| `position` **required** | one of: `accepted`, `accepted-in-part`" in committed
