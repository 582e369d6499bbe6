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
    svg = html.split(f'aria-labelledby="{table_id}-chart-title"')[1].split("</svg>")[0]
    labels = re.findall(r'class="bar-chart__label">([^<]+)</text>', svg)
    values = [int(v) for v in re.findall(r'class="bar-chart__value">(\d+)</text>', svg)]
    return dict(zip(labels, values, strict=True))


def test_tracker_tables_and_charts_match_the_content(built: Path) -> None:
    site, _, _ = load_and_validate(REPO, [SLUG], Options())
    assert site is not None
    content = site.assemblies[0]
    html = (built / "responses" / "index.html").read_text(encoding="utf-8")
    positions = {label: len(recs) for _, label, recs in content.position_counts()}
    statuses = {label: len(recs) for _, label, recs in content.status_counts(site.config)}
    assert table_rows(html, "positions") == positions
    assert table_rows(html, "statuses") == statuses
    assert chart_values(html, "positions") == positions
    assert chart_values(html, "statuses") == statuses
    assert sum(positions.values()) == len(content.recommendations) == 14
    done, total = content.share_completed()
    assert f"<strong>{done} of {total}</strong> recommendations are completed" in html


def test_overdue_commitments_depend_on_the_date(built: Path) -> None:
    site, _, _ = load_and_validate(REPO, [SLUG], Options())
    assert site is not None
    content = site.assemblies[0]
    early = content.overdue(dt.date(2020, 1, 1))
    later = content.overdue(dt.date(2021, 1, 1))
    assert early == []
    assert later, "the example has commitments due in 2020 that were not completed"
    for rec, commitment in later:
        response = content.response_for(rec)
        assert response is not None and commitment.due is not None
        assert commitment.due < dt.date(2021, 1, 1)
        assert not (response.current and response.current.status == "completed")
    html = (built / "responses" / "index.html").read_text(encoding="utf-8")
    assert html.count("<time datetime=") >= len(later)
    for _rec, commitment in later:
        assert escape(commitment.action) in html


def test_filter_pages_list_exactly_their_recommendations(built: Path) -> None:
    site, _, _ = load_and_validate(REPO, [SLUG], Options())
    assert site is not None
    content = site.assemblies[0]
    for key, _, recs in content.position_counts():
        page = built / "recommendations" / "by-response" / f"{key}.html"
        if not recs:
            assert not page.exists()
            continue
        html = page.read_text(encoding="utf-8").split('id="filtered-table"')[1].split("</table>")[0]
        listed = set(re.findall(r'href="\.\./([a-z0-9-]+)\.html"', html))
        assert listed == {r.id for r in recs}
