"""A word outside a closed vocabulary is an error whose hint never changes the meaning: the
messages below are exactly what an officer reads, through the same validation as `assembly check`."""

from __future__ import annotations

import difflib
import json
import string
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from generator.errors import Problems
from generator.load.files import SourceFile
from generator.load.yaml_source import parse_yaml
from generator.model import hints
from generator.model.hints import normalise, progress_status_hint
from generator.model.records import (
    Assembly,
    CommitmentStatus,
    DocumentType,
    Evidence,
    EvidenceType,
    Outcome,
    Position,
    Recommendation,
    Response,
    Session,
    SessionKind,
    Speaker,
    Stance,
    Status,
)
from generator.model.site import DEFAULT_STATUSES, ProgressStatus
from generator.validate.schema import validate_record

# Each field that holds one word from a fixed list, in a record that is otherwise valid.
FIELDS: dict[str, tuple[type[Any], dict[str, Any], tuple[str | int, ...]]] = {
    "position": (Response, {"recommendation": "r", "date": "2021-01-14"}, ("position",)),
    "earlier": (Response, {"recommendation": "r", "position": "accepted", "date": "2021-01-14",
                           "earlier_positions": [{"date": "2020-02-20"}]}, ("earlier_positions", 0, "position")),
    "outcome": (Recommendation, {"number": "1", "title": "T"}, ("outcome",)),
    "commitment": (Response, {"recommendation": "r", "position": "accepted", "date": "2021-01-14",
                              "commitments": [{"action": "Open a cafe"}]}, ("commitments", 0, "status")),
    "status": (Assembly, {"title": "T", "question": "Q?", "commissioned_by": "C"}, ("status",)),
    "document": (Assembly, {"title": "T", "question": "Q?", "commissioned_by": "C", "status": "running",
                            "documents": [{"title": "R", "file": "documents/r.pdf"}]}, ("documents", 0, "type")),
    "kind": (Session, {"title": "T", "date": "2020-01-01"}, ("kind",)),
    "stance": (Speaker, {"name": "N", "interests": "none declared"}, ("stance",)),
    "evidence": (Evidence, {"title": "T"}, ("type",)),
}


def messages(field: str, word: Any) -> list[str]:
    """What `assembly check` says when `word` is written in `field` (nothing when it is allowed)."""
    model, data, path = FIELDS[field]
    data = json.loads(json.dumps(data))
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = word
    located, problems = parse_yaml(json.dumps(data), "f.yml")
    assert located is not None and not problems
    problems = Problems()
    record = validate_record(SourceFile(Path("f.yml"), "f.yml", located), model, problems)
    assert (record is None) == bool(problems)
    return [p.message for p in problems.sorted()]


def message(field: str, word: Any) -> str:
    [only] = messages(field, word)
    return only


# --- the exact messages --------------------------------------------------------------------------

POSITIONS = "position must be one of accepted, accepted-in-part, under-consideration, not-accepted, referred; found "
POSITION_MEANINGS = (
    "position must be one of accepted (the council agreed to all of it), accepted-in-part (the council agreed "
    "to some of it), under-consideration (the council has not decided yet), not-accepted (the council did not "
    "agree to it), referred (the council passed it to another body to decide); found ")
WRITE_POSITION = " — write the one that says what the council decided"
ALL = "the council agreed to all of it"
SOME = "the council agreed to some of it"
UNDECIDED = "the council has not decided yet"
NO = "the council did not agree to it"
ELSEWHERE = "the council passed it to another body to decide"

OUTCOMES = "outcome must be one of put-to-council, not-put-to-council; found "
OUTCOME_MEANINGS = (
    "outcome must be one of put-to-council (it went to the council for a response), not-put-to-council (it did "
    "not go to the council, for example because the assembly's vote did not reach the threshold); found ")
WENT = "it went to the council for a response"
DID_NOT_GO = "it did not go to the council, for example because the assembly's vote did not reach the threshold"
TURNED_DOWN = (" — if the assembly's vote did not pass it, write 'not-put-to-council'; if the council turned it "
               "down, write 'put-to-council' and give the council's decision as `position: not-accepted` in "
               "its response")

WORK = "commitments[1].status must be one of not-started, in-progress, done, dropped; found "
WORK_MEANINGS = ("commitments[1].status must be one of not-started (work has not begun), in-progress (work has "
                 "begun), done (it has been delivered), dropped (the council will not do it); found ")
WRITE_WORK = " — write the one that says where the work stands"


def meant(prefix: str, word: str, value: str, meaning: str) -> str:
    return f"{prefix}'{word}' — did you mean '{value}' ({meaning})?"


POSITION_WORDS = {
    "not-accepted": ["rejected", "declined", "refused", "turned-down", "turned down", "not-agreed", "no",
                     "Rejected", "not_agreed", "reject"],
    "accepted-in-part": ["partly-accepted", "partially-accepted", "part-accepted", "partly accepted",
                         "Partially Accepted", "accepted-partly", "accepted partially", "part accepted",
                         "agreed in part", "in part"],
    "accepted": ["agreed", "approved", "yes", "accept", "Agreed", "accepted in full", "fully accepted"],
    "under-consideration": ["pending", "considering", "being-considered", "being considered", "under-review",
                            "under review", "deferred", "undecided"],
    "referred": ["passed-on", "passed on", "forwarded", "referred-to", "referred to", "delegated"],
}
POSITION_SAYS = {"not-accepted": NO, "accepted-in-part": SOME, "accepted": ALL, "under-consideration": UNDECIDED,
                 "referred": ELSEWHERE}

OUTCOME_WORDS = {
    "put-to-council": ["passed", "agreed", "adopted", "sent-to-council", "sent to council", "Passed", "carried"],
    "not-put-to-council": ["failed", "not-passed", "not passed", "withdrawn", "below threshold"],
}
OUTCOME_SAYS = {"put-to-council": WENT, "not-put-to-council": DID_NOT_GO}

WORK_WORDS = {
    "done": ["finished", "complete", "completed", "delivered", "Completed", "implemented"],
    "dropped": ["cancelled", "abandoned", "withdrawn", "stopped", "not-proceeding", "not proceeding",
                "will-not-proceed", "scrapped"],
    "in-progress": ["started", "ongoing", "underway", "under way", "in-hand", "in hand", "begun"],
    "not-started": ["pending", "planned", "not-yet-started", "not yet started", "todo", "to do"],
}
WORK_SAYS = {"done": "it has been delivered", "dropped": "the council will not do it",
             "in-progress": "work has begun", "not-started": "work has not begun"}

CASES = (
    [pytest.param("position", w, meant(POSITIONS, w, v, POSITION_SAYS[v]), id=f"position-{w}")
     for v, words in POSITION_WORDS.items() for w in words]
    + [pytest.param("earlier", "rejected", "earlier_positions[1]." + meant(POSITIONS, "rejected", "not-accepted", NO),
                    id="earlier-position-rejected")]
    + [pytest.param("outcome", w, meant(OUTCOMES, w, v, OUTCOME_SAYS[v]), id=f"outcome-{w}")
       for v, words in OUTCOME_WORDS.items() for w in words]
    + [pytest.param("commitment", w, meant(WORK, w, v, WORK_SAYS[v]), id=f"commitment-{w}")
       for v, words in WORK_WORDS.items() for w in words]
    + [
        # The value itself, with capitals, spaces or quotes: name it exactly.
        pytest.param("position", "Accepted in part", POSITIONS + "'Accepted in part' — write it exactly as "
                     "'accepted-in-part', in lower case with hyphens between the words", id="position-capitals"),
        pytest.param("position", "Accepted", POSITIONS + "'Accepted' — write it exactly as 'accepted', "
                     "in lower case", id="position-capital"),
        pytest.param("position", "not_accepted", POSITIONS + "'not_accepted' — write it exactly as 'not-accepted', "
                     "in lower case with hyphens between the words", id="position-underscore"),
        pytest.param("position", "'referred'", POSITIONS + "''referred'' — write it exactly as 'referred', "
                     "in lower case", id="position-quoted"),
        pytest.param("outcome", "Not put to council", OUTCOMES + "'Not put to council' — write it exactly as "
                     "'not-put-to-council', in lower case with hyphens between the words", id="outcome-spaces"),
        pytest.param("commitment", "In Progress", WORK + "'In Progress' — write it exactly as 'in-progress', "
                     "in lower case with hyphens between the words", id="commitment-capitals"),
        # No word in the table, so no guess: the values with what each means.
        pytest.param("position", "acepted", POSITION_MEANINGS + "'acepted'" + WRITE_POSITION, id="position-typo"),
        pytest.param("position", "accepted in principle", POSITION_MEANINGS + "'accepted in principle'"
                     + WRITE_POSITION, id="position-in-principle"),
        pytest.param("position", "noted", POSITION_MEANINGS + "'noted'" + WRITE_POSITION, id="position-noted"),
        pytest.param("position", "acceptedinpart", POSITION_MEANINGS + "'acceptedinpart'" + WRITE_POSITION,
                     id="position-run-together"),
        pytest.param("position", ["accepted"], POSITION_MEANINGS + "'a value that is not text'" + WRITE_POSITION,
                     id="position-not-text"),
        pytest.param("earlier", "not-acepted", "earlier_positions[1]." + POSITION_MEANINGS + "'not-acepted'"
                     + WRITE_POSITION, id="earlier-position-typo"),
        pytest.param("outcome", "put-to-counsel", OUTCOME_MEANINGS + "'put-to-counsel' — write the one that says "
                     "whether the recommendation went to the council", id="outcome-typo"),
        pytest.param("commitment", "dropp", WORK_MEANINGS + "'dropp'" + WRITE_WORK, id="commitment-typo"),
        pytest.param("commitment", "stalled", WORK_MEANINGS + "'stalled'" + WRITE_WORK, id="commitment-stalled"),
        pytest.param("commitment", "on hold", WORK_MEANINGS + "'on hold'" + WRITE_WORK, id="commitment-on-hold"),
        # Words that mean opposite things depending on who did it.
        pytest.param("outcome", "rejected", OUTCOMES + "'rejected'" + TURNED_DOWN, id="outcome-rejected"),
        pytest.param("outcome", "not accepted", OUTCOMES + "'not accepted'" + TURNED_DOWN, id="outcome-not-accepted"),
        pytest.param("outcome", "not-adopted", OUTCOMES + "'not-adopted'" + TURNED_DOWN, id="outcome-not-adopted"),
        # The other lists: the table, the value written loosely, then a typing slip.
        pytest.param("status", "in progress", "status must be one of planned, recruiting, running, reported, "
                     "responded, archived; found 'in progress' — did you mean 'running'?", id="status-table"),
        pytest.param("status", "Recruiting", "status must be one of planned, recruiting, running, reported, "
                     "responded, archived; found 'Recruiting' — write it exactly as 'recruiting', in lower case",
                     id="status-capital"),
        pytest.param("status", "runing", "status must be one of planned, recruiting, running, reported, "
                     "responded, archived; found 'runing' — did you mean 'running'?", id="status-slip"),
        pytest.param("status", "reponded", "status must be one of planned, recruiting, running, reported, "
                     "responded, archived; found 'reponded'", id="status-slip-for-two"),
        pytest.param("document", "sumary", "documents[1].type must be one of report, summary, easy-read, "
                     "briefing, minutes, response, evaluation, other; found 'sumary' — did you mean 'summary'?",
                     id="document-slip"),
        pytest.param("document", "Easy Read", "documents[1].type must be one of report, summary, easy-read, "
                     "briefing, minutes, response, evaluation, other; found 'Easy Read' — write it exactly as "
                     "'easy-read', in lower case with hyphens between the words", id="document-capitals"),
        pytest.param("document", "easyread", "documents[1].type must be one of report, summary, easy-read, "
                     "briefing, minutes, response, evaluation, other; found 'easyread' — did you mean "
                     "'easy-read'?", id="document-table"),
        pytest.param("document", "executive summary", "documents[1].type must be one of report, summary, "
                     "easy-read, briefing, minutes, response, evaluation, other; found 'executive summary' — did "
                     "you mean 'summary'?", id="document-executive-summary"),
        pytest.param("kind", "vote", "kind must be one of evidence, deliberation, ballot, other; found 'vote' — "
                     "did you mean 'ballot'?", id="kind-table"),
        pytest.param("kind", "discussion", "kind must be one of evidence, deliberation, ballot, other; found "
                     "'discussion' — did you mean 'deliberation'?", id="kind-discussion"),
        pytest.param("stance", "campaigner", "stance must be one of informant, advocate, lived-experience; found "
                     "'campaigner' — did you mean 'advocate'?", id="stance-table"),
        pytest.param("stance", "lived experience", "stance must be one of informant, advocate, lived-experience; "
                     "found 'lived experience' — write it exactly as 'lived-experience', in lower case with "
                     "hyphens between the words", id="stance-spaces"),
        pytest.param("stance", "expert", "stance must be one of informant, advocate, lived-experience; found "
                     "'expert'", id="stance-no-hint"),
        pytest.param("evidence", "slides", "type must be one of presentation, briefing, video, submission, report, "
                     "other; found 'slides' — did you mean 'presentation'?", id="evidence-table"),
        pytest.param("evidence", "vidoe", "type must be one of presentation, briefing, video, submission, report, "
                     "other; found 'vidoe' — did you mean 'video'?", id="evidence-slip"),
    ]
)


@pytest.mark.parametrize(("field", "word", "expected"), CASES)
def test_the_hint_keeps_the_meaning(field: str, word: Any, expected: str) -> None:
    assert message(field, word) == expected


@pytest.mark.parametrize(("field", "word"), [
    ("position", "accepted-in-part"), ("position", " referred "), ("earlier", "not-accepted"),
    ("outcome", "not-put-to-council"), ("commitment", "dropped"), ("commitment", "done "),
    ("document", "easy-read"), ("stance", "lived-experience"),
])
def test_a_value_written_exactly_is_accepted(field: str, word: str) -> None:
    assert messages(field, word) == []


# --- never a near spelling for a decision ---------------------------------------------------------

def slips(word: str) -> set[str]:
    """Every word one keystroke away: a letter left out, added, changed, or two swapped."""
    letters = string.ascii_lowercase + "-"
    out = set()
    for i in range(len(word) + 1):
        out.update(word[:i] + c + word[i:] for c in letters)
        if i < len(word):
            out.add(word[:i] + word[i + 1:])
            out.update(word[:i] + c + word[i + 1:] for c in letters)
        if i < len(word) - 1:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    return out - {word}


def suggested(text: str) -> list[str]:
    """The values a message tells the officer to write."""
    found = []
    for marker in ("did you mean '", "write it exactly as '", "write '"):
        start = 0
        while (at := text.find(marker, start)) >= 0:
            at += len(marker)
            found.append(text[at:text.index("'", at)])
            start = at
    return found


DECISIONS: list[tuple[str, type[Enum]]] = [("position", Position), ("outcome", Outcome),
                                           ("commitment", CommitmentStatus)]


@pytest.mark.parametrize(("field", "enum"), DECISIONS, ids=[f for f, _ in DECISIONS])
def test_a_slip_never_suggests_a_value(field: str, enum: type[Enum]) -> None:
    """A word one keystroke from a value is never 'corrected' to any value, unless it is itself a word
    officers write for a value (then that value, whatever the spelling)."""
    table = hints._table(enum)
    checked = 0
    for value in enum:
        for word in sorted(slips(str(value.value))):
            if normalise(word) in [str(v.value) for v in enum] or normalise(word) != word or not word:
                continue
            text = message(field, word)
            expected = [table[word]] if word in table else []
            assert suggested(text) == expected, text
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize(("field", "enum"), DECISIONS, ids=[f for f, _ in DECISIONS])
def test_the_table_wins_where_spelling_would_reverse_the_decision(field: str, enum: type[Enum]) -> None:
    values = [str(v.value) for v in enum]
    reversals = 0
    for word, value in hints._table(enum).items():
        text = message(field, word)
        assert suggested(text) == [value], text
        nearest = difflib.get_close_matches(word, values, n=1, cutoff=0.6)
        if nearest and nearest[0] != value:
            reversals += 1
            assert f"'{nearest[0]}'" not in text, text
    # Spelling would have said something else for these words ('partly-accepted' → not-accepted).
    assert reversals >= {"position": 10, "outcome": 0, "commitment": 3}[field]


@pytest.mark.parametrize(("word", "never"), [
    ("rejected", "referred"), ("partly-accepted", "not-accepted"), ("partially-accepted", "not-accepted"),
    ("part-accepted", "not-accepted"), ("accepted-partly", "not-accepted"), ("deferred", "referred"),
    ("unaccepted", "accepted"), ("not-agreed", "accepted"), ("no", "not-accepted-in-part"),
])
def test_known_reversals(word: str, never: str) -> None:
    assert never not in suggested(message("position", word))


def test_words_with_no_agreed_meaning_get_no_guess() -> None:
    for word in ("accepted in principle", "agreed in principle", "noted", "supported", "considered", "on hold"):
        assert suggested(message("position", word)) == [], word
    for word in ("stalled", "paused", "closed", "not done"):
        assert suggested(message("commitment", word)) == [], word


# --- the tables themselves ------------------------------------------------------------------------

VOCABULARIES = [Position, Outcome, CommitmentStatus, Stance, Status, DocumentType, SessionKind, EvidenceType]


@pytest.mark.parametrize("enum", VOCABULARIES, ids=[e.__name__ for e in VOCABULARIES])
def test_every_vocabulary_has_a_sound_table(enum: type[Enum]) -> None:
    values = {str(v.value) for v in enum}
    seen: dict[str, str] = {}
    assert hints.SYNONYMS[enum]
    for value, words in hints.SYNONYMS[enum].items():
        assert isinstance(value, enum)
        for word in words:
            assert normalise(word) == word, word
            assert word not in values, word
            assert seen.setdefault(word, str(value.value)) == str(value.value), f"{word} is under two values"
    ambiguous = hints.AMBIGUOUS.get(enum, ((), ""))[0]
    assert not set(ambiguous) & set(seen)
    if enum in (Position, Outcome, CommitmentStatus):
        assert set(hints.MEANINGS[enum]) == values


def test_the_words_for_work_belong_to_one_idea_each() -> None:
    every = [w for words in hints.WORK_WORDS.values() for w in words]
    assert len(every) == len(set(every))
    assert {"not-started", "in-progress", "done", "dropped"} <= set(hints.WORK_WORDS)


@pytest.mark.parametrize(("word", "expected"), [
    ("  Accepted In_Part. ", "accepted-in-part"), ("'partly accepted'", "partly-accepted"),
    ("“rejected”", "rejected"), ("not -- accepted", "not-accepted"), ("NO", "no"),
])
def test_normalise(word: str, expected: str) -> None:
    assert normalise(word) == expected


# --- progress statuses, which each site configures ------------------------------------------------

@pytest.mark.parametrize(("word", "expected"), [
    ("Completed", " — write it exactly as 'completed'"),
    ("In Progress", " — write it exactly as 'in-progress'"),
    ("not started", " — write it exactly as 'not-started'"),
    ("complete", " — did you mean 'completed'?"),
    ("done", " — did you mean 'completed'?"),
    ("finished", " — did you mean 'completed'?"),
    ("Delivered", " — did you mean 'completed'?"),
    ("started", " — did you mean 'in-progress'?"),
    ("ongoing", " — did you mean 'in-progress'?"),
    ("pending", " — did you mean 'not-started'?"),
    ("cancelled", " — did you mean 'will-not-proceed'?"),
    ("dropped", " — did you mean 'will-not-proceed'?"),
    ("on hold", " — did you mean 'stalled'?"),
    ("in-progres", " — did you mean 'in-progress'?"),
    ("compleetd", " — did you mean 'completed'?"),
    ("incomplete", ""),
    ("not completed", ""),
    ("not done", ""),
    ("delayed", ""),
    ("xyz", ""),
])
def test_progress_status_hint_with_the_default_statuses(word: str, expected: str) -> None:
    assert progress_status_hint(word, list(DEFAULT_STATUSES)) == expected


CUSTOM = [ProgressStatus(key="todo", label="To do"), ProgressStatus(key="doing", label="Doing"),
          ProgressStatus(key="closed", label="Done"), ProgressStatus(key="parked", label="On hold")]
LISTED = " — write the key whose label fits: todo (To do), doing (Doing), closed (Done), parked (On hold)"


@pytest.mark.parametrize(("word", "expected"), [
    ("done", " — did you mean 'closed'?"),           # a label
    ("DONE", " — did you mean 'closed'?"),
    ("Completed", " — did you mean 'closed'?"),       # its label is a word for done
    ("finished", " — did you mean 'closed'?"),
    ("to do", " — did you mean 'todo'?"),
    ("not started", " — did you mean 'todo'?"),        # 'to do' is a word for not started
    ("in progress", " — did you mean 'doing'?"),
    ("paused", " — did you mean 'parked'?"),
    ("Closed", " — write it exactly as 'closed'"),
    ("parkd", " — did you mean 'parked'?"),
    ("cancelled", LISTED),                            # nothing configured means dropped
    ("stuck", " — did you mean 'parked'?"),
    ("xyz", LISTED),
])
def test_progress_status_hint_with_a_custom_list(word: str, expected: str) -> None:
    assert progress_status_hint(word, CUSTOM) == expected


def test_progress_status_hint_never_reverses_a_configured_key() -> None:
    statuses = [ProgressStatus(key="started", label="Started"), ProgressStatus(key="not-started", label="Not started"),
                ProgressStatus(key="complete", label="Complete"), ProgressStatus(key="incomplete", label="Incomplete"),
                ProgressStatus(key="referred", label="Referred")]
    assert progress_status_hint("not started", statuses) == " — write it exactly as 'not-started'"
    assert progress_status_hint("startd", statuses) == " — did you mean 'started'?"
    assert progress_status_hint("not-startd", statuses) == " — did you mean 'not-started'?"
    assert progress_status_hint("done", statuses) == " — did you mean 'complete'?"
    assert "'incomplete'" not in progress_status_hint("completed", statuses)
    assert "'complete'" not in progress_status_hint("uncomplete", statuses)
    assert "'referred'" not in progress_status_hint("deferred", statuses)
    assert progress_status_hint("in progress", statuses) == " — did you mean 'started'?"
    assert progress_status_hint("xyz", statuses) == ""


def test_several_configured_statuses_that_mean_the_same_are_all_named() -> None:
    statuses = [ProgressStatus(key="done", label="Done"), ProgressStatus(key="completed", label="Completed")]
    assert progress_status_hint("finished", statuses) == " — did you mean 'done' or 'completed'?"
