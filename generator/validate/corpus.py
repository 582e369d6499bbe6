"""Whole-site validation: records from raw files, then every cross-reference and rule that
needs more than one file. Collects every problem; never stops at the first."""

from __future__ import annotations

import datetime as dt
import posixpath
import unicodedata
from dataclasses import dataclass
from typing import Any

from generator.dates import DEFAULT_TIME_ZONE, today
from generator.errors import Problems, SourceLocation
from generator.load.files import RawAssembly, RawSite, SourceFile, declared_languages
from generator.model.corpus import AssemblyContent, FileFacts, Site, theme_slug
from generator.model.records import (
    ENTITY_MODELS,
    Assembly,
    CommitmentStatus,
    Entity,
    Evidence,
    Outcome,
    Page,
    Position,
    Recommendation,
    Response,
    Session,
    Speaker,
    Update,
    Video,
)
from generator.model.site import SiteConfig
from generator.model.types import closest, did_you_mean
from generator.parts import parts
from generator.themes import check_overrides, project_theme
from generator.validate.accessibility import check_body
from generator.validate.contrast import contrast_ratio
from generator.validate.schema import validate_record
from generator.validate.starter import check_site_starter_text, check_starter_text
from generator.validate.translations import (
    check_languages,
    check_theme_names,
    check_translation_file,
    check_translation_map,
)

RESERVED_PAGE_IDS = {"accessibility", "404", "sitemap", "search", "data", "assets"}
WHITE = "#ffffff"


@dataclass
class Options:
    drafts: bool = False
    as_of: dt.date | None = None
    strict: bool = False
    """Warnings count as errors: nothing is published while there is one (`--strict`)."""
    editor: bool | None = None
    """Publish the browser editor of site_config.yml's `editor:` block: True (`--editor`), False
    (never: a preservation package), None (as its `publish:` says; a plan made outside `build()`,
    as the preview's, has none)."""


def validate_site(raw: RawSite, options: Options, problems: Problems) -> Site | None:
    config = None
    if raw.config is not None:
        config = validate_record(raw.config, SiteConfig, problems)
        if config is not None:
            ratio = contrast_ratio(config.theme.primary_colour, WHITE)
            if ratio < 4.5:
                problems.error(raw.config.at("theme", "primary_colour"),
                               f"theme.primary_colour {config.theme.primary_colour} has a contrast of "
                               f"{ratio:.2f}:1 with white text; it needs at least 4.5:1 (WCAG 2.2 AA): "
                               "choose a darker colour")
        check_translation_map(raw.config, SiteConfig, config, None, problems)
        check_site_starter_text(raw.config, problems)
    check_overrides(raw.root, problems)
    assemblies = [a for raw_assembly in raw.assemblies
                  if (a := _validate_assembly(raw_assembly, config, options, problems)) is not None]
    if config is None or problems.errors:
        return None
    return Site(config, assemblies, project_theme(raw.root))


def _published(entity: Entity | Assembly, options: Options) -> bool:
    if entity.draft and not options.drafts:
        return False
    if entity.publish_on and options.as_of and entity.publish_on > options.as_of:
        return False
    return True


def _validate_assembly(raw: RawAssembly, config: SiteConfig | None, options: Options,
                       problems: Problems) -> AssemblyContent | None:
    if raw.assembly is None:
        return None
    assembly = validate_record(raw.assembly, Assembly, problems)
    sources: dict[tuple[str, str], SourceFile] = {}
    body_links: dict[tuple[str, str], list[tuple[str, SourceLocation]]] = {}
    records: dict[str, list[Entity]] = {kind: [] for kind in ENTITY_MODELS}
    for kind, files in raw.entities.items():
        for source in files:
            extra = {"id": source.id, "body": source.body, "source": source.rel, "body_line": source.body_line}
            record = validate_record(source, ENTITY_MODELS[kind], problems, extra)
            if record is not None:
                sources[(kind, record.id)] = source
                records[kind].append(record)
                body_links[(kind, record.id)] = check_body(source.rel, source.body, source.body_line, problems)
    languages = assembly.languages if assembly is not None else declared_languages(raw.assembly)
    translated = _check_translations(raw, assembly, languages, records, body_links, problems)
    if assembly is None:
        return None

    for field_name in ("summary", "recruitment"):
        text = getattr(assembly, field_name)
        if text and raw.assembly is not None:
            at = raw.assembly.at(field_name)
            line = at.line + (1 if "\n" in text.strip() or text.endswith("\n") else 0)
            body_links[("assembly", field_name)] = check_body(at.path, text, line, problems)
    if not _published(assembly, options):
        return None  # a draft or embargoed assembly is checked but not published
    content = AssemblyContent(slug=raw.slug, assembly=assembly)
    content.as_of = options.as_of or today(None, config.time_zone if config else DEFAULT_TIME_ZONE)
    if config is not None:
        content.status_keys = tuple(s.key for s in config.progress_statuses)
    content.files = {path: FileFacts(path, size, raw.pdf_pages.get(path)) for path, size in raw.files.items()}
    content.texts = dict(raw.texts)
    content.images = dict(raw.images)
    checker = _Checker(raw, content, sources, config, problems)
    checker.check_assembly_files()

    published = {kind: [r for r in recs if _published(r, options)] for kind, recs in records.items()}
    content.sessions = published["sessions"]  # type: ignore[assignment]
    content.speakers = published["speakers"]  # type: ignore[assignment]
    content.evidence = published["evidence"]  # type: ignore[assignment]
    content.recommendations = published["recommendations"]  # type: ignore[assignment]
    content.updates = published["updates"]  # type: ignore[assignment]
    for page in published["pages"]:
        assert isinstance(page, Page)
        if page.id == "index":
            content.home_page = page
        elif page.id in RESERVED_PAGE_IDS:
            problems.error(SourceLocation(page.source), f"a page cannot be called '{page.id}': that address is "
                           "used by the site itself; rename the file")
        else:
            content.pages.append(page)
    for part in parts():  # optional parts (generator.parts): the report
        record, body_links[(part.name, "")] = part.check(raw.parts.get(part.name), content, problems,
                                                         config.language if config else "en")
        setattr(content, part.name, record)
    valid_ids = {kind: {r.id for r in recs} for kind, recs in records.items()}
    file_ids = {kind: {source.id for source in raw.entities.get(kind, [])} for kind in ENTITY_MODELS}
    checker.check_references(published, valid_ids, file_ids)
    published_ids = {kind: {r.id for r in recs} for kind, recs in published.items()}
    for links in body_links.values():
        checker.check_body_links(links, published_ids)
    content.translations = {lang: {key: fields for key, fields in table.items()
                                   if key == "assembly" or key.split("/", 1)[1] in published_ids[key.split("/")[0]]}
                            for lang, table in translated.items()}
    content.sort()
    checker.valid_responses = {r.id for r in records["responses"]}
    checker.check_accountability(published)
    check_starter_text(raw, content, sources, problems)
    return content


def _check_translations(raw: RawAssembly, assembly: Assembly | None, languages: list[str] | None,
                        records: dict[str, list[Entity]],
                        body_links: dict[tuple[str, str], list[tuple[str, SourceLocation]]],
                        problems: Problems) -> dict[str, dict[str, dict[str, Any]]]:
    """`languages:`, the `translations:` map of assembly.yml and every `<id>.<lang>.md`; returns
    language → "assembly" or "<folder>/<id>" → the translated fields that are right."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    if raw.assembly is None or languages is None:
        return found
    check_languages(raw.assembly, languages, problems)
    for lang, fields in check_translation_map(raw.assembly, Assembly, assembly, languages, problems).items():
        found.setdefault(lang, {})["assembly"] = fields
        for field_name in ("summary", "recruitment"):
            text = fields.get(field_name)
            if isinstance(text, str):
                at = raw.assembly.at("translations", lang, field_name)
                line = at.line + (1 if "\n" in text.strip() or text.endswith("\n") else 0)
                body_links[(f"assembly.{lang}", field_name)] = check_body(at.path, text, line, problems)
    originals = {(kind, r.id): r for kind, recs in records.items() for r in recs}
    for kind, sources in raw.translations.items():
        for source in sources:
            assert source.lang is not None
            original = originals.get((kind, source.id))
            fields = check_translation_file(source, ENTITY_MODELS[kind], original, f"{kind}/{source.id}.md",
                                            problems)
            body_links[(f"{kind}.{source.lang}", source.id)] = check_body(source.rel, source.body,
                                                                          source.body_line, problems)
            if original is not None:
                found.setdefault(source.lang, {})[f"{kind}/{source.id}"] = fields
    check_theme_names(raw.translations.get("recommendations", ()), originals, problems)
    return found


class _Checker:
    def __init__(self, raw: RawAssembly, content: AssemblyContent, sources: dict[tuple[str, str], SourceFile],
                 config: SiteConfig | None, problems: Problems):
        self.raw, self.content, self.sources, self.config, self.problems = raw, content, sources, config, problems
        self.file_ids: dict[str, set[str]] = {}
        self.valid_responses: set[str] = set()

    def at(self, kind: str, entity_id: str, *path: str | int) -> SourceLocation:
        return self.sources[(kind, entity_id)].at(*path)

    def file_exists(self, path: str | None, where: SourceLocation, what: str) -> None:
        if not path or path in self.raw.files:
            return
        same_but_case = [f for f in self.raw.files if f.lower() == path.lower()]
        if same_but_case:
            self.problems.error(where, f"{what} '{path}' differs only in capital letters from the file "
                                f"'{same_but_case[0]}': web servers treat them as different; write it exactly")
            return
        hint = did_you_mean(path, sorted(self.raw.files))
        self.problems.error(where, f"{what} '{path}' does not exist in {self.raw.rel}/ (files must be in "
                            f"documents/ or images/){hint}")

    def check_assembly_files(self) -> None:
        source = self.raw.assembly
        assert source is not None
        for index, document in enumerate(self.content.assembly.documents):
            self.file_exists(document.file, source.at("documents", index, "file"), "the document")

    def check_body_links(self, links: list[tuple[str, SourceLocation]],
                         published: dict[str, set[str]] | None = None) -> None:
        """Links written in Markdown bodies, from the assembly folder: they must lead somewhere.

        `links` are the assembly's own files and pages that check_body() found (it reports the
        links that leave the assembly's folder, and the addresses that are not published)."""
        for target, where in links:
            path = posixpath.normpath(target) if target else ""
            folder = path.split("/", 1)[0]
            if not path or path == ".":
                continue
            if folder in ("documents", "images"):
                self.file_exists(path, where, "the linked file")
            elif folder in ENTITY_MODELS and path.endswith(".md"):
                entity_id = path[len(folder) + 1:-3]
                if entity_id not in self.file_ids.get(folder, set()):
                    close = closest(entity_id, sorted(self.file_ids.get(folder, set())))
                    fix = f"did you mean '{folder}/{close}.md'?" if close else f"check the file name in {folder}/"
                    self.problems.error(where, f"the link to '{target}' leads nowhere: {fix}")
                elif published is not None and entity_id not in published.get(folder, set()):
                    self.problems.warning(where, f"'{target}' is a draft or embargoed, so this link will not work "
                                          "until it is published")

    def check_video(self, video: Video | None, kind: str, entity_id: str, key: str) -> None:
        if video is None:
            return
        for name in ("file", "captions", "transcript"):
            self.file_exists(getattr(video, name), self.at(kind, entity_id, key, name), f"{key}.{name}")
        if video.captions and not video.captions.lower().endswith(".vtt"):
            self.problems.error(self.at(kind, entity_id, key, "captions"), "captions must be a WebVTT file "
                                "ending in .vtt")
        if video.transcript and not video.transcript.lower().endswith((".md", ".txt")):
            self.problems.error(self.at(kind, entity_id, key, "transcript"), "a transcript must be a .md or "
                                ".txt file so it can be shown on the page")

    def ref(self, kind: str, entity_id: str, path: tuple[str | int, ...], target_kind: str, target: str | None,
            published: dict[str, set[str]], every: dict[str, set[str]]) -> bool:
        """Check one reference; False when the target is not published (so it is dropped)."""
        if target is None:
            return True
        if target in published[target_kind]:
            return True
        if target in self.file_ids[target_kind] and target not in every[target_kind]:
            return False  # the file exists but has its own errors, reported there
        if target in every[target_kind]:
            self.problems.warning(self.at(kind, entity_id, *path), f"'{target}' in {target_kind}/ is a draft or "
                                  "embargoed, so this link to it is left out for now")
            return False
        close = closest(target, sorted(self.file_ids[target_kind]))
        fix = (f"did you mean '{close}'?" if close
               else f"write the id of a file in {target_kind}/ (its name without .md)")
        self.problems.error(self.at(kind, entity_id, *path), f"there is no {target_kind}/{target}.md: {fix}")
        return False

    def check_references(self, published: dict[str, list[Entity]], every: dict[str, set[str]],
                         file_ids: dict[str, set[str]]) -> None:
        self.file_ids = file_ids
        ids = {kind: {r.id for r in recs} for kind, recs in published.items()}
        for speaker in published["speakers"]:
            assert isinstance(speaker, Speaker)
            if speaker.photo:
                self.file_exists(speaker.photo, self.at("speakers", speaker.id, "photo"), "the photo")
                if not (speaker.photo_alt or "").strip():
                    self.problems.error(self.at("speakers", speaker.id, "photo"), "a photo needs a description "
                                        "for people who cannot see it: add `photo_alt: ...` (for example "
                                        "\"Amina Shah speaking at the second weekend\")")
        for session in published["sessions"]:
            assert isinstance(session, Session)
            if session.end_date and session.end_date < session.date:
                self.problems.error(self.at("sessions", session.id, "end_date"),
                                    f"end_date {session.end_date} is before date {session.date}")
            self.check_video(session.recording, "sessions", session.id, "recording")
        for position, item in enumerate(published["evidence"]):
            assert isinstance(item, Evidence)
            # Records are frozen once validated: a reference to something not published is
            # dropped from a resolved copy, never from the record (which the preview may keep).
            held = item.session if self.ref("evidence", item.id, ("session",), "sessions", item.session, ids,
                                            every) else None
            speakers = [s for i, s in enumerate(item.speakers)
                        if self.ref("evidence", item.id, ("speakers", i), "speakers", s, ids, every)]
            if held != item.session or speakers != item.speakers:
                item = published["evidence"][position] = item.model_copy(update={"session": held,
                                                                                 "speakers": speakers})
            for index, attached in enumerate(item.files):
                self.file_exists(attached.file, self.at("evidence", item.id, "files", index, "file"), "the file")
            self.check_video(item.video, "evidence", item.id, "video")
        themes: dict[str, tuple[str, str]] = {}
        for rec in published["recommendations"]:
            assert isinstance(rec, Recommendation)
            if not rec.theme:
                continue
            first = themes.setdefault(theme_slug(rec.theme), (rec.theme, rec.id))
            if first[0] != rec.theme:
                self.problems.error(self.at("recommendations", rec.id, "theme"), f"theme '{rec.theme}' and theme "
                                    f"'{first[0]}' (in recommendations/{first[1]}.md) differ only in capitals, "
                                    "accents or punctuation: write the theme the same way in both")
        numbers: dict[str, str] = {}
        for position, rec in enumerate(published["recommendations"]):
            assert isinstance(rec, Recommendation)
            key = unicodedata.normalize("NFKC", rec.number).strip().lower().replace(" ", "")
            if key in numbers:
                self.problems.error(self.at("recommendations", rec.id, "number"), f"number '{rec.number}' is "
                                    f"already used by recommendations/{numbers[key]}.md: each number must be unique")
            else:
                numbers[key] = rec.id
            held = rec.session if self.ref("recommendations", rec.id, ("session",), "sessions", rec.session, ids,
                                           every) else None
            cited = [e for i, e in enumerate(rec.evidence)
                     if self.ref("recommendations", rec.id, ("evidence", i), "evidence", e, ids, every)]
            if held != rec.session or cited != rec.evidence:
                rec = published["recommendations"][position] = rec.model_copy(update={"session": held,
                                                                                     "evidence": cited})
            if rec.vote is not None and not rec.vote.counts:
                self.problems.error(self.at("recommendations", rec.id, "vote", "counts"),
                                    "vote.counts needs at least one option, such as `support: 30`")
        statuses = [s.key for s in self.config.progress_statuses] if self.config else []
        for response in published["responses"]:
            assert isinstance(response, Response)
            self._check_response(response, ids, every, statuses)

    def _check_response(self, response: Response, ids: dict[str, set[str]], every: dict[str, set[str]],
                        statuses: list[str]) -> None:
        rid = response.id
        if response.position != Position.ACCEPTED and not (response.reasons or "").strip():
            self.problems.error(self.sources[("responses", rid)].at("position"), "reasons are required when "
                                f"the position is {response.position.value}: add `reasons: ...` explaining why")
        self._check_commitments(response)
        self._check_earlier_positions(response)
        for index, update in enumerate(response.progress):
            if statuses and update.status not in statuses:
                self.problems.error(self.at("responses", rid, "progress", index, "status"),
                                    f"progress[{index + 1}].status must be one of {', '.join(statuses)}; found "
                                    f"'{update.status}'{self._status_hint(update.status)}")
            if index and update.date < response.progress[index - 1].date:
                self.problems.error(self.at("responses", rid, "progress", index, "date"),
                                    f"progress updates go oldest first, but this one, dated {update.date}, is "
                                    f"listed after one dated {response.progress[index - 1].date}: check its date, or "
                                    "move it up")
        if not self.ref("responses", rid, ("recommendation",), "recommendations", response.recommendation,
                        ids, every):
            return
        existing = self.content.responses.get(response.recommendation)
        if existing is not None:
            self.problems.error(self.at("responses", rid, "recommendation"), f"recommendation "
                                f"'{response.recommendation}' already has a response in {existing.source}: "
                                "keep one response per recommendation and add progress to it")
            return
        self.content.responses[response.recommendation] = response

    def _status_hint(self, word: str) -> str:
        from generator.model.hints import progress_status_hint

        return progress_status_hint(word, list(self.config.progress_statuses) if self.config else [])

    def _check_commitments(self, response: Response) -> None:
        rid, seen = response.id, dict[str, int]()
        source = self.sources[("responses", rid)]
        for index, commitment in enumerate(response.commitments):
            where = ("commitments", index)
            if commitment.id:
                if commitment.id in seen:
                    self.problems.error(self.at("responses", rid, *where, "id"), f"commitment id '{commitment.id}' "
                                        f"is already used by commitment {seen[commitment.id] + 1} of this response: "
                                        "give each commitment its own id")
                else:
                    seen[commitment.id] = index
            if commitment.done_on and not commitment.closed:
                status = (f"its status is {commitment.status.value}" if (*where, "status") in source.located.values
                          else "it has no status (so it counts as not-started)")
                self.problems.error(self.at("responses", rid, *where, "done_on"), f"done_on is the day a commitment "
                                    f"was delivered or dropped, but {status}: write `status: done` or "
                                    "`status: dropped`, or remove done_on")
            if commitment.status == CommitmentStatus.DONE and not commitment.done_on:
                self.problems.warning(self.at("responses", rid, *where, "status"), "this commitment is done but "
                                      "has no date: add `done_on:` with the day it was delivered, written "
                                      "year-month-day (such as 2026-11-20), so residents can see when")
        for index, update in enumerate(response.progress):
            if update.commitment and response.commitment(update.commitment) is None:
                known = [c.id for c in response.commitments if c.id]
                fix = (f"write one of {', '.join(known)}" if known else "give the commitment it reports on an "
                       "`id:` in commitments, and write that id here")
                self.problems.error(self.at("responses", rid, "progress", index, "commitment"), f"progress update "
                                    f"{index + 1} names commitment '{update.commitment}', but this response has no "
                                    f"commitment with that id: {fix}")

    def _check_earlier_positions(self, response: Response) -> None:
        rid = response.id
        for index, earlier in enumerate(response.earlier_positions):
            where = self.at("responses", rid, "earlier_positions", index, "date")
            before = response.earlier_positions[index - 1] if index else None
            if before is not None and earlier.date < before.date:
                self.problems.error(where, f"earlier positions go oldest first, but this one ({earlier.date}) is "
                                    f"listed after a later one ({before.date}): move it up")
            if earlier.date > response.date:
                self.problems.error(where, f"this earlier position is dated {earlier.date}, after the current "
                                    f"position ({response.position.value}, {response.date}): `position:` and "
                                    "`date:` hold the council's latest decision, so swap them")

    def check_accountability(self, published: dict[str, list[Entity]]) -> None:
        """Warnings that keep the accountability record true: dates in the future, a response to a
        recommendation that was not put to the council, an assembly said to be responded to while
        a response is missing."""
        content, today_ = self.content, self.content.as_of
        recommendations = {r.id: r for r in content.recommendations}
        for response in published["responses"]:
            assert isinstance(response, Response)
            if content.responses.get(response.recommendation) is not response:
                continue
            rid = response.id
            rec = recommendations[response.recommendation]
            if rec.outcome == Outcome.NOT_PUT_TO_COUNCIL:
                self.problems.warning(self.at("responses", rid, "recommendation"), f"recommendations/{rec.id}.md "
                                      "says `outcome: not-put-to-council`, yet this is the council's response to "
                                      "it: the response is shown, but the recommendation still counts as not put "
                                      "to the council; if it was put to the council, write `outcome: "
                                      f"put-to-council` in recommendations/{rec.id}.md")
            after = f"after today ({today_})"
            if response.date > today_:
                self.problems.warning(self.at("responses", rid, "date"), f"the response is dated {response.date}, "
                                      f"{after}: the site would show the decision as already taken; check the "
                                      f"date, or add `publish_on: {response.date}` to publish it on that day")
            for index, update in enumerate(response.progress):
                if update.date > today_:
                    self.problems.warning(self.at("responses", rid, "progress", index, "date"), f"progress update "
                                          f"{index + 1} is dated {update.date}, {after}: the site would show it as "
                                          "already happened; check the date, or add the update on that day")
            for index, commitment in enumerate(response.commitments):
                if commitment.closed and commitment.done_on and commitment.done_on > today_:
                    done = "dropped" if commitment.status == CommitmentStatus.DROPPED else "delivered"
                    self.problems.warning(self.at("responses", rid, "commitments", index, "done_on"), f"commitment "
                                          f"{index + 1} has done_on {commitment.done_on}, {after}: the site counts "
                                          f"it as not yet {done} until then; check the date (a planned date goes "
                                          "in `due:`)")
        if content.assembly.status.value == "responded":
            # A response file that has its own errors (reported there) is not a missing response.
            broken = {str(source.located.data.get("recommendation"))
                      for source in self.raw.entities.get("responses", [])
                      if isinstance(source.located.data, dict) and source.id not in self.valid_responses}
            missing = [r for r in content.recommendations if r.outcome != Outcome.NOT_PUT_TO_COUNCIL
                       and r.id not in content.responses and r.id not in broken]
            if missing and self.raw.assembly is not None:
                if len(missing) == 1:
                    message = (f"status is responded, but recommendations/{missing[0].id}.md was put to the council "
                               "and has no response yet: add its response in responses/, or write `status: "
                               "reported` until the council has answered it")
                else:
                    names = ", ".join(f"recommendations/{r.id}.md" for r in missing[:5])
                    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
                    message = (f"status is responded, but {len(missing)} recommendations put to the council have "
                               f"no response yet ({names}{more}): add their responses in responses/, or write "
                               "`status: reported` until the council has answered them all")
                self.problems.warning(self.raw.assembly.at("status"), message)


__all__ = ["Options", "validate_site", "Update"]
