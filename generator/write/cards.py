"""Sharing cards: a 1200×630 picture per recommendation and update, for the Open Graph and
Twitter tags, so a link shared by the comms team shows its title and the council's position.

Drawn with Pillow and the font Pillow ships (Aileron), so nothing is downloaded; cached by the
card's text, so an unchanged card is not drawn again."""

from __future__ import annotations

import hashlib
import os
import shutil
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.plan.cards import Card

WIDTH, HEIGHT = 1200, 630
CARD_VERSION = "1"


def _hex(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def draw(card: Card) -> bytes:
    import io

    image = Image.new("RGB", (WIDTH, HEIGHT), _hex(card.colour))
    pen = ImageDraw.Draw(image)
    small, large = ImageFont.load_default(size=34), ImageFont.load_default(size=64)
    pen.text((80, 70), card.kicker, font=small, fill="white")
    lines = textwrap.wrap(card.title, width=30)[:4]
    if len(textwrap.wrap(card.title, width=30)) > 4:
        lines[-1] = lines[-1].rstrip(".,;: ") + "…"
    y = 150
    for line in lines:
        pen.text((80, y), line, font=large, fill="white")
        y += 80
    pen.rectangle((80, HEIGHT - 120, WIDTH - 80, HEIGHT - 116), fill="white")
    pen.text((80, HEIGHT - 95), card.footer, font=small, fill="white")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def write_cards(cards: list[Card], target: Path, cache: Path | None) -> None:
    for card in cards:
        key = hashlib.sha256("\x00".join((CARD_VERSION, card.kicker, card.title, card.footer, card.colour))
                             .encode()).hexdigest()
        destination = target / card.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        cached = cache / f"{key}.png" if cache else None
        if cached is not None and cached.is_file():
            shutil.copyfile(cached, destination)
            continue
        data = draw(card)
        destination.write_bytes(data)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f".{cached.name}.{os.getpid()}.partial")
            partial.write_bytes(data)
            partial.replace(cached)
