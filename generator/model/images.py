"""Which resized copies each picture gets: a pure function, so the pages and the writer agree."""

from __future__ import annotations

from dataclasses import dataclass

WIDTHS = (320, 640, 1024)
MAX_WIDTH = 1600


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    path: str
    format: str
    """PIL format name: WEBP, JPEG or PNG."""


@dataclass(frozen=True)
class ImageSet:
    path: str
    """The main copy, at the path the officer wrote (re-encoded, without metadata)."""
    width: int
    height: int
    fallback_format: str
    variants: tuple[Variant, ...]

    def srcset(self, image_format: str) -> str:
        return ", ".join(f"{v.path} {v.width}w" for v in self.variants if v.format == image_format)


def fallback_format(path: str) -> str:
    return "PNG" if path.lower().endswith(".png") else "JPEG"


def image_set(path: str, width: int, height: int) -> ImageSet:
    main_width = min(width, MAX_WIDTH)
    widths = sorted({w for w in WIDTHS if w < main_width} | {main_width})
    stem, _, suffix = path.rpartition(".")
    fallback = fallback_format(path)
    variants = []
    for w in widths:
        h = max(1, round(height * w / width))
        variants.append(Variant(w, h, f"{stem}-{w}w.webp", "WEBP"))
        variants.append(Variant(w, h, path if w == main_width else f"{stem}-{w}w.{suffix}", fallback))
    return ImageSet(path, main_width, max(1, round(height * main_width / width)), fallback, tuple(variants))
