"""Build the shipped example and check the published site against the contract."""

from __future__ import annotations

import csv
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree as ET

import pytest
from conftest import REPO, run_cli
from markupsafe import escape

SLUG = "riverside-town-centre"
CONTENT = REPO / "content" / SLUG


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    result = run_cli("--root", str(REPO), "build", "--out", str(out))
    assert result.code == 0, result.err
    return out


def ids(folder: str) -> list[str]:
    return sorted(p.stem for p in (CONTENT / folder).glob("*.md"))


def test_every_contract_url_exists(built: Path) -> None:
    site = built / SLUG
    expected = ["index.html", "recommendations/index.html", "responses/index.html", "sessions/index.html",
                "speakers/index.html", "evidence/index.html", "updates/index.html", "updates/feed.xml",
                "accessibility.html", "data/assembly.json", "data/recommendations.csv", "sitemap.xml"]
    for folder in ("recommendations", "sessions", "speakers", "evidence", "updates"):
        expected += [f"{folder}/{i}.html" for i in ids(folder)]
    expected += [f"{i}.html" for i in ids("pages") if i != "index"]
    missing = [path for path in expected if not (site / path).is_file()]
    assert not missing
    assert (built / "index.html").is_file()


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "link" and values.get("rel") == "canonical":
            return  # names the page's own public address; browsers never fetch it
        for name in ("href", "src"):
            if values.get(name):
                self.refs.append((tag, values[name] or ""))


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_pages_link_only_to_files_that_exist(built: Path) -> None:
    broken = []
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        if page.name == "404.html":
            continue
        for tag, ref in parse(page).refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto", "tel"):
                # Other sites only as plain links a reader chooses to follow, never as loaded assets.
                assert tag == "a", f"{page}: {tag} loads {ref} from another site"
                continue
            if parts.scheme == "data" and tag == "track":
                continue  # captions inlined so they load from a folder too (file:// blocks <track> files)
            assert not parts.scheme, f"{page}: unexpected URL {ref}"
            assert not ref.startswith("/"), f"{page}: root-relative link {ref} breaks under a sub-path"
            if not parts.path:
                if parts.fragment:
                    assert parts.fragment in parse(page).ids, f"{page}: no #{parts.fragment}"
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.exists():
                broken.append(f"{page.relative_to(built)} → {ref}")
            elif parts.fragment and target.suffix == ".html":
                assert parts.fragment in parse(target).ids, f"{page}: {ref} has no such anchor"
    assert not broken


def test_no_page_requests_another_site(built: Path) -> None:
    pattern = re.compile(r"(?:src|href)=\"(?:https?:)?//", re.I)
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r"<(link|script|img|iframe|source|track|video|audio)\b[^>]*>", html):
            if 'rel="canonical"' in match.group(0):
                continue
            assert not pattern.search(match.group(0)), f"{page}: {match.group(0)}"
        assert "fonts.googleapis" not in html and "unpkg.com" not in html
    for css in built.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8", errors="replace")


def front_matter(folder: str, entity: str) -> dict:
    """The front matter of one content file, read here without the generator."""
    import yaml

    text = (CONTENT / folder / f"{entity}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


def categories() -> dict[str, str]:
    """Each recommendation's one place in the record, worked out from the files: not put to the
    council, else awaiting a response, else the council's current position."""
    answered = {}
    for response_id in ids("responses"):
        response = front_matter("responses", response_id)
        answered[response["recommendation"]] = response["position"]
    found = {}
    for rec in ids("recommendations"):
        if front_matter("recommendations", rec).get("outcome") == "not-put-to-council":
            found[rec] = "not-put-to-council"
        else:
            found[rec] = answered.get(rec, "awaiting-response")
    return found


def test_the_example_shows_every_kind_of_outcome() -> None:
    """The shipped example is the demonstration: a proposal not put to the council, a response with
    earlier decisions, and commitments delivered, dropped, overdue and not yet due (on 4 December
    2026, the date its figures were written for)."""
    import datetime as dt

    found = categories()
    assert [rec for rec, key in found.items() if key == "not-put-to-council"] == ["parking-charges"]
    responses = [front_matter("responses", r) for r in ids("responses")]
    assert "parking-charges" not in {r["recommendation"] for r in responses}
    assert "awaiting-response" not in found.values()  # assembly.yml says `status: responded`
    assert any(r.get("earlier_positions") for r in responses)
    commitments = [c for r in responses for c in r.get("commitments", [])]
    assert all(c.get("id") for c in commitments)
    day = dt.date(2026, 12, 4)
    states = {"done": 0, "dropped": 0, "overdue": 0, "not-yet-due": 0}
    for c in commitments:
        status = c.get("status", "not-started")
        if status in ("done", "dropped"):
            assert c["done_on"] <= day
            states[status] += 1
        else:
            states["overdue" if c["due"] < day else "not-yet-due"] += 1
    assert states == {"done": 31, "dropped": 2, "overdue": 3, "not-yet-due": 4}
    for r in responses:
        named = {c["id"] for c in r.get("commitments", [])}
        assert {p["commitment"] for p in r.get("progress", []) if p.get("commitment")} <= named


def test_recommendation_page_shows_vote_response_and_progress(built: Path) -> None:
    html = (built / SLUG / "recommendations" / "safe-cycle-routes.html").read_text(encoding="utf-8")
    source = (CONTENT / "recommendations" / "safe-cycle-routes.md").read_text(encoding="utf-8")
    counts = {k: int(v) for k, v in re.findall(r"(\w[\w-]*): (\d+)", source.split("counts:")[1].split("}")[0])}
    total = sum(counts.values())
    supported = counts.get("strongly-support", 0) + counts.get("support", 0)
    assert f"{supported} of {total} members who voted supported this recommendation" in html
    assert "<title>Recommendation 3: Safe cycle routes into the town centre – Riverside" in html
    assert "Accepted" in html and "Progress on this commitment, oldest first" in html
    for commitment in front_matter("responses", "safe-cycle-routes")["commitments"]:
        assert escape(commitment["action"]) in html
    assert "3 of 4 commitments are delivered. 1 is overdue." in html
    shop_fronts = (built / SLUG / "recommendations" / "shop-front-grants.html").read_text(encoding="utf-8")
    assert shop_fronts.count("(replaced by a later decision)") == 2 and "1 was dropped." in shop_fronts
    page = (built / SLUG / "recommendations" / "parking-charges.html").read_text(encoding="utf-8")
    assert "Not put to the council" in page and "Awaiting response" not in page


def test_a_recommendation_without_a_response_is_shown_as_awaiting(example: Path, tmp_path: Path) -> None:
    (example / "content" / SLUG / "responses" / "town-centre-hosts.md").unlink()
    out = tmp_path / "site"
    assert run_cli("--root", str(example), "build", "--out", str(out)).code == 0
    page = (out / SLUG / "recommendations" / "town-centre-hosts.html").read_text(encoding="utf-8")
    assert "Awaiting response" in page
    home = (out / SLUG / "index.html").read_text(encoding="utf-8")
    assert "1 awaiting a response" in home and "1 not put to the council" in home


def test_home_page_summarises_accountability(built: Path) -> None:
    html = (built / SLUG / "index.html").read_text(encoding="utf-8")
    found = list(categories().values())
    assert (f"{len(found)} recommendations: {found.count('accepted')} accepted, "
            f"{found.count('accepted-in-part')} accepted in part, {found.count('under-consideration')} under "
            f"consideration, {found.count('not-accepted')} not accepted, {found.count('referred')} referred, "
            f"{found.count('not-put-to-council')} not put to the council") in html
    assert "awaiting a response" not in html
    assert re.search(r"\(PDF, [\d.]+ KB, \d+ pages\)", html)


def test_open_data_matches_content(built: Path) -> None:
    data = json.loads((built / SLUG / "data" / "assembly.json").read_text(encoding="utf-8"))
    assert len(data["recommendations"]) == len(ids("recommendations"))
    positions = {r["id"]: r["position"] for r in data["recommendations"]}
    assert positions == categories()
    text = (built / SLUG / "data" / "recommendations.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == len(ids("recommendations"))
    assert {row["id"]: row["position"] for row in rows} == positions
    assert all(row["url"].startswith("recommendations/") for row in rows)


def test_feed_and_sitemap_are_well_formed(built: Path) -> None:
    feed = ET.parse(built / SLUG / "updates" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(ids("updates"))
    assert all(e.find("a:id", ns).text.startswith("urn:uuid:") for e in entries)  # type: ignore[union-attr]
    sitemap = ET.parse(built / SLUG / "sitemap.xml").getroot()
    locs = [u.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text for u in sitemap]  # type: ignore[union-attr]
    assert "https://assemblies.riverside.example.gov.uk/riverside-town-centre/index.html" in locs


def test_size_of_navigation_does_not_grow_with_content(built: Path) -> None:
    """Only sections are in the navigation: a page links to a handful of sections, not every page."""
    html = (built / SLUG / "recommendations" / "safe-cycle-routes.html").read_text(encoding="utf-8")
    nav = html.split('aria-label="Sections of this site"')[1].split("</nav>")[0]
    assert nav.count("<a ") < 15
    assert "fair-rents.html" not in nav


def test_build_is_repeatable_byte_for_byte(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_cli("--root", str(REPO), "build", "--out", str(again)).code == 0
    first = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    different = [str(k) for k in first if first[k] != second[k]]
    assert not different


def test_example_checks_clean() -> None:
    result = run_cli("--root", str(REPO), "check")
    assert result.code == 0
    assert result.lines == []


def test_unchanged_when_copied_elsewhere(built: Path, tmp_path: Path) -> None:
    """Each assembly folder stands alone: copied anywhere, its links still resolve."""
    moved = tmp_path / "deep" / "sub" / "path"
    shutil.copytree(built / SLUG, moved)
    for page in moved.rglob("*.html"):
        for _tag, ref in parse(page).refs:
            parts = urlsplit(ref)
            if parts.scheme or not parts.path or page.name == "404.html":
                continue
            assert (page.parent / unquote(parts.path)).resolve().is_relative_to(moved.resolve()), (page, ref)


def test_open_data_is_described_by_its_schema(built: Path) -> None:
    import jsonschema

    data = json.loads((built / SLUG / "data" / "assembly.json").read_text(encoding="utf-8"))
    schema = json.loads((built / SLUG / "data" / "schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["recommendations"][0]["vote"]["counts"]["support"] = "many"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_progress_csv_and_feed_have_one_entry_per_update(built: Path) -> None:
    """The progress feed has one entry per progress update, per decision of the council (earlier
    ones included) and per commitment delivered or dropped; the CSV one row per update."""
    data = json.loads((built / SLUG / "data" / "assembly.json").read_text(encoding="utf-8"))
    responses = [r["response"] for r in data["recommendations"] if r["response"]]
    updates = [(r["id"], p["date"]) for r in data["recommendations"] if r["response"]
               for p in r["response"]["progress"]]
    decisions = sum(1 + len(r["earlier_positions"]) for r in responses)
    closed = sum(1 for r in responses for c in r["commitments"] if c["status"] in ("done", "dropped"))
    assert decisions > len(responses) and closed
    text = (built / SLUG / "data" / "progress.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    assert [(r["recommendation"], r["date"]) for r in rows] == updates
    feed = ET.parse(built / SLUG / "responses" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    ids = [e.findtext("a:id", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert len(ids) == len(updates) + decisions + closed == len(set(ids))
    portal = ET.parse(built / "feed.xml").getroot()
    assert len(portal.findall("a:entry", ns)) == len(ids_of_updates := list((CONTENT / "updates").glob("*.md")))
    assert ids_of_updates


def test_structured_data_on_home_recommendation_and_update(built: Path) -> None:
    for page, kind in (("index.html", '"@type": "Event"'), ("recommendations/fair-rents.html", "CreativeWork"),
                       ("updates/" + ids("updates")[0] + ".html", "NewsArticle")):
        html = (built / SLUG / page).read_text(encoding="utf-8")
        block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
        assert kind in block
        json.loads(block)


def test_search_index_covers_every_page_and_section(built: Path) -> None:
    from generator.engine.search_index import read_search

    search = read_search(built / SLUG)
    locations = {page["location"] for page in search["pages"]}
    pages = {p.relative_to(built / SLUG).as_posix() for p in (built / SLUG).rglob("*.html")}
    pages -= {"404.html", "report/plain.html"}  # the one-page report repeats the indexed chapters
    assert pages - locations == set() and "404.html" not in locations
    cycle = [p for p in search["pages"] if p["location"] == "recommendations/safe-cycle-routes.html"][0]
    assert cycle["title"] == "Recommendation 3: Safe cycle routes into the town centre"
    assert any(anchor for anchor, _heading, _text in cycle["sections"])
    texts = [text for page in search["pages"] for _anchor, _heading, text in page["sections"]]
    assert all("<script" not in text and "ld+json" not in text and "@context" not in text for text in texts)


def test_download_labels_show_format_size_and_pages(built: Path) -> None:
    from pypdf import PdfReader

    from generator.model.corpus import FileFacts

    html = (built / SLUG / "index.html").read_text(encoding="utf-8")
    for pdf in sorted((CONTENT / "documents").glob("*.pdf")):
        label = FileFacts(f"documents/{pdf.name}", pdf.stat().st_size, len(PdfReader(pdf).pages)).description
        if f'href="documents/{pdf.name}"' in html:
            assert f"({label})" in html, pdf.name
    assert "(PDF, " in html and " pages)" in html


def test_every_page_carries_a_policy_that_allows_only_its_own_inline_code(built: Path) -> None:
    import base64
    import hashlib

    pattern = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found = pattern.search(html)
        assert found, page
        policy = found.group(1)
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        for attrs, body in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S):
            if "application/json" in attrs or "application/ld+json" in attrs:
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy, page
