"""Pictures are re-encoded: orientation applied, metadata (GPS) removed, sRGB, several widths, cached."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from PIL import Image


def photo_with_gps(path: Path, size: tuple[int, int] = (1200, 800), orientation: int = 6,
                   mode: str = "RGB") -> None:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (0, 200, 200, 0))
    image.paste((30, 30, 200) if mode == "RGB" else (200, 0, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Camera Maker"
    gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    exif[0x8825] = gps
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif.tobytes())


def add_speaker_photo(root: Path, name: str = "speaker.jpg", **kwargs: object) -> Path:
    source = root / "content" / "my-assembly" / "images" / name
    photo_with_gps(source, **kwargs)  # type: ignore[arg-type]
    speaker = root / "content" / "my-assembly" / "speakers" / "example-speaker.md"
    speaker.write_text(speaker.read_text().replace(
        "interests:", f"photo: images/{name}\nphoto_alt: The speaker at the first session\ninterests:"))
    return source


def test_photo_is_turned_stripped_and_resized(starter: Path) -> None:
    add_speaker_photo(starter)
    assert run_cli("--root", str(starter), "build").code == 0
    images = starter / "site" / "my-assembly" / "images"
    main = Image.open(images / "speaker.jpg")
    assert main.size == (800, 1200)  # orientation 6: the camera was turned a quarter
    assert not main.getexif()  # no GPS, no camera maker: nothing identifying
    assert b"Camera Maker" not in (images / "speaker.jpg").read_bytes()
    names = sorted(p.name for p in images.iterdir())
    assert names == ["speaker-320w.jpg", "speaker-320w.webp", "speaker-640w.jpg", "speaker-640w.webp",
                     "speaker-800w.webp", "speaker.jpg"]
    assert Image.open(images / "speaker-320w.webp").format == "WEBP"
    html = (starter / "site" / "my-assembly" / "speakers" / "example-speaker.html").read_text()
    assert 'type="image/webp"' in html and 'width="800" height="1200"' in html
    assert 'alt="The speaker at the first session"' in html


def test_cmyk_is_converted_to_srgb(starter: Path) -> None:
    source = starter / "content" / "my-assembly" / "images" / "print.jpg"
    source.parent.mkdir(parents=True, exist_ok=True)
    Image.new("CMYK", (400, 300), (0, 255, 255, 0)).save(source, "JPEG")
    assert run_cli("--root", str(starter), "build").code == 0
    out = Image.open(starter / "site" / "my-assembly" / "images" / "print.jpg")
    assert out.mode == "RGB"
    red, green, blue = out.getpixel((10, 10))  # type: ignore[misc]
    assert red > 200 and green < 60 and blue < 60


def test_unchanged_photo_is_not_encoded_again(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_speaker_photo(starter)
    assert run_cli("--root", str(starter), "build").code == 0
    first = (starter / "site" / "my-assembly" / "images" / "speaker-320w.webp").read_bytes()

    def refuse(*args: object) -> bytes:
        raise AssertionError("re-encoded although the photo did not change")

    monkeypatch.setattr("generator.write.images._encode", refuse)
    assert run_cli("--root", str(starter), "build").code == 0
    assert (starter / "site" / "my-assembly" / "images" / "speaker-320w.webp").read_bytes() == first


def test_changed_photo_is_never_served_stale(starter: Path) -> None:
    source = add_speaker_photo(starter)
    assert run_cli("--root", str(starter), "build").code == 0
    Image.new("RGB", (500, 500), (0, 160, 0)).save(source, "JPEG")
    assert run_cli("--root", str(starter), "build").code == 0
    out = Image.open(starter / "site" / "my-assembly" / "images" / "speaker.jpg")
    assert out.size == (500, 500)
    green = out.getpixel((250, 250))
    assert green[1] > 120 and green[0] < 60  # type: ignore[index]

