"""Translations written the way translators work: a copy of the original file with its words
translated. Lines that hold no text (ids, dates, numbers, choices, vote counts), copied unchanged,
are accepted at any depth; a changed one is a located error saying what every language shows;
text left as the original's is shown as untranslated. Themes may be translated, the same way by
every recommendation of the theme, and keep their address. Untranslated text is marked in page
bodies only: attributes, feeds, cards, the search index and JSON-LD get plain text."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from generator.errors import Problems
from generator.load.files import load_site
from generator.model.corpus import AssemblyContent
from generator.model.translate import Fallback, Translated, localise, untranslated_fields
from generator.validate.corpus import Options, validate_site

FIXTURE = REPO / "tests" / "fixtures" / "bilingual"
SLUG = "aberwen-climate"
FOLDERS = ("sessions", "speakers", "evidence", "recommendations", "responses", "updates", "pages")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def content_of(root: Path) -> AssemblyContent:
    problems = Problems()
    site = validate_site(load_site(root, None, problems), Options(), problems)
    assert site is not None and not problems.errors, [str(p) for p in problems.sorted()]
    return site.assemblies[0]


def check(root: Path) -> list[str]:
    return run_cli("--root", str(root), "check").lines


def folder(root: Path) -> Path:
    return root / "content" / SLUG


def copy_every_original(root: Path) -> list[Path]:
    """Every original copied to its Welsh file, unchanged: what a translator starts from."""
    copies = []
    for name in FOLDERS:
        for original in sorted((folder(root) / name).glob("*.md")):
            if original.name.count(".") == 1:
                copy = original.with_name(original.stem + ".cy.md")
                shutil.copyfile(original, copy)
                copies.append(copy)
    return copies


# --- copied fields ------------------------------------------------------------------------------

def test_the_fixture_holds_a_copied_translation_with_a_translated_theme_and_an_untranslated_update() -> None:
    copied = (folder(FIXTURE) / "responses" / "warm-homes.cy.md").read_text(encoding="utf-8")
    assert "due: 2026-04-01" in copied and "status: in-progress" in copied and "The first 200 homes" in copied
    assert "theme: Cartrefi" in (folder(FIXTURE) / "recommendations" / "warm-homes.cy.md").read_text(encoding="utf-8")
    assert run_cli("--root", str(FIXTURE), "check", "--strict").code == 0


def test_every_original_copied_unchanged_is_accepted_and_shown_as_untranslated(project: Path) -> None:
    copies = copy_every_original(project)
    assert len(copies) >= 12
    assert check(project) == []
    english, welsh = content_of(project), localise(content_of(project), "cy")
    for original, shown in zip(english.recommendations, welsh.recommendations, strict=True):
        assert isinstance(shown.title, Fallback) and shown.title == original.title
        assert isinstance(shown.body, Fallback) and shown.body.lang == "en"
        assert isinstance(shown.theme, Fallback)  # a theme copied unchanged is not a translation
        assert shown.vote == original.vote if original.vote is None else shown.vote.counts == original.vote.counts
        assert "title" in untranslated_fields(shown) and "body" in untranslated_fields(shown)
    response = welsh.responses["warm-homes"]
    assert untranslated_fields(response) == ["body", "decided_by.body", "decided_by.meeting",
                                             "commitments[1].action", "commitments[1].owner",
                                             "commitments[2].action", "commitments[2].owner",
                                             "progress[1].note", "progress[2].note"]
    assert response.progress[1].date.isoformat() == "2025-11-03"


def test_a_copied_field_with_another_value_says_what_every_language_shows(project: Path) -> None:
    response = folder(project) / "responses" / "warm-homes.cy.md"
    text = response.read_text(encoding="utf-8")
    text = text.replace("due: 2025-10-01}", "due: 2025-10-02}").replace("percent: 40", "percent: 45")
    response.write_text(text.replace("position: accepted", "position: not-accepted"), encoding="utf-8")
    rec = folder(project) / "recommendations" / "warm-homes.cy.md"
    rec.write_text(rec.read_text(encoding="utf-8").replace("neutral: 2", "neutral: 3")
                   .replace('number: "1"', 'number: "7"'), encoding="utf-8")
    lines = check(project)
    at = f"content/{SLUG}/"
    assert lines == [
        f"{at}recommendations/warm-homes.cy.md:3:9: error: 'number' is '7' here but '1' in "
        "recommendations/warm-homes.md: it is the same in every language, so every language shows '1'; write '1' "
        "here, as in recommendations/warm-homes.md, or remove this line (a translation file may repeat it unchanged)",
        f"{at}recommendations/warm-homes.cy.md:10:11: error: 'vote.counts' is {{strongly-support: 25, support: 9, "
        "neutral: 3, oppose: 1, strongly-oppose: 0} here but {strongly-support: 25, support: 9, neutral: 2, oppose: "
        "1, strongly-oppose: 0} in recommendations/warm-homes.md: it holds no text to translate, so every language "
        "shows {strongly-support: 25, support: 9, neutral: 2, oppose: 1, strongly-oppose: 0}; write {strongly-support:"
        " 25, support: 9, neutral: 2, oppose: 1, strongly-oppose: 0} here, as in recommendations/warm-homes.md, or "
        "remove this line (a translation file may repeat it unchanged)",
        f"{at}responses/warm-homes.cy.md:5:11: error: 'position' is not-accepted here but accepted in "
        "responses/warm-homes.md: it is one word from a fixed list, the same in every language, so every language "
        "shows accepted; write accepted here, as in responses/warm-homes.md, or remove this line (a translation "
        "file may repeat it unchanged)",
        f"{at}responses/warm-homes.cy.md:10:71: error: 'commitments[2].due' is '2025-10-02' here but '2025-10-01' in "
        "responses/warm-homes.md: it is a date, the same in every language, so every language shows '2025-10-01'; "
        "write '2025-10-01' here, as in responses/warm-homes.md, or remove this line (a translation file may repeat "
        "it unchanged)",
        f"{at}responses/warm-homes.cy.md:13:54: error: 'progress[2].percent' is 45 here but 40 in "
        "responses/warm-homes.md: it is a number, the same in every language, so every language shows 40; write 40 "
        "here, as in responses/warm-homes.md, or remove this line (a translation file may repeat it unchanged)"]


def test_earlier_positions_and_assembly_fields_may_be_copied_too(project: Path) -> None:
    original = folder(project) / "responses" / "village-buses.md"
    original.write_text(original.read_text(encoding="utf-8").replace(
        "date: 2025-06-10\n", "date: 2025-06-10\nearlier_positions:\n"
        "  - {position: under-consideration, date: 2025-03-01, reasons: We are looking at the costs.}\n"),
        encoding="utf-8")
    copy = original.with_name("village-buses.cy.md")
    copy.write_text(original.read_text(encoding="utf-8").replace(
        "reasons: We are looking", "reasons: Rydym yn edrych ar y costau. We are looking"), encoding="utf-8")
    assert check(project) == []
    welsh = localise(content_of(project), "cy").responses["village-buses"]
    assert not isinstance(welsh.earlier_positions[0].reasons, Fallback)
    assert isinstance(welsh.reasons, Fallback)  # copied unchanged: still English, marked
    copy.write_text(copy.read_text(encoding="utf-8").replace("date: 2025-03-01", "date: 2025-03-02"),
                    encoding="utf-8")
    [line] = check(project)
    assert "'earlier_positions[1].date' is '2025-03-02' here but '2025-03-01'" in line


# --- themes -------------------------------------------------------------------------------------

def test_a_translated_theme_names_every_recommendation_of_it_and_keeps_its_address() -> None:
    welsh = localise(content_of(FIXTURE), "cy")
    themes = {rec.id: rec.theme for rec in welsh.recommendations}
    # community-energy.cy.md does not name the theme: it shows the name warm-homes.cy.md gives it.
    assert themes["warm-homes"] == themes["community-energy"] == "Cartrefi"
    assert isinstance(themes["warm-homes"], Translated) and themes["warm-homes"].original == "Homes"
    assert isinstance(themes["village-buses"], Fallback)
    assert welsh.themes() == ["Cartrefi", "Getting around"]


def test_the_welsh_theme_page_has_the_english_address(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    assert run_cli("--root", str(root), "build", "--as-of", "2026-11-25").code == 0
    site = root / "site" / SLUG
    assert not (site / "cy" / "recommendations" / "by-theme" / "cartrefi.html").exists()
    page = (site / "cy" / "recommendations" / "by-theme" / "homes.html").read_text(encoding="utf-8")
    assert "<h1>Argymhellion ar Cartrefi</h1>" in page or "Cartrefi</h1>" in page
    listing = (site / "cy" / "recommendations" / "index.html").read_text(encoding="utf-8")
    assert 'href="by-theme/homes.html">Cartrefi' in listing
    assert "Cartrefi" not in (site / "recommendations" / "index.html").read_text(encoding="utf-8")


def test_recommendations_of_one_theme_that_translate_it_differently_are_a_located_error(project: Path) -> None:
    rec = folder(project) / "recommendations" / "community-energy.cy.md"
    rec.write_text(rec.read_text(encoding="utf-8").replace("title:", "theme: Tai\ntitle:"), encoding="utf-8")
    assert check(project) == [
        f"content/{SLUG}/recommendations/warm-homes.cy.md:5:8: error: theme: 'Homes' is translated as 'Cartrefi' "
        "here but as 'Tai' in content/aberwen-climate/recommendations/community-energy.cy.md: every recommendation "
        "on Homes shows one name for it, so write the same translation in both files (or remove this line to show "
        "'Tai')"]


def test_two_themes_cannot_share_a_translated_name(project: Path) -> None:
    original = folder(project) / "recommendations" / "village-buses.md"
    copy = original.with_name("village-buses.cy.md")
    copy.write_text("---\ntheme: Cartrefi\n---\n", encoding="utf-8")
    [line] = check(project)
    assert line == (f"content/{SLUG}/recommendations/warm-homes.cy.md:5:8: error: theme: 'Cartrefi' translates "
                    "'Homes' here but 'Getting around' in content/aberwen-climate/recommendations/village-buses.cy.md: "
                    "two themes cannot share a name; give each its own")


# --- fallback marking stays in bodies ------------------------------------------------------------

class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values += [(tag, name, value or "") for name, value in attrs]


@pytest.fixture(scope="module")
def untranslated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bilingual fixture, which has an untranslated item of every kind on its Welsh pages."""
    root = tmp_path_factory.mktemp("untranslated") / "project"
    shutil.copytree(FIXTURE, root)
    result = run_cli("--root", str(root), "build", "--as-of", "2026-11-25")
    assert result.code == 0, result.err
    return root / "site" / SLUG


UNTRANSLATED = {  # Welsh page → English text of an untranslated item shown on it
    "updates/assembly-begins.html": "The assembly begins on Saturday",
    "recommendations/village-buses.html": "A bus every hour to every large village",
    "recommendations/warm-homes.html": "The first 200 homes have been surveyed.",  # a progress update
    "responses/index.html": "Getting around",  # a theme no translation names
    "sessions/final-saturday.html": "Final Saturday",
    "speakers/owen-price.html": "Chair of the Aberwen Bus Users&#39; Group",
    "evidence/heating-our-homes.html": "Heating our homes",
    "privacy.html": "Privacy",
}


def test_every_kind_of_untranslated_item_is_marked_on_its_welsh_page(untranslated_site: Path) -> None:
    for page, text in UNTRANSLATED.items():
        html = (untranslated_site / "cy" / page).read_text(encoding="utf-8")
        assert re.search(r'<(span|div) lang="en">[^<]*' + re.escape(text), html) or \
            re.search(r'<(span|div) lang="en">(<p>)?' + re.escape(text), html), (page, text)


def test_no_attribute_of_a_welsh_page_holds_markup(untranslated_site: Path) -> None:
    pages = sorted((untranslated_site / "cy").rglob("*.html"))
    assert len(pages) > 20
    marked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        marked += html.count('<span lang="en">')
        parser = _Attributes()
        parser.feed(html)
        bad = [(tag, name, value) for tag, name, value in parser.values if "<" in value or "&lt;" in value]
        assert not bad, (page, bad)
    assert marked > 20  # the untranslated text is still marked in the bodies
    update = (untranslated_site / "cy" / "updates" / "assembly-begins.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="The first of four Saturdays is at the Town Hall.">' in update
    assert '<meta property="og:title" content="The assembly begins on Saturday">' in update
    assert "<title>The assembly begins on Saturday – " in update
    assert '<h1><span lang="en">The assembly begins on Saturday</span></h1>' in update


def test_search_index_json_ld_feeds_and_cards_get_plain_text(untranslated_site: Path) -> None:
    from generator.engine.search_index import read_search

    titles = [page["title"] for page in read_search(untranslated_site / "cy")["pages"]]
    assert "The assembly begins on Saturday" in titles
    assert not [t for t in titles if "span" in t]
    for page in (untranslated_site / "cy").rglob("*.html"):
        for data in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text("utf-8")):
            assert "span" not in data and "lang=" not in data, page
    for feed in untranslated_site.rglob("*.xml"):
        assert "span lang" not in feed.read_text(encoding="utf-8"), feed


def test_marking_inside_any_attribute_is_taken_out_and_kept_between_elements() -> None:
    from generator.render.pages import _unmarked_attributes

    html = ('<div aria-label="Table: <span lang="en">Getting around</span> and <span lang="en">Homes</span>" '
            'class="x"><p class="y">Shown in <span lang="en">English</span></p></div>')
    assert _unmarked_attributes(html) == ('<div aria-label="Table: Getting around and Homes" class="x"><p class="y">'
                                          'Shown in <span lang="en">English</span></p></div>')
