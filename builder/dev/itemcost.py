"""What one item costs in a cold build: a share card, a product's QR codes, a photo's variants.

    python -m builder.dev.itemcost [--repeat 5] [--photo PATH ...]

CPU time of this process (time.process_time), median of --repeat runs per item:
the cores are shared, so wall time would measure the neighbours. The photos are
a generated 800×600 one (what the benchmark's catalogues have), a 1600×1200 one
and a 4000×3000 phone-sized one (both photo-like: gradients, shapes and grain),
or the files given with --photo.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from ..images import CardText, make_variants, social_card, source_key
from ..images.cards import card_background, card_jpeg, decode_width
from ..images.variants import Settings, open_photo
from ..qr import qr_png, qr_svg
from .generate import quick_photo

TITLE = "Mật ong bạc hà Mèo Vạc đặc sản cao nguyên đá Đồng Văn"
SUBTITLE = "Huyện Mèo Vạc, Hà Giang"
URL = "https://ocop.example.vn/t/P-00042/L2409/"


def phone_like_photo(size: tuple[int, int], seed: int = 7) -> Image.Image:
    """Shapes at every scale with sensor grain: encoders and resamplers work as hard as on a
    real photo (a 4000×3000 one is 3.4 MB as a JPEG at quality 90, as a phone's is)."""
    rng = random.Random(seed)
    image = quick_photo(seed, (size[0] // 4, size[1] // 4)).resize(size, Image.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y, r = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(2, size[1] // 12)
        draw.ellipse((x - r, y - r, x + r, y + r // 2), fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(size[0] / 1500))
    grain = Image.effect_noise(size, 40)
    return Image.blend(image, Image.merge("RGB", [grain] * 3), 0.15)


def cpu_ms(work, repeat: int) -> float:
    """Median CPU milliseconds of one call of work()."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def sample_photos(folder: Path, given: list[Path]) -> list[Path]:
    if given:
        return given
    photos = []
    for name, image in (("generated-800x600.jpg", quick_photo(3)),
                        ("photo-1600x1200.jpg", phone_like_photo((1600, 1200))),
                        ("phone-4000x3000.jpg", phone_like_photo((4000, 3000)))):
        photos.append(folder / name)
        image.save(photos[-1], quality=90)
    return photos


def measure(photos: list[Path], repeat: int) -> list[tuple[str, float, int]]:
    """(item, CPU ms, bytes written) for each kind of item."""
    rows = []
    for photo in photos:
        data = photo.read_bytes()
        out: dict[str, int] = {}
        def store(name: str, encoded: bytes) -> None:
            out[name] = len(encoded)
        ms = cpu_ms(lambda: make_variants(data, source_key(data), store), repeat)
        rows.append((f"photo variants, {photo.name}", ms, sum(out.values())))
        vi, en = CardText(TITLE, 4, SUBTITLE, "Sản phẩm OCOP"), CardText(TITLE, 4, SUBTITLE, "OCOP products")
        card = social_card(photo, vi)
        ms = cpu_ms(lambda: social_card(photo, vi), repeat)  # decoding the photo and drawing its background
        rows.append((f"share card, {photo.name}", ms, len(card)))
        background = card_background(open_photo(data, decode_width(Settings())))
        ms = cpu_ms(lambda: card_jpeg(background, en), repeat)
        rows.append((f"share card, each further language, {photo.name}", ms, len(card)))
    urls = (f"{URL}{n}/" for n in range(repeat + 1))  # a new URL each time: nothing remembered helps
    codes = qr_svg(URL), qr_png(URL)
    rows.append(("QR code SVG + PNG, one URL", cpu_ms(lambda: (url := next(urls), qr_svg(url), qr_png(url)), repeat),
                 sum(map(len, codes))))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--photo", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        rows = measure(sample_photos(Path(folder), args.photo), args.repeat)
    print("| item | CPU ms | bytes |\n|---|---|---|")
    for item, ms, size in rows:
        print(f"| {item} | {ms:.1f} | {size:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
