"""Every number the site states about an assembly's outcomes, from one place.

Pages, filters, sharing cards, feeds, the portal, structured data, open data and spreadsheets
take their figures from `figures_of(content)`; no template or writer counts on its own, so no two
places can disagree. Pure: no I/O.

The rules, as the content contract states them:
- each recommendation is in exactly one *category*: the council's current position when it was
  put to the council and answered; "awaiting a response" when it was put to the council and has
  no response yet; "not put to the council" when the assembly did not pass it (even if the
  council answered it anyway);
- a commitment is *overdue* when its due date is before "today" (the build's date, `as_of`) and
  it is neither done nor dropped (by then: one delivered after `as_of` was still open that day);
  figures that depend on the date say "as of" that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from generator.i18n import N_, Translator, english
from generator.model.corpus import POSITION_LABELS
from generator.model.records import (
    Commitment,
    CommitmentStatus,
    EarlierPosition,
    Outcome,
    Position,
    ProgressUpdate,
    Recommendation,
    Response,
)

if TYPE_CHECKING:
    from generator.model.corpus import AssemblyContent

COMPLETED = "completed"
"""The progress status key that means a recommendation is completed (one of the defaults)."""


class Category(StrEnum):
    """The one place each recommendation has in the accountability record."""

    ACCEPTED = Position.ACCEPTED.value
    ACCEPTED_IN_PART = Position.ACCEPTED_IN_PART.value
    UNDER_CONSIDERATION = Position.UNDER_CONSIDERATION.value
    NOT_ACCEPTED = Position.NOT_ACCEPTED.value
    REFERRED = Position.REFERRED.value
    AWAITING_RESPONSE = "awaiting-response"
    NOT_PUT_TO_COUNCIL = "not-put-to-council"


CATEGORY_LABELS: dict[str, str] = {
    **{Category(position.value): label for position, label in POSITION_LABELS.items()},
    Category.AWAITING_RESPONSE: N_("Awaiting response"),
    Category.NOT_PUT_TO_COUNCIL: N_("Not put to the council"),
}
"""In English (the open data's words); pages show them translated."""

CATEGORY_COUNTS: dict[str, Callable[[Translator, int], str]] = {
    Category.ACCEPTED: lambda t, n: t.ngettext("%(num)s accepted", "%(num)s accepted", n),
    Category.ACCEPTED_IN_PART: lambda t, n: t.ngettext("%(num)s accepted in part", "%(num)s accepted in part", n),
    Category.UNDER_CONSIDERATION: lambda t, n: t.ngettext("%(num)s under consideration",
                                                          "%(num)s under consideration", n),
    Category.NOT_ACCEPTED: lambda t, n: t.ngettext("%(num)s not accepted", "%(num)s not accepted", n),
    Category.REFERRED: lambda t, n: t.ngettext("%(num)s referred", "%(num)s referred", n),
    Category.AWAITING_RESPONSE: lambda t, n: t.ngettext("%(num)s awaiting a response", "%(num)s awaiting a response",
                                                        n),
    Category.NOT_PUT_TO_COUNCIL: lambda t, n: t.ngettext("%(num)s not put to the council",
                                                         "%(num)s not put to the council", n),
}
"""How many recommendations are in each category, in a sentence (Welsh agrees with the number)."""

NO_PROGRESS = "no-progress"
PROGRESS_EXTRA_LABELS = {
    NO_PROGRESS: N_("No progress reported yet"),
    Category.AWAITING_RESPONSE.value: CATEGORY_LABELS[Category.AWAITING_RESPONSE],
    Category.NOT_PUT_TO_COUNCIL.value: CATEGORY_LABELS[Category.NOT_PUT_TO_COUNCIL],
}
"""The rows of the progress chart beside the configured statuses, so every recommendation is in one."""


class CommitmentState(StrEnum):
    """What a resident is told about one commitment, as of the build's date."""

    DONE = "done"
    DROPPED = "dropped"
    OVERDUE = "overdue"
    IN_PROGRESS = "in-progress"
    NOT_STARTED = "not-started"


COMMITMENT_STATE_LABELS: dict[str, str] = {
    CommitmentState.DONE: N_("Delivered"),
    CommitmentState.DROPPED: N_("Dropped"),
    CommitmentState.OVERDUE: N_("Overdue"),
    CommitmentState.IN_PROGRESS: N_("In progress"),
    CommitmentState.NOT_STARTED: N_("Not started"),
}


def category(recommendation: Recommendation, response: Response | None) -> Category:
    if recommendation.outcome == Outcome.NOT_PUT_TO_COUNCIL:
        return Category.NOT_PUT_TO_COUNCIL
    if response is None:
        return Category.AWAITING_RESPONSE
    return Category(response.position.value)


def closed_by(commitment: Commitment, as_of: dt.date) -> bool:
    """Done or dropped on or before `as_of` (a site built as of an earlier date shows it open)."""
    return commitment.closed and (commitment.done_on is None or commitment.done_on <= as_of)


def is_overdue(commitment: Commitment, as_of: dt.date) -> bool:
    """Due before `as_of`, and neither done nor dropped by then."""
    return commitment.due is not None and commitment.due < as_of and not closed_by(commitment, as_of)


def commitment_state(commitment: Commitment, as_of: dt.date) -> CommitmentState:
    if closed_by(commitment, as_of):
        return CommitmentState.DONE if commitment.status == CommitmentStatus.DONE else CommitmentState.DROPPED
    if is_overdue(commitment, as_of):
        return CommitmentState.OVERDUE
    if commitment.status == CommitmentStatus.IN_PROGRESS:
        return CommitmentState.IN_PROGRESS
    return CommitmentState.NOT_STARTED


@dataclass(frozen=True)
class CommitmentFigure:
    """One commitment with its place: the recommendation, its position in the response, its state."""

    recommendation: Recommendation
    response: Response
    index: int
    commitment: Commitment
    state: CommitmentState

    @property
    def overdue(self) -> bool:
        return self.state == CommitmentState.OVERDUE

    @property
    def progress(self) -> list[ProgressUpdate]:
        return self.response.progress_on(self.commitment)


@dataclass(frozen=True)
class Decision:
    """One decision of the council on a recommendation, for the timeline (oldest first)."""

    position: Position
    date: dt.date
    body: str | None
    meeting: str | None
    minutes_url: str | None
    reasons: str | None
    current: bool


@dataclass
class Tally:
    """The figures of a group of recommendations (all of them, or one theme)."""

    recommendations: list[Recommendation]
    categories: dict[str, list[Recommendation]]
    """Every category, in order, with its recommendations (possibly none)."""
    completed: list[Recommendation]
    """Put to the council, and the latest progress update is `completed`."""
    commitments: list[CommitmentFigure]

    @property
    def total(self) -> int:
        return len(self.recommendations)

    def count(self, key: str) -> int:
        return len(self.categories.get(key, []))

    @property
    def not_put(self) -> int:
        return self.count(Category.NOT_PUT_TO_COUNCIL)

    @property
    def put_to_council(self) -> int:
        return self.total - self.not_put

    @property
    def awaiting(self) -> int:
        return self.count(Category.AWAITING_RESPONSE)

    @property
    def responded(self) -> int:
        return self.put_to_council - self.awaiting

    @property
    def accepted_in_full_or_part(self) -> int:
        return self.count(Category.ACCEPTED) + self.count(Category.ACCEPTED_IN_PART)

    @property
    def completed_count(self) -> int:
        return len(self.completed)

    @property
    def completed_percent(self) -> int:
        """Completed, as a whole per cent of those put to the council (0 when none were)."""
        return int(self.completed_count * 100 / self.put_to_council + 0.5) if self.put_to_council else 0

    def in_state(self, state: str) -> list[CommitmentFigure]:
        return [c for c in self.commitments if c.state == state]

    @property
    def commitments_made(self) -> int:
        return len(self.commitments)

    @property
    def delivered(self) -> int:
        return len(self.in_state(CommitmentState.DONE))

    @property
    def dropped(self) -> int:
        return len(self.in_state(CommitmentState.DROPPED))

    @property
    def overdue(self) -> list[CommitmentFigure]:
        return self.in_state(CommitmentState.OVERDUE)

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)

    @property
    def open_commitments(self) -> int:
        """Neither delivered nor dropped (overdue ones included)."""
        return self.commitments_made - self.delivered - self.dropped


@dataclass
class Figures(Tally):
    """Every figure of one assembly, as of `as_of`."""

    as_of: dt.date = dt.date(1970, 1, 1)
    category_of: dict[str, Category] = field(default_factory=dict)
    """Recommendation id → its category."""
    progress_rows: list[tuple[str, list[Recommendation]]] = field(default_factory=list)
    """(status key, recommendations) for each configured progress status, then no-progress,
    awaiting-response and not-put-to-council: every recommendation in exactly one row."""
    themes: dict[str, Tally] = field(default_factory=dict)
    responses: dict[str, Response] = field(default_factory=dict)
    """Recommendation id → the council's response (also for one not put to the council)."""
    _by_recommendation: dict[str, list[CommitmentFigure]] | None = field(default=None, repr=False, compare=False)

    # --- one recommendation -------------------------------------------------------------------
    def category_label(self, recommendation: Recommendation, t: Translator | None = None) -> str:
        return (t or english()).gettext(CATEGORY_LABELS[self.category_of[recommendation.id]])

    def commitments_of(self, recommendation: Recommendation) -> list[CommitmentFigure]:
        if self._by_recommendation is None:  # indexed once: a page costs the same at any size
            self._by_recommendation = {}
            for commitment in self.commitments:
                self._by_recommendation.setdefault(commitment.recommendation.id, []).append(commitment)
        return list(self._by_recommendation.get(recommendation.id, []))

    def tally_of(self, recommendation: Recommendation) -> Tally:
        """The figures of one recommendation (its commitments delivered, dropped, overdue)."""
        return _tally([recommendation], self.responses, self.commitments_of(recommendation))

    def overdue_of(self, recommendation: Recommendation) -> list[CommitmentFigure]:
        return [c for c in self.commitments_of(recommendation) if c.overdue]

    def decisions(self, recommendation: Recommendation) -> list[Decision]:
        """The council's decisions on a recommendation, oldest first; the last is the current one."""
        response = self.responses.get(recommendation.id)
        if response is None:
            return []
        earlier: list[EarlierPosition | Response] = list(response.earlier_positions)
        timeline = []
        for item in [*earlier, response]:
            by = item.decided_by
            timeline.append(Decision(item.position, item.date, by.body if by else None, by.meeting if by else None,
                                     by.minutes_url if by else None, item.reasons, item is response))
        return timeline

    # --- sentences ------------------------------------------------------------------------------
    def category_rows(self, t: Translator | None = None) -> list[tuple[str, str, list[Recommendation]]]:
        """(key, label, recommendations) for every category, in order."""
        t = t or english()
        return [(key, t.gettext(CATEGORY_LABELS[key]), recs) for key, recs in self.categories.items()]

    def summary(self, t: Translator | None = None) -> str:
        """'14 recommendations: 9 accepted, 2 accepted in part, 2 awaiting a response, 1 not put to the council'."""
        t = t or english()
        parts = [CATEGORY_COUNTS[key](t, len(recs)) for key, recs in self.categories.items() if recs]
        noun = t.ngettext("%(num)s recommendation", "%(num)s recommendations", self.total)
        return f"{noun}: {', '.join(parts)}" if parts else noun

    def agreed_sentence(self, t: Translator | None = None) -> str:
        """What the assembly agreed: 'The assembly agreed 13 recommendations and put them to the
        council; 1 more proposal did not pass the vote and was not put to the council.'"""
        t = t or english()
        if not self.not_put:
            return t.ngettext("The assembly agreed %(num)s recommendation and put it to the council.",
                              "The assembly agreed %(num)s recommendations and put them to the council.",
                              self.put_to_council)
        agreed = t.ngettext("The assembly agreed %(num)s recommendation and put it to the council",
                            "The assembly agreed %(num)s recommendations and put them to the council",
                            self.put_to_council)
        return t.ngettext("%(agreed)s; %(num)s more proposal did not pass the vote and was not put to the council.",
                          "%(agreed)s; %(num)s more proposals did not pass the vote and were not put to the council.",
                          self.not_put, agreed=agreed)

    def commitments_sentence(self, t: Translator | None = None) -> str:
        """'As of 4 December 2026, 12 of 30 commitments are delivered, 2 dropped and 3 overdue.'"""
        t = t or english()
        made = t.ngettext("%(delivered)s of %(num)s commitment delivered", "%(delivered)s of %(num)s commitments "
                          "delivered", self.commitments_made, delivered=t.number(self.delivered))
        return t.gettext("As of %(date)s: %(made)s, %(dropped)s dropped, %(overdue)s overdue.",
                         date=t.long_date(self.as_of), made=made, dropped=t.number(self.dropped),
                         overdue=t.number(self.overdue_count))


def _tally(recommendations: list[Recommendation], responses: dict[str, Response],
           commitments: list[CommitmentFigure]) -> Tally:
    categories: dict[str, list[Recommendation]] = {key.value: [] for key in Category}
    completed = []
    for rec in recommendations:
        response = responses.get(rec.id)
        key = category(rec, response)
        categories[key].append(rec)
        if (key != Category.NOT_PUT_TO_COUNCIL and response is not None and response.current
                and response.current.status == COMPLETED):
            completed.append(rec)
    ids = {r.id for r in recommendations}
    return Tally(recommendations, categories, completed, [c for c in commitments if c.recommendation.id in ids])


def compute(content: AssemblyContent, status_keys: tuple[str, ...], as_of: dt.date) -> Figures:
    recs = list(content.recommendations)
    responses = {r.id: resp for r in recs if (resp := content.responses.get(r.id)) is not None}
    commitments = [CommitmentFigure(rec, responses[rec.id], index, c, commitment_state(c, as_of))
                   for rec in recs if rec.id in responses
                   for index, c in enumerate(responses[rec.id].commitments)]
    whole = _tally(recs, responses, commitments)
    figures = Figures(whole.recommendations, whole.categories, whole.completed, whole.commitments, as_of=as_of,
                      responses=responses)
    figures.category_of = {rec.id: category(rec, responses.get(rec.id)) for rec in recs}
    rows: dict[str, list[Recommendation]] = {key: [] for key in status_keys}
    rows.update({key: [] for key in PROGRESS_EXTRA_LABELS})
    for rec in recs:
        key = figures.category_of[rec.id]
        response = responses.get(rec.id)
        if key in (Category.NOT_PUT_TO_COUNCIL, Category.AWAITING_RESPONSE):
            rows[key.value].append(rec)
        elif response is not None and response.current is not None:
            rows.setdefault(response.current.status, []).append(rec)
        else:
            rows[NO_PROGRESS].append(rec)
    figures.progress_rows = list(rows.items())
    for theme in content.themes():
        figures.themes[theme] = _tally([r for r in recs if r.theme == theme], responses, commitments)
    return figures


def figures_of(content: AssemblyContent, status_keys: tuple[str, ...] | list[str] | None = None) -> Figures:
    """The figures of `content` as of its date (`content.as_of`), computed once and kept with it."""
    keys = tuple(status_keys) if status_keys is not None else content.status_keys
    key = (keys, content.as_of)
    cached = content.figures_cache.get(key)
    if cached is None or cached[0] is not content.recommendations:
        cached = (content.recommendations, compute(content, keys, content.as_of))
        content.figures_cache.clear()
        content.figures_cache[key] = cached
    return cached[1]
