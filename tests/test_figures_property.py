"""Every figure the built site states about outcomes agrees with the content, wherever it is stated.

Assemblies with random recommendations, outcomes, responses, commitments, progress and themes are
built with the real command, as of a random date; then each page, the feed and the open data are
read as a resident or a data user reads them, and every number is checked against figures worked
out independently in figures_oracle.py from the content contract: each recommendation in exactly
one category, and a commitment overdue exactly when its due date is before the build's date and it
was neither done nor dropped by then.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import run_cli
from figures_oracle import (
    COMMITMENT_STATUSES,
    DEFAULT_STATUSES,
    NOT_PUT,
    POSITIONS,
    SLUG,
    Assembly,
    Commitment,
    Progress,
    Recommendation,
    Response,
    check_site,
    page,
    text_of,
    write_project,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

THEMES = ["Getting around", "Green spaces", "Homes", "Safety and welcome"]
WORDS = ["park", "bus", "river", "market", "school", "library", "bridge", "garden"]
OWNERS = ["Parks team", "Highways team", "Cabinet", "Town Centre Manager"]
EXTRA_STATUS = ("on-hold", "On hold")


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@st.composite
def commitments(draw: st.DrawFn, as_of: dt.date, label: str, index: int) -> Commitment:
    due = draw(st.one_of(st.none(), st.just(as_of), st.integers(1, 500).map(lambda n: as_of - days(n)),
                         st.integers(1, 500).map(lambda n: as_of + days(n))))
    status = draw(st.one_of(st.none(), st.sampled_from(COMMITMENT_STATUSES)))
    done_on = None
    if status in ("done", "dropped"):
        choices = [st.none(), st.integers(0, 400).map(lambda n: as_of - days(n))]
        if due is None or due >= as_of:
            # Delivered after the build's date: still open that day (a past due date with a late
            # delivery is covered by the examples below).
            choices.append(st.integers(1, 300).map(lambda n: as_of + days(n)))
        done_on = draw(st.one_of(*choices))
    word = draw(st.sampled_from(WORDS))
    return Commitment(action=f"Improve the {word} for recommendation {label} step {index + 1}",
                      id=draw(st.one_of(st.none(), st.just(f"step-{index + 1}"))),
                      owner=draw(st.one_of(st.none(), st.sampled_from(OWNERS))), due=due, status=status,
                      done_on=done_on)


@st.composite
def responses(draw: st.DrawFn, as_of: dt.date, label: str, status_keys: list[str]) -> Response:
    position = draw(st.sampled_from(POSITIONS))
    date = as_of - days(draw(st.integers(0, 400)))
    reasons = "We have costed it." if position != "accepted" or draw(st.booleans()) else None
    made = [draw(commitments(as_of, label, i)) for i in range(draw(st.integers(0, 3)))]
    ids = [c.id for c in made if c.id]
    span = (as_of - date).days + 30  # now and then an update dated after the build's date
    dates = sorted(date + days(n) for n in draw(st.lists(st.integers(0, span), max_size=4)))
    progress = [Progress(date=d, status=draw(st.sampled_from(status_keys)),
                         percent=draw(st.one_of(st.none(), st.integers(0, 100))),
                         commitment=draw(st.one_of(st.none(), st.sampled_from(ids))) if ids else None,
                         note=draw(st.one_of(st.none(), st.just("Work goes on."))))
                for d in dates]
    return Response(position=position, date=date, reasons=reasons, commitments=made, progress=progress,
                    file_id=draw(st.sampled_from([None, f"answer-{label}"])))


@st.composite
def assemblies(draw: st.DrawFn) -> Assembly:
    as_of = draw(st.dates(min_value=dt.date(2020, 6, 1), max_value=dt.date(2025, 12, 31)))
    statuses = draw(st.sampled_from([None, DEFAULT_STATUSES, [*DEFAULT_STATUSES, EXTRA_STATUS]]))
    status_keys = [key for key, _ in (statuses if statuses is not None else DEFAULT_STATUSES)]
    themes = draw(st.lists(st.sampled_from(THEMES), max_size=3, unique=True))
    recs = []
    for i in range(draw(st.integers(2, 8))):
        number = f"{i}a" if i and draw(st.integers(0, 4)) == 0 else str(i + 1)
        outcome = draw(st.sampled_from([None, "put-to-council", NOT_PUT, None]))
        answered = draw(st.integers(0, 3)) > (1 if outcome == NOT_PUT else 0)
        response = draw(responses(as_of, number, status_keys)) if answered else None
        word = draw(st.sampled_from(WORDS))
        recs.append(Recommendation(id=f"{word}-{i + 1}", number=number, title=f"A better {word} number {i + 1}",
                                   theme=draw(st.sampled_from([None, *themes])) if themes else None,
                                   outcome=outcome, response=response))
    return Assembly(recommendations=recs, as_of=as_of, statuses=statuses)


def build(root: Path, assembly: Assembly) -> Path:
    """Write the assembly as content, build it as of its date, and return the output folder."""
    project, out = root / "project", root / "site"
    write_project(project, assembly)
    result = run_cli("--root", str(project), "build", "--out", str(out), "--as-of", assembly.as_of.isoformat())
    assert result.code == 0, result.err
    assert ": error: " not in result.err, result.err
    assert "Traceback" not in result.err, result.err
    return out


def assert_agrees(out: Path, assembly: Assembly) -> None:
    problems = check_site(out, assembly)
    assert not problems, f"{len(problems)} statements disagree with the content:\n" + "\n".join(problems)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(assembly=assemblies())
def test_every_published_figure_agrees_with_the_content(assembly: Assembly,
                                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    out = build(tmp_path_factory.mktemp("figures"), assembly)
    assert_agrees(out, assembly)


# --- edge cases, one by one -------------------------------------------------------------------

AS_OF = dt.date(2022, 3, 15)


def rec(i: int, outcome: str | None = None, response: Response | None = None, theme: str | None = None
        ) -> Recommendation:
    return Recommendation(id=f"rec-{i}", number=str(i), title=f"Recommendation title {i}", theme=theme,
                          outcome=outcome, response=response)


def text(out: Path, name: str) -> str:
    return text_of(page(out / SLUG / name))


def test_all_not_put_to_the_council(tmp_path: Path) -> None:
    answered = Response(position="not-accepted", date=AS_OF - days(10), reasons="It was not put to us.",
                        commitments=[Commitment(action="Write to the members", due=AS_OF - days(1))],
                        progress=[Progress(date=AS_OF - days(5), status="completed")])
    assembly = Assembly([rec(1, NOT_PUT), rec(2, NOT_PUT, answered, theme="Homes"), rec(3, NOT_PUT)], AS_OF)
    out = build(tmp_path, assembly)
    assert_agrees(out, assembly)
    for name in ("index.html", "recommendations/index.html", "responses/index.html"):
        assert "3 recommendations: 3 not put to the council." in text(out, name)
    tracker = text(out, "responses/index.html")
    assert "put to the council are completed" not in tracker and "put to the council is completed" not in tracker
    data = json.loads((out / SLUG / "data" / "assembly.json").read_text(encoding="utf-8"))
    assert data["figures"]["by_category"][NOT_PUT] == 3
    assert data["figures"]["completed"] == 0
    assert data["figures"]["by_progress"][NOT_PUT] == 3


def test_none_responded(tmp_path: Path) -> None:
    assembly = Assembly([rec(1), rec(2, "put-to-council", theme="Homes"), rec(3, theme="Homes"), rec(4, NOT_PUT)],
                        AS_OF)
    out = build(tmp_path, assembly)
    assert_agrees(out, assembly)
    for name in ("index.html", "recommendations/index.html", "responses/index.html"):
        assert "4 recommendations: 3 awaiting a response, 1 not put to the council." in text(out, name)
    tracker = text(out, "responses/index.html")
    assert "0 of 3 recommendations put to the council are completed (0%)." in tracker
    assert "commitments the council made" not in tracker
    assert "no commitment is past its due date" in tracker


def late(status: str, done_on: dt.date) -> Assembly:
    """One commitment due before the build's date, delivered or dropped only after it."""
    response = Response(position="accepted", date=AS_OF - days(100), commitments=[
        Commitment(action="Open the new library", id="library", owner="Libraries team", due=AS_OF - days(30),
                   status=status, done_on=done_on),
        Commitment(action="Plant the orchard", owner="Parks team", due=AS_OF - days(40), status="done",
                   done_on=AS_OF - days(45)),
    ], progress=[Progress(date=AS_OF - days(45), status="in-progress", percent=50)])
    return Assembly([rec(1, response=response, theme="Homes"), rec(2)], AS_OF)


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_a_commitment_closed_after_the_date_is_open_and_overdue_that_day(status: str, tmp_path: Path) -> None:
    assembly = late(status, AS_OF + days(1))
    out = build(tmp_path, assembly)
    tracker = text(out, "responses/index.html")
    assert "1 of 2 commitments the council made are delivered; 0 were dropped; 1 is overdue." in tracker
    assert "As of 15 March 2022, 1 commitment is past its due date and neither delivered nor dropped." in tracker
    own = text(out, "recommendations/rec-1.html")
    assert "As of 15 March 2022, 1 of 2 commitments are delivered. 1 is overdue." in own
    rows = (out / SLUG / "data" / "commitments.csv").read_text(encoding="utf-8-sig")
    assert ",overdue,Overdue,yes," in rows
    feed = (out / SLUG / "responses" / "feed.xml").read_text(encoding="utf-8")
    assert "Open the new library" not in feed
    assert_agrees(out, assembly)


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_a_commitment_closed_on_the_date_is_closed(status: str, tmp_path: Path) -> None:
    assembly = late(status, AS_OF)
    out = build(tmp_path, assembly)
    tracker = text(out, "responses/index.html")
    delivered, dropped = (2, 0) if status == "done" else (1, 1)
    assert (f"{delivered} of 2 commitments the council made are delivered; {dropped} "
            f"{'was' if dropped == 1 else 'were'} dropped; 0 are overdue.") in tracker
    assert "no commitment is past its due date" in tracker
    assert_agrees(out, assembly)


def test_due_on_the_date_is_not_overdue_but_due_the_day_before_is(tmp_path: Path) -> None:
    response = Response(position="accepted-in-part", date=AS_OF - days(200), reasons="Money is short.",
                        commitments=[
                            Commitment(action="Repair the bridge", due=AS_OF, status="in-progress"),
                            Commitment(action="Paint the bridge", due=AS_OF - days(1)),
                            Commitment(action="Light the bridge", due=AS_OF + days(1), status="not-started"),
                        ])
    assembly = Assembly([rec(1, response=response), rec(2, NOT_PUT)], AS_OF)
    out = build(tmp_path, assembly)
    tracker = text(out, "responses/index.html")
    assert "0 of 3 commitments the council made are delivered; 0 were dropped; 1 is overdue." in tracker
    assert "Paint the bridge (was due 14 March 2022; Not started)" in tracker
    assert "Repair the bridge" not in tracker
    own = text(out, "recommendations/rec-1.html")
    assert "As of 15 March 2022, 0 of 3 commitments are delivered. 1 is overdue." in own
    assert_agrees(out, assembly)


def test_a_draft_or_embargoed_recommendation_counts_nowhere(tmp_path: Path) -> None:
    answered = Response(position="accepted", date=AS_OF - days(20), commitments=[
        Commitment(action="Dig the pond", due=AS_OF - days(5))],
        progress=[Progress(date=AS_OF - days(3), status="completed")])
    published = [rec(1, response=Response(position="referred", date=AS_OF - days(9), reasons="Not ours.")),
                 rec(2, NOT_PUT)]
    hidden = [Recommendation(id="rec-3", number="3", title="A draft", response=answered, extra={"draft": True}),
              Recommendation(id="rec-4", number="4", title="Embargoed", response=answered,
                             extra={"publish_on": AS_OF + days(1)})]
    out = build(tmp_path, Assembly([*published, *hidden], AS_OF))
    assert_agrees(out, Assembly(published, AS_OF))
    assert "2 recommendations: 1 referred, 1 not put to the council." in text(out, "responses/index.html")
