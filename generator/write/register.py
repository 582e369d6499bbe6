"""data/register.json and data/register.csv: the assembly as one row of mySociety's Citizens'
Assembly Register (https://pages.mysociety.org/citizen-assembly-data/), the UK list of assemblies.

The register's fields are filled from the content; what the content does not say comes from the
optional `register:` block of assembly.yml (authority type, local authority code, thematic
grouping, facilitator). Addresses are absolute when `site_url` is set, else relative to the
assembly's folder (the register needs absolute ones: set site_url before submitting the row).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from generator.model.corpus import AssemblyContent
from generator.model.records import AuthorityType, DocumentType, Status
from generator.model.site import SiteConfig
from generator.write.cells import protected_row

REGISTER_FIELDS = ["authority_type", "local_authority_code", "org_name", "report_url", "report_pdf_url",
                   "assembly_status", "assembly_year", "number_participants", "assembly_description",
                   "thematic_grouping", "unique_id"]
"""The register's fields, in its order (its datapackage: citizens_assembly_register)."""

FINISHED = {Status.REPORTED, Status.RESPONDED, Status.ARCHIVED}
PREFIX = {AuthorityType.LOCAL_AUTHORITY: "la", AuthorityType.NATION: "n"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def register_row(content: AssemblyContent, config: SiteConfig, site_url: str | None) -> dict[str, Any]:
    """One row in the register's fields (site_url: the assembly's own address, ending in /)."""
    a = content.assembly
    entry = a.register_entry
    code = entry.local_authority_code if entry else None
    authority = (entry.authority_type if entry and entry.authority_type
                 else AuthorityType.LOCAL_AUTHORITY if code else AuthorityType.OTHER)
    base = site_url or ""
    report_page = "report/index.html" if content.report is not None else "index.html"
    pdf = next((d.file for d in a.documents if d.type == DocumentType.REPORT), None)
    if content.report is not None and content.report.meta.pdf:
        pdf = content.report.meta.pdf
    year = a.dates.start.year if a.dates.start else None
    theme = entry.thematic_grouping if entry and entry.thematic_grouping else None
    if authority == AuthorityType.LOCAL_AUTHORITY and code:
        who = f"la-{_slug(code)}"
    else:
        who = f"{PREFIX.get(authority, 'org')}-{_slug(config.organisation.name)}"
    unique_id = "-".join(part for part in (who, str(year) if year else "", _slug(theme) if theme else content.slug)
                         if part)
    return {
        "authority_type": authority.value,
        "local_authority_code": code.upper() if code else None,
        "org_name": config.organisation.name,
        "report_url": base + report_page,
        "report_pdf_url": base + pdf if pdf else None,
        "assembly_status": "Finished" if a.status in FINISHED else "Ongoing",
        "assembly_year": year,
        "number_participants": a.members.completed if a.members.completed is not None else a.members.recruited,
        "assembly_description": str(a.question),
        "thematic_grouping": theme or str(a.title),
        "unique_id": unique_id,
    }


def register_json(content: AssemblyContent, config: SiteConfig, site_url: str | None) -> dict[str, Any]:
    row = register_row(content, config, site_url)
    a = content.assembly
    return {
        "about": "This assembly in the fields of mySociety's Citizens' Assembly Register "
                 "(https://pages.mysociety.org/citizen-assembly-data/datasets/citizens_assembly_register/latest).",
        "row": row,
        "facilitator": a.register_entry.facilitator if a.register_entry else None,
        "licence": a.licence,
    }


def register_csv(rows: list[dict[str, Any]]) -> str:
    """The rows as a CSV with the register's header (cells that a spreadsheet would run get a ')."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REGISTER_FIELDS)
    for row in rows:
        writer.writerow(protected_row(["" if row[f] is None else row[f] for f in REGISTER_FIELDS]))
    return buffer.getvalue()


def portal_register(output: Path) -> str | None:
    """register.csv at the root of the site: the register rows of every assembly in `output`, read
    from each folder's data/register.json (None when no assembly has one)."""
    rows = []
    for path in sorted(output.glob("*/data/register.json")):
        try:
            rows.append(json.loads(path.read_text(encoding="utf-8"))["row"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return register_csv(rows) if rows else None
