"""Atom feeds: news updates and progress updates per assembly, and all news on the portal.

Entry ids are stable URNs derived from the organisation, the assembly and the entity ids, so a
feed reader never shows an entry twice when the site moves or is rebuilt.

Titles and summaries are Atom text constructs (type text, the default): a title written as
`<b>Buses</b>` is shown as those characters, never as markup. Bodies are HTML, escaped into
type="html" content. Every string is escaped by the XML writer, and characters XML cannot hold
(refused with a located error when the content is read) are left out, so a feed always parses."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from generator.errors import UNPUBLISHABLE
from generator.model.corpus import AssemblyContent
from generator.model.figures import CATEGORY_LABELS
from generator.model.site import SiteConfig
from generator.plan.urls import url_for

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Entry:
    title: str
    id: str
    updated: dt.date
    href: str
    summary: str | None = None
    html: str | None = None


def stable_id(config: SiteConfig, *parts: str) -> str:
    seed = "/".join([config.organisation.url or config.organisation.name, *parts])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _xml_text(text: str) -> str:
    return UNPUBLISHABLE.sub("", text)


def atom(title: str, feed_id: str, author: str, self_href: str, alternate_href: str, entries: list[Entry],
         fallback_date: dt.date, language: str = "en") -> bytes:
    ET.register_namespace("", ATOM)

    def add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", {k: _xml_text(v) for k, v in attributes.items()})
        if text is not None:
            element.text = _xml_text(text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": _xml_text(language)})
    add(feed, "title", title)
    add(feed, "id", feed_id)
    add(feed, "updated", _stamp(max((e.updated for e in entries), default=fallback_date)))
    add(add(feed, "author"), "name", author)
    add(feed, "link", rel="self", href=self_href)
    add(feed, "link", rel="alternate", type="text/html", href=alternate_href)
    for item in sorted(entries, key=lambda e: (e.updated, e.id), reverse=True):
        entry = add(feed, "entry")
        add(entry, "title", item.title)
        add(entry, "id", item.id)
        add(entry, "updated", _stamp(item.updated))
        add(entry, "link", rel="alternate", type="text/html", href=item.href)
        if item.summary:
            add(entry, "summary", item.summary)
        if item.html:
            add(entry, "content", item.html, type="html")
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def _at(base: str | None, path: str) -> str:
    return base + path if base else path


def update_entries(content: AssemblyContent, config: SiteConfig, prefix: str, bodies: dict[str, str]) -> list[Entry]:
    """News posts; `prefix` is the path from the feed's folder to the updates folder."""
    return [Entry(u.title, stable_id(config, content.slug, "updates", u.id), u.date, f"{prefix}{u.id}.html",
                  u.summary, bodies.get(u.id)) for u in content.updates]


def _language(content: AssemblyContent, config: SiteConfig) -> str:
    """The language of an assembly's feeds (xml:lang): its default language, else the site's."""
    return content.assembly.languages[0] if content.assembly.languages else config.language


def updates_feed(content: AssemblyContent, config: SiteConfig, site_url: str | None,
                 bodies: dict[str, str], fallback: dt.date) -> bytes:
    base = site_url + "updates/" if site_url else None
    return atom(f"Updates: {content.assembly.title}", stable_id(config, content.slug, "updates"),
                config.organisation.name, _at(base, "feed.xml"), _at(base, "index.html"),
                update_entries(content, config, base or "", bodies), fallback, _language(content, config))


def progress_feed(content: AssemblyContent, config: SiteConfig, site_url: str | None, fallback: dt.date) -> bytes:
    """One entry per dated progress update, linking to its recommendation."""
    base = site_url if site_url else "../"
    entries = []
    figures = content.figures
    for rec in content.recommendations:
        response = content.response_for(rec)
        page = base + url_for("recommendation", rec.id)
        previous = None
        for decision in figures.decisions(rec):
            label = CATEGORY_LABELS[decision.position.value].lower()
            if previous is None:
                title = f"Recommendation {rec.number}: the council responded: {label}"
            elif previous == decision.position:
                title = f"Recommendation {rec.number}: the council kept its position: {label}"
            else:
                title = (f"Recommendation {rec.number}: the council's position changed from "
                         f"{CATEGORY_LABELS[previous.value].lower()} to {label}")
            entries.append(Entry(title, stable_id(config, content.slug, "decision", rec.id, decision.date.isoformat(),
                                                  decision.position.value), decision.date, page, rec.title))
            previous = decision.position
        for c in figures.commitments_of(rec):
            if c.commitment.done_on and c.state in ("done", "dropped"):
                verb = "delivered" if c.state == "done" else "dropped"
                entries.append(Entry(f"Recommendation {rec.number}: commitment {verb}: {c.commitment.action}",
                                     stable_id(config, content.slug, "commitment", rec.id, c.commitment.id or
                                               str(c.index + 1), verb), c.commitment.done_on, page, rec.title))
        for index, update in enumerate(response.progress if response else []):
            status = config.status_label(update.status)
            percent = f", {update.percent}% done" if update.percent is not None else ""
            entries.append(Entry(
                f"Recommendation {rec.number}: {status}{percent}",
                stable_id(config, content.slug, "progress", rec.id, update.date.isoformat(), str(index)),
                update.date, page,
                f"{rec.title}. {update.note or ''}".strip()))
    return atom(f"Progress on the recommendations: {content.assembly.title}",
                stable_id(config, content.slug, "progress"), config.organisation.name,
                _at(site_url, "responses/feed.xml"), base + url_for("responses"), entries, fallback,
                _language(content, config))


def assembly_news(content: AssemblyContent, config: SiteConfig) -> list[Entry]:
    """An assembly's news as portal entries (links from site/feed.xml)."""
    base = config.site_url or ""
    return [Entry(f"{content.assembly.title}: {e.title}", e.id, e.updated, e.href, e.summary)
            for e in update_entries(content, config, f"{base}{content.slug}/updates/", {})]


def entries_from_feed(feed_xml: bytes, slug: str, site_url: str | None) -> list[Entry]:
    """Entries of an assembly's published news feed (for assemblies not rebuilt this time)."""
    try:
        root = ET.fromstring(feed_xml)
    except ET.ParseError:  # written by an earlier version that let a control character through
        return []
    ns = {"a": ATOM}
    title = (root.findtext("a:title", "", ns) or "").removeprefix("Updates: ")
    entries = []
    for entry in root.findall("a:entry", ns):
        href = entry.find("a:link", ns)
        link = href.get("href", "") if href is not None else ""
        if not link.startswith(("http://", "https://")):
            link = f"{site_url or ''}{slug}/updates/{link}"
        updated = dt.date.fromisoformat((entry.findtext("a:updated", "", ns) or "1970-01-01")[:10])
        entries.append(Entry(f"{title}: {entry.findtext('a:title', '', ns)}", entry.findtext("a:id", "", ns) or "",
                             updated, link, entry.findtext("a:summary", None, ns)))
    return entries


def portal_feed(entries: list[Entry], config: SiteConfig, fallback: dt.date) -> bytes:
    """Every assembly's news in one feed, at site/feed.xml."""
    return atom(f"Citizens' assemblies: {config.organisation.name}", stable_id(config, "portal"),
                config.organisation.name, _at(config.site_url, "feed.xml"), _at(config.site_url, "index.html"),
                entries, fallback, config.language)
