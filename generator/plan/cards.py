"""Which sharing cards an assembly has and what they say (drawn by generator/write/cards.py)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.i18n import SOURCE_LANGUAGE, translator
from generator.model.corpus import AssemblyContent


@dataclass(frozen=True)
class Card:
    path: str
    """Where the card is written inside the assembly folder, e.g. cards/recommendation-x.png."""
    kicker: str
    title: str
    footer: str
    colour: str


def card_path(kind: str, entity_id: str) -> str:
    return f"cards/{kind}-{entity_id}.png"


def cards_for(content: AssemblyContent, colour: str, language: str = SOURCE_LANGUAGE) -> list[Card]:
    """The cards' words in `language` (a BCP 47 tag)."""
    t = translator(language)
    footer = content.assembly.title
    cards = [Card(card_path("assembly", "home"), t.gettext("Citizens' assembly"), content.assembly.question, footer,
                  colour)]
    for rec in content.recommendations:
        cards.append(Card(card_path("recommendation", rec.id),
                          t.gettext("Recommendation %(number)s · %(position)s", number=rec.number,
                                    position=content.figures.category_label(rec, t)), rec.title, footer, colour))
    for update in content.updates:
        cards.append(Card(card_path("update", update.id), t.gettext("Update"), update.title, footer, colour))
    return cards
