"""Links between the files of a published assembly: from any page to any other file, relative,
so that the site works on any host and from a folder; and the links officers write in Markdown
bodies (documents/report.pdf, recommendations/x.md), made into links from each page.

Pure functions of paths, used by every stage that writes a link (validation checks them, the
plan and the pages use them)."""

from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import quote


def relative_url(from_path: str, to_path: str) -> str:
    """A link from one output file to another that works on any host and from a folder.

    Both are paths inside the same folder (the assembly's); `to_path` may start with ../ to
    leave it (../index.html, the site's list of assemblies), which is kept as written."""
    if to_path.startswith(("http://", "https://", "mailto:", "#")):
        return to_path
    target, _, anchor = to_path.partition("#")
    base = posixpath.dirname(from_path)
    if target == ".." or target.startswith("../"):
        # posixpath.relpath would resolve ../ against the working directory: climb out by hand.
        rel = "../" * (base.count("/") + 1 if base else 0) + target
    else:
        rel = _relpath(target, base) if target else posixpath.basename(from_path)
    # Spaces and other characters in file names would break srcset and some hosts: encode them.
    return quote(rel, safe="/.-_~!$&'()*+,;=:@%") + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=65536)
def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for two paths inside the same folder, without asking the operating
    system for the working directory (which relpath does for every link of every page)."""
    to = [part for part in posixpath.normpath(target).split("/") if part not in ("", ".")]
    start = [part for part in posixpath.normpath(base).split("/") if part not in ("", ".")] if base else []
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


ENTITY_FOLDERS = ("sessions", "speakers", "evidence", "recommendations", "responses", "updates")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


# Files every language's pages share, kept once in the assembly folder: documents, pictures,
# open data, feeds and the sitemap. Pages, the report and sharing cards are in each language's folder.
SHARED_FOLDERS = ("documents/", "images/", "data/")
SHARED_FILES = frozenset({"updates/feed.xml", "responses/feed.xml", "sitemap.xml"})


def is_shared_file(path: str) -> bool:
    target = path.partition("#")[0]
    return target.startswith(SHARED_FOLDERS) or target in SHARED_FILES


def link_from(from_path: str, target: str, files_from: str = "") -> str:
    """relative_url() for a page that lives in the folder `files_from` ('cy/') of the assembly: a
    shared file is reached from there, another page in the same folder as before."""
    return relative_url(files_from + from_path if files_from and is_shared_file(target) else from_path, target)


def body_link(from_path: str, target: str, files_from: str = "") -> str:
    """Links in Markdown bodies are written from the assembly folder, as the officer sees the
    files (documents/report.pdf, recommendations/cycle-lanes.md); each page gets its own path.

    A link may go up one level, to the folder that holds every assembly of the site:
    ../index.html is the page listing them all and ../other-assembly/recommendations/x.md a page of
    another assembly (.md names become .html there too). Whatever climbs further is left leading
    out of the site, so that the sanitiser removes it (generator.validate.accessibility reports it);
    so are addresses with a scheme or starting with /, which only the sanitiser may allow."""
    if not target or _SCHEME.match(target) or target.startswith(("#", "/", "\\")):
        return target
    path, _, anchor = target.partition("#")
    path = posixpath.normpath(_dot_segments(path))
    if path == "..":
        path = "../index.html"
    outside = path.startswith("../")
    if outside and not path.startswith("../../"):
        slug, _, rest = path[len("../"):].partition("/")
        if rest:
            path = f"../{slug}/{_page_name(rest)}"
    elif not outside:
        path = _page_name(path)
    target = path + (f"#{anchor}" if anchor else "")
    if outside:  # every language's pages reach the other assemblies from the same place
        return relative_url(files_from + from_path, target)
    return link_from(from_path, target, files_from)


def _page_name(path: str) -> str:
    """pages/faq.md → faq.html, recommendations/x.md → recommendations/x.html (inside an assembly)."""
    if path.startswith("pages/") and path.endswith(".md"):
        return path[len("pages/"):-3] + ".html"
    if path.endswith(".md") and path.split("/", 1)[0] in ENTITY_FOLDERS:
        return path[:-3] + ".html"
    return path


def _dot_segments(path: str) -> str:
    """%2e is a dot to a browser: '%2e%2e/' climbs like '../'. Write such steps as dots."""
    return "/".join(".." if s.lower().replace("%2e", ".") == ".." else "." if s.lower() == "%2e" else s
                    for s in path.split("/"))


def page_depth(path: str, files_from: str = "") -> int:
    """How many folders a page of an assembly is below the site's folder:
    site/<assembly>/cy/recommendations/x.html (path recommendations/x.html, files_from cy/) → 3."""
    return 1 + (files_from + path).count("/")
