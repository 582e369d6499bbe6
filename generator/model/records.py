"""One typed record per kind of content file, with a docstring per field.

Field names are the contract in content-format.md: they are a promise to users.
`id`, `body` and `source` are filled from the file itself, never written by the officer.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from generator.i18n import N_, Translator, english
from generator.model.types import (
    Code,
    Decimal,
    EntityId,
    FilePath,
    IsoDate,
    Markdown,
    Name,
    Percent,
    Record,
    SharedLabel,
    Text,
    WebAddress,
    WholeNumber,
    YesNo,
    choice,
)


class Status(StrEnum):
    PLANNED = "planned"
    RECRUITING = "recruiting"
    RUNNING = "running"
    REPORTED = "reported"
    RESPONDED = "responded"
    ARCHIVED = "archived"


class DocumentType(StrEnum):
    REPORT = "report"
    SUMMARY = "summary"
    EASY_READ = "easy-read"
    BRIEFING = "briefing"
    MINUTES = "minutes"
    RESPONSE = "response"
    EVALUATION = "evaluation"
    OTHER = "other"


class SessionKind(StrEnum):
    EVIDENCE = "evidence"
    DELIBERATION = "deliberation"
    BALLOT = "ballot"
    OTHER = "other"


class Stance(StrEnum):
    INFORMANT = "informant"
    ADVOCATE = "advocate"
    LIVED_EXPERIENCE = "lived-experience"


class EvidenceType(StrEnum):
    PRESENTATION = "presentation"
    BRIEFING = "briefing"
    VIDEO = "video"
    SUBMISSION = "submission"
    REPORT = "report"
    OTHER = "other"


class Outcome(StrEnum):
    PUT_TO_COUNCIL = "put-to-council"
    NOT_PUT_TO_COUNCIL = "not-put-to-council"


class Position(StrEnum):
    ACCEPTED = "accepted"
    ACCEPTED_IN_PART = "accepted-in-part"
    UNDER_CONSIDERATION = "under-consideration"
    NOT_ACCEPTED = "not-accepted"
    REFERRED = "referred"


class CommitmentStatus(StrEnum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"


class Publishable(Record):
    """Fields any entity may carry to control when it is published."""

    draft: YesNo = False
    """Left out of the site unless building with --drafts."""
    publish_on: IsoDate | None = None
    """Left out of the site before this date (embargo)."""


class Entity(Publishable):
    id: str = ""
    body: str = ""
    source: str = ""
    body_line: int = 1


# --- assembly.yml -----------------------------------------------------------------------------

class DateRange(Record):
    start: IsoDate | None = None
    end: IsoDate | None = None

    @model_validator(mode="after")
    def _in_order(self) -> DateRange:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"the end date {self.end} is before the start date {self.start}")
        return self


class Members(Record):
    recruited: WholeNumber | None = None
    """How many residents were recruited."""
    completed: WholeNumber | None = None
    """How many took part to the end."""

    @model_validator(mode="after")
    def _not_more_than_recruited(self) -> Members:
        if self.recruited is not None and self.completed is not None and self.completed > self.recruited:
            raise ValueError(f"completed ({self.completed}) is more than recruited ({self.recruited})")
        return self


class Partner(Record):
    name: Text
    role: Text | None = None
    url: WebAddress | None = None


class Funding(Record):
    by: Text | None = None
    amount: Text | None = None


class DemographicRow(Record):
    criterion: Text
    group: Text
    assembly: WholeNumber | None = None
    """Members of the assembly in this group (a count, never names)."""
    population_percent: Decimal | None = None
    """Share of the area's population in this group, in per cent."""


class Document(Record):
    title: Text
    type: choice(DocumentType) = DocumentType.OTHER  # type: ignore[valid-type]
    file: FilePath
    published: IsoDate | None = None


class AuthorityType(StrEnum):
    """The Citizens' Assembly Register's types of public authority (its authority_type)."""

    LOCAL_AUTHORITY = "Local Authority"
    TOWN_COUNCIL = "Town Council"
    NHS = "NHS"
    NATION = "Nation"
    OTHER = "Other"


class RegisterEntry(Record):
    """What the Citizens' Assembly Register needs that the rest of the content does not say."""

    authority_type: choice(AuthorityType) | None = None  # type: ignore[valid-type]
    local_authority_code: Code | None = None
    thematic_grouping: Code | None = None
    facilitator: Code | None = None


class Assembly(Publishable):
    title: Text
    question: Text
    commissioned_by: Text
    status: choice(Status)  # type: ignore[valid-type]
    dates: DateRange = Field(default_factory=DateRange)
    members: Members = Field(default_factory=Members)
    recruitment: Markdown | None = None
    partners: list[Partner] = Field(default_factory=list)
    funding: Funding | None = None
    summary: Markdown | None = None
    demographics: list[DemographicRow] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    licence: Code | None = None
    register_entry: RegisterEntry | None = Field(default=None, alias="register")
    """Written `register:` (pydantic models already have an attribute of that name)."""
    languages: list[Code] = Field(default_factory=list)
    translations: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Language → field → translated text (nested like the field itself); checked in generator.validate."""


# --- entities -------------------------------------------------------------------------------

class Video(Record):
    file: FilePath | None = None
    url: WebAddress | None = None
    captions: FilePath | None = None
    transcript: FilePath | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Video:
        if bool(self.file) == bool(self.url):
            raise ValueError("a video needs exactly one of `file:` (a video in documents/) or `url:` (a web address)")
        return self


def video_embed(url: str) -> tuple[str, str] | None:
    """(player address, site name) for YouTube and Vimeo, in their privacy-enhanced forms; the
    player is only loaded when the reader presses play."""
    youtube = re.match(r"^https?://(?:www\.|m\.)?(?:youtube\.com/watch\?(?:.*&)?v=|youtu\.be/|youtube\.com/embed/)"
                       r"([A-Za-z0-9_-]{6,})", url)
    if youtube:
        return f"https://www.youtube-nocookie.com/embed/{youtube.group(1)}?autoplay=1", "YouTube"
    vimeo = re.match(r"^https?://(?:www\.)?vimeo\.com/(\d+)", url)
    if vimeo:
        return f"https://player.vimeo.com/video/{vimeo.group(1)}?dnt=1&autoplay=1", "Vimeo"
    return None


class Session(Entity):
    title: Text
    date: IsoDate
    end_date: IsoDate | None = None
    location: Text | None = None
    online: YesNo = False
    kind: choice(SessionKind) | None = None  # type: ignore[valid-type]
    recording: Video | None = None


class Link(Record):
    title: Text
    url: WebAddress


class Speaker(Entity):
    name: Name
    role: Text | None = None
    organisation: Text | None = None
    photo: FilePath | None = None
    photo_alt: Text | None = None
    stance: choice(Stance) | None = None  # type: ignore[valid-type]
    interests: Text
    """Declared interests as text, or `none declared`."""
    links: list[Link] = Field(default_factory=list)


class EvidenceFile(Record):
    title: Text
    file: FilePath


class Evidence(Entity):
    title: Text
    type: choice(EvidenceType) | None = None  # type: ignore[valid-type]
    session: EntityId | None = None
    speakers: list[EntityId] = Field(default_factory=list)
    date: IsoDate | None = None
    files: list[EvidenceFile] = Field(default_factory=list)
    video: Video | None = None


class Vote(Record):
    question: Text | None = None
    counts: dict[str, WholeNumber]
    """Option name → number of members; order is kept; never percentages."""
    no_response: WholeNumber | None = Field(default=None, alias="no-response")

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Recommendation(Entity):
    number: Code
    title: Text
    theme: SharedLabel | None = None
    session: EntityId | None = None
    evidence: list[EntityId] = Field(default_factory=list)
    vote: Vote | None = None
    outcome: choice(Outcome) = Outcome.PUT_TO_COUNCIL  # type: ignore[valid-type]


class DecidedBy(Record):
    body: Text | None = None
    meeting: Text | None = None
    minutes_url: WebAddress | None = None


class Commitment(Record):
    id: EntityId | None = None
    """A short name, unique within the response, that progress updates use to say which commitment
    they report on (lower-case letters, digits and hyphens, such as `cafe`)."""
    action: Text
    """What the council will do."""
    owner: Text | None = None
    """The team or person responsible."""
    due: IsoDate | None = None
    """When it should be done. Past this date, and neither done nor dropped, it is overdue."""
    status: choice(CommitmentStatus) = CommitmentStatus.NOT_STARTED  # type: ignore[valid-type]
    """not-started (the default), in-progress, done (delivered) or dropped (the council will not do it)."""
    done_on: IsoDate | None = None
    """The date it was delivered (status done) or dropped (status dropped)."""

    @property
    def closed(self) -> bool:
        """Delivered or dropped: it can no longer be overdue."""
        return self.status in (CommitmentStatus.DONE, CommitmentStatus.DROPPED)


class ProgressUpdate(Record):
    date: IsoDate
    status: Code
    """A key from progress_statuses in site_config.yml."""
    percent: Percent | None = None
    note: Text | None = None
    commitment: EntityId | None = None
    """The `id` of the commitment in this response that the update reports on (optional)."""


class EarlierPosition(Record):
    position: choice(Position)  # type: ignore[valid-type]
    """The council's position at that time."""
    date: IsoDate
    """When the council took that position."""
    decided_by: DecidedBy | None = None
    reasons: Markdown | None = None
    """Why, in the council's words at the time."""


class Response(Entity):
    recommendation: EntityId
    position: choice(Position)  # type: ignore[valid-type]
    date: IsoDate
    decided_by: DecidedBy | None = None
    reasons: Markdown | None = None
    earlier_positions: list[EarlierPosition] = Field(default_factory=list)
    """The council's earlier decisions on this recommendation, oldest first; the current one is
    `position` and `date`."""
    commitments: list[Commitment] = Field(default_factory=list)
    progress: list[ProgressUpdate] = Field(default_factory=list)

    def commitment(self, commitment_id: str | None) -> Commitment | None:
        return next((c for c in self.commitments if commitment_id and c.id == commitment_id), None)

    def progress_on(self, commitment: Commitment) -> list[ProgressUpdate]:
        """The progress updates that name this commitment, oldest first."""
        return [p for p in self.progress if commitment.id and p.commitment == commitment.id]

    def general_progress(self) -> list[ProgressUpdate]:
        """Updates that name no commitment of this response."""
        ids = {c.id for c in self.commitments if c.id}
        return [p for p in self.progress if p.commitment not in ids]

    @property
    def current(self) -> ProgressUpdate | None:
        return self.progress[-1] if self.progress else None


class Update(Entity):
    title: Text
    date: IsoDate
    summary: Text | None = None


class Page(Entity):
    title: Text
    order: WholeNumber | None = None


ENTITY_MODELS: dict[str, type[Entity]] = {
    "sessions": Session,
    "speakers": Speaker,
    "evidence": Evidence,
    "recommendations": Recommendation,
    "responses": Response,
    "updates": Update,
    "pages": Page,
}

__all__ = ["dt"]


# Labels of the closed vocabularies and of the usual vote options, as the pages show them; any
# other value is shown as written ('strongly-support' → 'Strongly support').
OPTION_LABELS = {
    # Status of an assembly
    "planned": N_("Planned"), "recruiting": N_("Recruiting"), "running": N_("Running"),
    "reported": N_("Reported"), "responded": N_("Responded"), "archived": N_("Archived"),
    # Kinds of evidence and of session
    "presentation": N_("Presentation"), "briefing": N_("Briefing"), "video": N_("Video"),
    "submission": N_("Submission"), "report": N_("Report"), "other": N_("Other"),
    "evidence": N_("Evidence"), "deliberation": N_("Deliberation"), "ballot": N_("Ballot"),
    # Speakers: speaking as
    "informant": N_("Informant"), "advocate": N_("Advocate"), "lived-experience": N_("Lived experience"),
    # Vote options
    "strongly-support": N_("Strongly support"), "support": N_("Support"), "neutral": N_("Neutral"),
    "oppose": N_("Oppose"), "strongly-oppose": N_("Strongly oppose"), "abstain": N_("Abstain"),
    "yes": N_("Yes"), "no": N_("No"), "unsure": N_("Unsure"), "agree": N_("Agree"), "disagree": N_("Disagree"),
    "strongly-agree": N_("Strongly agree"), "strongly-disagree": N_("Strongly disagree"),
}


def option_label(option: str, t: Translator | None = None) -> str:
    """'strongly-support' → 'Strongly support' (in the page's language when it is a known option)."""
    known = OPTION_LABELS.get(option.strip().lower())
    if known is not None:
        return (t or english()).gettext(known)
    words = option.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def vote_rows(vote: Vote, t: Translator | None = None) -> list[tuple[str, int, int]]:
    """(label, members, whole per cent of those who answered) for each option, in order."""
    total = vote.total
    rows = []
    for option, count in vote.counts.items():
        percent = int(count * 100 / total + 0.5) if total else 0
        rows.append((option_label(option, t), count, percent))
    return rows


def vote_supported(vote: Vote) -> int:
    """Members who chose an option that supports (any option named '...support...')."""
    return sum(c for o, c in vote.counts.items() if "support" in o.lower() and "not" not in o.lower())


def vote_summary(vote: Vote, t: Translator | None = None) -> str:
    """'48 of 53 members who voted supported this recommendation (1 did not vote).'"""
    t = t or english()
    answered = vote.total
    supported = vote_supported(vote)
    opposed = sum(c for o, c in vote.counts.items() if "oppose" in o.lower())
    has_support_options = any("support" in o.lower() for o in vote.counts)
    if has_support_options:
        text = t.ngettext("%(supported)s of %(num)s member who voted supported this recommendation",
                          "%(supported)s of %(num)s members who voted supported this recommendation",
                          answered, supported=t.number(supported))
        if opposed:
            text = t.ngettext("%(text)s; %(num)s opposed it", "%(text)s; %(num)s opposed it", opposed, text=text)
    else:
        text = t.ngettext("%(num)s member voted", "%(num)s members voted", answered)
    if vote.no_response:
        text = t.ngettext("%(text)s (%(num)s did not vote)", "%(text)s (%(num)s did not vote)", vote.no_response,
                          text=text)
    return text + "."
