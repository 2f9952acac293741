"""Cold builds got faster without visible change: photo variants and share cards
drawn today are compared, by SSIM, with what the slower drawing made before
(kept below as `before_*`: Lanczos from the full photo for every width, WebP
method 4, progressive JPEG, the card's photo fitted with Lanczos)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageOps

from builder import images
from builder.dev.generate import quick_photo
from ssim import ssim

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PHOTO = REPO / "products" / "BK-0005" / "cover.jpg"  # 1600×1200, drawn with grain
CARD_TEXT = images.CardText("Mật ong bạc hà Mèo Vạc đặc sản cao nguyên đá Đồng Văn", 4, "Huyện Mèo Vạc, Hà Giang",
                             "Sản phẩm OCOP")
SAME = 0.97  # SSIM above which no one sees a difference


def before_encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    out = io.BytesIO()
    if fmt == "webp":
        image.save(out, "WEBP", quality=quality, method=4)
    elif fmt == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def before_variants(data: bytes) -> dict[str, bytes]:
    """{'<width>.<ext>': bytes}, as the pipeline made them before."""
    image = images.open_photo(data, max(images.WIDTHS))
    fallback = "png" if image.mode == "RGBA" else "jpeg"
    widths = images.target_widths(image.width)
    out = {}
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        picture = image if width == image.width else image.resize((width, height), Image.LANCZOS, reducing_gap=3.0)
        for fmt in ("webp", fallback) if width == widths[-1] else ("webp",):
            out[f"{width}.{'jpg' if fmt == 'jpeg' else fmt}"] = before_encode(picture, fmt, images.QUALITY)
    return out


def before_card(photo: Path) -> bytes:
    picture = ImageOps.fit(images.open_photo(photo.read_bytes(), images.CARD_SIZE[0]), images.CARD_SIZE, Image.LANCZOS)
    background = Image.new("RGB", images.CARD_SIZE, (240, 240, 235))
    background.paste(picture, (0, 0), picture if picture.mode == "RGBA" else None)
    shade = Image.linear_gradient("L").resize(images.CARD_SIZE).point(lambda v: min(225, int(v * 1.6)))
    card = Image.composite(Image.new("RGB", images.CARD_SIZE, (12, 28, 16)), background, shade)
    return before_encode(images.draw_text(card, CARD_TEXT), "jpeg", 85)


def sideways_phone_photo(path: Path) -> Path:
    """3000×4000 once turned upright, as a phone stores it: the JPEG is decoded at a reduced scale."""
    Image.open(SAMPLE_PHOTO).resize((4000, 3000), Image.BICUBIC).save(path, quality=90, exif=_turned())
    return path


def _turned() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = 6
    return exif


def transparent_photo(path: Path) -> Path:
    image = Image.new("RGBA", (700, 500), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((100, 60, 600, 440), fill=(200, 60, 30, 255))
    image.save(path)
    return path


@pytest.fixture(scope="module")
def sample_photos(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("same")
    quick_photo(3).save(folder / "generated.jpg", quality=90)  # what the benchmark's catalogues have
    return [SAMPLE_PHOTO, folder / "generated.jpg", sideways_phone_photo(folder / "phone.jpg"),
            transparent_photo(folder / "transparent.png")]


def decoded(data: bytes) -> Image.Image:
    """As a page shows it: transparent parts over white (their hidden colour is no one's concern)."""
    image = Image.open(io.BytesIO(data)).convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", image.size, "white"), image).convert("RGB")


def test_photo_variants_look_as_before_at_the_same_sizes(sample_photos):
    for photo in sample_photos:
        data = photo.read_bytes()
        made: dict[str, bytes] = {}
        photo_set = images.make_variants(data, "key", lambda name, b: made.__setitem__(name.removeprefix("key-"), b))
        before = before_variants(data)
        assert sorted(made) == sorted(before), photo.name  # same widths, same formats, same names
        for name, data_before in before.items():
            old, new = decoded(data_before), decoded(made[name])
            assert new.size == old.size, (photo.name, name)
            assert ssim(old, new) >= SAME, (photo.name, name, ssim(old, new))
        assert {(v.width, v.height) for v in photo_set.variants} == {decoded(b).size for b in before.values()}


def test_share_cards_look_as_before(sample_photos):
    for photo in sample_photos:
        old, new = decoded(before_card(photo)), decoded(images.social_card(photo, CARD_TEXT))
        assert new.size == old.size == (1200, 630)
        assert ssim(old, new) >= SAME, (photo.name, ssim(old, new))


def test_share_cards_keep_their_text_where_it_was():
    """On a flat photo the background is the same either way, so every text pixel can be compared."""
    flat = Image.new("RGB", (800, 600), (90, 110, 80))
    out = io.BytesIO()
    flat.save(out, "PNG")
    data = out.getvalue()
    old_background = Image.composite(Image.new("RGB", images.CARD_SIZE, (12, 28, 16)),
                                     ImageOps.fit(flat, images.CARD_SIZE, Image.LANCZOS),
                                     Image.linear_gradient("L").resize(images.CARD_SIZE)
                                     .point(lambda v: min(225, int(v * 1.6))))
    old = images.draw_text(old_background, CARD_TEXT)
    new = images.draw_text(images.card_background(images.open_photo(data)), CARD_TEXT)
    assert new.size == (1200, 630)
    assert new.tobytes() == old.tobytes()
    white_text = Image.eval(new.convert("L"), lambda v: 255 if v > 225 else 0)
    assert white_text.getbbox()[1] > 630 // 3  # the text is there, in the darkened lower part
