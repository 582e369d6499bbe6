"""The search index built in Python (generator/engine/search_index.py): lunr.js, the very file the
sites carry, loads it in node and finds the expected pages; Python makes each word into the term
lunr.js makes of the same word typed; what a page holds for search is the text a reader gets."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import REPO

from generator.engine import search_index
from generator.engine.search_index import read_search, read_search_file, search_outputs, sections_of

LUNR = REPO / "theme" / "assets" / "javascripts" / "lunr.min.js"
ON_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

# In node, as in the browser: lunr.js, then the index file, which adds its data to a queue; the
# index is loaded with lunr.Index.load and each page must have, for every word of the query, a
# word that starts with it or has its stem (what assembly-search.js does).
NODE_SCRIPT = r"""
const fs = require("fs"), vm = require("vm");
const [lunrFile, indexFile, request] = process.argv.slice(1);
const page = vm.createContext({console});
page.self = page;
vm.runInContext(fs.readFileSync(lunrFile, "utf8"), page, {filename: lunrFile});
vm.runInContext(fs.readFileSync(indexFile, "utf8"), page, {filename: indexFile});
const lunr = page.lunr, data = page.assemblySearchQueue[0];
const index = lunr.Index.load(data.index);
const {queries, words} = JSON.parse(request);
const fold = w => w.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
  .replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, "");
const out = {version: lunr.version, pipeline: data.index.pipeline, results: {}, terms: {}};
for (const q of queries) {
  const words = q.split(/[\s\-\u2013\u2014\/'\u2019]+/).map(fold).filter(Boolean)
    .map(w => ({word: w, term: index.pipeline.runString(w)[0] || ""})).filter(c => c.term);
  const ok = (c, t) => t.startsWith(c.word) || t === c.term;
  out.results[q] = index.query(query => words.forEach(c => {
    query.term(c.word, {usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING});
    query.term(c.term, {usePipeline: false, boost: 10});
  })).filter(r => words.every(c => Object.keys(r.matchData.metadata).some(t => ok(c, t))))
    .map(r => data.pages[+r.ref][0]);
}
for (const w of words) out.terms[w] = index.pipeline.runString(fold(w))[0] || null;
process.stdout.write(JSON.stringify(out));
"""


def node() -> str:
    found = shutil.which("node")
    if not found:
        if ON_CI:
            pytest.fail("node is missing (CI=true: the lunr.js tests must run)")
        pytest.skip("node is missing")
    return found


def in_lunr_js(folder: Path, queries: list[str], words: list[str] | None = None) -> dict[str, Any]:
    request = json.dumps({"queries": queries, "words": words or []})
    index = folder / "search" / "search_index.js"
    result = subprocess.run([node(), "-e", NODE_SCRIPT, str(LUNR), str(index), request], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def page(path: str, title: str, body: str) -> SimpleNamespace:
    return SimpleNamespace(path=path, title=title, body=body)


def write(folder: Path, pages: list[SimpleNamespace], language: str = "en") -> Path:
    search_index.write_search_index(folder, pages, language)
    return folder


PAGES = [
    page("index.html", "Riverside Citizens' Assembly",
         "<h1>Riverside</h1><p>Fifty residents met over two weekends.</p>"),
    page("recommendations/safe-cycle-routes.html", "Recommendation 3: Safe cycle routes",
         '<h1>Recommendation 3</h1><p>Build two cycle routes from the station.</p>'
         '<h2 id="rec-response">The council\'s response</h2><p>Accepted: councillors agreed the plan.</p>'),
    page("recommendations/free-bus.html", "Recommendation 2: A free town bus",
         "<h1>Recommendation 2</h1><p>Run a free bus on market days.</p>"),
    page("recommendations/index.html", "Recommendations",
         "<h1>Recommendations</h1><p>Safe cycle routes. A free bus.</p>"),
    page("speakers/amira.html", "Amira Hussain",
         "<h1>Amira Hussain</h1><p>She spoke about <em>cycling</em> safety.</p>"),
    page("404.html", "Page not found", "<h1>Page not found</h1><p>cycle bus</p>"),
]


def test_the_vendored_lunr_is_the_npm_package_file() -> None:
    """lunr.min.js is the npm package's own file at the version package.json pins, licence header
    and all (a copy from node_modules, never edited)."""
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["lunr"]
    text = LUNR.read_text(encoding="utf-8")
    assert text.startswith("/**\n * lunr - http://lunrjs.com") and f" - {pinned}\n" in text.split("*/")[0]
    assert "@license MIT" in text.split("*/")[0]
    assert (LUNR.parent / "lunr.LICENSE.txt").read_text(encoding="utf-8").startswith("Copyright (C) 2013 by Oliver")
    installed = REPO / "node_modules" / "lunr" / "lunr.min.js"
    if installed.exists() or ON_CI:
        assert installed.read_bytes() == LUNR.read_bytes(), "run `npm ci` and copy node_modules/lunr/lunr.min.js"


def test_lunr_js_loads_the_index_and_finds_the_pages(tmp_path: Path) -> None:
    out = in_lunr_js(write(tmp_path, PAGES), ["cycle", "cycling", "councils", "free bus", "bus", "amira",
                                              "recommendations", "residents", "station cycle", "nothing", "counc"])
    assert out["version"] == "2.3.9" and out["pipeline"] == ["stopWordFilter", "stemmer"]
    results = out["results"]
    # the title counts most: the recommendation, then the speaker whose text says "cycling"
    assert results["cycle"] == ["recommendations/safe-cycle-routes.html", "speakers/amira.html"]
    assert results["cycling"] == results["cycle"]  # both are "cycl"
    assert results["councils"] == ["recommendations/safe-cycle-routes.html"]  # "council's" is "council" and "s"
    assert results["free bus"] == ["recommendations/free-bus.html"]
    assert results["amira"] == ["speakers/amira.html"]
    # a list is found by its title only, and the page for a missing address not at all
    assert set(results["recommendations"]) == {"recommendations/index.html", "recommendations/free-bus.html",
                                               "recommendations/safe-cycle-routes.html"}
    assert results["bus"] == ["recommendations/free-bus.html"]  # its stem is "bu", but "build" is not found
    assert results["counc"] == ["recommendations/safe-cycle-routes.html"]
    assert results["residents"] == ["index.html"]
    assert results["station cycle"] == ["recommendations/safe-cycle-routes.html"]
    assert results["nothing"] == []


WORDS = ["Council", "councils", "councillors", "agreed", "agreement", "happy", "happiness", "relational", "running",
         "Réaménagement", "café", "(station),", "don't", "the", "and", "it's", "bus-lane", "1.10", "organisation's",
         "conditional", "generously", "hopeful", "digitizer", "adoption", "controll", "roll", "irritant", "replacement",
         "adjustment", "dependent", "communism", "activate", "angulariti", "homologous", "effective", "bowdlerize",
         "probate", "rate", "cease", "tŷ", "Llandŵ", "ŵyr", "inswleiddio"]


def test_python_makes_the_term_lunr_js_makes_of_each_word(tmp_path: Path) -> None:
    """The browser looks up the words typed through lunr.js's own pipeline; the index holds the
    terms Python made with lunr.py's. They must agree, or a word on a page could not be found."""
    out = in_lunr_js(write(tmp_path, PAGES), [], WORDS)
    term = search_index._term_maker(search_index.index_config("en")["pipeline"])
    made = {word: term(word.lower()) for word in WORDS}
    assert made == out["terms"]
    assert made["councils"] == "council" and made["the"] is None and made["café"] == "cafe" and made["tŷ"] == "ty"


def test_welsh_is_indexed_word_for_word(tmp_path: Path) -> None:
    pages = [page("recommendations/warm-homes.html", "Cartrefi cynnes", "<h1>Cartrefi cynnes</h1>"
                  "<p>Dylai'r cyngor inswleiddio pob tŷ a'r ysgolion.</p>"),
             page("about.html", "Amdanom ni", "<h1>Amdanom ni</h1><p>Yr aelodau a'r cynulliad.</p>")]
    out = in_lunr_js(write(tmp_path, pages, "cy"), ["inswleiddio", "ty", "tŷ", "ysgol", "the"], ["ysgolion", "the"])
    assert out["pipeline"] == []
    assert out["terms"] == {"ysgolion": "ysgolion", "the": "the"}  # no English stemmer or stop words
    assert out["results"]["inswleiddio"] == ["recommendations/warm-homes.html"]
    assert out["results"]["ty"] == out["results"]["tŷ"] == ["recommendations/warm-homes.html"]
    assert out["results"]["ysgol"] == ["recommendations/warm-homes.html"]  # the start of a word


def test_a_page_is_searched_as_a_reader_gets_it() -> None:
    body = ('<h1>Title</h1><p>Intro &amp; more <a href="x">li<em>nk</em></a></p>'
            '<div class="bar-chart" role="img" aria-labelledby="t"><p id="t">Chart words</p><div><span>Support</span>'
            '<span>11</span></div></div><span class="stack__label" aria-hidden="true">Members</span>'
            '<svg><text>drawn</text></svg><script>var x = "code";</script><button hidden>Play</button>'
            '<h2 id="vote">The <strong>vote</strong></h2><table><tr><td>a</td><td>b</td></tr></table>'
            '<h3>No id</h3><p>Under it<br>and more</p><p hidden>not shown</p><!-- <p>comment</p> -->'
            '<h2 id="empty"></h2><img src="x.png" alt="a picture"><p>Last</p>')
    sections = [(s.anchor, s.heading, s.text) for s in sections_of(body)]
    assert sections == [("", "", "Intro & more link"), ("vote", "The vote", "a b"), ("", "No id", "Under it and more"),
                        ("empty", "", "Last")]


def test_the_files_hold_plain_text_and_read_back(tmp_path: Path) -> None:
    hostile = "<img src=x onerror=alert(1)> & 'quotes' \\ \\'"
    pages = [page("a.html", f"Title {hostile}", f"<h1>x</h1><p>{hostile.replace('&', '&amp;').replace('<', '&lt;')}"
                  "</p>"),
             page("b/index.html", hostile, "<p>listed</p>")]
    outputs = search_outputs(pages)
    assert set(outputs) == {"search/search_index.js", "search/text-0.js"}
    line_break = search_index._js(["a\u2028b\u2029"])  # U+2028 and U+2029 end a string in older browsers
    assert b"\xe2\x80\xa8" not in line_break and read_search_file(line_break) == ["a\u2028b\u2029"]
    write(tmp_path, pages)
    data = read_search(tmp_path)
    assert data["pages"] == [{"location": "a.html", "title": f"Title {hostile}", "sections": [["", "", hostile]]},
                             {"location": "b/index.html", "title": hostile, "sections": []}]
    assert read_search_file(outputs["search/text-0.js"])["pages"] == [[["", "", hostile]], []]
    assert in_lunr_js(tmp_path, ["onerror", "quotes"])["results"] == {"onerror": ["b/index.html", "a.html"],
                                                                      "quotes": ["b/index.html", "a.html"]}


def test_texts_are_split_into_files_in_the_order_of_the_pages(tmp_path: Path) -> None:
    pages = [page(f"p/{n:03}.html", f"Page {n}", f"<p>Some words number{n}</p>") for n in range(41)]
    outputs = search_outputs(pages + [page("404.html", "Not found", "<p>x</p>")])
    index = read_search_file(outputs["search/search_index.js"])
    assert list(outputs) == search_index.search_files([p.path for p in pages] + ["404.html"])
    assert len(outputs) == 1 + 6 and index["chunks"] == [0, 8, 16, 24, 32, 40]
    write(tmp_path, pages)
    read = read_search(tmp_path)
    assert [p["location"] for p in read["pages"]] == [f"p/{n:03}.html" for n in range(41)]
    assert all(p["sections"][0][2].endswith(f"number{n}") for n, p in enumerate(read["pages"]))
    assert search_outputs(list(reversed(pages))) == search_outputs(pages)  # the same bytes, whatever the order
    assert list(search_outputs([])) == search_index.search_files([]) == ["search/search_index.js", "search/text-0.js"]
    write(tmp_path / "empty", [])
    assert in_lunr_js(tmp_path / "empty", ["anything"])["results"] == {"anything": []}


def test_the_browser_splits_and_trims_words_as_the_index_does() -> None:
    script = (LUNR.parent / "assembly-search.js").read_text(encoding="utf-8")
    separator = re.search(r"var SEPARATOR = /(.*)/;", script)
    word = re.search(r"var WORD = /\[\^(.*)\]\+/g;", script)
    assert separator and word
    assert separator.group(1).replace("\\/", "/") == search_index.SEPARATOR
    assert "[" + word.group(1).replace("\\/", "/") + "]+" == search_index.SEPARATOR


def test_the_counted_terms_make_the_index_lunr_py_makes() -> None:
    """The index is built from each page's counted terms (faster): the same index, byte for byte,
    as lunr.py's own Builder.add() makes from the same terms."""
    docs = search_index.documents(PAGES * 3)
    assert search_index.build_index(docs, "en") == search_index.build_index(docs, "en", counted=False)
    assert search_index.build_index(docs, "cy") == search_index.build_index(docs, "cy", counted=False)
