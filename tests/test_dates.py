"""Which day "today" is: the assembly's own time zone decides, never the machine's."""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from generator.dates import project_time_zone, today

# 23:30 UTC on 30 June 2026 is already 1 July in London (summer time) and in Auckland,
# and still 30 June in Los Angeles.
LATE_JUNE = int(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC).timestamp())


def test_source_date_epoch_is_an_instant_dated_in_the_assemblys_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(LATE_JUNE))
    assert today(None, "Europe/London") == dt.date(2026, 7, 1)
    assert today(None, "UTC") == dt.date(2026, 6, 30)
    assert today(None, "America/Los_Angeles") == dt.date(2026, 6, 30)
    assert today(dt.date(2020, 1, 1), "Europe/London") == dt.date(2020, 1, 1), "--as-of always wins"


def test_the_machines_zone_never_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(LATE_JUNE))
    seen = set()
    for zone in ("Pacific/Kiritimati", "America/Los_Angeles", "UTC"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        seen.add(today(None, "Europe/London"))
    monkeypatch.delenv("TZ")
    time.tzset()
    assert seen == {dt.date(2026, 7, 1)}


def test_time_zone_is_read_from_site_config(tmp_path: Path) -> None:
    assert project_time_zone(tmp_path) == "Europe/London"
    (tmp_path / "site_config.yml").write_text("time_zone: Pacific/Auckland\n", encoding="utf-8")
    assert project_time_zone(tmp_path) == "Pacific/Auckland"
    (tmp_path / "site_config.yml").write_text("time_zone: Mars/Olympus\n", encoding="utf-8")
    assert project_time_zone(tmp_path) == "Europe/London", "a wrong zone is reported by the check, not used"


def test_a_wrong_time_zone_is_a_located_error(example: Path) -> None:
    config = example / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "time_zone: Europe/Londn\n", encoding="utf-8")
    line = len(config.read_text(encoding="utf-8").splitlines())
    result = run_cli("--root", str(example), "check")
    assert result.code == 1
    assert (f"site_config.yml:{line}:12: error: time_zone: 'Europe/Londn' is not a time zone: write a name such as "
            "Europe/London or Europe/Dublin (the IANA time zone names) — did you mean 'Europe/London'?") \
        in result.err


def test_the_time_zone_decides_an_embargo(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 23:30 UTC on 30 June, an update embargoed until 1 July is out in London, not in Los Angeles."""
    update = example / "content" / "riverside-town-centre" / "updates" / "embargoed-news.md"
    update.write_text("---\ntitle: Embargoed news\ndate: 2026-06-29\npublish_on: 2026-07-01\n---\nNews.\n",
                      encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(LATE_JUNE))
    assert run_cli("--root", str(example), "build", "--out", str(example / "london")).code == 0
    assert (example / "london" / "riverside-town-centre" / "updates" / "embargoed-news.html").exists()
    config = example / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "time_zone: America/Los_Angeles\n", encoding="utf-8")
    assert run_cli("--root", str(example), "build", "--out", str(example / "la")).code == 0
    assert not (example / "la" / "riverside-town-centre" / "updates" / "embargoed-news.html").exists()
    tracker = (example / "la" / "riverside-town-centre" / "responses" / "index.html").read_text(encoding="utf-8")
    assert "These figures are as of <time datetime=\"2026-06-30\">30 June 2026</time>" in tracker


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right)
    found = [str(Path(compared.left) / name) for name in compared.left_only + compared.right_only]
    found += [str(Path(compared.left) / name) for name in compared.diff_files + compared.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    found += [str(left / name) for name in mismatch + errors]
    for sub in compared.common_dirs:
        found += _differences(left / sub, right / sub)
    return sorted(set(found))


def test_builds_at_the_same_moment_in_different_zones_publish_the_same_bytes(example: Path) -> None:
    outputs = []
    for zone in ("Pacific/Auckland", "America/Los_Angeles"):
        out = example.parent / f"site-{zone.replace('/', '-')}"
        env = dict(os.environ, TZ=zone, SOURCE_DATE_EPOCH=str(LATE_JUNE))
        done = subprocess.run([sys.executable, "-m", "generator", "--root", str(example), "build", "--force",
                               "--out", str(out)], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        outputs.append(out)
    assert _differences(outputs[0], outputs[1]) == []
    tracker = (outputs[0] / "riverside-town-centre" / "responses" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-07-01">1 July 2026</time>' in tracker
