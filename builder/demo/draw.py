"""Drawn photos for the sample catalogue: products on a table, landscapes.

    python -m builder.demo.draw     # redraws every sample photo

Deterministic for a kind and seed, so the sample stays byte-stable.
"""
from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
KINDS = ("jar", "bottle", "bag", "box", "bulbs", "fruit", "fabric", "basket", "plant", "chicken",
         "landscape", "tea-field", "lake")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), size)


def _vertical_gradient(size, top, bottom) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _grain(image: Image.Image, rng: random.Random) -> Image.Image:
    """Film grain from the seeded generator (Pillow's own noise is not reproducible)."""
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height)).convert("RGB")
    return Image.blend(image, noise, 0.04)


def _table_scene(size, rng):
    w, h = size
    wall = _vertical_gradient(size, tuple(rng.randrange(200, 245) for _ in range(3)),
                              tuple(rng.randrange(150, 200) for _ in range(3)))
    draw = ImageDraw.Draw(wall)
    wood = (rng.randrange(120, 170), rng.randrange(80, 110), rng.randrange(40, 70))
    table_y = int(h * 0.62)
    draw.rectangle((0, table_y, w, h), fill=wood)
    for i in range(0, w, max(8, w // 60)):
        shade = tuple(max(0, c - rng.randrange(0, 25)) for c in wood)
        draw.line((i, table_y, i + rng.randrange(-40, 40), h), fill=shade, width=2)
    return wall, table_y


def _shadow(image, box, blur=25):
    layer = Image.new("L", image.size, 0)
    ImageDraw.Draw(layer).ellipse(box, fill=120)
    layer = layer.filter(ImageFilter.GaussianBlur(blur))
    return Image.composite(Image.new("RGB", image.size, (30, 20, 10)), image, layer)


def _label(draw, box, text, colour, rng):
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(box, radius=12, fill=colour, outline=(255, 255, 255), width=4)
    font = _font(max(14, (y1 - y0) // 4))
    tw = draw.textlength(text, font=font)
    draw.text(((x0 + x1 - tw) / 2, y0 + (y1 - y0) / 2 - font.size / 1.6), text, font=font, fill="white")


def _product(image, kind, table_y, rng, text):
    w, h = image.size
    cx = w // 2 + rng.randrange(-w // 10, w // 10)
    image = _shadow(image, (cx - w // 4, table_y + h // 5, cx + w // 4, table_y + h // 4 + 40))
    draw = ImageDraw.Draw(image)
    colour = tuple(rng.randrange(40, 200) for _ in range(3))
    if kind in ("jar", "bottle"):
        body_w = w // 5 if kind == "jar" else w // 8
        top = table_y - (h // 3 if kind == "jar" else h // 2)
        fill = (205, 140, 30) if kind == "jar" else (120, 40, 30)
        draw.rounded_rectangle((cx - body_w, top, cx + body_w, table_y + h // 5), radius=body_w // 3, fill=fill)
        draw.rectangle((cx - body_w + 10, top + 20, cx - body_w + 30, table_y + h // 6), fill=(255, 230, 160))
        neck = body_w // 2 if kind == "jar" else body_w // 3
        draw.rectangle((cx - neck, top - h // 12, cx + neck, top + 4), fill=(60, 40, 30))
        _label(draw, (cx - body_w + 15, top + h // 10, cx + body_w - 15, top + h // 10 + h // 8), text, colour, rng)
    elif kind in ("bag", "box"):
        bw, bh = w // 4, h // 2
        top = table_y + h // 5 - bh
        if kind == "bag":
            draw.polygon([(cx - bw, top + 30), (cx + bw, top + 30), (cx + bw + 10, top + bh), (cx - bw - 10, top + bh)],
                         fill=(235, 225, 200))
            draw.rectangle((cx - bw, top, cx + bw, top + 34), fill=colour)
        else:
            draw.rectangle((cx - bw, top, cx + bw, top + bh), fill=colour)
            draw.polygon([(cx - bw, top), (cx - bw + 40, top - 40), (cx + bw + 40, top - 40), (cx + bw, top)],
                         fill=tuple(min(255, c + 40) for c in colour))
        _label(draw, (cx - bw + 30, top + bh // 3, cx + bw - 30, top + bh // 3 + bh // 4), text, colour, rng)
    elif kind in ("bulbs", "fruit"):
        base = (40, 35, 35) if kind == "bulbs" else (200, 40, 50)
        for i in range(rng.randrange(7, 12)):
            r = rng.randrange(w // 22, w // 14)
            x = cx + rng.randrange(-w // 5, w // 5)
            y = table_y + rng.randrange(-h // 12, h // 8)
            tint = tuple(max(0, min(255, c + rng.randrange(-20, 30))) for c in base)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tint)
            draw.ellipse((x - r // 2, y - r // 2, x - r // 6, y - r // 6), fill=tuple(min(255, c + 70) for c in tint))
        if kind == "fruit":
            draw.line((cx, table_y - h // 4, cx + 20, table_y), fill=(60, 90, 30), width=8)
            draw.ellipse((cx - 60, table_y - h // 4 - 30, cx + 40, table_y - h // 4 + 20), fill=(60, 140, 50))
    elif kind == "fabric":
        top = table_y - h // 8
        draw.rectangle((w // 8, top, w - w // 8, h - 20), fill=(20, 20, 60))
        palette = [(200, 30, 40), (240, 200, 40), (30, 140, 90), (240, 240, 240), (230, 100, 160)]
        step = max(20, w // 30)
        for row, y in enumerate(range(top + 10, h - 30, step)):
            for col, x in enumerate(range(w // 8 + 10, w - w // 8 - 10, step)):
                c = palette[(row + col * 2) % len(palette)]
                draw.polygon([(x, y + step // 2), (x + step // 2, y), (x + step, y + step // 2), (x + step // 2, y + step)], fill=c)
    elif kind == "basket":
        bw, top = w // 4, table_y - h // 6
        for y in range(top, table_y + h // 5, 14):
            draw.line((cx - bw, y, cx + bw, y), fill=(170, 120, 60), width=9)
        for x in range(cx - bw, cx + bw, 28):
            draw.line((x, top, x + 10, table_y + h // 5), fill=(120, 80, 40), width=6)
        draw.arc((cx - bw, top - h // 4, cx + bw, top + h // 6), 180, 360, fill=(120, 80, 40), width=14)
    elif kind == "plant":
        draw.polygon([(cx - w // 10, table_y), (cx + w // 10, table_y), (cx + w // 13, table_y + h // 5),
                      (cx - w // 13, table_y + h // 5)], fill=(150, 70, 40))
        for i in range(9):
            angle = -math.pi / 2 + rng.uniform(-1.1, 1.1)
            length = rng.randrange(h // 6, h // 3)
            x1, y1 = cx + length * math.cos(angle), table_y + length * math.sin(angle)
            draw.line((cx, table_y, x1, y1), fill=(80, 60, 40), width=7)
            blossom = (240, 150, 180) if rng.random() < 0.6 else (250, 240, 245)
            for _ in range(5):
                r = rng.randrange(10, 22)
                bx, by = x1 + rng.randrange(-30, 30), y1 + rng.randrange(-30, 30)
                draw.ellipse((bx - r, by - r, bx + r, by + r), fill=blossom)
    elif kind == "chicken":
        body = (150, 80, 30)
        draw.ellipse((cx - w // 7, table_y - h // 6, cx + w // 9, table_y + h // 10), fill=body)
        draw.ellipse((cx + w // 16, table_y - h // 4, cx + w // 7, table_y - h // 10), fill=body)
        draw.polygon([(cx + w // 7, table_y - h // 5), (cx + w // 7 + 30, table_y - h // 5 + 10),
                       (cx + w // 7, table_y - h // 5 + 20)], fill=(240, 180, 30))
        draw.ellipse((cx + w // 10, table_y - h // 4 - 20, cx + w // 8, table_y - h // 4 + 5), fill=(210, 30, 30))
        draw.polygon([(cx - w // 7, table_y - h // 10), (cx - w // 5, table_y - h // 4), (cx - w // 9, table_y - h // 8)],
                     fill=(30, 60, 40))
    return image


def _landscape(size, rng, kind):
    w, h = size
    sky = _vertical_gradient(size, (rng.randrange(120, 170), rng.randrange(170, 210), 240), (235, 235, 225))
    draw = ImageDraw.Draw(sky)
    for layer in range(4):
        base = int(h * (0.35 + layer * 0.12))
        green = (40 + layer * 20, 90 + layer * 25, 60 + layer * 10)
        points = [(0, h)]
        for x in range(0, w + 40, 40):
            points.append((x, base - int(h * 0.12 * math.sin(x / w * math.pi * (2 + layer) + rng.random() * 6))))
        points.append((w, h))
        draw.polygon(points, fill=green)
    if kind == "tea-field":
        for y in range(int(h * 0.6), h, 22):
            draw.arc((-w // 2, y - 60, w + w // 2, y + 60), 0, 180, fill=(40, 120, 50), width=12)
    if kind == "lake":
        draw.ellipse((w // 8, int(h * 0.7), w - w // 8, h + h // 5), fill=(60, 120, 150))
        for i in range(12):
            x = rng.randrange(w // 6, w - w // 6)
            y = rng.randrange(int(h * 0.75), h - 20)
            draw.line((x, y, x + rng.randrange(30, 90), y), fill=(170, 210, 225), width=3)
    return sky


def draw_photo(kind: str, seed: int, size=(1600, 1200), text: str = "OCOP") -> Image.Image:
    rng = random.Random(f"{kind}-{seed}")
    if kind in ("landscape", "tea-field", "lake"):
        image = _landscape(size, rng, kind)
    else:
        image, table_y = _table_scene(size, rng)
        image = _product(image, kind, table_y, rng, text)
    return _grain(image.filter(ImageFilter.GaussianBlur(1.2)), rng)


def draw_district(kind: str, seed: int, size=(1600, 900)) -> Image.Image:
    return draw_photo(kind, seed, size)


DISTRICT_SCENES = {"ba-be": "lake", "ly-son": "lake", "tam-duong": "tea-field"}


def redraw_sample(root: Path) -> None:
    """Draws every photo named in the sample's product.yaml files (``# draw: kind text`` comments)."""
    import yaml

    for path in sorted((root / "products").glob("*/product.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        hints = [line.split("# draw:")[1].strip() for line in path.read_text("utf-8").splitlines() if "# draw:" in line]
        for index, image in enumerate(data["images"]):
            kind, _, text = (hints[index] if index < len(hints) else "box OCOP").partition(" ")
            draw_photo(kind, index + sum(map(ord, data["id"])), text=text or "OCOP").save(
                path.parent / image["file"], quality=82, optimize=True)
    areas = yaml.safe_load((root / "catalogue" / "areas.yaml").read_text("utf-8"))
    for province in areas["provinces"]:
        for district in province["districts"]:
            if district.get("image"):
                kind = DISTRICT_SCENES.get(district["id"], "landscape")
                target = root / "catalogue" / district["image"]
                target.parent.mkdir(parents=True, exist_ok=True)
                draw_district(kind, sum(map(ord, district["id"]))).save(target, quality=80, optimize=True)


if __name__ == "__main__":
    redraw_sample(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
