"""Publish pictures: orientation applied, every metadata block removed (speaker photos carry GPS
positions), converted to sRGB, resized to a few widths as WebP with a JPEG/PNG fallback.

Each derivative is cached by the source's content hash, so an unchanged photo costs nothing on
the next build; the cache only ever returns what the same bytes would produce."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from generator.model.images import Variant, image_set

CACHE_VERSION = "1"


def _to_srgb(image: Image.Image) -> Image.Image:
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError):
            pass
    if image.mode == "CMYK":
        return image.convert("RGB")
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        return image.convert("RGBA" if "transparency" in image.info or image.mode in ("P", "PA") else "RGB")
    return image


def _encode(image: Image.Image, variant: Variant) -> bytes:
    resized = image if image.width == variant.width else image.resize((variant.width, variant.height),
                                                                     Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if variant.format == "WEBP":
        resized.save(out, "WEBP", quality=80, method=4)
    elif variant.format == "PNG":
        resized.save(out, "PNG", optimize=True)
    else:
        resized.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def image_files(data: bytes, rel: str, size: tuple[int, int], cache: Path | None) -> dict[str, bytes]:
    """Every published copy of one picture (generator.model.images.image_set): path → bytes."""
    digest = hashlib.sha256(data + CACHE_VERSION.encode()).hexdigest()
    found: dict[str, bytes] = {}
    pending: list[Variant] = []
    for variant in image_set(rel, *size).variants:
        cached = cache / f"{digest}-{variant.width}.{variant.format.lower()}" if cache else None
        if cached is not None and cached.is_file():
            found[variant.path] = cached.read_bytes()
        else:
            pending.append(variant)
    if pending:
        with Image.open(io.BytesIO(data)) as opened:
            image = _to_srgb(ImageOps.exif_transpose(opened))
            for variant in pending:
                encoded = found[variant.path] = _encode(image, variant)
                if cache is not None:
                    name = f"{digest}-{variant.width}.{variant.format.lower()}"
                    cache.mkdir(parents=True, exist_ok=True)
                    partial = cache / f".{name}.{os.getpid()}.partial"
                    partial.write_bytes(encoded)
                    partial.replace(cache / name)
    return found
