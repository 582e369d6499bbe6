"""Recommendations discussed in the report: "Recommendation 4" (or "Recommendations 3 and 7a")
in the text becomes a link to the recommendation's page, and so does a link written to
recommendations/<id>.md. Each mention is kept, so a recommendation's page can link back."""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.report.model import Chapter, Mention

_NUMBER = r"\d+[a-z]?"
_MENTION = re.compile(rf"\b([Rr]ecommendations?)(\s+)({_NUMBER})((?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*&amp;\s*)"
                      rf"{_NUMBER}\b)*)\b")
_TAG = re.compile(r"(<[^>]+>)")
_LINKED = re.compile(r'href="\.\./recommendations/([a-z0-9-]+)\.html')


def number_key(label: str) -> str:
    return label.strip().lower().replace(" ", "")


def link_mentions(chapters: list[Chapter], numbers: dict[str, str],
                  unknown: Callable[[Chapter, str], None]) -> dict[str, list[Mention]]:
    """Link every mention in the paragraphs (not in headings or existing links); returns them by
    recommendation id, in reading order. `numbers` maps a recommendation's number to its id."""
    found: dict[str, list[Mention]] = {}

    def note(chapter: Chapter, block_id: str, recommendation: str) -> None:
        page = "report/" + chapter.path
        mention = Mention(recommendation, chapter.id, chapter.title, block_id, f"{page}#{block_id}")
        if mention not in found.setdefault(recommendation, []):
            found[recommendation].append(mention)

    for chapter in chapters:
        for block in chapter.paragraphs:
            mentioned: list[str] = []

            def link(number: str, text: str, chapter: Chapter = chapter, mentioned: list[str] = mentioned) -> str:
                rec = numbers.get(number_key(number))
                if rec is None:
                    unknown(chapter, number)
                    return text
                mentioned.append(rec)
                return f'<a href="../recommendations/{rec}.html" class="report-recommendation">{text}</a>'

            def replace(match: re.Match[str]) -> str:
                word, space, first, rest = match.groups()
                out = link(first, f"{word}{space}{first}")
                out += re.sub(_NUMBER + r"\b", lambda m: link(m.group(0), m.group(0)), rest)
                return out

            parts = _TAG.split(block.html)
            depth = 0
            for index, part in enumerate(parts):
                if index % 2:
                    lowered = part.lower()
                    if lowered.startswith("<a ") or lowered == "<a>":
                        depth += 1
                    elif lowered.startswith("</a"):
                        depth = max(0, depth - 1)
                    continue
                if depth == 0:
                    parts[index] = _MENTION.sub(replace, part)
            block.html = "".join(parts)
            for rec in _LINKED.findall(block.html):
                mentioned.append(rec)
            for rec in mentioned:
                note(chapter, block.id, rec)
    return {rec: found[rec] for rec in sorted(found)}
