"""An independent account of the accountability figures, for checking what a built site states.

The figures are worked out here from the content as written (a small model of an assembly that
these tests generate and write to disk), following the content contract, with no code from the
generator. `check_site` then reads what a resident, a feed reader or a data user gets from the
built site (the text of each page, the feed, the data files) and lists every statement that
disagrees with these figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

import lxml.html
import yaml

SLUG = "figures-test"

# --- the content vocabulary -------------------------------------------------------------------

POSITIONS = ["accepted", "accepted-in-part", "under-consideration", "not-accepted", "referred"]
AWAITING = "awaiting-response"
NOT_PUT = "not-put-to-council"
CATEGORIES = [*POSITIONS, AWAITING, NOT_PUT]
CATEGORY_LABELS = {"accepted": "Accepted", "accepted-in-part": "Accepted in part",
                   "under-consideration": "Under consideration", "not-accepted": "Not accepted",
                   "referred": "Referred", AWAITING: "Awaiting response", NOT_PUT: "Not put to the council"}
# How the summary sentence names each category ("5 accepted, 1 awaiting a response, ...").
CATEGORY_PHRASES = {"accepted": "accepted", "accepted-in-part": "accepted in part",
                    "under-consideration": "under consideration", "not-accepted": "not accepted",
                    "referred": "referred", AWAITING: "awaiting a response", NOT_PUT: "not put to the council"}

DEFAULT_STATUSES = [("not-started", "Not started"), ("in-progress", "In progress"), ("completed", "Completed"),
                    ("stalled", "Stalled"), ("will-not-proceed", "Will not proceed")]
NO_PROGRESS = "no-progress"
NOT_APPLICABLE = "Not applicable: not put to the council"
EXTRA_PROGRESS_ROWS = [(NO_PROGRESS, "No progress reported yet"), (AWAITING, "Awaiting response"),
                       (NOT_PUT, "Not put to the council")]

COMMITMENT_STATUSES = ["not-started", "in-progress", "done", "dropped"]
STATE_LABELS = {"done": "Delivered", "dropped": "Dropped", "overdue": "Overdue", "in-progress": "In progress",
                "not-started": "Not started"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def long_date(day: dt.date) -> str:
    """'1 June 2021', as the pages write a date."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# --- the content: what an officer writes ------------------------------------------------------

@dataclass
class Commitment:
    action: str
    id: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    status: str | None = None
    """None: the field is left out (not-started)."""
    done_on: dt.date | None = None

    @property
    def status_value(self) -> str:
        return self.status or "not-started"


@dataclass
class Progress:
    date: dt.date
    status: str
    percent: int | None = None
    commitment: str | None = None
    note: str | None = None


@dataclass
class Response:
    position: str
    date: dt.date
    reasons: str | None = None
    commitments: list[Commitment] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)
    file_id: str | None = None
    """The response's file name without .md (None: the recommendation's id)."""


@dataclass
class Recommendation:
    id: str
    number: str
    title: str
    theme: str | None = None
    outcome: str | None = None
    """None: the field is left out (put-to-council)."""
    response: Response | None = None
    extra: dict = field(default_factory=dict)
    """More front matter, as written (draft, publish_on)."""

    @property
    def put(self) -> bool:
        return self.outcome != NOT_PUT


@dataclass
class Assembly:
    recommendations: list[Recommendation]
    as_of: dt.date
    statuses: list[tuple[str, str]] | None = None
    """progress_statuses in site_config.yml (None: left out, the defaults apply)."""

    @property
    def status_list(self) -> list[tuple[str, str]]:
        return self.statuses if self.statuses is not None else DEFAULT_STATUSES

    def status_label(self, key: str) -> str:
        return dict(self.status_list)[key]


class _Dumper(yaml.SafeDumper):
    """Writes a value used twice (the same date as due and done_on) out in full: content may not
    hold YAML anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def _front_matter(data: dict, body: str) -> str:
    return "---\n" + _yaml(data) + "---\n" + body + "\n"


def write_project(root: Path, assembly: Assembly) -> None:
    """A minimal project holding one assembly: site_config.yml, assembly.yml, recommendations, responses."""
    config: dict = {"organisation": {"name": "Testshire Council", "url": "https://www.testshire.example"},
                    "language": "en-GB", "contact_email": "assemblies@testshire.example"}
    if assembly.statuses is not None:
        config["progress_statuses"] = [{"key": k, "label": label} for k, label in assembly.statuses]
    root.mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text(_yaml(config), encoding="utf-8")
    folder = root / "content" / SLUG
    (folder / "recommendations").mkdir(parents=True)
    (folder / "responses").mkdir()
    (folder / "assembly.yml").write_text(_yaml({
        "title": "Testshire Assembly on Parks", "question": "What should we do with our parks?",
        "commissioned_by": "Testshire Council", "status": "reported",
        "dates": {"start": dt.date(2019, 11, 2), "end": dt.date(2019, 12, 1)},
        "summary": "Members met four times.",
    }), encoding="utf-8")
    for rec in assembly.recommendations:
        data: dict = {"number": rec.number, "title": rec.title}
        if rec.theme is not None:
            data["theme"] = rec.theme
        if rec.outcome is not None:
            data["outcome"] = rec.outcome
        data.update(rec.extra)
        (folder / "recommendations" / f"{rec.id}.md").write_text(
            _front_matter(data, f"The assembly asks the council to act on {rec.title.lower()}."), encoding="utf-8")
        response = rec.response
        if response is None:
            continue
        data = {"recommendation": rec.id, "position": response.position, "date": response.date}
        if response.reasons is not None:
            data["reasons"] = response.reasons
        if response.commitments:
            items = []
            for c in response.commitments:
                item: dict = {}
                if c.id is not None:
                    item["id"] = c.id
                item["action"] = c.action
                if c.owner is not None:
                    item["owner"] = c.owner
                if c.due is not None:
                    item["due"] = c.due
                if c.status is not None:
                    item["status"] = c.status
                if c.done_on is not None:
                    item["done_on"] = c.done_on
                items.append(item)
            data["commitments"] = items
        if response.progress:
            updates = []
            for p in response.progress:
                update: dict = {"date": p.date, "status": p.status}
                if p.percent is not None:
                    update["percent"] = p.percent
                if p.note is not None:
                    update["note"] = p.note
                if p.commitment is not None:
                    update["commitment"] = p.commitment
                updates.append(update)
            data["progress"] = updates
        (folder / "responses" / f"{response.file_id or rec.id}.md").write_text(
            _front_matter(data, "The council thanks the assembly for this recommendation."), encoding="utf-8")


# --- the oracle: the figures, from the content contract --------------------------------------

def category(rec: Recommendation) -> str:
    """Not put to the council (even if answered), else awaiting a response, else the position."""
    if not rec.put:
        return NOT_PUT
    if rec.response is None:
        return AWAITING
    return rec.response.position


def closed_by(c: Commitment, as_of: dt.date) -> bool:
    """Done or dropped, on or before as_of (or with no date given)."""
    return c.status_value in ("done", "dropped") and (c.done_on is None or c.done_on <= as_of)


def is_overdue(c: Commitment, as_of: dt.date) -> bool:
    return c.due is not None and c.due < as_of and not closed_by(c, as_of)


def state(c: Commitment, as_of: dt.date) -> str:
    """done, dropped, overdue or open."""
    if closed_by(c, as_of):
        return c.status_value
    return "overdue" if is_overdue(c, as_of) else "open"


def state_labels(c: Commitment, as_of: dt.date) -> set[str]:
    """The words that truly describe a commitment as of as_of. An open one is in progress or not
    started as written; one delivered or dropped only after as_of was open that day: either word
    may describe it, never Delivered or Dropped."""
    s = state(c, as_of)
    if s != "open":
        return {STATE_LABELS[s]}
    if c.status_value in ("not-started", "in-progress"):
        return {STATE_LABELS[c.status_value]}
    return {"Not started", "In progress"}


def state_keys(c: Commitment, as_of: dt.date) -> set[str]:
    """The same, as the open data's keys."""
    inverse = {label: key for key, label in STATE_LABELS.items()}
    return {inverse[label] for label in state_labels(c, as_of)}


def is_completed(rec: Recommendation) -> bool:
    return rec.put and rec.response is not None and bool(rec.response.progress) \
        and rec.response.progress[-1].status == "completed"


def progress_row(rec: Recommendation) -> str:
    key = category(rec)
    if key in (NOT_PUT, AWAITING):
        return key
    assert rec.response is not None
    return rec.response.progress[-1].status if rec.response.progress else NO_PROGRESS


def commitments_of(rec: Recommendation) -> list[Commitment]:
    return list(rec.response.commitments) if rec.response else []


def half_up_percent(part: int, whole: int) -> int:
    return (200 * part + whole) // (2 * whole) if whole else 0


@dataclass
class Tally:
    recs: list[Recommendation]
    as_of: dt.date

    @property
    def total(self) -> int:
        return len(self.recs)

    def count(self, key: str) -> int:
        return sum(1 for r in self.recs if category(r) == key)

    @property
    def by_category(self) -> dict[str, int]:
        return {key: self.count(key) for key in CATEGORIES}

    @property
    def put(self) -> int:
        return sum(1 for r in self.recs if r.put)

    @property
    def not_put(self) -> int:
        return self.total - self.put

    @property
    def awaiting(self) -> int:
        return self.count(AWAITING)

    @property
    def accepted_in_full_or_part(self) -> int:
        return self.count("accepted") + self.count("accepted-in-part")

    @property
    def completed(self) -> int:
        return sum(1 for r in self.recs if is_completed(r))

    @property
    def commitments(self) -> list[Commitment]:
        return [c for r in self.recs for c in commitments_of(r)]

    def in_state(self, key: str) -> int:
        return sum(1 for c in self.commitments if state(c, self.as_of) == key)

    @property
    def made(self) -> int:
        return len(self.commitments)

    @property
    def delivered(self) -> int:
        return self.in_state("done")

    @property
    def dropped(self) -> int:
        return self.in_state("dropped")

    @property
    def overdue(self) -> int:
        return self.in_state("overdue")


def themes(assembly: Assembly) -> list[str]:
    seen: list[str] = []
    for rec in assembly.recommendations:
        if rec.theme is not None and rec.theme not in seen:
            seen.append(rec.theme)
    return seen


def tally(assembly: Assembly, theme: str | None = None) -> Tally:
    recs = [r for r in assembly.recommendations if theme is None or r.theme == theme]
    return Tally(recs, assembly.as_of)


def progress_rows(assembly: Assembly) -> dict[str, int]:
    rows = {key: 0 for key, _ in assembly.status_list}
    rows.update({key: 0 for key, _ in EXTRA_PROGRESS_ROWS})
    for rec in assembly.recommendations:
        rows[progress_row(rec)] += 1
    return rows


def progress_labels(assembly: Assembly) -> dict[str, str]:
    return dict([*assembly.status_list, *EXTRA_PROGRESS_ROWS])


def expected_figures_data(assembly: Assembly) -> dict:
    """The "figures" of data/assembly.json, as they should be."""
    whole = tally(assembly)
    return {
        "as_of": assembly.as_of.isoformat(),
        "recommendations": whole.total,
        "put_to_council": whole.put,
        "by_category": whole.by_category,
        "by_progress": progress_rows(assembly),
        "completed": whole.completed,
        "commitments": {"made": whole.made, "delivered": whole.delivered, "dropped": whole.dropped,
                        "overdue": whole.overdue, "open": whole.made - whole.delivered - whole.dropped},
        "themes": {theme: {"recommendations": t.total, "accepted_in_full_or_part": t.accepted_in_full_or_part,
                           "awaiting_response": t.awaiting, "not_put_to_council": t.not_put,
                           "completed": t.completed, "commitments": t.made, "delivered": t.delivered,
                           "overdue": t.overdue}
                   for theme in themes(assembly) for t in [tally(assembly, theme)]},
    }


# --- reading what the site states ------------------------------------------------------------

def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page(path: Path) -> lxml.html.HtmlElement:
    """The content area of a page (main), without scripts."""
    root = lxml.html.fromstring(path.read_bytes())
    main = root.find(".//main")
    area = main if main is not None else root
    for node in area.xpath(".//script|.//style"):
        node.drop_tree()
    # What a screen reader hears: the column names repeated in each cell of a table laid out as
    # blocks on phones are hidden from it (and would be read twice here).
    for node in area.xpath(".//*[@aria-hidden='true']"):
        node.drop_tree()
    return area


def text_of(node: lxml.html.HtmlElement) -> str:
    return squash(node.text_content())


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"
SUMMARY_RE = re.compile(r"(?<![\w-])(\d+) (recommendations?): ((?:\d+ [a-z ]+?)(?:, \d+ [a-z ]+?)*)(?=\.|$)")
AGREED_RE = re.compile(r"The assembly agreed (\d+) (recommendations?) and put (it|them) to the council"
                       r"(?:; (\d+) more (proposals?) did not pass the vote and (was|were) not put to the council)?\.")
COMPLETED_RE = re.compile(r"(\d+) of (\d+) (recommendations?) put to the council (is|are) completed \((\d+)%\)\.")
COMMITMENTS_RE = re.compile(r"(\d+) of (\d+) (commitments?) the council made (is|are) delivered; (\d+) (was|were) "
                            r"dropped; (\d+) (is|are) overdue\.")
AS_OF_RE = re.compile(rf"These figures are as of ({DATE}), the day this site was last published\.")
OVERDUE_INTRO_RE = re.compile(rf"As of ({DATE}), (?:(\d+) (commitments?) (is|are) past (its|their) due date and "
                              r"neither delivered nor dropped|(no) commitment is past its due date without being "
                              r"delivered or dropped)\.")
OVERDUE_ITEM_RE = re.compile(rf"^(.*) \((?:(.*), )?was due ({DATE}); ([^)]*)\)$")
OWN_COMMITMENTS_RE = re.compile(rf"As of ({DATE}), (\d+) of (\d+) (commitments?) (is|are) delivered\."
                                r"(?: (\d+) (was|were) dropped\.)?(?: (\d+) (is|are) overdue\.)?")
FILTERED_RE = re.compile(r"(\d+) (recommendations?) of (\d+)\.")
CATEGORY_TAG_RE = re.compile(r"(Council response|Outcome): (Accepted in part|Accepted|Under consideration|"
                             r"Not accepted|Referred|Awaiting response|Not put to the council)")
CURRENT_RE = re.compile(rf"Current status: (.+?)(?: \((\d+)% done\))?, last updated ({DATE})\.")


class Report:
    """Every disagreement found, so that one failing example names them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def eq(self, where: str, stated: object, true: object) -> None:
        if stated != true:
            self.problems.append(f"{where}: states {stated!r}, but it is {true!r}")

    def ok(self, where: str, condition: bool, what: str) -> None:
        if not condition:
            self.problems.append(f"{where}: {what}")


def parse_summary(text: str) -> tuple[int, str, dict[str, int]] | None:
    """'14 recommendations: 5 accepted, 1 not put to the council' -> (14, 'recommendations', counts)."""
    found = SUMMARY_RE.findall(text)
    if len(found) != 1:
        return None
    total, noun, parts = found[0]
    inverse = {phrase: key for key, phrase in CATEGORY_PHRASES.items()}
    counts: dict[str, int] = {}
    for part in parts.split(", "):
        number, _, phrase = part.partition(" ")
        key = inverse.get(phrase, f"?{phrase}")
        counts[key] = counts.get(key, 0) + int(number)
    return int(total), noun, counts


def check_summary(report: Report, where: str, text: str, assembly: Assembly) -> None:
    whole = tally(assembly)
    parsed = parse_summary(text)
    report.ok(where, parsed is not None, f"one summary sentence ('N recommendations: ...'), found "
              f"{SUMMARY_RE.findall(text)!r}")
    if parsed is None:
        return
    total, noun, counts = parsed
    report.eq(f"{where}: summary total", total, whole.total)
    report.eq(f"{where}: summary noun", noun, plural(whole.total, "recommendation", "recommendations"))
    report.eq(f"{where}: summary counts", counts, {k: n for k, n in whole.by_category.items() if n})
    report.eq(f"{where}: summary parts add up", sum(counts.values()), total)


def check_agreed(report: Report, where: str, text: str, assembly: Assembly) -> None:
    whole = tally(assembly)
    found = AGREED_RE.findall(text)
    report.eq(f"{where}: number of 'The assembly agreed' sentences", len(found), 1)
    if len(found) != 1:
        return
    put, noun, pronoun, not_put, noun2, verb = found[0]
    report.eq(f"{where}: recommendations agreed and put to the council", int(put), whole.put)
    report.eq(f"{where}: agreed sentence grammar", (noun, pronoun),
              (plural(whole.put, "recommendation", "recommendations"), plural(whole.put, "it", "them")))
    report.eq(f"{where}: proposals not put to the council", int(not_put) if not_put else 0, whole.not_put)
    if not_put:
        report.eq(f"{where}: not-put sentence grammar", (noun2, verb),
                  (plural(whole.not_put, "proposal", "proposals"), plural(whole.not_put, "was", "were")))


def filter_links(area: lxml.html.HtmlElement) -> dict[str, list[tuple[str, int, str]]]:
    """The filter links under each heading ('By theme', ...): (label, count, href)."""
    groups: dict[str, list[tuple[str, int, str]]] = {}
    for heading in area.xpath(".//h2"):
        name = text_of(heading)
        if name not in ("By theme", "By the council's response", "By progress"):
            continue
        listing = heading.getnext()
        if listing is None or listing.tag != "ul":
            continue
        items = []
        for a in listing.xpath("./li/a"):
            m = re.fullmatch(r"(.+) \((\d+)\)", text_of(a))
            items.append((m.group(1), int(m.group(2)), a.get("href")) if m else (text_of(a), -1, a.get("href")))
        groups[name] = items
    return groups


def check_filter_nav(report: Report, where: str, area: lxml.html.HtmlElement, assembly: Assembly) -> None:
    groups = filter_links(area)
    whole = tally(assembly)
    expected = {
        "By theme": {theme: tally(assembly, theme).total for theme in themes(assembly)},
        "By the council's response": {CATEGORY_LABELS[k]: n for k, n in whole.by_category.items() if n},
        "By progress": {progress_labels(assembly)[k]: n for k, n in progress_rows(assembly).items() if n},
    }
    for name, counts in expected.items():
        stated = {label: n for label, n, _ in groups.get(name, [])}
        report.eq(f"{where}: filter links '{name}'", {k: v for k, v in stated.items() if v}, counts)
        report.ok(f"{where}: filter links '{name}'", all(v > 0 for v in stated.values()),
                  f"a link to an empty list: {stated}")


def table_by_caption_id(area: lxml.html.HtmlElement, caption_id: str) -> lxml.html.HtmlElement | None:
    found = area.xpath(f".//table[caption[@id='{caption_id}']]")
    return found[0] if found else None


def table_rows(table: lxml.html.HtmlElement) -> list[list[str]]:
    return [[text_of(cell) for cell in tr.xpath("./th|./td")] for tr in table.xpath("./tbody/tr")]


def chart_pairs(area: lxml.html.HtmlElement, table_id: str) -> dict[str, int] | None:
    """The labels and numbers written in the bar chart that goes with a table."""
    charts = area.xpath(f".//*[@aria-labelledby='{table_id}-chart-title']")
    if not charts:
        return None
    texts = [text_of(t) for t in charts[0].xpath(
        ".//*[contains(@class, 'bar-chart__label') or contains(@class, 'bar-chart__value')]")]
    if len(texts) % 2 or not all(v.isdigit() for v in texts[1::2]):
        return {"?": -1, **{t: -1 for t in texts}}
    return {label: int(value) for label, value in zip(texts[::2], texts[1::2], strict=True)}


def count_table(report: Report, where: str, area: lxml.html.HtmlElement, table_id: str,
                expected: dict[str, int]) -> None:
    table = table_by_caption_id(area, table_id)
    report.ok(where, table is not None, f"no table captioned #{table_id}")
    if table is not None:
        stated: dict[str, int | str] = {}
        for row in table_rows(table):
            stated[row[0]] = int(row[1]) if len(row) == 2 and row[1].isdigit() else " | ".join(row)
        report.eq(f"{where}: table #{table_id}", stated, expected)
    report.eq(f"{where}: chart of #{table_id}", chart_pairs(area, table_id), expected)


def check_tracker(report: Report, site: Path, assembly: Assembly) -> None:
    where = "responses/index.html"
    area = page(site / "responses" / "index.html")
    text = text_of(area)
    whole = tally(assembly)
    check_summary(report, where, text, assembly)
    report.eq(f"{where}: 'as of' date", AS_OF_RE.findall(text), [long_date(assembly.as_of)])

    found = COMPLETED_RE.findall(text)
    if whole.put:
        report.eq(f"{where}: number of 'completed' sentences", len(found), 1)
        if found:
            done, put, noun, verb, percent = found[0]
            report.eq(f"{where}: completed", int(done), whole.completed)
            report.eq(f"{where}: put to the council (completed sentence)", int(put), whole.put)
            report.eq(f"{where}: completed per cent", int(percent), half_up_percent(whole.completed, whole.put))
            report.eq(f"{where}: completed sentence grammar", (noun, verb),
                      (plural(whole.put, "recommendation", "recommendations"), plural(whole.put, "is", "are")))
    else:
        report.eq(f"{where}: a 'completed' sentence with nothing put to the council", found, [])

    found = COMMITMENTS_RE.findall(text)
    if whole.made:
        report.eq(f"{where}: number of commitments sentences", len(found), 1)
        if found:
            delivered, made, noun, verb, dropped, verb2, overdue, verb3 = found[0]
            report.eq(f"{where}: commitments (delivered, made, dropped, overdue)",
                      (int(delivered), int(made), int(dropped), int(overdue)),
                      (whole.delivered, whole.made, whole.dropped, whole.overdue))
            report.eq(f"{where}: commitments sentence grammar", (noun, verb, verb2, verb3),
                      (plural(whole.made, "commitment", "commitments"), plural(whole.made, "is", "are"),
                       plural(whole.dropped, "was", "were"), plural(whole.overdue, "is", "are")))
    else:
        report.eq(f"{where}: a commitments sentence with no commitments", found, [])

    count_table(report, where, area, "positions",
                {CATEGORY_LABELS[k]: n for k, n in whole.by_category.items()})
    labels = progress_labels(assembly)
    count_table(report, where, area, "statuses", {labels[k]: n for k, n in progress_rows(assembly).items()})

    table = table_by_caption_id(area, "themes")
    if not themes(assembly):
        report.ok(where, table is None, "a themes table, but no recommendation has a theme")
    elif table is None:
        report.ok(where, False, "no themes table")
    else:
        caption = text_of(table.xpath("./caption")[0])
        report.ok(f"{where}: themes caption", caption.endswith(f"as of {long_date(assembly.as_of)}"), caption)
        header = [text_of(th) for th in table.xpath("./thead/tr/th")]
        stated = {row[0]: dict(zip(header[1:], row[1:], strict=False)) for row in table_rows(table)}
        expected = {}
        for theme in themes(assembly):
            t = tally(assembly, theme)
            expected[theme] = {"Recommendations": str(t.total),
                               "Accepted in full or in part": str(t.accepted_in_full_or_part),
                               "Awaiting a response": str(t.awaiting), "Not put to the council": str(t.not_put),
                               "Completed": f"{t.completed} of {t.put}",
                               "Commitments delivered": f"{t.delivered} of {t.made}",
                               "Commitments overdue": str(t.overdue)}
        report.eq(f"{where}: themes table", stated, expected)

    check_overdue_section(report, where, area, assembly)


def check_overdue_section(report: Report, where: str, area: lxml.html.HtmlElement, assembly: Assembly) -> None:
    headings = area.xpath(".//h2[@id='overdue-commitments']")
    report.ok(where, len(headings) == 1, "no 'Overdue commitments' section")
    if not headings:
        return
    whole = tally(assembly)
    intro: str | None = None
    heading: str | None = None
    listed: dict[tuple[str | None, str], tuple[str | None, str]] = {}
    labels: dict[tuple[str | None, str], str] = {}
    node = headings[0].getnext()
    while node is not None and node.tag != "h2":
        if node.tag == "p" and intro is None:
            intro = text_of(node)
        elif node.tag == "h3":
            heading = text_of(node)
        elif node.tag == "ul":
            for li in node.xpath("./li"):
                m = OVERDUE_ITEM_RE.match(text_of(li))
                if not m:
                    report.ok(where, False, f"an overdue item that does not read as expected: {text_of(li)!r}")
                    continue
                action, owner, due, label = m.groups()
                listed[(heading, action)] = (owner, due)
                labels[(heading, action)] = label
        node = node.getnext()
    m = OVERDUE_INTRO_RE.search(intro or "")
    report.ok(f"{where}: overdue section", m is not None, f"no 'As of ..., N commitments are past' sentence: "
              f"{intro!r}")
    if m:
        day, number, noun, verb, pronoun, none = m.groups()
        report.eq(f"{where}: overdue section date", day, long_date(assembly.as_of))
        report.eq(f"{where}: overdue commitments (sentence)", 0 if none else int(number), whole.overdue)
        if not none:
            n = int(number)
            report.eq(f"{where}: overdue sentence grammar", (noun, verb, pronoun),
                      (plural(n, "commitment", "commitments"), plural(n, "is", "are"), plural(n, "its", "their")))
    expected: dict[tuple[str | None, str], tuple[str | None, str]] = {}
    truths: dict[tuple[str | None, str], set[str]] = {}
    for rec in assembly.recommendations:
        for c in commitments_of(rec):
            if c.due is not None and is_overdue(c, assembly.as_of):
                key = (f"Recommendation {rec.number}: {rec.title}", c.action)
                expected[key] = (c.owner, long_date(c.due))
                # Overdue; or the status as written while it is still true (in progress, not started);
                # one done or dropped only after as_of was open that day, never delivered or dropped.
                written = c.status_value in ("not-started", "in-progress")
                truths[key] = {"Overdue"} | ({STATE_LABELS[c.status_value]} if written
                                             else {"In progress", "Not started"})
    report.eq(f"{where}: overdue list (recommendation, commitment) -> (owner, due)", listed, expected)
    for (heading, action), label in labels.items():
        truth = truths.get((heading, action))
        if truth is not None:
            report.ok(f"{where}: overdue list, {heading}: {action!r}", label in truth,
                      f"listed as overdue (past its due date and neither delivered nor dropped as of "
                      f"{long_date(assembly.as_of)}) with the status {label!r}; true: one of {sorted(truth)}")


def check_recommendation_page(report: Report, site: Path, assembly: Assembly, rec: Recommendation) -> None:
    where = f"recommendations/{rec.id}.html"
    path = site / "recommendations" / f"{rec.id}.html"
    report.ok(where, path.exists(), "missing")
    if not path.exists():
        return
    raw = lxml.html.fromstring(path.read_bytes())
    area = page(path)
    text = text_of(area)
    key = category(rec)
    tags = CATEGORY_TAG_RE.findall(text)
    report.eq(f"{where}: category", tags[:1], [("Outcome" if key == NOT_PUT else "Council response",
                                                 CATEGORY_LABELS[key])])
    if key == NOT_PUT:
        report.ok(where, "Awaiting response" not in text and "awaiting a response" not in text,
                  "a proposal not put to the council is said to be awaiting a response")
    if key == AWAITING:
        report.ok(where, "Awaiting response." in text, "no 'Awaiting response.' for a recommendation with no response")
    for script in raw.xpath(".//script[@type='application/ld+json']"):
        data = json.loads(script.text_content())
        if data.get("@type") == "CreativeWork":
            report.eq(f"{where}: structured data creativeWorkStatus", data.get("creativeWorkStatus"),
                      CATEGORY_LABELS[key])

    commitments = commitments_of(rec)
    found = OWN_COMMITMENTS_RE.findall(text)
    if commitments:
        own = Tally([rec], assembly.as_of)
        report.eq(f"{where}: number of commitments sentences", len(found), 1)
        if found:
            day, delivered, made, noun, verb, dropped, verb2, overdue, verb3 = found[0]
            report.eq(f"{where}: commitments sentence date", day, long_date(assembly.as_of))
            report.eq(f"{where}: commitments (delivered, made, dropped, overdue)",
                      (int(delivered), int(made), int(dropped or 0), int(overdue or 0)),
                      (own.delivered, own.made, own.dropped, own.overdue))
            report.eq(f"{where}: commitments sentence grammar", (noun, verb, verb2 or None, verb3 or None),
                      (plural(own.made, "commitment", "commitments"), plural(own.made, "is", "are"),
                       plural(own.dropped, "was", "were") if own.dropped else None,
                       plural(own.overdue, "is", "are") if own.overdue else None))
        stated: dict[str, dict[str, str]] = {}
        for h4 in area.xpath(".//h4"):
            item = h4.getparent()
            facts = {text_of(dt_): text_of(dt_.getnext()) for dt_ in item.xpath(".//dt") if dt_.getnext() is not None}
            stated[text_of(h4)] = facts
        for c in commitments:
            shown = stated.get(c.action)
            report.ok(where, shown is not None, f"commitment {c.action!r} is not shown")
            if shown is None:
                continue
            facts = shown
            status = facts.get("Status", "")
            label = next((lab for lab in sorted(STATE_LABELS.values(), key=len, reverse=True)
                          if status.startswith(lab)), status)
            truth = state_labels(c, assembly.as_of)
            report.ok(f"{where}: commitment {c.action!r}", label in truth,
                      f"status stated {status!r}; true as of {long_date(assembly.as_of)}: one of {sorted(truth)} "
                      f"(due {c.due}, status {c.status_value}, done_on {c.done_on})")
            s = state(c, assembly.as_of)
            if s in ("done", "dropped") and c.done_on is not None:
                report.ok(f"{where}: commitment {c.action!r}", status.endswith(f"on {long_date(c.done_on)}"),
                          f"status {status!r} does not give the date {long_date(c.done_on)}")
            if s == "overdue":
                report.ok(f"{where}: commitment {c.action!r}", long_date(assembly.as_of) in status,
                          f"overdue without 'as of' the date: {status!r}")
            report.eq(f"{where}: commitment {c.action!r} due", facts.get("Due"),
                      long_date(c.due) if c.due else "No date given")
    else:
        report.eq(f"{where}: commitments sentence with no commitments", found, [])

    if rec.response is not None:
        current = CURRENT_RE.findall(text)
        if rec.response.progress:
            last = rec.response.progress[-1]
            percent = str(last.percent) if last.percent is not None else ""
            expected = [(assembly.status_label(last.status), percent, long_date(last.date))]
            if key == NOT_PUT:  # the page may say instead that progress does not apply
                instead = [(NOT_APPLICABLE, "", long_date(last.date))]
                report.ok(f"{where}: current status", current in (expected, instead),
                          f"states {current!r}; expected {expected!r} or 'not applicable'")
            else:
                report.eq(f"{where}: current status", current, expected)
        else:
            report.eq(f"{where}: current status with no progress", current, [])
            report.ok(where, "No progress has been reported yet." in text, "no 'No progress has been reported yet.'")


def progress_words(assembly: Assembly, rec: Recommendation) -> str:
    """What the Progress column of a list of recommendations says about one."""
    key = category(rec)
    if key == NOT_PUT:
        return NOT_APPLICABLE
    if rec.response is None:
        return "Not applicable yet"
    if not rec.response.progress:
        return "No progress reported yet"
    last = rec.response.progress[-1]
    return assembly.status_label(last.status) + (f" ({last.percent}% done)" if last.percent is not None else "")


def check_listing(report: Report, where: str, area: lxml.html.HtmlElement, assembly: Assembly,
                  recs: list[Recommendation]) -> None:
    """Each recommendation listed once, with its category and progress as they truly are."""
    stated: list[tuple[str, str, str]] = []
    for table in area.xpath(".//table"):
        header = [text_of(th) for th in table.xpath("./thead/tr/th")]
        if "Council response" not in header or "Number" not in header:
            continue
        for row in table_rows(table):
            cells = dict(zip(header, row, strict=False))
            stated.append((cells["Number"], cells["Council response"], cells.get("Progress", "")))
    for heading in area.xpath(".//h2"):
        if text_of(heading) == "Other recommendations" and heading.getnext() is not None:
            for li in heading.getnext().xpath("./li"):
                m = re.fullmatch(r"Recommendation (\S+): .* – (.+)", text_of(li))
                stated.append((m.group(1), m.group(2), "") if m else (text_of(li), "?", ""))
    expected = [(r.number, CATEGORY_LABELS[category(r)]) for r in recs]
    report.eq(f"{where}: listed (number, council response)", sorted((n, c) for n, c, _ in stated), sorted(expected))
    words = {r.number: progress_words(assembly, r) for r in recs}
    for number, _, progress in stated:
        if progress and number in words:
            report.eq(f"{where}: progress of recommendation {number}", progress, words[number])


def check_filtered_pages(report: Report, site: Path, assembly: Assembly) -> None:
    whole = tally(assembly)
    folder = site / "recommendations"
    groups = {
        "by-response": {k: [r for r in assembly.recommendations if category(r) == k] for k in CATEGORIES},
        "by-progress": {k: [r for r in assembly.recommendations if progress_row(r) == k]
                        for k in progress_rows(assembly)},
    }
    for kind, members in groups.items():
        for key, recs in members.items():
            path = folder / kind / f"{key}.html"
            where = f"recommendations/{kind}/{key}.html"
            if not recs:
                continue
            report.ok(where, path.exists(), f"missing, though {len(recs)} recommendations are in it")
            if path.exists():
                check_filtered_page(report, where, path, assembly, recs, whole.total)
    index = page(folder / "index.html")
    for label, count, href in filter_links(index).get("By theme", []):
        theme_recs = [r for r in assembly.recommendations if r.theme == label]
        path = folder / href
        where = f"recommendations/{href}"
        report.ok(where, path.exists(), f"missing: the link '{label} ({count})' leads nowhere")
        if path.exists():
            check_filtered_page(report, where, path, assembly, theme_recs, whole.total)


def check_filtered_page(report: Report, where: str, path: Path, assembly: Assembly, recs: list[Recommendation],
                        total: int) -> None:
    area = page(path)
    text = text_of(area)
    found = FILTERED_RE.findall(text)
    report.eq(f"{where}: 'N recommendations of T.'", [(int(n), noun, int(t)) for n, noun, t in found],
              [(len(recs), plural(len(recs), "recommendation", "recommendations"), total)])
    table = table_by_caption_id(area, "filtered-table")
    report.ok(where, table is not None, "no table of the recommendations")
    if table is not None:
        listed = sorted(row[0] for row in table_rows(table))
        report.eq(f"{where}: recommendations listed", listed, sorted(r.number for r in recs))
    check_listing(report, where, area, assembly, recs)
    check_filter_nav(report, where, area, assembly)


def check_open_data(report: Report, site: Path, assembly: Assembly) -> None:
    as_of = assembly.as_of
    data = json.loads((site / "data" / "assembly.json").read_text(encoding="utf-8"))
    report.eq("data/assembly.json: as_of", data.get("as_of"), as_of.isoformat())
    stated, expected_data = data.get("figures") or {}, expected_figures_data(assembly)
    for key, value in expected_data.items():
        got = stated.get(key)
        if key == "commitments" and isinstance(got, dict):  # more fields may be added; these must be right
            got = {k: got.get(k) for k in value}
        if key == "themes" and isinstance(got, dict):
            got = {theme: {k: row.get(k) for k in value.get(theme, row)} for theme, row in got.items()}
        report.eq(f"data/assembly.json: figures.{key}", got, value)
    by_id = {item["id"]: item for item in data.get("recommendations", [])}
    report.eq("data/assembly.json: recommendations", sorted(by_id), sorted(r.id for r in assembly.recommendations))
    for rec in assembly.recommendations:
        item = by_id.get(rec.id)
        if item is None:
            continue
        where = f"data/assembly.json: recommendation {rec.id}"
        report.eq(f"{where}: position", item.get("position"), category(rec))
        stated = item.get("commitments", [])
        report.eq(f"{where}: commitment actions", [c.get("action") for c in stated],
                  [c.action for c in commitments_of(rec)])
        for got, c in zip(stated, commitments_of(rec), strict=False):
            report.ok(f"{where}: commitment {c.action!r}", got.get("state") in state_keys(c, as_of),
                      f"state {got.get('state')!r}; true: one of {sorted(state_keys(c, as_of))}")
            report.eq(f"{where}: commitment {c.action!r} overdue", got.get("overdue"), is_overdue(c, as_of))

    rows = list(csv.DictReader(io.StringIO((site / "data" / "recommendations.csv").read_text(encoding="utf-8-sig"))))
    report.eq("data/recommendations.csv: ids", sorted(r["id"] for r in rows),
              sorted(r.id for r in assembly.recommendations))
    recs = {r.id: r for r in assembly.recommendations}
    for row in rows:
        found_rec = recs.get(row["id"])
        if found_rec is None:
            continue
        rec = found_rec
        own = Tally([rec], as_of)
        where = f"data/recommendations.csv: {rec.id}"
        report.eq(f"{where}: position", row["position"], category(rec))
        report.eq(f"{where}: position_label", row["position_label"], CATEGORY_LABELS[category(rec)])
        report.eq(f"{where}: commitments, delivered, dropped, overdue",
                  (row["commitments"], row["commitments_delivered"], row["commitments_dropped"],
                   row["commitments_overdue"]),
                  (str(own.made), str(own.delivered), str(own.dropped), str(own.overdue)))
        report.eq(f"{where}: as_of", row["as_of"], as_of.isoformat())
        last = rec.response.progress[-1] if rec.response and rec.response.progress else None
        report.eq(f"{where}: current_status", row["current_status"], last.status if last else "")

    rows = list(csv.DictReader(io.StringIO((site / "data" / "commitments.csv").read_text(encoding="utf-8-sig"))))
    expected = {(rec.id, c.action): c for rec in assembly.recommendations for c in commitments_of(rec)}
    report.eq("data/commitments.csv: rows", sorted((r["recommendation"], r["action"]) for r in rows),
              sorted(expected))
    for row in rows:
        found_c = expected.get((row["recommendation"], row["action"]))
        if found_c is None:
            continue
        c = found_c
        where = f"data/commitments.csv: {row['recommendation']}: {c.action!r}"
        report.ok(where, row["state"] in state_keys(c, as_of),
                  f"state {row['state']!r}; true: one of {sorted(state_keys(c, as_of))}")
        report.ok(where, row["state_label"] in state_labels(c, as_of),
                  f"state_label {row['state_label']!r}; true: one of {sorted(state_labels(c, as_of))}")
        report.eq(f"{where}: overdue", row["overdue"], "yes" if is_overdue(c, as_of) else "no")
        report.eq(f"{where}: as_of", row["as_of"], as_of.isoformat())

    portal = json.loads((site / "data" / "portal.json").read_text(encoding="utf-8"))
    check_summary(report, "data/portal.json: summary", portal.get("summary", ""), assembly)


ATOM = "{http://www.w3.org/2005/Atom}"


def check_feed(report: Report, site: Path, assembly: Assembly) -> None:
    root = ET.fromstring((site / "responses" / "feed.xml").read_bytes())
    titles = [entry.findtext(f"{ATOM}title") or "" for entry in root.findall(f"{ATOM}entry")]
    as_of = assembly.as_of
    expected_closed, expected_responded, expected_progress = [], [], []
    for rec in assembly.recommendations:
        if rec.response is None:
            continue
        expected_responded.append(f"Recommendation {rec.number}: the council responded: "
                                  f"{CATEGORY_LABELS[rec.response.position].lower()}")
        for c in rec.response.commitments:
            if c.done_on is not None and closed_by(c, as_of):
                verb = "delivered" if c.status_value == "done" else "dropped"
                expected_closed.append(f"Recommendation {rec.number}: commitment {verb}: {c.action}")
        expected_progress += [f"Recommendation {rec.number}: {assembly.status_label(p.status)}"
                              + (f", {p.percent}% done" if p.percent is not None else "")
                              for p in rec.response.progress]
    closed = [t for t in titles if re.match(r"Recommendation [^:]+: commitment (delivered|dropped): ", t)]
    responded = [t for t in titles if re.match(r"Recommendation [^:]+: the council(?: responded|'s position)", t)]
    report.eq("responses/feed.xml: commitments delivered or dropped", sorted(closed), sorted(expected_closed))
    report.eq("responses/feed.xml: decisions", sorted(responded), sorted(expected_responded))
    others = [t for t in titles if t not in closed and t not in responded]
    report.eq("responses/feed.xml: progress updates", sorted(others), sorted(expected_progress))


def check_site(out: Path, assembly: Assembly) -> list[str]:
    """Every statement of a figure in the built site `out`, checked; the disagreements found."""
    report = Report()
    site = out / SLUG
    for name in ("index.html", "recommendations/index.html"):
        area = page(site / name)
        text = text_of(area)
        check_agreed(report, name, text, assembly)
        check_summary(report, name, text, assembly)
    index = page(site / "recommendations" / "index.html")
    check_filter_nav(report, "recommendations/index.html", index, assembly)
    check_listing(report, "recommendations/index.html", index, assembly, assembly.recommendations)
    check_tracker(report, site, assembly)
    for rec in assembly.recommendations:
        check_recommendation_page(report, site, assembly, rec)
    check_filtered_pages(report, site, assembly)
    check_open_data(report, site, assembly)
    check_feed(report, site, assembly)
    portal_text = text_of(page(out / "index.html"))
    check_summary(report, "index.html (portal)", portal_text, assembly)
    return report.problems
