"""Sharing cards: one picture per recommendation and update, drawn locally and cached."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from PIL import Image


def test_cards_for_recommendations_and_updates(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("--root", str(starter), "build").code == 0
    cards = starter / "site" / "my-assembly" / "cards"
    names = sorted(p.name for p in cards.iterdir())
    assert names == ["assembly-home.png", "recommendation-example-recommendation.png", "update-welcome.png"]
    with Image.open(cards / "recommendation-example-recommendation.png") as card:
        assert card.size == (1200, 630) and card.format == "PNG"
    first = (cards / "update-welcome.png").read_bytes()

    def refuse(*args: object) -> bytes:
        raise AssertionError("drew a card whose text did not change")

    monkeypatch.setattr("generator.write.cards.draw", refuse)
    assert run_cli("--root", str(starter), "build").code == 0
    assert (cards / "update-welcome.png").read_bytes() == first


def test_pages_carry_open_graph_tags_pointing_at_their_card(starter: Path) -> None:
    config = starter / "site_config.yml"
    config.write_text(config.read_text() + "site_url: https://assemblies.example.gov.uk/\n")
    assert run_cli("--root", str(starter), "build").code == 0
    html = (starter / "site" / "my-assembly" / "recommendations" / "example-recommendation.html").read_text()
    assert ('<meta property="og:image" content="https://assemblies.example.gov.uk/my-assembly/cards/'
            'recommendation-example-recommendation.png">') in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:title" content="Recommendation 1: An example recommendation (edited)">' in html


def test_cards_draw_welsh_and_accented_letters_not_boxes() -> None:
    from generator.write.cards import _font

    font = _font(64)
    masks = {ch: bytes(font.getmask(ch)) for ch in "ŵŷâéש"}
    assert len(set(masks.values())) == len(masks)  # a missing glyph draws the same box for each


def test_long_words_are_cut_to_fit_the_card() -> None:
    from generator.write.cards import WIDTH, _font, _wrap

    font = _font(64)
    lines = _wrap("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch station", font, WIDTH - 160)
    assert len(lines) >= 2 and all(font.getlength(line) <= WIDTH - 160 for line in lines)
    assert "".join(lines).replace(" ", "") == "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogochstation"
