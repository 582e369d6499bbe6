"""The tracker's numbers, charts and overdue list agree with the content."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from markupsafe import escape

from generator.pipeline import load_and_validate
from generator.validate.corpus import Options

SLUG = "riverside-town-centre"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tracker") / "site"
    assert run_cli("--root", str(REPO), "build", "--out", str(out), "--as-of", "2021-01-01").code == 0
    return out / SLUG


def table_rows(html: str, caption_id: str) -> dict[str, int]:
    table = html.split(f'<caption id="{caption_id}">')[1].split("</table>")[0]
    rows = re.findall(r'<tr><th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th><td class="num">(\d+)</td>', table)
    return {label: int(count) for label, count in rows}


def chart_values(html: str, table_id: str) -> dict[str, int]:
    chart = html.split(f'aria-labelledby="{table_id}-chart-title"')[1].split('<div class="table-wrap"')[0]
    labels = re.findall(r'class="bar-chart__label">([^<]+)</span>', chart)
    values = [int(v) for v in re.findall(r'class="bar-chart__value">(\d+)</span>', chart)]
    return dict(zip(labels, values, strict=True))


def expected_categories(content: object) -> dict[str, list[str]]:
    """Each recommendation's one category, worked out here from the records, independently of
    generator.model.figures: not put to the council, else awaiting a response, else the position."""
    found: dict[str, list[str]] = {}
    for rec in content.recommendations:  # type: ignore[attr-defined]
        response = content.responses.get(rec.id)  # type: ignore[attr-defined]
        if rec.outcome.value == "not-put-to-council":
            key = "not-put-to-council"
        elif response is None:
            key = "awaiting-response"
        else:
            key = response.position.value
        found.setdefault(key, []).append(rec.id)
    return found


LABELS = {"accepted": "Accepted", "accepted-in-part": "Accepted in part", "under-consideration": "Under consideration",
          "not-accepted": "Not accepted", "referred": "Referred", "awaiting-response": "Awaiting response",
          "not-put-to-council": "Not put to the council"}


def test_tracker_tables_and_charts_match_the_content(built: Path) -> None:
    site, _, _ = load_and_validate(REPO, [SLUG], Options(as_of=dt.date(2021, 1, 1)))
    assert site is not None
    content = site.assemblies[0]
    html = (built / "responses" / "index.html").read_text(encoding="utf-8")
    categories = expected_categories(content)
    positions = {LABELS[key]: len(categories.get(key, [])) for key in LABELS}
    assert table_rows(html, "positions") == positions
    assert chart_values(html, "positions") == positions
    statuses = table_rows(html, "statuses")
    assert chart_values(html, "statuses") == statuses
    assert sum(statuses.values()) == sum(positions.values()) == len(content.recommendations) == 14
    assert statuses["Not put to the council"] == positions["Not put to the council"] == 1
    assert statuses["Awaiting response"] == positions["Awaiting response"]
    put = len(content.recommendations) - positions["Not put to the council"]
    done = sum(1 for rec in content.recommendations if rec.outcome.value == "put-to-council"
               and (r := content.responses.get(rec.id)) and r.progress and r.progress[-1].status == "completed")
    assert statuses["Completed"] == done
    assert f"<strong>{done} of {put}</strong> recommendations put to the council are completed" in html


def test_a_proposal_not_put_to_the_council_is_never_awaiting_a_response(built: Path) -> None:
    page = (built / "recommendations" / "parking-charges.html").read_text(encoding="utf-8")
    assert "Not put to the council" in page
    assert "did not pass the assembly's vote" in page
    assert "Awaiting response" not in page and "has not yet published its response" not in page
    home = (built / "index.html").read_text(encoding="utf-8")
    listing = (built / "recommendations" / "index.html").read_text(encoding="utf-8")
    for html in (home, listing):
        assert "1 not put to the council" in html
        assert "The assembly agreed 13 recommendations and put them to the council; 1 more proposal did not " \
               "pass the vote" in html


def overdue_expected(content: object, as_of: dt.date) -> list[tuple[str, str]]:
    late = []
    for rec in content.recommendations:  # type: ignore[attr-defined]
        response = content.responses.get(rec.id)  # type: ignore[attr-defined]
        for c in response.commitments if response else []:
            closed = c.status.value in ("done", "dropped") and (c.done_on is None or c.done_on <= as_of)
            if c.due and c.due < as_of and not closed:
                late.append((rec.id, c.action))
    return late


def test_overdue_commitments_depend_on_the_date(built: Path) -> None:
    site, _, _ = load_and_validate(REPO, [SLUG], Options(as_of=dt.date(2021, 1, 1)))
    assert site is not None
    content = site.assemblies[0]
    assert overdue_expected(content, dt.date(2020, 1, 1)) == []
    later = overdue_expected(content, dt.date(2021, 1, 1))
    assert later, "the example has commitments due in 2020 that were not delivered by then"
    html = (built / "responses" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="overdue-commitments"')[1]
    lists = re.findall(r'<ul class="overdue-list">(.*?)</ul>', section, re.S)
    listed = [item for block in lists for item in re.findall(r"<li>(.*?) \(", block)]
    assert sorted(listed) == sorted(str(escape(action)) for _, action in later)
    assert "As of 1 January 2021" in section
    for rec in content.recommendations:
        response = content.responses.get(rec.id)
        for c in response.commitments if response else []:
            if c.status.value in ("done", "dropped") and c.done_on and c.done_on <= dt.date(2021, 1, 1):
                assert str(escape(c.action)) not in section, "a delivered or dropped commitment is never overdue"


def test_filter_pages_list_exactly_their_recommendations(built: Path) -> None:
    site, _, _ = load_and_validate(REPO, [SLUG], Options(as_of=dt.date(2021, 1, 1)))
    assert site is not None
    content = site.assemblies[0]
    categories = expected_categories(content)
    for key in LABELS:
        recs = categories.get(key, [])
        page = built / "recommendations" / "by-response" / f"{key}.html"
        if not recs:
            assert not page.exists()
            continue
        html = page.read_text(encoding="utf-8").split('id="filtered-table"')[1].split("</table>")[0]
        listed = set(re.findall(r'href="\.\./([a-z0-9-]+)\.html"', html))
        assert listed == set(recs)
