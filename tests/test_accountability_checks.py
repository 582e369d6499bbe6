"""The checks that keep the accountability record true: commitment ids, done_on, earlier
positions, future dates, responses to recommendations not put to the council, an assembly said
to be responded to while a response is missing, and example text left from `assembly new`.
Each message is checked word for word, with its file, line and column."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import run_cli

TODAY = "2026-12-04"
RESPONSE = "content/riverside/responses/cycle-lanes.md"

SITE_CONFIG = """\
organisation:
  name: Riverside Borough Council
language: en-GB
contact_email: engagement@riverside.example.gov.uk
"""

ASSEMBLY = """\
title: Riverside Citizens' Assembly
question: How can we make the town centre somewhere we are proud of?
commissioned_by: Riverside Borough Council
status: {status}
"""

RECOMMENDATION = """\
---
number: "{number}"
title: {title}
{extra}---
The assembly asked the council to {title_lower}.
"""

# A response that uses every field of the accountability record correctly.
CLEAN_RESPONSE = """\
---
recommendation: cycle-lanes
position: accepted-in-part
date: 2026-06-01
reasons: The council will build the lanes but not the bridge.
earlier_positions:
  - {position: under-consideration, date: 2026-02-20, reasons: We needed to cost it first.}
  - {position: referred, date: 2026-04-02}
commitments:
  - {id: survey, action: Survey the routes, owner: Highways team, due: 2026-08-31, status: done,
     done_on: 2026-08-20}
  - {id: tender, action: Tender for a bridge, owner: Highways team, due: 2026-09-30, status: dropped,
     done_on: 2026-09-01}
  - {id: lanes, action: Build the lanes, owner: Highways team, due: 2027-06-30, status: in-progress}
progress:
  - {date: 2026-08-20, status: in-progress, percent: 30, note: The survey is done., commitment: survey}
  - {date: 2026-10-01, status: in-progress, percent: 40, note: Work has started.}
---
The council agreed to build the lanes but not the bridge.
"""


def project(root: Path, response: str | None = None, *, status: str = "reported",
            recommendations: dict[str, str] | None = None) -> Path:
    """A small project: site_config.yml, one assembly called riverside, its recommendations
    (id → extra front matter lines) and, if given, the response to cycle-lanes."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text(SITE_CONFIG, encoding="utf-8")
    folder = root / "content" / "riverside"
    (folder / "recommendations").mkdir(parents=True)
    (folder / "assembly.yml").write_text(ASSEMBLY.format(status=status), encoding="utf-8")
    for number, (rec_id, extra) in enumerate((recommendations or {"cycle-lanes": ""}).items(), start=1):
        title = rec_id.replace("-", " ").capitalize()
        (folder / "recommendations" / f"{rec_id}.md").write_text(
            RECOMMENDATION.format(number=number, title=title, title_lower=title.lower(), extra=extra),
            encoding="utf-8")
    if response is not None:
        (folder / "responses").mkdir()
        (folder / "responses" / "cycle-lanes.md").write_text(response, encoding="utf-8")
    return root


def check(root: Path, *args: str) -> list[str]:
    """Every problem line `assembly check` prints, the example-text warnings included."""
    result = run_cli("--root", str(root), "check", "--as-of", TODAY, *args)
    assert "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if ": error: " in line or ": warning: " in line]
    assert result.code == (1 if any(": error: " in line for line in lines) or "--strict" in args and lines else 0)
    return lines


def response(*front_matter: str) -> str:
    """A response to cycle-lanes: line 2 is `recommendation:`, line 3 `position:`, line 4
    `date:`, and the given lines start at line 5."""
    lines = ["---", "recommendation: cycle-lanes", "position: accepted", "date: 2026-06-01", *front_matter,
             "---", "The council agreed to build the lanes.", ""]
    return "\n".join(lines)


# A clean project, and content written before commitments had ids, statuses and dates


def test_a_clean_project_gives_no_error_or_warning(tmp_path: Path) -> None:
    root = project(tmp_path / "p", CLEAN_RESPONSE, status="responded")
    assert check(root) == []
    assert check(root, "--strict") == []


def test_an_old_style_response_still_builds_with_no_new_error_or_warning(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "commitments:",
        "  - {action: Build the lanes, owner: Highways team, due: 2026-03-31}",
        "  - {action: Paint the crossings, owner: Highways team, due: 2027-03-31}",
        "progress:",
        "  - {date: 2026-06-01, status: not-started, percent: 0, note: Work will start soon.}",
        "  - {date: 2026-09-01, status: in-progress, percent: 40, note: The first lanes are open.}",
    ), status="responded")
    assert check(root) == []
    out = tmp_path / "site"
    built = run_cli("--root", str(root), "build", "--as-of", TODAY, "--out", str(out), "--strict")
    assert built.code == 0, built.err
    rows = _commitment_rows(out)
    assert [(r["commitment"], r["status"], r["done_on"], r["state"], r["overdue"]) for r in rows] == [
        ("1", "not-started", "", "overdue", "yes"),
        ("2", "not-started", "", "not-started", "no"),
    ]
    page = (out / "riverside" / "recommendations" / "cycle-lanes.html").read_text(encoding="utf-8")
    assert "The first lanes are open." in page and "Paint the crossings" in page


# Errors


def test_a_commitment_id_used_twice_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "commitments:",
        "  - {id: lanes, action: Build the lanes}",
        "  - {id: crossings, action: Paint the crossings}",
        "  - {id: lanes, action: Build more lanes}",
    ))
    assert check(root) == [
        f"{RESPONSE}:8:10: error: commitment id 'lanes' is already used by commitment 1 of this response: "
        "give each commitment its own id",
    ]


def test_a_progress_update_naming_an_unknown_commitment_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "commitments:",
        "  - {id: lanes, action: Build the lanes}",
        "  - {id: crossings, action: Paint the crossings}",
        "progress:",
        "  - {date: 2026-07-01, status: in-progress, commitment: lanes}",
        "  - {date: 2026-08-01, status: in-progress, commitment: lane}",
    ))
    assert check(root) == [
        f"{RESPONSE}:10:57: error: progress update 2 names commitment 'lane', but this response has no "
        "commitment with that id: write one of lanes, crossings",
    ]


def test_a_progress_update_naming_a_commitment_when_none_has_an_id_says_how_to_give_one(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "commitments:",
        "  - {action: Build the lanes}",
        "progress:",
        "  - {date: 2026-07-01, status: in-progress, commitment: lanes}",
    ))
    assert check(root) == [
        f"{RESPONSE}:8:57: error: progress update 1 names commitment 'lanes', but this response has no "
        "commitment with that id: give the commitment it reports on an `id:` in commitments, and write that "
        "id here",
    ]


def test_done_on_without_done_or_dropped_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "commitments:",
        "  - {action: Build the lanes, status: in-progress, done_on: 2026-09-01}",
        "  - {action: Paint the crossings, done_on: 2026-09-01}",
        "  - {action: Plant trees, status: in-progress, done_on: 2027-01-01}",
    ))
    # A done_on after today on an open commitment gets this error only, not the future-date warning too.
    assert check(root) == [
        f"{RESPONSE}:6:61: error: done_on is the day a commitment was delivered or dropped, but its status is "
        "in-progress: write `status: done` or `status: dropped`, or remove done_on",
        f"{RESPONSE}:7:44: error: done_on is the day a commitment was delivered or dropped, but it has no status "
        "(so it counts as not-started): write `status: done` or `status: dropped`, or remove done_on",
        f"{RESPONSE}:8:57: error: done_on is the day a commitment was delivered or dropped, but its status is "
        "in-progress: write `status: done` or `status: dropped`, or remove done_on",
    ]


def test_earlier_positions_out_of_order_are_an_error(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "earlier_positions:",
        "  - {position: referred, date: 2026-04-02}",
        "  - {position: under-consideration, date: 2026-02-20}",
    ))
    assert check(root) == [
        f"{RESPONSE}:7:43: error: earlier positions go oldest first, but this one (2026-02-20) is listed after "
        "a later one (2026-04-02): move it up",
    ]


def test_an_earlier_position_after_the_current_one_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "earlier_positions:",
        "  - {position: under-consideration, date: 2026-07-15}",
    ))
    assert check(root) == [
        f"{RESPONSE}:6:43: error: this earlier position is dated 2026-07-15, after the current position "
        "(accepted, 2026-06-01): `position:` and `date:` hold the council's latest decision, so swap them",
    ]


# Warnings


def test_a_response_to_a_recommendation_not_put_to_the_council_is_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(),
                   recommendations={"cycle-lanes": "outcome: not-put-to-council\n"})
    assert check(root) == [
        f"{RESPONSE}:2:17: warning: recommendations/cycle-lanes.md says `outcome: not-put-to-council`, yet this "
        "is the council's response to it: the response is shown, but the recommendation still counts as not "
        "put to the council; if it was put to the council, write `outcome: put-to-council` in "
        "recommendations/cycle-lanes.md",
    ]


def test_a_response_dated_after_today_is_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response().replace("date: 2026-06-01", "date: 2027-01-14"))
    assert check(root) == [
        f"{RESPONSE}:4:7: warning: the response is dated 2027-01-14, after today (2026-12-04): the site would "
        "show the decision as already taken; check the date, or add `publish_on: 2027-01-14` to publish it on "
        "that day",
    ]


def test_a_progress_update_dated_after_today_is_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "progress:",
        "  - {date: 2026-11-01, status: in-progress}",
        "  - {date: 2026-12-05, status: in-progress, note: The lanes are open.}",
    ))
    assert check(root) == [
        f"{RESPONSE}:7:12: warning: progress update 2 is dated 2026-12-05, after today (2026-12-04): the site "
        "would show it as already happened; check the date, or add the update on that day",
    ]


def test_a_done_on_after_today_is_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "commitments:",
        "  - {action: Build the lanes, status: done, done_on: 2026-12-04}",
        "  - {action: Build a bridge, status: dropped, done_on: 2027-02-01}",
    ))
    assert check(root) == [
        f"{RESPONSE}:7:56: warning: commitment 2 has done_on 2027-02-01, after today (2026-12-04): the site "
        "counts it as not yet dropped until then; check the date (a planned date goes in `due:`)",
    ]


def test_a_done_commitment_without_done_on_is_a_warning(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "commitments:",
        "  - {action: Build the lanes, status: done}",
    ))
    assert check(root) == [
        f"{RESPONSE}:6:39: warning: this commitment is done but has no date: add `done_on:` with the day it was "
        "delivered, written year-month-day (such as 2026-11-20), so residents can see when",
    ]


def test_responded_while_a_recommendation_has_no_response_is_a_warning(tmp_path: Path) -> None:
    recommendations = {"cycle-lanes": "", "street-trees": "", "night-bus": "outcome: not-put-to-council\n"}
    root = project(tmp_path / "p", response(), status="responded", recommendations=recommendations)
    assert check(root) == [
        "content/riverside/assembly.yml:4:9: warning: status is responded, but recommendations/street-trees.md "
        "was put to the council and has no response yet: add its response in responses/, or write `status: "
        "reported` until the council has answered it",
    ]


def test_responded_while_several_recommendations_have_no_response_names_them(tmp_path: Path) -> None:
    names = [f"idea-{n}" for n in range(1, 8)]
    root = project(tmp_path / "p", status="responded", recommendations=dict.fromkeys(names, ""))
    assert check(root) == [
        "content/riverside/assembly.yml:4:9: warning: status is responded, but 7 recommendations put to the "
        "council have no response yet (recommendations/idea-1.md, recommendations/idea-2.md, "
        "recommendations/idea-3.md, recommendations/idea-4.md, recommendations/idea-5.md and 2 more): add their "
        "responses in responses/, or write `status: reported` until the council has answered them all",
    ]


def test_json_records_carry_the_same_location_and_message(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response("commitments:", "  - {action: Build the lanes, status: done}"))
    result = run_cli("--root", str(root), "check", "--as-of", TODAY, "--format", "json")
    assert result.code == 0
    assert json.loads(result.out)["problems"] == [{
        "path": RESPONSE, "line": 6, "column": 39, "severity": "warning",
        "message": "this commitment is done but has no date: add `done_on:` with the day it was delivered, "
                   "written year-month-day (such as 2026-11-20), so residents can see when",
    }]


# How the checks work together


def _commitment_rows(out: Path) -> list[dict[str, str]]:
    text = (out / "riverside" / "data" / "commitments.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_done_with_a_future_done_on_warns_once_and_is_not_delivered_as_of_today(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "commitments:",
        "  - {id: lanes, action: Build the lanes, due: 2027-03-31, status: done, done_on: 2027-01-15}",
        "  - {id: signs, action: Put up signs, due: 2026-11-30, status: done, done_on: 2026-12-10}",
    ))
    assert check(root) == [
        f"{RESPONSE}:6:82: warning: commitment 1 has done_on 2027-01-15, after today (2026-12-04): the site "
        "counts it as not yet delivered until then; check the date (a planned date goes in `due:`)",
        f"{RESPONSE}:7:79: warning: commitment 2 has done_on 2026-12-10, after today (2026-12-04): the site "
        "counts it as not yet delivered until then; check the date (a planned date goes in `due:`)",
    ]
    out = tmp_path / "site"
    assert run_cli("--root", str(root), "build", "--as-of", TODAY, "--out", str(out)).code == 0
    rows = _commitment_rows(out)
    assert [(r["commitment"], r["status"], r["done_on"], r["state"], r["overdue"], r["as_of"]) for r in rows] == [
        ("lanes", "done", "2027-01-15", "not-started", "no", TODAY),
        ("signs", "done", "2026-12-10", "overdue", "yes", TODAY),
    ]
    later = tmp_path / "later"
    assert run_cli("--root", str(root), "build", "--as-of", "2027-01-15", "--out", str(later)).code == 0
    assert [(r["state"], r["overdue"]) for r in _commitment_rows(later)] == [("done", "no"), ("done", "no")]


# Example text left from `assembly new`


def _new_project(root: Path) -> Path:
    root.mkdir()
    result = run_cli("--root", str(root), "new", "my-assembly")
    assert result.code == 0, result.err
    return root


STARTER_WARNINGS = [
    ("content/my-assembly/assembly.yml:4:11", "'What question did the assembly answer?' is still the example "
     "text from `assembly new`: replace it with the question the assembly was asked"),
    ("content/my-assembly/assembly.yml:5:18", "'Your Council' is still the example text from `assembly new`: "
     "replace it with the real name, such as Riverside Borough Council"),
    ("content/my-assembly/assembly.yml:9:10", "'Write two or three sentences about what the assembly did and what "
     "it recommended.' is still the example text from `assembly new`: replace it with two or three sentences "
     "about what the assembly did and what it recommended"),
    ("content/my-assembly/evidence/example-evidence.md:2:8", "'An example presentation' is still the example text "
     "from `assembly new`: replace it with the title of the evidence"),
    ("content/my-assembly/evidence/example-evidence.md:8:1", "the text below the front matter is still the "
     "example from `assembly new` ('Summarise the evidence in plain English.'): replace it with a summary of the "
     "evidence in plain English"),
    ("content/my-assembly/pages/about.md:5:1", "the text below the front matter is still the example from "
     "`assembly new` ('Explain why the assembly was held, who took part and how members were chosen.'): replace "
     "it with a few sentences on why the assembly was held, who took part and how members were chosen"),
    ("content/my-assembly/recommendations/example-recommendation.md:3:8", "'An example recommendation' is still "
     "the example text from `assembly new`: replace it with the recommendation's title"),
    ("content/my-assembly/recommendations/example-recommendation.md:4:8", "'Example theme' is still the example "
     "text from `assembly new`: replace it with the recommendation's theme, or remove the line"),
    ("content/my-assembly/recommendations/example-recommendation.md:11:1", "the text below the front matter is "
     "still the example from `assembly new` ('Write the recommendation exactly as the assembly agreed it.'): "
     "replace it with the recommendation exactly as the assembly agreed it"),
    ("content/my-assembly/responses/example-recommendation.md:5:10", "'Explain why the council did not accept all "
     "of it.' is still the example text from `assembly new`: replace it with the council's reasons for not "
     "accepting all of it"),
    ("content/my-assembly/responses/example-recommendation.md:7:30", "'Say what the council will do' is still the "
     "example text from `assembly new`: replace it with what the council will do"),
    ("content/my-assembly/responses/example-recommendation.md:7:69", "'Which team' is still the example text from "
     "`assembly new`: replace it with the team or person responsible"),
    ("content/my-assembly/responses/example-recommendation.md:10:63", "'Work will start in the summer.' is still "
     "the example text from `assembly new`: replace it with what has happened so far"),
    ("content/my-assembly/responses/example-recommendation.md:12:1", "the text below the front matter is still the "
     "example from `assembly new` ('The council's response in full.'): replace it with the council's response "
     "in full"),
    ("content/my-assembly/sessions/session-1.md:2:8", "'First session' is still the example text from `assembly "
     "new`: replace it with the session's own title"),
    ("content/my-assembly/sessions/session-1.md:7:1", "the text below the front matter is still the example from "
     "`assembly new` ('Write the agenda and what happened at this session.'): replace it with the agenda and "
     "what happened at the session"),
    ("content/my-assembly/speakers/example-speaker.md:2:7", "'Example Speaker' is still the example text from "
     "`assembly new`: replace it with the speaker's name"),
    ("content/my-assembly/speakers/example-speaker.md:4:15", "'Your Council' is still the example text from "
     "`assembly new`: replace it with the real name, such as Riverside Borough Council"),
    ("content/my-assembly/speakers/example-speaker.md:8:1", "the text below the front matter is still the example "
     "from `assembly new` ('A short biography of the speaker.'): replace it with a short biography of the "
     "speaker"),
    ("content/my-assembly/updates/welcome.md:2:8", "'Welcome to the assembly's website' is still the example text "
     "from `assembly new`: replace it with the title of your news post"),
    ("content/my-assembly/updates/welcome.md:4:10", "'This website will follow the assembly from start to "
     "finish.' is still the example text from `assembly new`: replace it with one sentence that sums up the news "
     "post"),
    ("content/my-assembly/updates/welcome.md:6:1", "the text below the front matter is still the example from "
     "`assembly new` ('News posts appear on the home page and in the updates feed.'): replace it with the news "
     "post itself"),
    ("site_config.yml:3:9", "'Your Council' is still the example text from `assembly new`: replace it with the "
     "real name, such as Riverside Borough Council"),
    ("site_config.yml:4:8", "'https://www.example.gov.uk' is still the example text from `assembly new`: replace "
     "it with the address of your organisation's website, or remove the line"),
    ("site_config.yml:6:16", "'engagement@example.gov.uk' is still the example text from `assembly new`: replace "
     "it with the email address residents should write to"),
    ("site_config.yml:8:18", "'accessibility@example.gov.uk' is still the example text from `assembly new`: "
     "replace it with the email address for reporting a problem with the website's accessibility"),
]


def test_new_then_check_lists_each_example_phrase_where_it_is(tmp_path: Path) -> None:
    from generator.starter import STARTER_PHRASES

    root = _new_project(tmp_path / "p")
    lines = check(root)
    assert lines == [f"{where}: warning: {message}" for where, message in STARTER_WARNINGS]
    # Every example phrase is found, and every message says what to write instead.
    assert {phrase for phrase in STARTER_PHRASES if any(f"'{phrase}'" in line for line in lines)} == set(
        STARTER_PHRASES)
    assert all(": replace it with " in line for line in lines)
    # Only advice: the starter project still checks and builds.
    assert run_cli("--root", str(root), "check", "--as-of", TODAY).code == 0


def test_editing_a_phrase_removes_its_warning_only(tmp_path: Path) -> None:
    root = _new_project(tmp_path / "p")
    before = check(root)
    response_file = root / "content" / "my-assembly" / "responses" / "example-recommendation.md"
    response_file.write_text(response_file.read_text(encoding="utf-8").replace('"Which team"', "Highways team"),
                             encoding="utf-8")
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("engagement@example.gov.uk",
                                                                 "engagement@riverside.gov.uk"), encoding="utf-8")
    after = check(root)
    gone = [line for line in before if line not in after]
    assert [line.split(": warning: ")[0] for line in gone] == [
        "content/my-assembly/responses/example-recommendation.md:7:69", "site_config.yml:6:16"]
    assert len(after) == len(before) - 2


def test_example_text_in_a_draft_gives_no_warning(tmp_path: Path) -> None:
    root = _new_project(tmp_path / "p")
    welcome = root / "content" / "my-assembly" / "updates" / "welcome.md"
    welcome.write_text(welcome.read_text(encoding="utf-8").replace("summary:", "draft: true\nsummary:"),
                       encoding="utf-8")
    lines = check(root)
    assert not [line for line in lines if "updates/welcome.md" in line]
    assert len(lines) == len(STARTER_WARNINGS) - 3
    # Checked as if published, the draft's example text is reported again.
    drafts = check(root, "--drafts")
    assert len([line for line in drafts if "updates/welcome.md" in line]) == 3


def test_example_text_that_is_only_part_of_a_value_is_not_reported(tmp_path: Path) -> None:
    root = project(tmp_path / "p", response(
        "commitments:",
        "  - {action: Say what the council will do next year, owner: Which team leads it is not decided}",
    ))
    assert check(root) == []
