"""Speakers grouped by session; evidence by session and by type, as plain pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from generator.pipeline import load_and_validate
from generator.validate.corpus import Options

SLUG = "riverside-town-centre"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("evidence") / "site"
    assert run_cli("--root", str(REPO), "build", "--out", str(out)).code == 0
    return out / SLUG


def test_speakers_are_grouped_by_the_sessions_they_spoke_at(site: Path) -> None:
    loaded, _, _ = load_and_validate(REPO, [SLUG], Options())
    assert loaded is not None
    content = loaded.assemblies[0]
    html = (site / "speakers" / "index.html").read_text(encoding="utf-8")
    for session in content.sessions:
        expected = content.speakers_in_session(session)
        if not expected:
            continue
        section = html.split(f'href="../sessions/{session.id}.html">')[1].split("</ul>")[0]
        assert re.findall(r'href="([a-z0-9-]+)\.html"', section) == [s.id for s in expected]


def test_each_evidence_type_has_its_own_page(site: Path) -> None:
    loaded, _, _ = load_and_validate(REPO, [SLUG], Options())
    assert loaded is not None
    content = loaded.assemblies[0]
    assert content.evidence_types()
    for type_value in content.evidence_types():
        html = (site / "evidence" / "by-type" / f"{type_value}.html").read_text(encoding="utf-8")
        main = html.split('id="main-content"')[1]
        items = main.split('<ul class="entity-list">')[1].split("</ul>")[0]
        listed = re.findall(r'href="\.\./([a-z0-9-]+)\.html"', items)
        assert listed == [e.id for e in content.evidence_of_type(type_value)]
