"""Share cards: the 1200×630 picture social media show when a product page is
shared, its photo darkened at the bottom under the stars, name, place and site name.

A card is named by everything it shows, so a cached one is found without
drawing it. The cards of one photo (one per language whose name is translated)
are drawn from one decoded photo and one background (see pipeline.py).
"""
from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from .. import fonts
from .variants import Settings, largest_needed, open_photo

CARD_SIZE = (1200, 630)
# Quality 82 without Huffman optimisation: files the size of quality 85 optimised
# (measured on generated and sample photos: ±1 %), encoded in half the time.
CARD_QUALITY = 82
CARD_VERSION = "card-v5"  # v5: quality 82, unoptimised


@dataclass(frozen=True)
class CardText:
    """What a share card shows besides its photo."""
    title: str
    stars: int
    subtitle: str
    site_name: str


def card_name(photo_key: str, text: CardText) -> str:
    """A share card is named by everything it shows, so a cached one is found without reading it."""
    shown = (CARD_VERSION, photo_key, text.title, text.stars, text.subtitle, text.site_name)
    return f"{hashlib.sha256(repr(shown).encode()).hexdigest()[:16]}-card.jpg"


def card_jpeg(background: Image.Image, text: CardText) -> bytes:
    out = io.BytesIO()
    draw_text(background, text).save(out, "JPEG", quality=CARD_QUALITY)
    return out.getvalue()


def decode_width(settings: Settings) -> int:
    """How wide a photo is decoded: enough for its largest variant and for its card.
    Always the same for the same settings, so a card's bytes never depend on
    whether its photo's variants were made in the same job."""
    return max(largest_needed(settings), CARD_SIZE[0])


def social_card(photo: Path, text: CardText) -> bytes:
    """One card drawn from a photo file, as the ImagePipeline draws it among many."""
    return card_jpeg(card_background(open_photo(photo.read_bytes(), decode_width(Settings()))), text)


# --- the picture ------------------------------------------------------------------

def card_background(photo: Image.Image) -> Image.Image:
    """The photo filling the card, darkened towards the bottom where the text sits."""
    background = Image.new("RGB", CARD_SIZE, (240, 240, 235))  # behind transparent photos
    picture = _cover(photo)
    background.paste(picture, (0, 0), picture if picture.mode == "RGBA" else None)
    return Image.composite(_dark(), background, _shade())


def _cover(photo: Image.Image) -> Image.Image:
    """The centre of the photo, resampled once to exactly fill the card (as ImageOps.fit).

    Bicubic, after a box reduction of photos over twice the card's size; bilinear to
    enlarge a small photo: SSIM 0.997 or more against Lanczos, for a third of the time."""
    width, height = CARD_SIZE
    scale = max(width / photo.width, height / photo.height)
    crop_w, crop_h = width / scale, height / scale
    left, top = (photo.width - crop_w) / 2, (photo.height - crop_h) / 2
    resample = Image.BILINEAR if scale > 1 else Image.BICUBIC
    return photo.resize(CARD_SIZE, resample, box=(left, top, left + crop_w, top + crop_h), reducing_gap=2.0)


@lru_cache(maxsize=1)
def _shade() -> Image.Image:
    return Image.linear_gradient("L").resize(CARD_SIZE).point(lambda v: min(225, int(v * 1.6)))


@lru_cache(maxsize=1)
def _dark() -> Image.Image:
    return Image.new("RGB", CARD_SIZE, (12, 28, 16))


# --- the text -----------------------------------------------------------------------

@lru_cache(maxsize=None)  # a handful of sizes, made once per process
def _font(size: int, bold: bool = False) -> fonts.PillowText:
    return fonts.PillowText(size, bold)  # each character in a face that has it (Latin, CJK)


def _wrap(text: str, font: fonts.PillowText, width: int, lines: int) -> list[str]:
    """At most `lines` lines no wider than `width`, broken at spaces or between CJK characters."""
    return fonts.wrap(text, font.width, width, lines)


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw_text(background: Image.Image, text: CardText) -> Image.Image:
    """The stars, name, place and site name, over a copy of the background."""
    width, height = CARD_SIZE
    card = background.copy()
    draw = ImageDraw.Draw(card)
    margin, text_width = 60, width - 120
    title_font, title_lines = _title_layout(text.title, text_width)
    line_height = int(title_font.size * 1.2)
    small, site_font = _font(32), _font(26, bold=True)
    shadow = {"stroke_width": 2, "stroke_fill": (0, 0, 0)}  # legible on any photo
    stars = max(0, min(5, text.stars))
    y = height - margin - 40 - 50 - line_height * len(title_lines) - 64
    for i in range(5):
        draw.polygon(_star(margin + 24 + i * 56, y + 24, 24), fill=(255, 193, 7) if i < stars else (150, 150, 150),
                     outline=(0, 0, 0))
    # Everything but the name recurs on thousands of cards: stamped from masks rendered once
    small.stamp(card, (margin + 5 * 56 + 8, y + 6), f"{stars}★ OCOP", "white", **shadow)
    y += 64
    for line in title_lines:
        title_font.draw(draw, (margin, y), line, fill="white", **shadow)
        y += line_height
    small.stamp(card, (margin, y + 6), _wrap(text.subtitle, small, text_width, 1)[0], (235, 235, 235), **shadow)
    site_font.stamp(card, (margin, height - margin - 10), _wrap(text.site_name, site_font, text_width, 1)[0],
                    (190, 235, 190), **shadow)
    return card


def _title_layout(title: str, width: int) -> tuple[fonts.PillowText, list[str]]:
    """The largest type that fits the name in two lines (three for long names)."""
    for size, lines in ((60, 2), (50, 2), (44, 3)):
        font = _font(size, bold=True)
        wrapped = _wrap(title, font, width, lines)
        if not wrapped[-1].endswith("…") or size == 44:
            return font, wrapped
    raise AssertionError("unreachable")
