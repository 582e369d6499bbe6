"""Files written beside the pages: open data, the Atom feed, the sitemap and the downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from generator.errors import UNPUBLISHABLE
from generator.model.corpus import AssemblyContent
from generator.model.figures import CATEGORY_LABELS, COMMITMENT_STATE_LABELS, Figures
from generator.model.records import vote_rows, vote_supported
from generator.model.site import SiteConfig
from generator.plan.pages import PagePlan
from generator.plan.urls import url_for
from generator.write.cells import protected_row

PRIVATE_FIELDS = {"source", "body_line", "draft", "publish_on"}


def _dump(record: Any) -> dict[str, Any]:
    data: dict[str, Any] = record.model_dump(mode="json", by_alias=True, exclude=PRIVATE_FIELDS)
    return data


def figures_data(figures: Figures) -> dict[str, Any]:
    """The figures the pages state, with the date they are true on (data/assembly.json "figures")."""
    return {
        "as_of": figures.as_of.isoformat(),
        "recommendations": figures.total,
        "put_to_council": figures.put_to_council,
        "by_category": {key: len(recs) for key, recs in figures.categories.items()},
        "by_progress": {key: len(recs) for key, recs in figures.progress_rows},
        "completed": figures.completed_count,
        "commitments": {"made": figures.commitments_made, "delivered": figures.delivered,
                        "dropped": figures.dropped, "overdue": figures.overdue_count,
                        "open": figures.open_commitments},
        "themes": {theme: {"recommendations": tally.total, "accepted_in_full_or_part": tally.accepted_in_full_or_part,
                           "awaiting_response": tally.awaiting, "not_put_to_council": tally.not_put,
                           "completed": tally.completed_count, "commitments": tally.commitments_made,
                           "delivered": tally.delivered, "overdue": tally.overdue_count}
                   for theme, tally in figures.themes.items()},
    }


def open_data(content: AssemblyContent, config: SiteConfig) -> dict[str, Any]:
    """Everything published, as one JSON document."""
    figures = content.figures
    recommendations = []
    for rec in content.recommendations:
        item = _dump(rec)
        item["url"] = url_for("recommendation", rec.id)
        if rec.vote:
            item["vote"]["results"] = [{"option": label, "members": count, "percent_of_those_who_voted": pct}
                                       for label, count, pct in vote_rows(rec.vote)]
            item["vote"]["supported"] = vote_supported(rec.vote)
            item["vote"]["voted"] = rec.vote.total
        response = content.response_for(rec)
        item["response"] = _dump(response) if response else None
        item["position"] = figures.category_of[rec.id].value
        item["current_progress"] = response.current.model_dump(mode="json") if response and response.current else None
        item["commitments"] = [dict(_dump(c.commitment), state=c.state.value, overdue=c.overdue,
                                    progress=[p.model_dump(mode="json") for p in c.progress])
                               for c in figures.commitments_of(rec)]
        recommendations.append(item)
    return {
        "format": "citizens-assembly/1",
        "slug": content.slug,
        "publisher": config.organisation.name,
        "licence": content.assembly.licence,
        "as_of": figures.as_of.isoformat(),
        "figures": figures_data(figures),
        "assembly": _dump(content.assembly),
        "sessions": [dict(_dump(s), url=url_for("session", s.id)) for s in content.sessions],
        "speakers": [dict(_dump(s), url=url_for("speaker", s.id)) for s in content.speakers],
        "evidence": [dict(_dump(e), url=url_for("evidence", e.id)) for e in content.evidence],
        "recommendations": recommendations,
        "updates": [dict(_dump(u), url=url_for("update", u.id)) for u in content.updates],
        "pages": [dict(_dump(p), url=url_for("page", p.id)) for p in content.pages],
    }


CSV_COLUMNS = ["number", "id", "title", "theme", "url", "outcome", "members_supported", "members_voted",
               "percent_supported", "position", "position_label", "response_date", "current_status",
               "current_status_label", "current_percent", "last_progress_date", "commitments",
               "commitments_delivered", "commitments_dropped", "commitments_overdue", "as_of"]


def recommendations_csv(content: AssemblyContent, config: SiteConfig) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    figures = content.figures
    for rec in content.recommendations:
        response = content.response_for(rec)
        current = response.current if response else None
        commitments = figures.commitments_of(rec)
        supported: int | str = ""
        voted: int | str = ""
        percent: int | str = ""
        if rec.vote:
            supported, voted = vote_supported(rec.vote), rec.vote.total
            percent = int(supported * 100 / voted + 0.5) if voted else ""
        writer.writerow(protected_row([
            rec.number, rec.id, rec.title, rec.theme or "", url_for("recommendation", rec.id), rec.outcome.value,
            supported, voted, percent,
            figures.category_of[rec.id].value, CATEGORY_LABELS[figures.category_of[rec.id]],
            response.date.isoformat() if response else "",
            current.status if current else "", config.status_label(current.status) if current else "",
            current.percent if current and current.percent is not None else "",
            current.date.isoformat() if current else "",
            len(commitments), sum(c.state == "done" for c in commitments),
            sum(c.state == "dropped" for c in commitments),
            sum(c.overdue for c in commitments), figures.as_of.isoformat(),
        ]))
    return buffer.getvalue()


COMMITMENT_COLUMNS = ["recommendation", "number", "title", "commitment", "action", "owner", "due", "status",
                      "done_on", "state", "state_label", "overdue", "last_progress_date", "as_of", "url"]


def commitments_csv(content: AssemblyContent) -> str:
    """data/commitments.csv: one row per commitment, with its status and whether it is overdue
    on the date the site was built (as_of)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COMMITMENT_COLUMNS)
    figures = content.figures
    for c in figures.commitments:
        rec, item, progress = c.recommendation, c.commitment, c.progress
        writer.writerow(protected_row([
            rec.id, rec.number, rec.title, item.id or str(c.index + 1), item.action, item.owner or "",
            item.due.isoformat() if item.due else "", item.status.value,
            item.done_on.isoformat() if item.done_on else "", c.state.value, COMMITMENT_STATE_LABELS[c.state],
            "yes" if c.overdue else "no", progress[-1].date.isoformat() if progress else "",
            figures.as_of.isoformat(), url_for("recommendation", rec.id)]))
    return buffer.getvalue()


def _absolute(base: str | None, path: str) -> str:
    return base + path if base else path


def latest_date(content: AssemblyContent) -> dt.date:
    """The newest date in the content: used wherever a build date would otherwise appear."""
    dates: list[dt.date] = [d for d in (content.assembly.dates.start, content.assembly.dates.end) if d]
    dates += [u.date for u in content.updates] + [s.date for s in content.sessions]
    for response in content.responses.values():
        dates.append(response.date)
        dates += [p.date for p in response.progress]
    return max(dates) if dates else dt.date(1970, 1, 1)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def sitemap(plans: list[PagePlan], content: AssemblyContent, site_url: str | None,
            translations: dict[str, list[PagePlan]] | None = None) -> bytes:
    """Every page of every language (`translations`: language folder → its plans); lastmod comes
    from the content's own dates, never from the build clock."""
    fallback = latest_date(content)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    pages: dict[str, dt.date] = {}
    for folder, version in [("", plans), *((f"{lang}/", p) for lang, p in (translations or {}).items())]:
        for plan in version:
            if plan.path != "404.html":
                pages[folder + plan.path] = _page_date(plan, content) or fallback
        if content.report is not None and folder + "report/index.html" in pages:  # written beside the pages
            pages.setdefault(folder + PLAIN_REPORT, content.report.meta.published or fallback)
    for path in sorted(pages):
        loc = _absolute(site_url, path)
        lines.append(f"  <url><loc>{_xml(loc)}</loc><lastmod>{pages[path].isoformat()}</lastmod></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


PLAIN_REPORT = url_for("report-plain")
PORTAL_SITEMAP = "sitemap-portal.xml"
SITEMAP_XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _newest_lastmod(sitemap_file: Path) -> str | None:
    days = re.findall(r"<lastmod>([0-9-]{10})", sitemap_file.read_text(encoding="utf-8", errors="replace"))
    return max(days) if days else None


def site_sitemaps(output: Path, site_url: str | None) -> dict[str, bytes]:
    """The files at the root of the whole site: robots.txt, and with `site_url` a sitemap index
    (sitemap.xml) naming each assembly's sitemap and the portal's own (sitemap-portal.xml).

    Sitemaps need absolute addresses, so without site_url only robots.txt is written. lastmod
    comes from the assemblies' own sitemaps, never from the clock."""
    robots = "User-agent: *\n" + "".join(f"Disallow: {path}\n" for path in editor_paths(output, site_url)) \
        + "Allow: /\n"
    if not site_url:
        return {"robots.txt": robots.encode()}
    entries: list[tuple[str, str | None]] = []
    for folder in sorted(p for p in output.iterdir() if p.is_dir() and (p / "sitemap.xml").is_file()):
        entries.append((f"{folder.name}/sitemap.xml", _newest_lastmod(folder / "sitemap.xml")))
    newest = max((day for _path, day in entries if day), default=None)
    portal = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_XMLNS}">',
              f"  <url><loc>{_xml(site_url + 'index.html')}</loc>"
              + (f"<lastmod>{newest}</lastmod>" if newest else "") + "</url>", "</urlset>"]
    index = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_XMLNS}">']
    for path, day in [(PORTAL_SITEMAP, newest), *entries]:
        index.append(f"  <sitemap><loc>{_xml(site_url + path)}</loc>"
                     + (f"<lastmod>{day}</lastmod>" if day else "") + "</sitemap>")
    index.append("</sitemapindex>")
    return {"robots.txt": (robots + f"Sitemap: {site_url}sitemap.xml\n").encode(),
            "sitemap.xml": ("\n".join(index) + "\n").encode(),
            PORTAL_SITEMAP: ("\n".join(portal) + "\n").encode()}


def editor_paths(output: Path, site_url: str | None) -> list[str]:
    """The address of each assembly's browser editor published in `output` (generator.editor.hosted),
    for robots.txt to disallow: below site_url's own path, else from the top of the web server."""
    from urllib.parse import urlsplit

    from generator.plan.site import EDITOR_FOLDER

    prefix = urlsplit(site_url).path if site_url else "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    return [f"{prefix}{folder.name}/{EDITOR_FOLDER}/" for folder in sorted(output.iterdir())
            if folder.is_dir() and (folder / EDITOR_FOLDER / "config.yml").is_file()
            and (folder / "data" / "assembly.json").is_file()]


def _xml(text: str) -> str:
    """Text for an XML element: escaped, less any character XML cannot hold."""
    return UNPUBLISHABLE.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _page_date(plan: PagePlan, content: AssemblyContent) -> dt.date | None:
    ctx = plan.context
    if "recommendation" in ctx:
        response = ctx.get("response")
        if response:
            return max([response.date] + [p.date for p in response.progress])
        return None
    for key in ("update", "session", "item"):
        if key in ctx and getattr(ctx[key], "date", None):
            return ctx[key].date  # type: ignore[no-any-return]
    return None


PROGRESS_COLUMNS = ["recommendation", "number", "title", "date", "status", "status_label", "percent", "note",
                    "commitment", "url"]


def progress_csv(content: AssemblyContent, config: SiteConfig) -> str:
    """One row per progress update, oldest first within each recommendation."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PROGRESS_COLUMNS)
    for rec in content.recommendations:
        response = content.response_for(rec)
        for update in response.progress if response else []:
            writer.writerow(protected_row([rec.id, rec.number, rec.title, update.date.isoformat(), update.status,
                             config.status_label(update.status),
                             update.percent if update.percent is not None else "", update.note or "",
                             update.commitment or "", url_for("recommendation", rec.id)]))
    return buffer.getvalue()


def open_data_schema() -> dict[str, Any]:
    """The JSON Schema of data/assembly.json, from the same models as the content."""
    from generator.model.records import Assembly, Evidence, Page, Recommendation, Response, Session, Speaker, Update

    defs: dict[str, Any] = {}

    def ref(model: Any) -> dict[str, Any]:
        schema = model.model_json_schema(by_alias=True, mode="serialization", ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        for definition in [schema, *defs.values()]:
            definition.pop("additionalProperties", None)  # open data may gain fields; readers ignore them
        for hidden in PRIVATE_FIELDS:
            schema.get("properties", {}).pop(hidden, None)
            if hidden in schema.get("required", []):
                schema["required"].remove(hidden)
        defs[model.__name__] = schema
        return {"$ref": f"#/$defs/{model.__name__}"}

    def listed(model: Any, **extra: Any) -> dict[str, Any]:
        item = {"allOf": [ref(model)], "properties": {"url": {"type": "string"}, **extra}}
        return {"type": "array", "items": item}

    nullable = {"anyOf": [{"type": "object"}, {"type": "null"}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Open data of a citizens' assembly (data/assembly.json)",
        "type": "object",
        "required": ["format", "slug", "publisher", "assembly", "recommendations"],
        "properties": {
            "format": {"const": "citizens-assembly/1"},
            "slug": {"type": "string", "description": "The assembly's id, its folder in the web address."},
            "publisher": {"type": "string"},
            "licence": {"type": ["string", "null"]},
            "as_of": {"type": "string", "format": "date", "description": "The date the figures are true on: "
                      "the day the site was built, in the site's time zone. Overdue depends on it."},
            "figures": {"type": "object", "description": "Every figure the pages state, from the same computation.",
                        "required": ["as_of", "recommendations", "by_category", "commitments"]},
            "assembly": ref(Assembly),
            "sessions": listed(Session),
            "speakers": listed(Speaker),
            "evidence": listed(Evidence),
            "recommendations": listed(
                Recommendation,
                position={"type": "string", "description": "The recommendation's one category: the council's "
                          "position, awaiting-response (put to the council, no response yet) or not-put-to-council.",
                          "enum": list(CATEGORY_LABELS)},
                response={"anyOf": [ref(Response), {"type": "null"}]},
                current_progress=nullable,
                commitments={"type": "array", "description": "The commitments of the response, each with its "
                             "state as of the build's date (done, dropped, overdue, in-progress, not-started), "
                             "whether it is overdue, and the progress updates that name it.",
                             "items": {"type": "object", "required": ["action", "status", "state", "overdue"],
                                       "properties": {"state": {"enum": list(COMMITMENT_STATE_LABELS)},
                                                      "overdue": {"type": "boolean"},
                                                      "progress": {"type": "array"}}}}),
            "updates": listed(Update),
            "pages": listed(Page),
        },
        "$defs": defs,
    }
