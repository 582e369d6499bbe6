"""A whole assembly as validated records, and the views the pages need. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.i18n import N_, Translator, english
from generator.model.records import (
    Assembly,
    Evidence,
    Page,
    Position,
    Recommendation,
    Response,
    Session,
    Speaker,
    Update,
)
from generator.model.site import DEFAULT_STATUSES, SiteConfig

if TYPE_CHECKING:
    from generator.model.figures import Figures
    from generator.report.model import Report

POSITION_LABELS = {
    Position.ACCEPTED: N_("Accepted"),
    Position.ACCEPTED_IN_PART: N_("Accepted in part"),
    Position.UNDER_CONSIDERATION: N_("Under consideration"),
    Position.NOT_ACCEPTED: N_("Not accepted"),
    Position.REFERRED: N_("Referred"),
}
"""The council's positions in English (the open data's words); pages show them translated."""
# Kinds of file a download link names; brand names (PDF, Word, Excel...) stay as they are.
FILE_FORMATS = {"pdf": "PDF", "docx": "Word", "doc": "Word", "odt": N_("OpenDocument text"), "xlsx": "Excel",
                "csv": "CSV", "ods": N_("OpenDocument spreadsheet"), "pptx": "PowerPoint", "txt": N_("Plain text"),
                "md": N_("Text"), "vtt": N_("WebVTT captions"), "mp4": N_("MP4 video"), "webm": N_("WebM video"),
                "mp3": N_("MP3 audio"), "jpg": N_("JPEG image"), "jpeg": N_("JPEG image"), "png": N_("PNG image"),
                "webp": N_("WebP image"), "svg": N_("SVG image"), "zip": N_("ZIP archive"), "epub": "EPUB"}
BRAND_NAMES = frozenset({"PDF", "Word", "Excel", "CSV", "PowerPoint", "EPUB"})


def theme_slug(text: str) -> str:
    """An address part from a theme's name: accents transliterated ("Santé" → "sante"), at most
    60 characters. Names in other scripts get a short stable code from their text."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")
    if not slug:
        slug = "theme-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return slug


def natural_key(label: str) -> tuple[tuple[int, str], ...]:
    """Sort "2" before "10" and "7" before "7a"."""
    return tuple((int(part), "") if part.isdigit() else (10**9, part)
                 for part in re.findall(r"\d+|\D+", label))


@dataclass(frozen=True)
class FileFacts:
    """What a download link needs to say about a file: its format, size and pages."""

    path: str
    size: int
    pages: int | None = None

    @property
    def format(self) -> str:
        return self.format_name()

    def format_name(self, t: Translator | None = None) -> str:
        suffix = self.path.rsplit(".", 1)[-1].lower() if "." in self.path else ""
        name = FILE_FORMATS.get(suffix)
        if name is None:
            return suffix.upper() or (t or english()).gettext("File")
        return name if name in BRAND_NAMES else (t or english()).gettext(name)

    @property
    def human_size(self) -> str:
        return self.size_text()

    def size_text(self, t: Translator | None = None) -> str:
        t = t or english()
        size = float(self.size)
        for unit in ("bytes", "KB", "MB", "GB"):
            if size < 1024 or unit == "GB":
                if unit == "bytes":
                    return t.ngettext("%(num)s byte", "%(num)s bytes", int(size))
                return f"{t.decimal(size)} {unit}"
            size /= 1024
        return f"{t.decimal(size)} GB"  # pragma: no cover

    @property
    def description(self) -> str:
        return self.describe()

    def describe(self, t: Translator | None = None) -> str:
        """'PDF, 2.3 MB, 14 pages' in the page's language."""
        t = t or english()
        parts = [self.format_name(t), self.size_text(t)]
        if self.pages:
            parts.append(t.ngettext("%(num)s page", "%(num)s pages", self.pages))
        return ", ".join(parts)


@dataclass
class AssemblyContent:
    slug: str
    assembly: Assembly
    sessions: list[Session] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    responses: dict[str, Response] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    home_page: Page | None = None
    files: dict[str, FileFacts] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    images: dict[str, tuple[int, int]] = field(default_factory=dict)
    report: Report | None = None
    """The report as a web publication (report/), with where it mentions each recommendation."""
    as_of: dt.date = dt.date(1970, 1, 1)
    """"Today" for this build: embargoes and the figures that depend on the date (overdue)."""
    status_keys: tuple[str, ...] = tuple(status.key for status in DEFAULT_STATUSES)
    """The progress status keys of site_config.yml, in order."""
    translations: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    """Checked translations: language → "assembly" or "<folder>/<id>" → the translated fields, nested as
    in the original ("body": a translated file's Markdown). Read through generator.model.translate."""

    figures_cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """Kept by generator.model.figures.figures_of; never copied to a translated view."""
    relations_cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """The relations between entities, indexed once (_relations); never copied to a translated view."""

    def _relations(self) -> dict[str, dict[str | None, list[Any]]]:
        """Each relation the pages look up (evidence in a session, recommendations citing an
        evidence item...) as a dictionary made in one pass, so that a page costs the same
        whatever the size of the assembly. Made again if the lists were replaced or resized."""
        key = tuple((id(items), len(items)) for items in (self.sessions, self.speakers, self.evidence,
                                                          self.recommendations))
        found = self.relations_cache.get(key)
        if found is None:
            index: dict[str, dict[str | None, list[Any]]] = {
                name: {} for name in ("session", "speaker", "evidence", "by_speaker", "in_session",
                                      "from_session", "citing")}
            for session in self.sessions:
                index["session"].setdefault(session.id, []).append(session)
            for speaker in self.speakers:
                index["speaker"].setdefault(speaker.id, []).append(speaker)
            for item in self.evidence:
                index["evidence"].setdefault(item.id, []).append(item)
                index["in_session"].setdefault(item.session, []).append(item)
                for speaker_id in dict.fromkeys(item.speakers):
                    index["by_speaker"].setdefault(speaker_id, []).append(item)
            for rec in self.recommendations:
                index["from_session"].setdefault(rec.session, []).append(rec)
                for evidence_id in dict.fromkeys(rec.evidence):
                    index["citing"].setdefault(evidence_id, []).append(rec)
            self.relations_cache.clear()
            found = self.relations_cache[key] = index
        return found

    @property
    def figures(self) -> Figures:
        """Every number the site states about this assembly (generator.model.figures)."""
        from generator.model.figures import figures_of

        return figures_of(self)

    def sort(self) -> None:
        self.sessions.sort(key=lambda s: (s.date, s.id))
        self.speakers.sort(key=lambda s: (s.name.lower(), s.id))
        self.evidence.sort(key=lambda e: (e.date is None, e.date or "", e.title.lower(), e.id))  # type: ignore[operator]
        self.recommendations.sort(key=lambda r: (natural_key(r.number), r.id))
        self.updates.sort(key=lambda u: (u.date, u.id), reverse=True)
        self.pages.sort(key=lambda p: (p.order if p.order is not None else 10**6, p.title.lower(), p.id))

    # Lookups the pages need --------------------------------------------------------------
    def session(self, session_id: str | None) -> Session | None:
        return next(iter(self._relations()["session"].get(session_id, [])), None)

    def speaker(self, speaker_id: str) -> Speaker | None:
        return next(iter(self._relations()["speaker"].get(speaker_id, [])), None)

    def evidence_item(self, evidence_id: str) -> Evidence | None:
        return next(iter(self._relations()["evidence"].get(evidence_id, [])), None)

    def response_for(self, recommendation: Recommendation) -> Response | None:
        return self.responses.get(recommendation.id)

    def evidence_by_speaker(self, speaker: Speaker) -> list[Evidence]:
        return list(self._relations()["by_speaker"].get(speaker.id, []))

    def evidence_in_session(self, session: Session) -> list[Evidence]:
        return list(self._relations()["in_session"].get(session.id, []))

    def recommendations_from_session(self, session: Session) -> list[Recommendation]:
        return list(self._relations()["from_session"].get(session.id, []))

    def recommendations_citing(self, evidence: Evidence) -> list[Recommendation]:
        return list(self._relations()["citing"].get(evidence.id, []))

    def themes(self) -> list[str]:
        seen: list[str] = []
        for rec in self.recommendations:
            if rec.theme and rec.theme not in seen:
                seen.append(rec.theme)
        return seen

    def last_progress_date(self) -> dt.date | None:
        dates = [p.date for resp in self.responses.values() for p in resp.progress]
        dates += [resp.date for resp in self.responses.values()]
        dates += [c.done_on for resp in self.responses.values() for c in resp.commitments if c.done_on]
        return max(dates) if dates else None

    def speakers_in_session(self, session: Session) -> list[Speaker]:
        """Speakers who gave evidence at a session, in the order of the speakers' list."""
        ids = {sid for e in self.evidence_in_session(session) for sid in e.speakers}
        return [s for s in self.speakers if s.id in ids]

    def speakers_without_session(self) -> list[Speaker]:
        placed = {sid for e in self.evidence if e.session for sid in e.speakers}
        return [s for s in self.speakers if s.id not in placed]

    def evidence_types(self) -> list[str]:
        seen: list[str] = []
        for item in self.evidence:
            if item.type and item.type.value not in seen:
                seen.append(item.type.value)
        return seen

    def evidence_of_type(self, type_value: str) -> list[Evidence]:
        return [e for e in self.evidence if e.type and e.type.value == type_value]

    def in_theme(self, theme: str) -> list[Recommendation]:
        return [r for r in self.recommendations if r.theme == theme]


@dataclass
class Site:
    config: SiteConfig
    assemblies: list[AssemblyContent]
    theme: Path | None = None
    """The project's own theme folder, which overrides the packaged theme (generator.themes)."""
