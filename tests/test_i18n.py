"""The interface in English and Welsh: the catalogs hold every message of the code and the
templates, every message is translated, plural forms and dates follow each language, and a page
rendered in Welsh shows no English word of the interface."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from conftest import REPO

from generator.i18n import (
    available_languages,
    catalog_path,
    direction,
    layout_language,
    material_language,
    translator,
)
from generator.i18n.catalogs import TEMPLATE, extract, gaps, read

PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return extract()


def ids(message: Any) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple) else [message.id]


def strings(message: Any) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


# (a), (b): the catalogs are current and complete -------------------------------------------------

def test_every_message_of_the_code_is_in_the_template(extracted: Catalog) -> None:
    with TEMPLATE.open("rb") as pot:
        template = read_po(pot)
    missing = [ids(m)[0] for m in extracted if m.id and template.get(m.id, m.context) is None]
    unused = [ids(m)[0] for m in template if m.id and extracted.get(m.id, m.context) is None]
    assert not missing, ("messages missing from generator/locales/messages.pot (run `python -m generator.i18n "
                         f"update`): {missing}")
    assert not unused, f"messages.pot holds messages the code no longer uses (run the update): {unused}"


def test_english_and_welsh_are_there() -> None:
    assert {"cy", "en"} <= set(available_languages())


@pytest.mark.parametrize("language", available_languages())
def test_every_message_is_translated(language: str, extracted: Catalog) -> None:
    missing = gaps(language, extracted)
    assert not missing, f"{len(missing)} messages to translate in {catalog_path(language)}:\n" + "\n".join(
        str(gap) for gap in missing)


def test_english_is_the_msgids_themselves() -> None:
    different = [m.id for m in read("en") if m.id and strings(m) != ids(m)]
    assert not different, f"English pages show the msgids; these English entries differ: {different}"


@pytest.mark.parametrize("language", available_languages())
def test_translations_keep_the_placeholders_and_the_markup(language: str) -> None:
    problems = []
    for message in read(language):
        if not message.id:
            continue
        wanted_values = sorted(set(PLACEHOLDER.findall(" ".join(ids(message)))) - {"%(num)s"})
        wanted_tags = sorted(TAG.findall(ids(message)[0]))
        for text in strings(message):
            values = sorted(set(PLACEHOLDER.findall(text)) - {"%(num)s"})
            if values != wanted_values:
                problems.append(f"{ids(message)[0]!r}: placeholders {values} instead of {wanted_values}")
            if sorted(TAG.findall(text)) != wanted_tags:
                problems.append(f"{ids(message)[0]!r}: markup {TAG.findall(text)} instead of {wanted_tags}")
            try:
                text % {name[2:-2]: "x" for name in PLACEHOLDER.findall(" ".join(ids(message))) if name != "%%"}
            except (KeyError, ValueError, TypeError) as error:
                problems.append(f"{ids(message)[0]!r}: {text!r} is not a valid format string ({error})")
    assert not problems, "\n".join(problems)


def test_no_message_hides_inside_an_f_string() -> None:
    """Babel cannot see a gettext call inside an f-string, so its message would never be translated."""
    found = [f"{path.relative_to(REPO)}:{number}" for path in sorted((REPO / "generator").rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"""\bf["'].*\{[^}]*\b(?:n?p?gettext|_)\(""", line)]
    assert not found, found


def test_the_catalogs_are_installed_with_the_package() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["generator"]
    packaged = {p for pattern in patterns for p in (REPO / "generator").glob(pattern)}
    assert TEMPLATE in packaged
    assert {catalog_path(language) for language in available_languages()} <= packaged
    assert "babel" in " ".join(config["project"]["dependencies"])


# (c): plural forms ----------------------------------------------------------------------------------

def test_welsh_plural_forms_follow_cldr() -> None:
    """Six forms in CLDR's order: zero, one, two, few, many, other."""
    from babel import Locale

    header = read("cy").plural_forms
    assert header.startswith("nplurals=6;")
    rule = Locale("cy").plural_form
    order = ["zero", "one", "two", "few", "many", "other"]
    plural = translator("cy").translations.plural  # type: ignore[attr-defined]
    assert [plural(n) for n in range(0, 120)] == [order.index(rule(n)) for n in range(0, 120)]


@pytest.mark.parametrize(("count", "english", "welsh"), [
    (0, "0 recommendations", "0 argymhelliad"),
    (1, "1 recommendation", "1 argymhelliad"),
    (2, "2 recommendations", "2 argymhelliad"),
    (3, "3 recommendations", "3 argymhelliad"),
    (6, "6 recommendations", "6 argymhelliad"),
    (11, "11 recommendations", "11 argymhelliad"),
])
def test_counted_nouns(count: int, english: str, welsh: str) -> None:
    args = ("%(num)s recommendation", "%(num)s recommendations", count)
    assert translator("en").ngettext(*args) == english
    assert translator("en-GB").ngettext(*args) == english
    assert translator("cy").ngettext(*args) == welsh


@pytest.mark.parametrize(("count", "english", "welsh"), [
    (0, "The assembly met 0 times.", "Cyfarfu'r cynulliad 0 gwaith."),
    (1, "The assembly met 1 time.", "Cyfarfu'r cynulliad unwaith."),
    (2, "The assembly met 2 times.", "Cyfarfu'r cynulliad ddwywaith."),
    (3, "The assembly met 3 times.", "Cyfarfu'r cynulliad deirgwaith."),
    (6, "The assembly met 6 times.", "Cyfarfu'r cynulliad chwe gwaith."),
    (11, "The assembly met 11 times.", "Cyfarfu'r cynulliad 11 gwaith."),
])
def test_every_welsh_form_is_used(count: int, english: str, welsh: str) -> None:
    args = ("The assembly met %(num)s time.", "The assembly met %(num)s times.", count)
    assert translator("en").ngettext(*args) == english
    assert translator("cy").ngettext(*args) == welsh


def test_welsh_agrees_with_one_and_many() -> None:
    from generator.model.records import Vote, vote_summary

    cy = translator("cy")
    assert cy.ngettext("%(num)s accepted", "%(num)s accepted", 1) == "1 wedi'i dderbyn"
    assert cy.ngettext("%(num)s accepted", "%(num)s accepted", 2) == "2 wedi'u derbyn"
    vote = Vote.model_validate({"counts": {"support": 48, "oppose": 5}, "no-response": 1})
    assert vote_summary(vote) == ("48 of 53 members who voted supported this recommendation; 5 opposed it "
                                  "(1 did not vote).")
    assert vote_summary(vote, cy) == ("Cefnogodd 48 o'r 53 aelod a bleidleisiodd yr argymhelliad hwn; roedd 5 yn ei "
                                      "wrthwynebu (ni phleidleisiodd 1).")
    single = Vote.model_validate({"counts": {"yes": 1}})
    assert vote_summary(single) == "1 member voted."


# (e): dates, numbers, directions --------------------------------------------------------------------

def test_dates() -> None:
    day = dt.date(2019, 11, 2)
    assert translator("en").long_date(day) == "2 November 2019"
    assert translator("en-GB").long_date(day) == "2 November 2019"
    assert translator("en-US").long_date(day) == "2 November 2019"
    assert translator("cy").long_date(day) == "2 Tachwedd 2019"
    assert translator("en").month_year(day) == "November 2019"
    assert translator("cy").month_year(dt.date(2019, 12, 1)) == "Rhagfyr 2019"
    assert translator("cy").long_date(None) == ""


def test_numbers_and_percentages() -> None:
    en, cy = translator("en"), translator("cy")
    assert [en.number(2000), en.percent(48), en.percent(21.5), en.percent(12.0), en.decimal(2.345)] == [
        "2000", "48%", "21.5%", "12.0%", "2.3"]
    assert [cy.number(2000), cy.percent(48), cy.decimal(2.345)] == ["2000", "48%", "2.3"]


def test_languages_are_bcp47_tags_and_have_a_direction() -> None:
    assert direction("en-GB") == "ltr" and direction("cy") == "ltr"
    assert direction("ar") == "rtl" and direction("ur") == "rtl"
    assert translator("cy").direction == "ltr"
    assert translator("cy-GB").catalog == "cy" and translator("en-GB").catalog == "en"
    assert material_language("cy") == "cy" and material_language("pt-BR") == "pt-BR"
    assert material_language("en-GB") == "en"
    with pytest.raises(ValueError, match="not a language"):
        translator("no-such-language-tag-x")


def test_a_language_without_a_catalog_shows_english() -> None:
    urdu = translator("ur")
    assert urdu.catalog is None and urdu.language == "en"
    assert urdu.gettext("Skip to main content") == "Skip to main content"
    assert urdu.long_date(dt.date(2019, 11, 2)) == "2 November 2019"


def test_labels_and_file_facts_in_welsh() -> None:
    from generator.model.corpus import FileFacts
    from generator.model.records import option_label

    cy = translator("cy")
    assert option_label("strongly-support", cy) == "Cefnogi'n gryf"
    assert option_label("lived-experience", cy) == "Profiad bywyd"
    assert option_label("très-favorable", cy) == "Très favorable"
    assert option_label("lived-experience") == "Lived experience"
    assert FileFacts("documents/r.pdf", 2_400_000, 14).describe(cy) == "PDF, 2.3 MB, 14 tudalen"
    assert FileFacts("documents/a.txt", 900).describe(cy) == "Testun plaen, 900 beit"
    assert FileFacts("documents/r.pdf", 2_400_000, 14).description == "PDF, 2.3 MB, 14 pages"


# (d): a whole assembly in Welsh -----------------------------------------------------------------------

class _Text(HTMLParser):
    """What a reader meets on a page: text, and the attributes that are read out or shown."""

    ATTRIBUTES = {"aria-label", "title", "alt", "label", "placeholder", "data-video-title", "data-table-label",
                  "data-table-label-heading", "data-search-placeholder", "data-search-none", "data-search-one",
                  "data-search-other", "data-search-failed"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0
        self._config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("name") == "description" or values.get("property") in {
                "og:title", "og:description", "og:site_name"}):
            self.found.append(values.get("content") or "")
        self.found += [value for name, value in attrs if name in self.ATTRIBUTES and value]
        if tag in {"script", "style"}:
            self._skip += 1
            self._config = values.get("id") == "__config"

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1
            self._config = False

    def handle_data(self, data: str) -> None:
        if self._config:
            self.found += [str(v) for v in json.loads(data)["translations"].values()]
        elif not self._skip and data.strip():
            self.found.append(data)


def page_texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.found if text.strip()]


def _walk_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk_strings(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _walk_strings(item)
    elif hasattr(value, "model_dump"):
        yield from _walk_strings(value.model_dump())


def content_strings(site: Any, content: Any) -> list[str]:
    """Everything the officers wrote (in English in the example: the other languages' content is not
    the interface), as written and as shown once Markdown is rendered."""
    from generator.model.docs import COMMITMENT_COLUMN_DOCS, CSV_COLUMN_DOCS, FIELD_DOCS, PROGRESS_COLUMN_DOCS
    from generator.render.markdown import render_markdown

    raw: list[str] = list(_walk_strings(site.config))
    for records in (content.sessions, content.speakers, content.evidence, content.recommendations,
                    list(content.responses.values()), content.updates, content.pages,
                    [content.assembly], [content.home_page] if content.home_page else []):
        for record in records:
            raw += list(_walk_strings(record))
    raw += list(content.texts.values())
    if content.report:
        for chapter in content.report.parts:
            raw.append(chapter.title)
            raw += [block.html for block in chapter.blocks] + [note.html for note in chapter.footnotes]
        raw += list(_walk_strings(content.report.meta))
    # The open data's field descriptions (generator/model/docs.py) are written in English only.
    raw += list(CSV_COLUMN_DOCS.values()) + list(PROGRESS_COLUMN_DOCS.values()) + list(COMMITMENT_COLUMN_DOCS.values())
    raw += [doc[0] for doc in FIELD_DOCS.values()]
    shown: list[str] = []
    for text in raw:
        shown.append(" ".join(text.split()))
        shown += page_texts(render_markdown(text, lambda target: target)) if "<" in text or "\n" in text else []
        shown += page_texts(text) if "<" in text else []
    # Labels also appear in lower case within a title ("Recommendations with progress: not started").
    return sorted({variant for s in shown if s for variant in (s, s.lower())}, key=len, reverse=True)


def english_fragments(template: Catalog, welsh: Catalog) -> set[str]:
    """The English words of each message between its placeholders and tags, unless the Welsh
    says the same (brand names, abbreviations)."""
    fragments: set[str] = set()
    welsh_text = " ".join(s for m in welsh if m.id for s in strings(m))
    for message in template:
        if not message.id:
            continue
        for msgid in ids(message):
            for part in re.split(r"%\(\w+\)s|%%|<[^>]+>|#", msgid):
                part = part.strip(" .,;:()“”'–·\n")
                if len(re.sub(r"[^A-Za-z]", "", part)) >= 3 and part not in welsh_text:
                    fragments.add(part)
    return fragments


@pytest.fixture(scope="module")
def welsh_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, Any]:
    """The example assembly rendered in Welsh: page bodies by the Renderer, the layout from
    engine_site(), the one-page report from the same environment."""
    from generator.engine import Layout
    from generator.pipeline import load_and_validate
    from generator.plan.pages import plan_assembly
    from generator.render.pages import Renderer
    from generator.render.site import engine_site
    from generator.report.outputs import prepare_outputs
    from generator.validate.corpus import Options

    out = tmp_path_factory.mktemp("cy")
    site, raws, problems = load_and_validate(REPO, None, Options(as_of=dt.date(2026, 11, 1)))
    assert site is not None and not problems.errors
    content = site.assemblies[0]
    renderer = Renderer(site, language="cy")
    plans = plan_assembly(site, content, warnings=2, as_of=dt.date(2026, 11, 1), language="cy")
    engine = engine_site(site, content, "cy")
    outputs = prepare_outputs(site, content, plans, renderer.env, raws[content.slug].folder, engine.layout, None)
    layout = Layout(engine)
    for plan in plans:
        (out / plan.path).parent.mkdir(parents=True, exist_ok=True)
        (out / plan.path).write_bytes(layout.render(renderer.render(content, plan)))
    assert outputs is not None
    (out / "report" / "plain.html").write_bytes(outputs.files["report/plain.html"])
    return out, site, content


def test_a_welsh_page_shows_no_english_word_of_the_interface(welsh_site: tuple[Path, Any, Any],
                                                              extracted: Catalog) -> None:
    out, site, content = welsh_site
    fragments = sorted(english_fragments(extracted, read("cy")), key=len, reverse=True)
    theirs = content_strings(site, content)
    blob = "\n".join(theirs)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 60
    leaks: list[str] = []
    for page in pages:
        for text in page_texts(page.read_text(encoding="utf-8")):
            if text.removesuffix("…") in blob:
                continue  # the officers' own words (a description may be cut short)
            rest = text
            for written in theirs:
                if len(written) > 1 and written in rest:
                    rest = rest.replace(written, "\0")
            leaks += [f"{page.relative_to(out)}: {fragment!r} in {text!r}" for fragment in fragments
                      if re.search(rf"(?<![\w']){re.escape(fragment)}(?![\w'])", rest)]
    assert not leaks, f"{len(leaks)} English interface words on Welsh pages:\n" + "\n".join(leaks[:40])


def test_the_welsh_pages_are_welsh(welsh_site: tuple[Path, Any, Any]) -> None:
    out, _, _ = welsh_site
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="cy"' in home and '<body dir="ltr"' in home
    assert "Neidio i&#39;r prif gynnwys" in home or "Neidio i'r prif gynnwys" in home
    assert "2 Tachwedd 2019 i 1 Rhagfyr 2019" in home
    assert ">Argymhellion</a>" in home and "Datganiad hygyrchedd" in home
    assert "Mae&#39;r holl gynnwys ar gael o dan y Drwydded Llywodraeth Agored v3.0" in home or \
        "Mae'r holl gynnwys ar gael o dan y Drwydded Llywodraeth Agored v3.0" in home
    recommendations = (out / "recommendations" / "index.html").read_text(encoding="utf-8")
    assert "Cytunodd y cynulliad ar 13 argymhelliad a&#39;u cyflwyno i&#39;r cyngor" in recommendations.replace(
        "'", "&#39;")
    tracker = (out / "responses" / "index.html").read_text(encoding="utf-8")
    assert "Ymateb y cyngor: olrhain cynnydd" in tracker
    for page in out.rglob("*.html"):
        texts = page_texts(page.read_text(encoding="utf-8"))
        assert not [t for t in texts if "%(" in t and "heading" not in t], page


def test_the_layout_brings_the_language_to_base_html() -> None:
    cy = translator("cy")
    layout = layout_language(cy)
    assert layout["gettext"]("Skip to main content") == "Neidio i'r prif gynnwys"
    assert layout["direction"] == "ltr"
    # No Arabic catalog yet: the interface is in English, and the page (in Arabic) right to left.
    assert layout_language(translator("ar"))["direction"] == "rtl"


def test_pages_in_a_language_folder_reach_the_shared_files() -> None:
    """Welsh pages are written in cy/; documents, pictures, open data and feeds stay in the
    assembly's folder, once for every language."""
    from generator.render.pages import body_link, link_from

    assert link_from("recommendations/r1.html", "documents/report.pdf", "cy/") == "../../documents/report.pdf"
    assert link_from("index.html", "updates/feed.xml", "cy/") == "../updates/feed.xml"
    assert link_from("recommendations/r1.html", "recommendations/index.html", "cy/") == "index.html"
    assert link_from("recommendations/r1.html", "documents/report.pdf") == "../documents/report.pdf"
    assert body_link("updates/u1.html", "documents/a.pdf#page=2", "cy/") == "../../documents/a.pdf#page=2"
    assert body_link("updates/u1.html", "recommendations/r1.md", "cy/") == "../recommendations/r1.html"


def test_the_layout_and_the_cards_in_welsh(welsh_site: tuple[Path, Any, Any]) -> None:
    from generator.model.records import Status
    from generator.plan.cards import cards_for
    from generator.render.site import engine_site

    _, site, content = welsh_site
    archived = content.assembly.model_copy(update={"status": Status.ARCHIVED})
    original = content.assembly
    content.assembly = archived
    try:
        layout = engine_site(site, content, "cy").layout
        english = engine_site(site, content).layout
    finally:
        content.assembly = original
    assert layout["banner"] == ("Daeth y cynulliad hwn i ben ym mis Rhagfyr 2019. Mae'r wefan hon yn cael ei chadw "
                                "fel cofnod ac nid yw'n cael ei diweddaru mwyach.")
    assert english["banner"] == ("This assembly ended in December 2019. This site is kept as a record and is no "
                                 "longer updated.")
    assert [title for title, _ in layout["footer_links"]][:3] == ["Datganiad hygyrchedd", "Pob tudalen (map o'r wefan)",
                                                                 "Data agored"]
    assert layout["feed_title"].startswith("Diweddariadau: ")
    cards = cards_for(content, "#1d4f91", "cy")
    assert cards[0].kicker == "Cynulliad dinasyddion"
    assert cards[1].kicker.startswith("Argymhelliad 1 · ")
    assert cards_for(content, "#1d4f91")[0].kicker == "Citizens' assembly"
