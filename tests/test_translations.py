"""Translated content: `<id>.<lang>.md` files and `translations:` maps are read, checked with
located errors, and `localise()` gives the view a reader of another language sees, with the
default language's text marked where there is no translation."""

from __future__ import annotations

import copy
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from jinja2 import Environment

from generator.errors import Problems
from generator.load.files import load_site
from generator.model.corpus import AssemblyContent, Site
from generator.model.translate import (
    Fallback,
    entity_languages,
    has_untranslated,
    is_fallback,
    localise,
    localise_assembly,
    localise_config,
    plain,
    untranslated_fields,
)
from generator.validate.corpus import Options, validate_site

FIXTURE = REPO / "tests" / "fixtures" / "bilingual"
SLUG = "aberwen-climate"


def load(root: Path = FIXTURE) -> tuple[Site | None, Problems]:
    problems = Problems()
    site = validate_site(load_site(root, None, problems), Options(), problems)
    return site, problems


@pytest.fixture(scope="module")
def site() -> Site:
    loaded, problems = load()
    assert loaded is not None, [str(p) for p in problems.sorted()]
    return loaded


@pytest.fixture(scope="module")
def content(site: Site) -> AssemblyContent:
    return site.assemblies[0]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bilingual fixture to break."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def by_id(items: list, entity_id: str):  # type: ignore[no-untyped-def]
    return next(item for item in items if item.id == entity_id)


def check(root: Path) -> list[str]:
    result = run_cli("--root", str(root), "check")
    return result.lines


# --- the fixture ---------------------------------------------------------------------------------

def test_the_bilingual_fixture_passes_check_even_when_strict() -> None:
    result = run_cli("--root", str(FIXTURE), "check", "--strict")
    assert result.code == 0, result.err
    assert result.lines == []


def test_translation_files_are_kept_beside_the_entities_not_as_entities() -> None:
    raw = load_site(FIXTURE, None, Problems()).assemblies[0]
    entity_files = {s.rel.rsplit("/", 1)[-1] for files in raw.entities.values() for s in files}
    translation_files = {s.rel: s.lang for files in raw.translations.values() for s in files}
    assert not any(name.endswith(".cy.md") for name in entity_files)
    assert translation_files[f"content/{SLUG}/recommendations/warm-homes.cy.md"] == "cy"
    assert set(translation_files.values()) == {"cy"}
    assert len(translation_files) == 7


def test_translations_are_kept_on_the_content_by_folder_and_id(content: AssemblyContent) -> None:
    table = content.translations["cy"]
    assert set(table) == {"assembly", "pages/about", "recommendations/community-energy", "recommendations/warm-homes",
                          "responses/warm-homes", "sessions/first-saturday", "speakers/rhian-morgan",
                          "updates/council-responds"}
    assert table["recommendations/warm-homes"]["vote"] == {
        "question": "I ba raddau rydych chi'n cefnogi neu'n gwrthwynebu'r argymhelliad hwn?"}
    assert table["recommendations/warm-homes"]["body"].startswith("Dylai'r cyngor")
    assert "body" not in table["recommendations/community-energy"]  # an empty body translates nothing


# --- the translated view -------------------------------------------------------------------------

def test_localise_gives_welsh_where_there_is_a_translation(content: AssemblyContent) -> None:
    cy = localise(content, "cy")
    assert cy.assembly.title == "Cynulliad Hinsawdd Aberwen"
    assert not is_fallback(cy.assembly.title)
    assert cy.assembly.partners[0].role == "Cynllunio a hwyluso"
    assert cy.assembly.documents[0].title == "Crynodeb o'r adroddiad terfynol"
    warm = by_id(cy.recommendations, "warm-homes")
    assert warm.title == "Helpu pob aelwyd i inswleiddio eu cartref"
    assert warm.vote.question.startswith("I ba raddau")
    assert warm.body.startswith("Dylai'r cyngor gynnig inswleiddio")
    assert not is_fallback(warm.body)
    response = cy.responses["warm-homes"]
    assert response.body.startswith("Mae'r cyngor yn derbyn")
    assert response.commitments[0].action.startswith("Agor cynllun inswleiddio")
    assert response.progress[0].note == "Mae'r llinell gyngor ar agor."
    assert response.decided_by.meeting == "Y Cabinet, 10 Mehefin 2025"
    speaker = by_id(cy.speakers, "rhian-morgan")
    assert speaker.links[0].title == "Ymchwil Rhian ar wresogi cartrefi"
    assert speaker.interests == "dim wedi'u datgan"
    assert by_id(cy.pages, "about").title == "Am y cynulliad"
    assert by_id(cy.updates, "council-responds").summary.startswith("Derbyniodd y Cabinet")
    assert by_id(cy.sessions, "first-saturday").location == "Neuadd y Dref Aberwen"


def test_localise_falls_back_to_english_marked_as_english(content: AssemblyContent) -> None:
    cy = localise(content, "cy")
    buses = by_id(cy.recommendations, "village-buses")
    for value, english in ((buses.title, "A bus every hour to every large village"),
                           (cy.assembly.recruitment, content.assembly.recruitment),
                           (by_id(cy.evidence, "heating-our-homes").body,
                            by_id(content.evidence, "heating-our-homes").body),
                           (cy.responses["village-buses"].reasons, content.responses["village-buses"].reasons),
                           (cy.responses["warm-homes"].commitments[1].action, "Run a free energy advice line"),
                           (by_id(cy.recommendations, "community-energy").body,
                            by_id(content.recommendations, "community-energy").body)):
        assert is_fallback(value), value
        assert value.lang == "en"
        assert value == english
    assert by_id(cy.recommendations, "community-energy").title == "Ynni solar a gwynt yn eiddo i'r gymuned"
    # Themes are never translated: they stay English, marked as such, in every other language.
    assert is_fallback(buses.theme) and buses.theme == "Getting around"
    # Values that are the same in every language are left as they are.
    assert buses.number == "2" and not is_fallback(buses.number)
    assert by_id(cy.speakers, "rhian-morgan").name == "Dr Rhian Morgan"
    assert not is_fallback(by_id(cy.speakers, "rhian-morgan").name)
    assert cy.responses["warm-homes"].progress[0].status == "in-progress"


def test_the_default_language_is_the_content_itself(content: AssemblyContent) -> None:
    assert localise(content, "en") is content
    with pytest.raises(ValueError, match="not published in 'fr'"):
        localise(content, "fr")


def test_untranslated_fields_say_what_the_page_shows_in_english(content: AssemblyContent) -> None:
    cy = localise(content, "cy")
    assert untranslated_fields(by_id(cy.recommendations, "warm-homes")) == []
    assert not has_untranslated(by_id(cy.recommendations, "warm-homes"))
    assert untranslated_fields(by_id(cy.recommendations, "village-buses")) == ["body", "title"]
    assert untranslated_fields(by_id(cy.recommendations, "community-energy")) == ["body"]
    # responses/warm-homes.cy.md is a copy of the original: the English left in it counts as untranslated.
    assert untranslated_fields(cy.responses["warm-homes"]) == ["commitments[1].owner", "commitments[2].action",
                                                              "commitments[2].owner", "progress[2].note"]
    assert has_untranslated(by_id(cy.evidence, "heating-our-homes"))
    assert untranslated_fields(by_id(content.recommendations, "village-buses")) == []  # the original view


def test_entity_languages(content: AssemblyContent) -> None:
    assert entity_languages(content, by_id(content.recommendations, "warm-homes")) == ["en", "cy"]
    assert entity_languages(content, by_id(content.recommendations, "village-buses")) == ["en"]
    assert entity_languages(content, content.assembly) == ["en", "cy"]


def test_site_config_and_assembly_fields_in_welsh(site: Site, content: AssemblyContent) -> None:
    config = localise_config(site.config, "cy")
    assert config.organisation.name == "Cyngor Sir Aberwen"
    assert [s.label for s in config.progress_statuses][:3] == ["Heb ddechrau", "Ar waith", "Wedi'i gwblhau"]
    stalled = config.progress_statuses[3].label
    assert is_fallback(stalled) and stalled.lang == "en-GB" and stalled == "Stalled"
    assert config.status_label("in-progress") == "Ar waith"
    assert config.accessibility.known_issues == ["Nid oes disgrifiad sain gan rai o fideos y sesiynau."]
    assert config.contact_email == site.config.contact_email
    assert localise_config(site.config, "en") is site.config
    assert localise_assembly(content.assembly, "cy").question.startswith("Sut dylai Aberwen")
    assert site.config.organisation.name == "Aberwen County Council"


def test_localise_does_not_change_the_original(content: AssemblyContent) -> None:
    before = copy.deepcopy(content)
    dumped = [r.model_dump() for r in content.recommendations]
    cy = localise(content, "cy")
    cy.recommendations[0].evidence.append("something-else")
    cy.responses["warm-homes"].commitments.clear()
    cy.assembly.partners.clear()
    cy.translations["cy"].clear()
    assert [r.model_dump() for r in content.recommendations] == dumped
    assert content == before
    assert not any(is_fallback(r.title) or is_fallback(r.body) for r in content.recommendations)
    assert content.assembly.title == "Aberwen Climate Assembly"


def test_records_are_frozen_once_validated(content: AssemblyContent) -> None:
    """No stage after validation can change a record (a preview keeps records between saves):
    dropping a reference, or translating, makes a copy."""
    import pydantic

    with pytest.raises(pydantic.ValidationError):
        content.recommendations[0].title = "Changed"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        content.responses["warm-homes"].commitments[0].due = None  # type: ignore[misc]


# --- Fallback ------------------------------------------------------------------------------------

def test_fallback_is_plain_text_that_marks_itself_in_html() -> None:
    value = Fallback("Fish & chips <b>", "en")
    assert value == "Fish & chips <b>" and isinstance(value, str)
    assert type(str(value)) is str and str(value) == "Fish & chips <b>"
    assert type(plain(value)) is str
    assert value.__html__() == '<span lang="en">Fish &amp; chips &lt;b&gt;</span>'
    assert repr(copy.deepcopy(value)) == repr(pickle.loads(pickle.dumps(value))) == repr(value)
    assert copy.deepcopy(value).lang == "en"


def test_a_fallback_title_with_a_script_is_escaped_inside_the_span(project: Path) -> None:
    path = project / "content" / SLUG / "recommendations" / "village-buses.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: A bus every hour to every large village",
        "title: \"Buses <script>alert('x')</script> & trains\""), encoding="utf-8")
    site, problems = load(project)
    assert site is not None, [str(p) for p in problems.sorted()]
    title = by_id(localise(site.assemblies[0], "cy").recommendations, "village-buses").title
    html = Environment(autoescape=True).from_string("<h1>{{ title }}</h1>").render(title=title)
    assert html == ("<h1><span lang=\"en\">Buses &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; trains"
                    "</span></h1>")
    assert "<script>" not in html


# --- errors, located -----------------------------------------------------------------------------

def test_a_translation_of_a_missing_file_is_a_located_error(project: Path) -> None:
    folder = project / "content" / SLUG / "recommendations"
    (folder / "warm-homes.cy.md").rename(folder / "warm-homez.cy.md")
    assert check(project) == [
        f"content/{SLUG}/recommendations/warm-homez.cy.md:1:1: error: there is no recommendations/warm-homez.md "
        "to translate (did you mean warm-homes?): name the translation after the file it translates, as "
        "<id>.cy.md"]


def test_an_unknown_field_in_a_translation_is_a_located_error(project: Path) -> None:
    path = project / "content" / SLUG / "updates" / "council-responds.cy.md"
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "sumary:"), encoding="utf-8")
    config = project / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("organisation: {name:", "organization: {name:"),
                      encoding="utf-8")
    assert check(project) == [
        f"content/{SLUG}/updates/council-responds.cy.md:3:1: error: unknown field 'sumary' — did you mean "
        "'summary'?",
        "site_config.yml:22:5: error: unknown field 'organization' — did you mean 'organisation'?"]


def test_a_field_the_original_lacks_or_that_is_not_text_is_a_located_error(project: Path) -> None:
    path = project / "content" / SLUG / "recommendations" / "community-energy.cy.md"
    path.write_text("---\ntitle: Ynni cymunedol\nvote:\n  question: Ydych chi'n cefnogi?\ndate: 2025-03-22\n"
                    "---\n", encoding="utf-8")
    assert check(project) == [
        f"content/{SLUG}/recommendations/community-energy.cy.md:4:3: error: recommendations/community-energy.md has "
        "no 'question' here, so there is nothing to translate: add it to the original first, or remove this line",
        f"content/{SLUG}/recommendations/community-energy.cy.md:5:1: error: unknown field 'date'; the fields that "
        "can be translated here are title, theme, vote"]


def test_a_language_not_in_languages_is_a_located_error(project: Path) -> None:
    folder = project / "content" / SLUG
    shutil.copyfile(folder / "pages" / "about.cy.md", folder / "pages" / "about.ga.md")
    assembly = folder / "assembly.yml"
    assembly.write_text(assembly.read_text(encoding="utf-8").replace("translations:\n  cy:",
                                                                        "translations:\n  cyy:"), encoding="utf-8")
    assert check(project) == [
        f"content/{SLUG}/assembly.yml:23:3: error: translations: `cyy` is not in `languages:` in assembly.yml, "
        "which lists en, cy (did you mean cy?): add it there, or correct the language",
        f"content/{SLUG}/pages/about.ga.md:1:1: error: `ga` is not in `languages:` in assembly.yml, which lists "
        "en, cy: add it there, or rename the file"]


def test_an_invalid_language_tag_is_a_located_error(project: Path) -> None:
    assembly = project / "content" / SLUG / "assembly.yml"
    assembly.write_text(assembly.read_text(encoding="utf-8").replace("languages: [en, cy]",
                                                                        "languages: [en, cy, Welsh, en]"),
                        encoding="utf-8")
    assert check(project) == [
        f"content/{SLUG}/assembly.yml:21:21: error: languages[3]: 'Welsh' is not a language tag: write 'cy' for "
        "Welsh",
        f"content/{SLUG}/assembly.yml:21:28: error: languages: 'en' is listed twice (also as languages[1]): "
        "remove this one"]


def test_links_in_a_translated_body_are_checked(project: Path) -> None:
    path = project / "content" / SLUG / "updates" / "council-responds.cy.md"
    path.write_text(path.read_text(encoding="utf-8").replace("recommendations/warm-homes.md",
                                                             "recommendations/warm-home.md"), encoding="utf-8")
    assert check(project) == [
        f"content/{SLUG}/updates/council-responds.cy.md:5:12: error: the link to 'recommendations/warm-home.md' "
        "leads nowhere: did you mean 'recommendations/warm-homes.md'?"]


def test_translations_of_drafts_are_left_out(project: Path) -> None:
    path = project / "content" / SLUG / "pages" / "about.md"
    path.write_text(path.read_text(encoding="utf-8").replace("order: 1", "order: 1\ndraft: true"), encoding="utf-8")
    site, problems = load(project)
    assert site is not None and not problems.errors
    assert "pages/about" not in site.assemblies[0].translations["cy"]
    assert all(p.id != "about" for p in localise(site.assemblies[0], "cy").pages)


def test_an_assembly_in_one_language_is_unchanged(example: Path) -> None:
    site, problems = load(example)
    assert site is not None and not problems.errors
    content = site.assemblies[0]
    assert content.translations == {}
    assert localise(content, "en") is content
