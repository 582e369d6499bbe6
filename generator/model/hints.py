"""Hints for a word that is not in a closed vocabulary, which never change what the officer meant.

Spelling distance is the wrong guide for decisions: 'partly-accepted' is closest in spelling to
'not-accepted', and 'rejected' to 'referred'. So a hint comes, in order, from:

1. the value itself written with capitals, spaces or quotes ('Accepted in part');
2. a table of the words officers actually write for each value ('rejected' → not-accepted);
3. for vocabularies where a slip of the keyboard cannot turn one value into another that means
   something else (document types, session kinds ...), a near spelling ('sumary' → summary);
4. else, for the vocabularies where values that look alike mean opposite things (positions,
   outcomes, commitment statuses), the list of values with what each one means.

A word that means different things to different people ('accepted in principle') has no entry:
a missing hint sends the officer to the list of meanings; a wrong one publishes the wrong decision.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING

from generator.model.records import (
    CommitmentStatus,
    DocumentType,
    EvidenceType,
    Outcome,
    Position,
    SessionKind,
    Stance,
    Status,
)

if TYPE_CHECKING:
    from generator.model.site import ProgressStatus

# --- what each value means, for the vocabularies where a wrong value reverses the meaning --------

MEANINGS: dict[type[Enum], dict[str, str]] = {
    Position: {
        Position.ACCEPTED: "the council agreed to all of it",
        Position.ACCEPTED_IN_PART: "the council agreed to some of it",
        Position.UNDER_CONSIDERATION: "the council has not decided yet",
        Position.NOT_ACCEPTED: "the council did not agree to it",
        Position.REFERRED: "the council passed it to another body to decide",
    },
    Outcome: {
        Outcome.PUT_TO_COUNCIL: "it went to the council for a response",
        Outcome.NOT_PUT_TO_COUNCIL: "it did not go to the council, for example because the assembly's vote "
                                    "did not reach the threshold",
    },
    CommitmentStatus: {
        CommitmentStatus.NOT_STARTED: "work has not begun",
        CommitmentStatus.IN_PROGRESS: "work has begun",
        CommitmentStatus.DONE: "it has been delivered",
        CommitmentStatus.DROPPED: "the council will not do it",
    },
}
"""Value → its meaning. These vocabularies never get a hint from spelling."""

CHOOSE: dict[type[Enum], str] = {
    Position: "what the council decided",
    Outcome: "whether the recommendation went to the council",
    CommitmentStatus: "where the work stands",
}
"""How the list of meanings ends: '— write the one that says <this>'."""

# --- the words officers write, by value --------------------------------------------------------

# Progress updates and commitments describe the same work, so they share these words; a
# configured progress status is found through them too (see progress_status_hint).
WORK_WORDS: dict[str, tuple[str, ...]] = {
    "not-started": ("not-started", "pending", "planned", "not-yet-started", "yet-to-start", "not-begun",
                    "todo", "to-do", "to-be-started", "not-yet-begun"),
    "in-progress": ("in-progress", "started", "ongoing", "on-going", "underway", "under-way", "in-hand",
                    "begun", "doing", "progressing", "in-train", "work-in-progress", "wip", "being-delivered"),
    "done": ("done", "finished", "complete", "completed", "delivered", "achieved", "implemented",
             "fully-delivered", "fully-implemented"),
    "dropped": ("dropped", "cancelled", "canceled", "abandoned", "withdrawn", "stopped", "not-proceeding",
                "will-not-proceed", "not-going-ahead", "scrapped", "not-doing", "will-not-be-done"),
    "stalled": ("stalled", "stuck", "on-hold", "paused", "blocked"),
}
"""Words for the state of a piece of work, by the idea they stand for. 'stalled' has no
commitment status of its own: stalled work may be started or not, so it gets no hint there."""

SYNONYMS: dict[type[Enum], dict[Enum, tuple[str, ...]]] = {
    Position: {
        Position.ACCEPTED: ("agreed", "approved", "yes", "accept", "agree", "approve", "accepted-in-full",
                            "accepted-in-whole", "fully-accepted", "accepted-fully", "fully-agreed",
                            "agreed-in-full", "adopted", "accepted-all"),
        Position.ACCEPTED_IN_PART: ("partly-accepted", "partially-accepted", "part-accepted", "accepted-partly",
                                    "accepted-partially", "accepted-part", "accepted-in-parts", "accept-in-part",
                                    "partly", "partially", "in-part", "part", "partial", "partial-acceptance",
                                    "agreed-in-part", "partly-agreed", "partially-agreed", "part-agreed",
                                    "accepted-some", "accepted-in-part-only"),
        Position.UNDER_CONSIDERATION: ("pending", "considering", "being-considered", "under-review",
                                       "being-reviewed", "deferred", "in-consideration", "undecided",
                                       "not-yet-decided", "not-decided", "not-decided-yet", "awaiting-decision",
                                       "to-be-decided", "tbc", "tbd", "consideration", "under-discussion"),
        Position.NOT_ACCEPTED: ("rejected", "declined", "refused", "turned-down", "not-agreed", "no", "reject",
                                "decline", "refuse", "not-accept", "not-approved", "not-supported", "disagreed",
                                "not-adopted", "unaccepted", "non-accepted", "did-not-accept"),
        Position.REFERRED: ("passed-on", "forwarded", "referred-to", "delegated", "refer", "referred-on",
                            "referred-elsewhere", "passed-to", "handed-over", "handed-on", "transferred",
                            "referred-to-another-body", "sent-elsewhere"),
    },
    Outcome: {
        Outcome.PUT_TO_COUNCIL: ("passed", "agreed", "adopted", "sent-to-council", "put-to-the-council",
                                 "sent-to-the-council", "to-council", "went-to-council", "went-to-the-council",
                                 "carried", "approved", "accepted", "submitted", "submitted-to-council",
                                 "yes", "put"),
        Outcome.NOT_PUT_TO_COUNCIL: ("failed", "not-passed", "did-not-pass", "fell", "below-threshold",
                                     "not-carried", "withdrawn", "not-sent", "not-put", "not-sent-to-council",
                                     "not-put-to-the-council", "no"),
    },
    CommitmentStatus: {
        CommitmentStatus(value): tuple(w for w in words if w != value)
        for value, words in WORK_WORDS.items() if value != "stalled"
    },
    Status: {
        Status.PLANNED: ("planning", "upcoming", "not-started", "future"),
        Status.RECRUITING: ("recruitment", "recruiting-members", "selecting-members"),
        Status.RUNNING: ("in-progress", "ongoing", "underway", "under-way", "live", "meeting", "sitting",
                         "in-session"),
        Status.REPORTED: ("report-published",),
        Status.RESPONDED: ("response-published", "council-responded"),
        Status.ARCHIVED: ("archive",),
    },
    DocumentType: {
        DocumentType.REPORT: ("final-report", "full-report"),
        DocumentType.SUMMARY: ("executive-summary", "report-summary"),
        DocumentType.EASY_READ: ("easyread", "easy-read-version", "easy-read-summary"),
        DocumentType.BRIEFING: ("briefing-note", "brief", "briefing-paper"),
        DocumentType.MINUTES: ("minute", "meeting-minutes"),
        DocumentType.RESPONSE: ("council-response", "councils-response"),
        DocumentType.EVALUATION: ("evaluation-report", "independent-evaluation"),
    },
    SessionKind: {
        SessionKind.EVIDENCE: ("evidence-session", "learning", "learning-phase", "hearing"),
        SessionKind.DELIBERATION: ("deliberative", "discussion", "deliberating"),
        SessionKind.BALLOT: ("vote", "voting", "votes"),
    },
    Stance: {
        Stance.INFORMANT: ("neutral", "information", "informer", "impartial"),
        Stance.ADVOCATE: ("campaigner", "campaign", "advocacy", "lobbyist", "activist"),
        Stance.LIVED_EXPERIENCE: ("lived", "personal-experience", "experience", "lived-experiences"),
    },
    EvidenceType: {
        EvidenceType.PRESENTATION: ("talk", "slides", "lecture", "speech"),
        EvidenceType.BRIEFING: ("briefing-note", "brief", "briefing-paper"),
        EvidenceType.VIDEO: ("film", "recording", "video-recording"),
        EvidenceType.SUBMISSION: ("written-submission", "written-evidence", "submissions"),
        EvidenceType.REPORT: ("research-report",),
    },
}
"""Vocabulary → value → the other words written for it (normalised: lower case, hyphens)."""

AMBIGUOUS: dict[type[Enum], tuple[tuple[str, ...], str]] = {
    Outcome: (("rejected", "not-accepted", "declined", "refused", "turned-down", "not-agreed", "not-adopted",
               "not-approved"),
              "if the assembly's vote did not pass it, write 'not-put-to-council'; if the council turned it "
              "down, write 'put-to-council' and give the council's decision as `position: not-accepted` "
              "in its response"),
}
"""Words that point to opposite values depending on who did it: the hint names both readings."""


# --- the messages --------------------------------------------------------------------------------

_QUOTES = "\"'`‘’“”"


def normalise(word: str) -> str:
    """'  "Accepted in_part." ' → 'accepted-in-part': lower case, spaces and underscores to hyphens."""
    text = word.strip().strip(_QUOTES).strip().rstrip(".,;:!").strip().strip(_QUOTES).lower()
    text = re.sub(r"[\s_–—]+", "-", text)
    return re.sub(r"-{2,}", "-", text).strip("-")


def _table(enum: type[Enum]) -> dict[str, str]:
    """Normalised word → value, for one vocabulary."""
    return {normalise(word): str(value.value) for value, words in SYNONYMS.get(enum, {}).items()
            for word in words}


_KNOWN_WORDS = (
    {normalise(w) for table in SYNONYMS.values() for words in table.values() for w in words}
    | {normalise(w) for words in WORK_WORDS.values() for w in words}
    | {normalise(w) for words, _ in AMBIGUOUS.values() for w in words}
    | {str(member.value) for enum in SYNONYMS for member in enum}
    | {"accepted-in-principle", "agreed-in-principle", "noted", "open", "closed", "opened", "incomplete",
       "unfinished", "not-done", "not-complete", "not-completed", "started", "referred", "deferred", "refused",
       "resolved", "unresolved", "delayed", "late", "overdue", "on-track", "off-track"}
)
"""Words with a meaning of their own: never 'corrected' by spelling into another word."""

_NEGATIONS = ("un", "in", "im", "il", "ir", "non", "dis", "not", "no", "de", "mis")


def _edits(a: str, b: str) -> int:
    """Letters to add, remove, change or swap to turn a into b."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _slip(written: str, meant: str) -> int | None:
    """The letters changed when `written` is a slip of the keyboard for `meant`, else None.

    Same number of words; at most one letter per short word and two in all; never a word that
    is the other with a prefix such as un-, in- or non- (that is a different meaning, not a slip)."""
    words, parts = written.split("-"), meant.split("-")
    if len(words) != len(parts):
        return None
    total = 0
    for w, p in zip(words, parts, strict=True):
        if w == p:
            continue
        if any(w == n + p or p == n + w for n in _NEGATIONS):
            return None
        edits = _edits(w, p)
        if edits > (1 if len(p) <= 4 else 2):
            return None
        total += edits
    return total if 0 < total <= 2 else None


def slip_for(word: str, choices: list[str]) -> str | None:
    """The one choice that `word` (normalised) is a typing slip for; None if it is a word with a
    meaning of its own, if no choice is that close, or if more than one is."""
    if word in _KNOWN_WORDS or len(word) < 4:
        return None
    found = [choice for choice in choices if _slip(word, normalise(choice)) is not None]
    return found[0] if len(found) == 1 else None


def _exactly(value: str) -> str:
    how = "in lower case with hyphens between the words" if "-" in value else "in lower case"
    return f" — write it exactly as '{value}', {how}"


def choice_hint(word: str, enum: type[Enum]) -> str:
    """The hint appended to 'must be one of ...; found '<word>'', or "" when there is none."""
    values = [str(member.value) for member in enum]
    written = normalise(word)
    meanings = MEANINGS.get(enum)
    if written in values:
        return _exactly(written)
    ambiguous = AMBIGUOUS.get(enum)
    if ambiguous and written in ambiguous[0]:
        return f" — {ambiguous[1]}"
    value = _table(enum).get(written)
    if value is None and meanings is None:
        value = slip_for(written, values)
    if value is None:
        return ""
    meaning = f" ({meanings[value]})" if meanings else ""
    return f" — did you mean '{value}'{meaning}?"


def choice_problem(value: object, enum: type[Enum]) -> str:
    """The whole message for a value that is not one of `enum`'s values: what is allowed, what was
    found and, when it can be told without changing the meaning, what to write instead."""
    shown = value if isinstance(value, str) else "a value that is not text"
    hint = choice_hint(value, enum) if isinstance(value, str) else ""
    meanings = MEANINGS.get(enum)
    if meanings and not hint:
        listed = ", ".join(f"{member.value} ({meanings[member.value]})" for member in enum)
        return f"must be one of {listed}; found '{shown}' — write the one that says {CHOOSE[enum]}"
    allowed = ", ".join(str(member.value) for member in enum)
    return f"must be one of {allowed}; found '{shown}'{hint}"


def progress_status_hint(word: str, statuses: list[ProgressStatus]) -> str:
    """The hint appended to 'progress[N].status must be one of <keys>; found '<word>'', or "".

    The word is matched, ignoring capitals and spaces, against the configured keys and labels,
    then through the usual words for the state of work ('finished' finds a status whose key or
    label is 'completed', 'done' or 'complete', if one is configured), then as a typing slip of
    a key or label. With no match, and labels that say more than their keys, it lists both."""
    written = normalise(word)
    for status in statuses:
        if normalise(status.key) == written:
            return f" — write it exactly as '{status.key}'"
    keys = [s.key for s in statuses if normalise(s.label) == written]
    if not keys:
        group = next((words for words in WORK_WORDS.values() if written in words), ())
        keys = [s.key for s in statuses if normalise(s.key) in group or normalise(s.label) in group]
    if not keys and written not in _KNOWN_WORDS and len(written) >= 4:
        keys = [s.key for s in statuses
                if _slip(written, normalise(s.key)) is not None or _slip(written, normalise(s.label)) is not None]
        keys = keys if len(keys) == 1 else []
    keys = list(dict.fromkeys(keys))
    if keys:
        return " — did you mean " + " or ".join(f"'{key}'" for key in keys) + "?"
    if any(normalise(s.label) != normalise(s.key) for s in statuses):
        listed = ", ".join(f"{s.key} ({s.label})" for s in statuses)
        return f" — write the key whose label fits: {listed}"
    return ""
