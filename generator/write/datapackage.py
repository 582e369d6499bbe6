"""data/datapackage.json: a Frictionless Data Package describing the published CSVs.

Data tools (frictionless, Open Refine, pandas via frictionless, the Data Package viewers) read
the column types from it instead of guessing: a recommendation's `number` is always a string
("3a" in one assembly, "3" in another), dates are dates, counts are integers. The descriptions
come from generator.model.docs, the closed vocabularies from the models, so nothing here can
disagree with the CSV writers in generator.write.outputs.
"""

from __future__ import annotations

import hashlib
from typing import Any

from generator.model.corpus import AssemblyContent
from generator.model.docs import COMMITMENT_COLUMN_DOCS, CSV_COLUMN_DOCS, PROGRESS_COLUMN_DOCS
from generator.model.figures import CATEGORY_LABELS, COMMITMENT_STATE_LABELS
from generator.model.records import CommitmentStatus, Outcome
from generator.model.site import SiteConfig
from generator.write.cells import protect
from generator.write.outputs import COMMITMENT_COLUMNS, CSV_COLUMNS, PROGRESS_COLUMNS

PROTECTED_NOTE = (
    "Text cells that begin with =, +, - or @ (or a tab or carriage return) are written with a leading ' so "
    "that spreadsheet programs show them as text and never run them as formulas; take the ' off to get the "
    "exact text, which data/assembly.json keeps as written.")

LICENCES: dict[str, dict[str, str]] = {
    "OGL-3.0": {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"},
    "OGL-UK-3.0": {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                   "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"},
    "CC-BY-4.0": {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                  "path": "https://creativecommons.org/licenses/by/4.0/"},
    "CC-BY-SA-4.0": {"name": "CC-BY-SA-4.0", "title": "Creative Commons Attribution Share-Alike 4.0",
                     "path": "https://creativecommons.org/licenses/by-sa/4.0/"},
    "CC0-1.0": {"name": "CC0-1.0", "title": "Creative Commons Zero 1.0",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/"},
    "ODC-BY-1.0": {"name": "ODC-BY-1.0", "title": "Open Data Commons Attribution License 1.0",
                   "path": "https://opendatacommons.org/licenses/by/1-0/"},
}

LEADING_QUOTE = "A leading ' marks text that began with =, +, - or @."
DATE = {"type": "date", "format": "%Y-%m-%d"}
COUNT = {"type": "integer", "constraints": {"minimum": 0}}
PERCENT = {"type": "integer", "constraints": {"minimum": 0, "maximum": 100}}

NOTE_FIELDS = {"title", "theme", "action", "owner", "note", "position_label", "current_status_label",
               "state_label", "status_label", "number", "commitment"}
"""Free-text columns: the ones that may carry the leading ' (their descriptions say so)."""


def _enum(values: list[str]) -> dict[str, Any]:
    return {"enum": sorted({str(protect(v)) for v in values})}


def _field(name: str, docs: dict[str, str], spec: dict[str, Any] | None = None) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": "string"}
    field.update(spec or {})
    description = docs.get(name, "")
    if name in NOTE_FIELDS:
        description = (description + " " if description else "") + LEADING_QUOTE
    if description:
        field["description"] = description
    return field


def _schema(columns: list[str], docs: dict[str, str], specs: dict[str, dict[str, Any]], **keys: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(c, docs, specs.get(c)) for c in columns], "missingValues": [""]}
    schema.update(keys)
    return schema


def _licence(code: str | None) -> list[dict[str, str]]:
    if not code:
        return []
    return [LICENCES.get(code, {"name": code, "title": code})]


def _resource(name: str, path: str, title: str, body: bytes, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name, "path": path, "title": title, "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
        "bytes": len(body), "hash": "sha256:" + hashlib.sha256(body).hexdigest(),
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True,
                    "header": True},
        "schema": schema,
    }


def data_package(content: AssemblyContent, config: SiteConfig, files: dict[str, bytes],
                 site_url: str | None = None) -> dict[str, Any]:
    """The package for the CSVs in `files` ({"recommendations.csv": bytes written, ...})."""
    statuses = [s.key for s in config.progress_statuses]
    positions = _enum(list(CATEGORY_LABELS))
    # A commitment is named by its id, or by its position when it has none: only a key when unique.
    names = [(c.recommendation.id, c.commitment.id or str(c.index + 1)) for c in content.figures.commitments]
    commitment_key = len(set(names)) == len(names)
    recommendations = _schema(CSV_COLUMNS, CSV_COLUMN_DOCS, {
        "id": {"constraints": {"required": True, "unique": True}},
        "number": {"constraints": {"required": True}},
        "title": {"constraints": {"required": True}},
        "outcome": {"constraints": {"required": True, **_enum([o.value for o in Outcome])}},
        "members_supported": COUNT, "members_voted": COUNT, "percent_supported": PERCENT,
        "position": {"constraints": {"required": True, **positions}},
        "response_date": DATE, "current_status": {"constraints": _enum(statuses)},
        "current_percent": PERCENT, "last_progress_date": DATE,
        "commitments": COUNT, "commitments_delivered": COUNT, "commitments_dropped": COUNT,
        "commitments_overdue": COUNT, "as_of": DATE,
    }, primaryKey=["id"])
    commitment_keys: dict[str, Any] = {
        "foreignKeys": [{"fields": ["recommendation"], "reference": {"resource": "recommendations", "fields": ["id"]}}]}
    if commitment_key:
        commitment_keys["primaryKey"] = ["recommendation", "commitment"]
    commitments = _schema(COMMITMENT_COLUMNS, COMMITMENT_COLUMN_DOCS, {
        "recommendation": {"constraints": {"required": True}},
        "commitment": {"constraints": {"required": True}},
        "action": {"constraints": {"required": True}},
        "due": DATE, "done_on": DATE, "last_progress_date": DATE, "as_of": DATE,
        "status": {"constraints": {"required": True, **_enum([s.value for s in CommitmentStatus])}},
        "state": {"constraints": {"required": True, **_enum(list(COMMITMENT_STATE_LABELS))}},
        "overdue": {"type": "boolean", "trueValues": ["yes"], "falseValues": ["no"],
                    "constraints": {"required": True}},
    }, **commitment_keys)
    progress = _schema(PROGRESS_COLUMNS, PROGRESS_COLUMN_DOCS, {
        "recommendation": {"constraints": {"required": True}},
        "date": {**DATE, "constraints": {"required": True}},
        "status": {"constraints": {"required": True, **_enum(statuses)}},
        "percent": PERCENT,
    }, foreignKeys=[{"fields": ["recommendation"], "reference": {"resource": "recommendations", "fields": ["id"]}}])
    # progress.commitment names a commitment of the same recommendation when it is filled; a composite
    # foreign key cannot say "when filled" (frictionless rejects a half-empty key), so it is left out.
    a = content.assembly
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": content.slug,
        "title": str(a.title),
        "description": f"{a.question} Open data of the citizens' assembly: its recommendations, the council's "
                       f"commitments and the progress on them. {PROTECTED_NOTE} Everything published, with the "
                       "exact text, is in assembly.json (described by schema.json).",
        "version": content.figures.as_of.isoformat(),
        "created": content.figures.as_of.isoformat() + "T00:00:00Z",
        "keywords": ["citizens' assembly", "deliberative democracy", "recommendations", "council response"],
        "contributors": [{"title": config.organisation.name, "role": "publisher",
                          **({"path": str(config.organisation.url)} if config.organisation.url else {})}],
        "resources": [
            _resource("recommendations", "recommendations.csv", "Recommendations and the council's response",
                      files["recommendations.csv"], recommendations),
            _resource("commitments", "commitments.csv", "The council's commitments", files["commitments.csv"],
                      commitments),
            _resource("progress", "progress.csv", "Progress updates", files["progress.csv"], progress),
        ],
    }
    if site_url:
        package["homepage"] = site_url
    licences = _licence(a.licence)
    if licences:
        package["licenses"] = licences
    return package
