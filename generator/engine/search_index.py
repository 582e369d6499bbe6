"""The site's search, built here at build time: a lunr index (the `lunr` package writes the form
lunr.js's `lunr.Index.load` reads) and the words of each page to show under a result.

The files, inside each language's folder of an assembly:

- `search/search_index.js`: the index, the title and address of every page, and the pages each
  text file holds. A script, not JSON, so that a site opened from a folder (file://), where
  browsers refuse to fetch files, can load it with a <script> element. Readers download it when
  they first open search.
- `search/text-N.js`: the headings and words of the pages, eight pages to a file, in the order of
  the pages' addresses. The search script loads only the files that hold the
  results it shows, to write the lines under each result and to link to the section that
  matched.

One document per page: its title and all its words (each section's heading and text). Pages that
only list other pages (indexes, filtered lists, the sitemap) are found by their titles only, so a
search leads to the page about the thing rather than to every list that names it.

The index is built for speed, in the build and in the reader's browser: no word positions (the
browser marks the matching words itself, from the words typed); each distinct word is folded and
put through lunr's stop-word filter and stemmer once, not at each of its occurrences, and lunr's
Builder is given each page's counted terms.
English is stemmed and its stop words left out; any other language is indexed word for word. In
every language, accents are ignored, so that `cafe` finds `café` and `ty` finds `tŷ`.

Titles and texts are written as plain text: the search script shows them as text (never as
markup), so a title such as `<img src=x onerror=...>` is shown as those characters.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from generator.plan.search import INDEX_FILE, PAGES_PER_TEXT_FILE, TEXT_FILE, indexed, search_files

__all__ = ["search_files", "search_outputs", "write_search_index", "read_search", "read_search_file"]

TITLE_BOOST = 10
SEPARATOR = r"[\s\-\u2013\u2014/'\u2019]+"
"""Where words split: spaces, hyphens, dashes, slashes and apostrophes, so that "council's" is found
by "council" and "Dylai'r" by "dylai" (assembly-search.js splits the words typed the same way)."""
QUEUE = "assemblySearchQueue"
"""The global list each search file adds its data to; assembly-search.js takes it from there."""

_SPLIT = re.compile(SEPARATOR)
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>|<!--.*?-->""", re.S)
_ID = re.compile(r"""\bid=["']([^"']+)["']""")
_HIDDEN = re.compile(r"""\baria-hidden=["']true["']|\brole=["']img["']""")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_HIDDEN_ATTRIBUTE = re.compile(r"(?:^|\s)hidden(?=[\s=/]|$)")
_SKIP = {"script", "style", "template", "svg", "math", "noscript", "iframe", "object", "button", "select"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark",
           "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
_HEADING = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SPACE = re.compile(r"\s+")
_EDGES = re.compile(r"^\W+|\W+$")
_SMALL_NUMBER = re.compile(r"\d{1,2}")
"""Numbers of one or two digits (counts of votes, shares, days of the month) are found in titles
("Recommendation 12") but not in texts, where every page has many; years and larger numbers are."""


class Page(Protocol):
    path: str
    title: str
    body: str


@dataclass
class Section:
    anchor: str
    """The id of the section's heading ("" for the start of the page)."""
    heading: str
    text: str


def _words(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(text)).strip()


def _hidden(attrs: str) -> bool:
    if "hidden" not in attrs and "img" not in attrs:  # most tags: no need for the expressions
        return False
    return bool(_HIDDEN.search(attrs)) or bool(_HIDDEN_ATTRIBUTE.search(_QUOTED.sub("", attrs)))


def sections_of(body: str) -> list[Section]:
    """The words of a page body as a reader (or a screen reader) gets them, in sections: the start
    of the page, then one for each heading below the title, with the heading's id as its anchor
    ("" for a heading without one: a search leads to the top of its page). The page's own <h1>
    is left out (the title says it). Scripts, pictures and what is hidden from every reader
    (aria-hidden, hidden, a chart drawn as role=img whose numbers are in the table beside it) are
    left out; buttons and forms too."""
    sections = [Section("", "", "")]
    parts: list[str] = []
    skipping: list[str] = []  # the element being left out, once for each level it is nested
    heading: tuple[str, str | None, list[str]] | None = None  # (tag, id, words) of an open heading
    position = 0

    def flush() -> None:
        if parts:
            sections[-1].text += "".join(parts)
            parts.clear()

    for match in _TAG.finditer(body):
        if not skipping:
            chunk = body[position:match.start()]
            if chunk:
                (heading[2] if heading else parts).append(chunk)
        position = match.end()
        closing, name = match.group(1), (match.group(2) or "").lower()
        if not name:
            continue  # a comment
        if skipping:
            if name == skipping[0] and name not in _VOID and not match.group(3).rstrip().endswith("/"):
                if closing:
                    skipping.pop()
                else:
                    skipping.append(name)
            continue
        attrs = match.group(3) or ""
        if not closing and name not in _VOID and (name in _SKIP or _hidden(attrs)):
            if not attrs.rstrip().endswith("/"):
                skipping.append(name)
            continue
        if name in _HEADING:
            if not closing:
                ident = _ID.search(attrs)
                heading = (name, ident.group(1) if ident else None, [])
            elif heading and heading[0] == name:
                words = _words(re.sub(r"<[^>]*>", " ", "".join(heading[2])))
                if name != "h1":
                    flush()
                    sections.append(Section(heading[1] or "", words, ""))
                heading = None
            continue
        if name not in _INLINE:
            (heading[2] if heading else parts).append(" ")
    if not skipping:
        parts.append(body[position:])
    flush()
    for section in sections:
        section.text = _words(section.text)
    return [s for s in sections if s.text or s.heading or s is sections[0]]


def index_config(language: str) -> dict[str, Any]:
    """How words are made into index terms. English text is stemmed and has English stop words left
    out; any other language is indexed word for word (lunr has no Welsh stemmer, and English rules
    would mangle Welsh words). `pipeline` is lunr's search pipeline, which the browser runs on the
    words typed (both functions are built into lunr.js)."""
    english = language.split("-")[0].lower() == "en"
    return {"lang": language, "pipeline": ["stopWordFilter", "stemmer"] if english else []}


def is_listing(path: str) -> bool:
    """Pages that only list other pages (section indexes, filtered lists, the sitemap): their
    titles are searchable, their text is not, so a search leads to the page about the thing
    rather than to every list that names it (and the index stays smaller)."""
    return path == "sitemap.html" or "/by-" in path or (path.endswith("/index.html") and "/" in path
                                                        and not path.startswith("report/"))


def fold(word: str) -> str:
    """A word in lower case, without its accents (any combining mark) and the punctuation around
    it, as assembly-search.js makes each word typed."""
    word = word.lower()
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.category(c).startswith("M"))
    return _EDGES.sub("", word)


def _term_maker(pipeline: list[str]) -> Callable[[str], str | None]:
    """A word's term: folded, then through lunr's own functions of the pipeline (for English its
    stop-word filter and stemmer), once for each distinct word (a word's term is remembered)."""
    from lunr.pipeline import Pipeline
    from lunr.token import Token

    functions = [Pipeline.registered_functions[label] for label in pipeline]
    known: dict[str, str | None] = {}

    def term(word: str) -> str | None:
        found = known.get(word, "")
        if found != "":
            return found
        token: Any = Token(fold(word))
        for function in functions:
            if not token or not str(token):
                break
            token = function(token)
        known[word] = str(token) if token and str(token) else None
        return known[word]

    return term


@dataclass
class Document:
    location: str
    title: str
    sections: list[Section]


def documents(pages: Iterable[Page]) -> list[Document]:
    """A document for every page but the page for a missing address, in the order of their paths."""
    found = []
    for page in sorted(pages, key=lambda p: p.path):
        if not indexed(page.path):
            continue
        title = _SPACE.sub(" ", page.title).strip()
        sections = [] if is_listing(page.path) else sections_of(page.body)
        found.append(Document(page.path, title, sections))
    return found


def _js(data: Any) -> bytes:
    """A script that adds `data` to the queue: JSON in a string for JSON.parse, which browsers read
    faster than the same data written as a script's own objects."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("\\", "\\\\").replace("'", "\\'").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"(self.{QUEUE}=self.{QUEUE}||[]).push(JSON.parse('{text}'));\n".encode()


def _builder() -> Any:
    from lunr.builder import Builder
    from lunr.field_ref import FieldRef

    class CountedBuilder(Builder):  # type: ignore[misc]
        """lunr.py's Builder, given each field's terms already made and counted. Its own add()
        splits the words again and copies an empty dict for each one, half the time of the whole
        index; add_counted() fills the same tables (tests/test_search_index.py checks the index is
        the one add() makes), and the rest is lunr.py's: BM25 vectors, token set, serialisation."""

        def add_counted(self, ref: str, fields: dict[str, Counter[str]]) -> None:
            self._documents[ref] = {}
            self.document_count += 1
            for field_name, counts in fields.items():
                field_ref = str(FieldRef(ref, field_name))
                self.field_term_frequencies[field_ref] = counts
                self.field_lengths[field_ref] = sum(counts.values())
                for term in counts:
                    posting = self.inverted_index.get(term)
                    if posting is None:
                        posting = {name: {} for name in self._fields}
                        posting["_index"] = self.term_index
                        self.term_index += 1
                        self.inverted_index[term] = posting
                    posting[field_name][ref] = {}

    return CountedBuilder()


def build_index(docs: list[Document], language: str, counted: bool = True) -> dict[str, Any]:
    """The lunr index of the documents, serialised (refs are the documents' numbers). With
    `counted=False` the terms go through lunr.py's own Builder.add() (the same index, slower)."""
    from lunr import __TARGET_JS_VERSION__
    from lunr.pipeline import Pipeline

    config = index_config(language)
    builder = _builder()
    for label in config["pipeline"]:
        builder.search_pipeline.add(Pipeline.registered_functions[label])
    builder.ref("id")
    builder.field("title", boost=TITLE_BOOST)
    builder.field("text")
    term = _term_maker(config["pipeline"])
    known: dict[str, str | None] = {}

    def text_term(word: str) -> str | None:  # a text's term: as a title's, but no small numbers
        found = known.get(word, "")
        if found == "":
            made = term(word)
            found = known[word] = None if made is None or _SMALL_NUMBER.fullmatch(made) else made
        return found

    def terms(text: str, make: Callable[[str], str | None]) -> list[str]:
        return [t for t in map(make, _SPLIT.split(text.lower())) if t]

    for number, doc in enumerate(docs):
        words = " ".join(f"{s.heading} {s.text}" for s in doc.sections)
        fields = {"title": terms(doc.title, term), "text": terms(words, text_term)}
        if counted:
            builder.add_counted(str(number), {name: Counter(found) for name, found in fields.items()})
        else:
            builder.add(dict(fields, id=str(number)))
    if not docs:  # lunr.py cannot build an index of nothing; lunr.js loads this one
        return {"version": __TARGET_JS_VERSION__, "fields": ["title", "text"], "fieldVectors": [], "invertedIndex": [],
                "pipeline": config["pipeline"]}
    index: dict[str, Any] = builder.build().serialize()
    short: dict[float, float | int] = {}
    for _ref, vector in index["fieldVectors"]:  # scores to two significant digits: ranks the same, smaller
        vector[1::2] = [short.get(score) or short.setdefault(score, _short(score)) for score in vector[1::2]]
    return index


def _short(score: float) -> float | int:
    rounded = float(f"{score:.2g}")
    return int(rounded) if rounded.is_integer() else rounded


def search_outputs(pages: Iterable[Page], language: str = "en") -> dict[str, bytes]:
    """Every file of the search, by its path inside the assembly's (or language's) folder: the
    index, then the pages' sections, PAGES_PER_TEXT_FILE pages to a file in the order of their
    paths (generator.plan.search.search_files() names them)."""
    docs = documents(pages)
    chunks = list(range(0, max(1, len(docs)), PAGES_PER_TEXT_FILE))
    data = {"kind": "index", "config": index_config(language), "index": build_index(docs, language),
            "pages": [[doc.location, doc.title] for doc in docs], "chunks": chunks}
    outputs = {INDEX_FILE: _js(data)}
    for number, start in enumerate(chunks):
        sections = [[[s.anchor, s.heading, s.text] for s in doc.sections]
                    for doc in docs[start:start + PAGES_PER_TEXT_FILE]]
        outputs[TEXT_FILE.format(number)] = _js({"kind": "text", "chunk": number, "pages": sections})
    return outputs


def write_search_index(site_dir: Path, pages: list[Any], language: str = "en") -> None:
    """Write the files of search_outputs() into the folder."""
    for path, data in search_outputs(pages, language).items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


_FILE = re.compile(rf"\(self\.{QUEUE}=self\.{QUEUE}\|\|\[\]\)\.push\(JSON\.parse\("
                   r"'((?:[^'\\\n\r\u2028\u2029]|\\.)*)'\)\);\n")


def read_search_file(data: bytes) -> Any:
    """The data a search file holds (for tests and checks): the inverse of how it is written. A file
    that is anything but that one statement, with one string that nothing in it ends early, is
    refused (ValueError)."""
    found = _FILE.fullmatch(data.decode("utf-8"))
    if not found:
        raise ValueError("not a search file written by search_index._js()")
    escapes = {"\\": "\\", "'": "'", "u2028": "\u2028", "u2029": "\u2029"}
    return json.loads(re.sub(r"\\(u2028|u2029|.)", lambda m: escapes[m.group(1)], found.group(1)))


def read_search(folder: Path) -> dict[str, Any]:
    """The whole search of one folder (`<assembly>/` or `<assembly>/cy/`) as data: the index file's
    data, with each page's sections added to its entry of `pages` as
    {"location", "title", "sections": [[anchor, heading, text], ...]}."""
    index = read_search_file((folder / INDEX_FILE).read_bytes())
    pages = [{"location": location, "title": title, "sections": []} for location, title in index["pages"]]
    for number, start in enumerate(index["chunks"]):
        chunk = read_search_file((folder / TEXT_FILE.format(number)).read_bytes())
        for offset, sections in enumerate(chunk["pages"]):
            pages[start + offset]["sections"] = sections
    return dict(index, pages=pages)
