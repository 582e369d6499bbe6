"""A bilingual assembly (English and Welsh) published as two sites with the same page names:
every page in both languages, switcher and hreflang links that lead to the matching page,
untranslated text marked in its own language, and search per language."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_cli

SLUG = "aberwen-climate"


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bilingual") / "project"
    shutil.copytree(REPO / "tests" / "fixtures" / "bilingual", root)
    result = run_cli("--root", str(root), "build", "--as-of", "2026-11-25")
    assert result.code == 0, result.err
    return root / "site" / SLUG


def _pages(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")
            if not p.relative_to(folder).as_posix().startswith(("cy/", "assets/"))}


def test_every_page_exists_in_both_languages(bilingual: Path) -> None:
    english, welsh = _pages(bilingual), _pages(bilingual / "cy")
    assert len(english) > 20
    assert english == welsh


def test_html_lang_and_direction(bilingual: Path) -> None:
    for page in sorted(_pages(bilingual)):
        assert '<html lang="en"' in (bilingual / page).read_text(encoding="utf-8"), page
        welsh = (bilingual / "cy" / page).read_text(encoding="utf-8")
        assert '<html lang="cy"' in welsh and '<body dir="ltr"' in welsh, page


def test_switcher_and_hreflang_links_lead_to_the_same_page(bilingual: Path) -> None:
    checked = 0
    for page in sorted(_pages(bilingual)):
        for language_folder, own in ((bilingual, "en"), (bilingual / "cy", "cy")):
            html = (language_folder / page).read_text(encoding="utf-8")
            alternates = dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">', html))
            assert set(alternates) == {"en", "cy"}, page
            switcher = re.findall(r'<a href="([^"]+)" lang="([a-z-]+)" hreflang="\2"', html)
            assert [lang for _href, lang in switcher] == [{"en": "cy", "cy": "en"}[own]], page
            for href, lang in [*alternates.items(), *((lang, href) for href, lang in switcher)]:
                href, lang = (lang, href) if lang.endswith(".html") else (href, lang)
                target = Path(posixpath.normpath((language_folder / page).parent.as_posix() + "/" + href))
                expected = (bilingual / page) if lang == "en" else (bilingual / "cy" / page)
                assert target == expected, (page, own, lang, href)
                checked += 1
    assert checked > 100


def test_untranslated_text_is_shown_in_english_and_marked(bilingual: Path) -> None:
    # village-buses has no Welsh file: its title is English inside a span lang="en"; warm-homes is translated.
    buses = (bilingual / "cy" / "recommendations" / "village-buses.html").read_text(encoding="utf-8")
    assert '<span lang="en">A bus every hour to every large village</span>' in buses
    homes = (bilingual / "cy" / "recommendations" / "warm-homes.html").read_text(encoding="utf-8")
    assert "Helpu pob aelwyd i inswleiddio eu cartref" in homes
    assert '<span lang="en">Help every household' not in homes
    # The interface of a Welsh page is Welsh even where the content is not.
    assert "Ymateb y cyngor" in buses and "Council response" not in buses
    english = (bilingual / "recommendations" / "village-buses.html").read_text(encoding="utf-8")
    assert '<span lang="en">' not in english


def test_shared_files_are_linked_from_the_welsh_pages(bilingual: Path) -> None:
    for page in ("index.html", "data.html", "recommendations/warm-homes.html"):
        html = (bilingual / "cy" / page).read_text(encoding="utf-8")
        for href in re.findall(r'(?:href|src)="([^"#]+)"', html):
            if href.startswith(("http:", "https:", "mailto:", "data:")):
                continue
            target = Path(posixpath.normpath((bilingual / "cy" / page).parent.as_posix() + "/" + href))
            assert target.exists(), (page, href)


def test_search_index_per_language_without_english_stemming_for_welsh(bilingual: Path) -> None:
    from generator.engine.search_index import read_search

    english, welsh = read_search(bilingual), read_search(bilingual / "cy")
    assert english["index"]["pipeline"] == ["stopWordFilter", "stemmer"] and english["config"]["lang"] == "en"
    assert welsh["index"]["pipeline"] == [] and welsh["config"]["lang"] == "cy"
    assert any(term == "inswleiddio" for term, _posting in welsh["index"]["invertedIndex"])
    assert not any(term.startswith("inswleiddio") for term, _posting in english["index"]["invertedIndex"])
    assert any("Helpu pob aelwyd i inswleiddio eu cartref" in page["title"] for page in welsh["pages"])


def test_open_data_and_portal_carry_every_language(bilingual: Path) -> None:
    welsh = json.loads((bilingual / "data" / "assembly.cy.json").read_text(encoding="utf-8"))
    assert welsh["assembly"]["title"] == "Cynulliad Hinsawdd Aberwen"
    english = json.loads((bilingual / "data" / "assembly.json").read_text(encoding="utf-8"))
    assert english["assembly"]["title"] == "Aberwen Climate Assembly"
    portal = (bilingual.parent / "index.html").read_text(encoding="utf-8")
    assert "Cynulliad Hinsawdd Aberwen" in portal and f'{SLUG}/cy/index.html' in portal


def test_a_right_to_left_language_gets_its_direction(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "fixtures" / "bilingual", root)
    folder = root / "content" / SLUG
    assembly = folder / "assembly.yml"
    assembly.write_text(assembly.read_text(encoding="utf-8").replace("languages: [en, cy]", "languages: [en, cy, ur]"),
                        encoding="utf-8")
    (folder / "recommendations" / "warm-homes.ur.md").write_text(
        "---\ntitle: ہر گھر کو اپنا گھر موصل بنانے میں مدد کریں\n---\n", encoding="utf-8")
    result = run_cli("--root", str(root), "build", "--as-of", "2026-11-25")
    assert result.code == 0, result.err
    site = root / "site" / SLUG
    urdu = (site / "ur" / "recommendations" / "warm-homes.html").read_text(encoding="utf-8")
    assert '<html lang="ur"' in urdu and '<body dir="rtl"' in urdu
    assert "ہر گھر کو اپنا گھر موصل بنانے میں مدد کریں" in urdu
    english = (site / "recommendations" / "warm-homes.html").read_text(encoding="utf-8")
    assert '<body dir="ltr"' in english and 'hreflang="ur"' in english
    # Mixed directions: each language's name in the switcher isolates its own direction.
    assert re.search(r'<a href="[^"]+" lang="ur" hreflang="ur" dir="auto">اردو</a>', english)
