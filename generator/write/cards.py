"""Sharing cards: a 1200×630 picture per recommendation and update, for the Open Graph and
Twitter tags, so a link shared by the comms team shows its title and the council's position.

Drawn with Pillow and DejaVu Sans (fonts/), so nothing is downloaded; cached by the
card's text, so an unchanged card is not drawn again."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.plan.cards import Card

WIDTH, HEIGHT = 1200, 630
CARD_VERSION = "3"


def _hex(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
"""DejaVu Sans (free licence, fonts/DejaVuSans-LICENSE.txt): Welsh ŵ and ŷ, accented Latin, Greek,
Cyrillic, Hebrew and Arabic letters. It is only used to draw the cards; readers never download it."""


@functools.lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines that fit `width` pixels; a word longer than a line is cut."""
    lines: list[str] = []
    for word in text.split():
        while font.getlength(word) > width:
            cut = max(1, next((i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= width), 1))
            lines.append(word[:cut])
            word = word[cut:]
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        elif word:
            lines.append(word)
    return lines


def draw(card: Card) -> bytes:
    """The card as a PNG. Drawn as one 8-bit channel (0 = the theme colour, 255 = white) with a
    palette blending the two, so anti-aliased text keeps its smooth edges while the file is small
    and quick to compress (a tenth of the time of the full-colour PNG it replaced)."""
    import io

    image = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(image)
    small, large = _font(34), _font(64)
    pen.text((80, 70), card.kicker, font=small, fill=255)
    wrapped = _wrap(card.title, large, WIDTH - 160)
    lines = wrapped[:4]
    if len(wrapped) > 4:
        lines[-1] = lines[-1].rstrip(".,;: ") + "…"
    y = 150
    for line in lines:
        pen.text((80, y), line, font=large, fill=255)
        y += 80
    pen.rectangle((80, HEIGHT - 120, WIDTH - 80, HEIGHT - 116), fill=255)
    pen.text((80, HEIGHT - 95), card.footer, font=small, fill=255)
    background = _hex(card.colour)
    image.putpalette([round(c + (255 - c) * level / 255) for level in range(256) for c in background])
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()


def _cached_path(card: Card, cache: Path) -> Path:
    key = hashlib.sha256("\x00".join((CARD_VERSION, card.kicker, card.title, card.footer, card.colour))
                         .encode()).hexdigest()
    return cache / f"{key}.png"


def _store(data: bytes, cached: Path) -> None:
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f".{cached.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(cached)


def missing(cards: list[Card], cache: Path) -> list[Card]:
    """The cards not yet in the cache."""
    return [card for card in cards if not _cached_path(card, cache).is_file()]


def _fill(cards: list[Card], cache: Path) -> int:
    for card in cards:
        _store(draw(card), _cached_path(card, cache))
    return len(cards)


def fill_cache(cards: list[Card], cache: Path, workers: int = 1) -> int:
    """Draw the cards missing from the cache, on `workers` processes (a card is 3 ms of one
    processor, so a thousand are worth sharing out); returns how many were drawn."""
    drawn = missing(cards, cache)
    if workers < 2 or len(drawn) < 2 * workers:
        return _fill(drawn, cache)
    from concurrent.futures import ProcessPoolExecutor

    shares = [drawn[start::workers] for start in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        return sum(pool.map(_fill, shares, [cache] * workers))


def card_file(card: Card, cache: Path | None) -> bytes:
    """The card's PNG: from the cache when drawn before, else drawn now (and kept)."""
    cached = _cached_path(card, cache) if cache else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    data = draw(card)
    if cached is not None:
        _store(data, cached)
    return data
