"""Photos: upright, light, private; hostile files refused with their names."""
from __future__ import annotations

import os
import shutil
import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageFile

from builder import images
from builder.images import CardText, ImagePipeline, ImageSet, Variant, check_image, social_card
from conftest import PRODUCT_YAML, run_ocop, write_product

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
PRIVATE_BYTES = (b"Exif", b"GPS", b"<x:xmpmeta", b"xmpmeta", b"PhoneMaker", b"ICC_PROFILE", b"iCCP", b"ICCP")


def phone_exif(orientation: int = 6) -> Image.Exif:
    """What a phone writes: orientation (6: turn 90° clockwise to view), maker, GPS position."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (21.0, 5.0, 3.0), 3: "E", 4: (105.0, 51.0, 2.0)})
    return exif


def rotated_phone_photo(path, size=(1600, 1200)):
    """Landscape pixels with a red top-left mark, stored sideways as phones do."""
    image = Image.new("RGB", size, (40, 120, 60))
    image.paste((255, 0, 0), (0, 0, size[0] // 8, size[0] // 8))
    image.save(path, "JPEG", exif=phone_exif(), xmp=XMP, icc_profile=SRGB_ICC, comment=b"PhoneMaker", quality=90)
    return path


def png_claiming(path, width, height):
    """A tiny valid PNG whose header claims width×height pixels."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))
    return path


@pytest.fixture
def photos(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    rotated_phone_photo(folder / "phone.jpg")
    Image.new("CMYK", (900, 600), (0, 80, 200, 10)).save(folder / "cmyk.jpg", quality=90)
    rgba = Image.new("RGBA", (700, 500), (0, 0, 0, 0))
    rgba.paste((200, 30, 30, 255), (100, 100, 300, 300))
    rgba.save(folder / "rgba.png", exif=phone_exif(1), icc_profile=SRGB_ICC)
    Image.new("I;16", (640, 480), 40000).save(folder / "deep.png")
    Image.new("RGB", (1000, 800), (30, 60, 200)).save(folder / "private.webp", exif=phone_exif(1), xmp=XMP,
                                                      icc_profile=SRGB_ICC)
    return folder


def process(photos, tmp_path, **options):
    pipeline = ImagePipeline(tmp_path / "cache", **options)
    return pipeline, pipeline.process(sorted(photos.iterdir()))


def open_variant(pipeline, variant) -> Image.Image:
    return Image.open(BytesIO(Path(pipeline.file(variant.name)).read_bytes()))


def widths(photo: ImageSet, fmt="webp") -> list[int]:
    return [v.width for v in photo.variants if v.format == fmt]


# --- what visitors see ---------------------------------------------------------

def test_a_sideways_phone_photo_is_shown_upright(photos, tmp_path):
    pipeline, sets = process(photos, tmp_path)
    phone = sets[photos / "phone.jpg"]
    assert (phone.width, phone.height) == (1200, 1600)  # portrait once turned upright
    for variant in phone.variants:
        image = open_variant(pipeline, variant).convert("RGB")
        assert image.size == (variant.width, variant.height)
        near = max(2, image.width // 40)
        assert image.getpixel((image.width - near, near))[0] > 200  # the red mark is now top right...
        assert image.getpixel((near, near))[0] < 100  # ...and not top left


def test_widths_never_exceed_the_photo(photos, tmp_path):
    _, sets = process(photos, tmp_path)
    assert widths(sets[photos / "phone.jpg"]) == [320, 640, 960, 1200]  # its own width instead of 1280
    assert widths(sets[photos / "cmyk.jpg"]) == [320, 640, 900]  # its own width instead of 960 and 1280
    assert widths(sets[photos / "deep.png"]) == [320, 640]
    small = photos / "small.jpg"
    Image.new("RGB", (200, 150), "white").save(small)
    assert widths(ImagePipeline(tmp_path / "small").process([small])[small]) == [200]


def test_a_big_photo_is_never_wider_than_2000_px(tmp_path):
    big = tmp_path / "big.jpg"
    rotated_phone_photo(big, (4000, 3000))  # upright: 3000×4000
    pipeline = ImagePipeline(tmp_path / "cache", widths=(320, 1280, 2400, 3200))
    photo = pipeline.process([big])[big]
    assert widths(photo) == [320, 1280, 2000]
    assert (photo.width, photo.height) == (2000, 2667)
    largest = open_variant(pipeline, photo.fallback)
    assert largest.size == (2000, 2667) and largest.getpixel((1990, 10))[0] > 200
    default = ImagePipeline(tmp_path / "default").process([big])[big]
    assert max(v.width for v in default.variants) == 1280


def test_no_metadata_in_any_output(photos, tmp_path):
    pipeline, sets = process(photos, tmp_path)
    checked = 0
    for photo in sets.values():
        for variant in photo.variants:
            data = Path(pipeline.file(variant.name)).read_bytes()
            image = Image.open(BytesIO(data))
            assert image.format.lower() == variant.format
            assert image.mode in ("RGB", "RGBA")
            assert not image.getexif()
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(image.info)
            for private in PRIVATE_BYTES:
                assert private not in data, (variant.name, private)
            checked += 1
    assert checked >= 15


def test_cmyk_becomes_rgb(photos, tmp_path):
    pipeline, sets = process(photos, tmp_path)
    cmyk = sets[photos / "cmyk.jpg"]
    assert cmyk.fallback.format == "jpeg"
    for variant in cmyk.variants:
        assert open_variant(pipeline, variant).mode == "RGB"
    r, g, b = open_variant(pipeline, cmyk.fallback).getpixel((450, 300))
    assert r > 200 and b < 80  # little cyan, much yellow: an orange, not a negative


def test_transparency_stays_transparent(photos, tmp_path):
    pipeline, sets = process(photos, tmp_path)
    rgba = sets[photos / "rgba.png"]
    assert rgba.fallback.format == "png" and rgba.formats == ("webp", "png")
    for variant in rgba.variants:
        image = open_variant(pipeline, variant)
        assert image.mode == "RGBA"
        assert image.getpixel((1, 1))[3] == 0
        inside = image.getpixel((image.width * 2 // 7, image.height * 2 // 5))
        assert inside[3] == 255 and inside[0] > 150
    # The placeholder is the colour of what is visible, not darkened by the transparent part.
    r, g, b = (int(rgba.placeholder[i:i + 2], 16) for i in (1, 3, 5))
    assert r > 150 and g < 80 and b < 80


def test_16_bit_greyscale_becomes_8_bit_grey(photos, tmp_path):
    pipeline, sets = process(photos, tmp_path)
    deep = sets[photos / "deep.png"]
    assert deep.fallback.format == "jpeg"
    r, g, b = open_variant(pipeline, deep.fallback).getpixel((10, 10))
    assert abs(r - 156) <= 3 and r == g == b  # 40000 / 256


def test_placeholder_is_the_average_colour(photos, tmp_path):
    _, sets = process(photos, tmp_path)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", photo.placeholder) for photo in sets.values())
    r, g, b = (int(sets[photos / "private.webp"].placeholder[i:i + 2], 16) for i in (1, 3, 5))
    assert abs(r - 30) + abs(g - 60) + abs(b - 200) < 8  # the photo is (30, 60, 200) all over


def test_image_set_helpers():
    photo = ImageSet(640, 480, (Variant("ab-320.webp", "webp", 320, 240), Variant("ab-640.webp", "webp", 640, 480),
                                Variant("ab-640.jpg", "jpeg", 640, 480)), "#102030")
    assert photo.srcset("webp", "img/") == "img/ab-320.webp 320w, img/ab-640.webp 640w"
    assert photo.formats == ("webp", "jpeg")
    assert photo.fallback.name == "ab-640.jpg" and photo.name == "ab-640.jpg"
    assert photo.default("webp").name == "ab-640.webp" and photo.default() == photo.fallback


def test_names_are_content_addressed(photos, tmp_path):
    copy = photos / "copy.jpg"
    copy.write_bytes((photos / "phone.jpg").read_bytes())
    calls = []
    pipeline = ImagePipeline(tmp_path / "cache")
    sets = pipeline.process([photos / "phone.jpg", copy], lambda done, total: calls.append((done, total)))
    assert sets[copy] == sets[photos / "phone.jpg"]  # one set of files for identical photos
    assert calls == [(1, 1)]
    name = sets[copy].fallback.name
    assert re.fullmatch(r"[0-9a-f]{16}-1200\.jpg", name)
    assert Path(pipeline.file(name)) == tmp_path / "cache" / name[:2] / name
    other = ImagePipeline(tmp_path / "cache", quality=60).process([copy])[copy]
    assert other.fallback.name != name  # new settings, new names: a cached page never shows stale bytes


# --- the cache and determinism ---------------------------------------------------

def test_second_run_is_served_from_the_cache(photos, tmp_path, monkeypatch):
    paths = sorted(photos.iterdir())
    first = ImagePipeline(tmp_path / "cache", jobs=1)
    sets = first.process(paths)
    files = sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.name != "index.pickle")
    stamps = [p.stat().st_mtime_ns for p in files]

    def no_encoding(*args, **kwargs):
        raise AssertionError("an unchanged photo was encoded again")
    monkeypatch.setattr(images.pipeline, "open_photo", no_encoding)
    for pipeline in (first, ImagePipeline(tmp_path / "cache", jobs=1)):  # same run, and a later build
        assert pipeline.process(paths) == sets
    assert [p.stat().st_mtime_ns for p in files] == stamps


def test_a_variant_or_card_missing_from_the_cache_is_made_again(photos, tmp_path):
    path = photos / "cmyk.jpg"
    text = CardText("Mật ong", 4, "Tuyên Quang", "Sản phẩm OCOP")
    pipeline = ImagePipeline(tmp_path / "cache", jobs=1)
    photo = pipeline.process([path], cards={path: [text]})[path]
    variant, card = pipeline.file(photo.variants[0].name), pipeline.file(pipeline.card_name(path, text))
    os.remove(variant)
    os.remove(card)
    assert ImagePipeline(tmp_path / "cache", jobs=1).process([path], cards={path: [text]})[path] == photo
    assert os.path.isfile(variant) and os.path.isfile(card)


def test_a_changed_photo_is_made_again(photos, tmp_path):
    path = photos / "cmyk.jpg"
    pipeline = ImagePipeline(tmp_path / "cache", jobs=1)
    before = pipeline.process([path])[path]
    Image.new("RGB", (900, 600), "white").save(path)
    after = ImagePipeline(tmp_path / "cache", jobs=1).process([path])[path]
    assert after.fallback.name != before.fallback.name and after.placeholder == "#ffffff"


def test_output_is_byte_identical_across_fresh_caches(photos, tmp_path):
    paths = sorted(photos.iterdir())
    serial = ImagePipeline(tmp_path / "one", jobs=1)
    parallel = ImagePipeline(tmp_path / "two", jobs=2)
    progress = []
    sets = serial.process(paths)
    assert parallel.process(paths, lambda done, total: progress.append((done, total))) == sets
    assert progress[-1] == (len(paths), len(paths))
    for photo in sets.values():
        for variant in photo.variants:
            assert Path(serial.file(variant.name)).read_bytes() == Path(parallel.file(variant.name)).read_bytes()


def test_a_phone_mpo_photo_is_accepted(tmp_path):
    """Some phones save JPEGs with a second picture appended (MPO)."""
    path = tmp_path / "mpo.jpg"
    Image.new("RGB", (400, 300), "orange").save(path, "MPO", save_all=True,
                                                append_images=[Image.new("RGB", (400, 300), "blue")])
    assert Image.open(path).format == "MPO"
    assert check_image("mpo.jpg", tmp_path) is None
    photo = ImagePipeline(tmp_path / "cache").process([path])[path]
    assert widths(photo) == [320, 400]


# --- share cards ---------------------------------------------------------------

def yellow_pixels(image: Image.Image) -> int:
    """How much of the card is star yellow."""
    return sum(1 for r, g, b in image.get_flattened_data() if r > 230 and 165 < g < 220 and b < 50)


def test_social_card(photos, tmp_path):
    title = "Mật ong bạc hà Mèo Vạc đặc sản cao nguyên đá Đồng Văn, hũ thủy tinh 500 ml"
    phone, text = photos / "phone.jpg", CardText(title, 4, "Huyện Mèo Vạc, Hà Giang", "Sản phẩm OCOP")
    pipeline = ImagePipeline(tmp_path / "cache", jobs=1)
    pipeline.process([phone], cards={phone: [text]})
    data = Path(pipeline.file(pipeline.card_name(phone, text))).read_bytes()
    card = Image.open(BytesIO(data))
    assert card.size == (1200, 630) and card.format == "JPEG" and card.mode == "RGB"
    assert not card.getexif() and not {"exif", "icc_profile", "comment", "xmp"} & set(card.info)
    assert not any(private in data for private in PRIVATE_BYTES)
    assert len(list((tmp_path / "cache").rglob("*-card.jpg"))) == 1
    assert social_card(phone, text) == data  # deterministic: the same drawn alone or with the photo's variants
    five = Image.open(BytesIO(social_card(phone, CardText(title, 5, "", ""))))
    assert yellow_pixels(five) > yellow_pixels(card) > 1000  # the stars are drawn, as many as earned


def test_social_card_of_a_transparent_photo(photos):
    card = Image.open(BytesIO(social_card(photos / "rgba.png", CardText("Nón lá", 3, "Huế", "OCOP"))))
    assert card.size == (1200, 630) and card.mode == "RGB"


def test_cards_are_drawn_in_the_photos_pass_from_one_decoded_photo(photos, tmp_path, monkeypatch):
    decoded, backgrounds = [], []
    real_open, real_background = images.pipeline.open_photo, images.pipeline.card_background
    monkeypatch.setattr(images.pipeline, "open_photo", lambda *a: decoded.append(1) or real_open(*a))
    monkeypatch.setattr(images.pipeline, "card_background", lambda p: backgrounds.append(1) or real_background(p))
    paths = [photos / "phone.jpg", photos / "rgba.png"]
    texts = {path: [CardText(f"{lang} {path.stem}", 4, lang, "OCOP") for lang in ("vi", "en", "zh")] for path in paths}
    pipeline = ImagePipeline(tmp_path / "cache", jobs=1)
    progress = []
    pipeline.process(paths, lambda done, total: progress.append((done, total)), cards=texts)
    assert len(decoded) == len(backgrounds) == 2  # each photo decoded once, one background for its three cards
    assert progress == [(4, 8), (8, 8)]  # the bar counts photos and cards
    for path in paths:
        for text in texts[path]:
            assert Path(pipeline.file(pipeline.card_name(path, text))).read_bytes() == social_card(path, text)
    # A renamed product: its photo is cached, so only the new card is drawn, in a pass of its own
    decoded.clear()
    variants = {path: path.stat().st_mtime_ns for path in (tmp_path / "cache").rglob("*.webp")}
    renamed = CardText("Mật ong mới", 4, "vi", "OCOP")
    pipeline.process(paths, cards={**texts, paths[0]: [renamed, *texts[paths[0]]]})
    assert len(decoded) == 1 and os.path.isfile(pipeline.file(pipeline.card_name(paths[0], renamed)))
    assert {path: path.stat().st_mtime_ns for path in (tmp_path / "cache").rglob("*.webp")} == variants


def test_the_cards_of_a_photo_many_products_share_are_spread_over_every_core(photos, tmp_path):
    photo = photos / "phone.jpg"
    texts = [CardText(f"Sản phẩm số {i}", 3, "Huế", "OCOP") for i in range(150)]
    progress = []
    ImagePipeline(tmp_path / "cache", jobs=2).process([photo], lambda *report: progress.append(report),
                                                      cards={photo: texts})
    assert [total for _, total in progress] == [151] * 3  # the variants and 150 cards, in jobs of at most 64
    assert progress[-1] == (151, 151)
    assert len(list((tmp_path / "cache").rglob("*-card.jpg"))) == 150


def test_card_font_ships_with_the_builder():
    from builder import fonts
    assert all(face.file(bold).is_file() for face in fonts.FACES for bold in (False, True))


# --- hostile files -------------------------------------------------------------

HOSTILE = {
    "text.jpg": (lambda p: p.write_text("this is not a photo"), "not a real JPEG"),
    "png-inside.jpg": (lambda p: Image.new("RGB", (20, 20)).save(p, "PNG"), "its content is PNG"),
    "truncated.jpg": (lambda p: p.write_bytes(p.with_name("phone.jpg").read_bytes()[:20000]), "damaged or truncated"),
    "half.png": (lambda p: p.write_bytes(_half_png()), "damaged or truncated"),
    "bomb.png": (lambda p: png_claiming(p, 40_000, 40_000), "enormous size"),
    "sixty-megapixels.png": (lambda p: png_claiming(p, 8000, 7500), "enormous size"),
    "huge-file.jpg": (lambda p: p.open("wb").truncate(31 * 2**20), "over 30 MB"),
    "logo.svg": (lambda p: p.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
                 "scripts can hide in it"),
    "anim.gif": (lambda p: Image.new("P", (10, 10)).save(p), "must be a .jpg"),
}


# Damage that shows only once the pixels are read; every other hostile file is refused from its name,
# size or header, before a single pixel is decoded (a bomb's would fill the memory).
FOUND_BY_DECODING = {"truncated.jpg", "half.png"}


def _half_png() -> bytes:
    out = BytesIO()
    Image.effect_noise((400, 300), 50).save(out, "PNG")
    return out.getvalue()[: len(out.getvalue()) // 2]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused(photos, name, monkeypatch):
    make, problem = HOSTILE[name]
    make(photos / name)
    decoded, load = [], ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image.format) or load(image))
    message = check_image(name, photos)
    assert message and f"'{name}'" in message and problem in message
    assert bool(decoded) == (name in FOUND_BY_DECODING)


def test_paths_outside_the_folder_and_missing_files(photos, tmp_path):
    outside = rotated_phone_photo(tmp_path / "outside.jpg", (64, 48))
    (photos / "link.jpg").symlink_to(outside)
    (photos / "inner.jpg").symlink_to(photos / "phone.jpg")
    (photos / "folder.jpg").mkdir()
    assert "outside its folder" in check_image("../../etc/passwd", photos)
    assert "outside its folder" in check_image("/etc/passwd", photos)
    assert "outside its folder" in check_image("../outside.jpg", photos)
    assert "outside its folder" in check_image("link.jpg", photos)
    assert check_image("inner.jpg", photos) is None
    assert "does not exist" in check_image("nowhere.jpg", photos)
    assert "is not a file" in check_image("folder.jpg", photos)


def test_no_exception_escapes(photos):
    message = check_image("bad\0name.jpg", photos)
    assert isinstance(message, str) and "bad" in message


def test_good_photos_pass(photos):
    assert [check_image(p.name, photos) for p in sorted(photos.iterdir())] == [None] * 5


def test_checker_remembers_good_photos(photos, tmp_path, monkeypatch):
    checker = images.ImageChecker(tmp_path / "checked.json")
    assert checker.check("phone.jpg", photos) is None
    checker.save()
    monkeypatch.setattr(images.checks, "check_image", lambda *args: "checked again")
    assert images.ImageChecker(tmp_path / "checked.json").check("phone.jpg", photos) is None
    os.utime(photos / "phone.jpg", ns=(1, 1))  # a fresh checkout: new time, same bytes
    assert images.ImageChecker(tmp_path / "checked.json").check("phone.jpg", photos) is None
    data = bytearray((photos / "phone.jpg").read_bytes())
    data[-3] ^= 0xFF
    (photos / "phone.jpg").write_bytes(bytes(data))
    os.utime(photos / "phone.jpg", ns=(1, 1))  # a changed file is checked again, whatever its time
    assert images.ImageChecker(tmp_path / "checked.json").check("phone.jpg", photos) == "checked again"


def test_checker_knows_good_content_only_under_its_own_extension(photos, tmp_path, monkeypatch):
    checker = images.ImageChecker(tmp_path / "checked.json")
    assert checker.check("rgba.png", photos) is None
    checker.save()
    monkeypatch.setattr(images.checks, "check_image", lambda *args: "checked again")
    shutil.copy(photos / "rgba.png", photos / "copy.png")
    assert images.ImageChecker(tmp_path / "checked.json").check("copy.png", photos) is None  # same bytes
    shutil.copy(photos / "rgba.png", photos / "copy.jpg")  # the same bytes, but a PNG named .jpg
    assert images.ImageChecker(tmp_path / "checked.json").check("copy.jpg", photos) == "checked again"


def test_checker_does_not_trust_a_remembered_photo_now_linked_outside(photos, tmp_path):
    checker = images.ImageChecker(tmp_path / "checked.json")
    assert checker.check("phone.jpg", photos) is None
    checker.save()
    outside = tmp_path / "outside.jpg"
    shutil.copy2(photos / "phone.jpg", outside)  # same bytes, size and time
    (photos / "phone.jpg").unlink()
    (photos / "phone.jpg").symlink_to(outside)
    assert "outside its folder" in images.ImageChecker(tmp_path / "checked.json").check("phone.jpg", photos)


# --- through the build ---------------------------------------------------------

def test_build_refuses_a_bomb_with_the_file_named(project, capsys):
    folder = write_product(project, "BK-0017").parent
    png_claiming(folder / "photo.png", 40_000, 40_000)
    text = PRODUCT_YAML.format(id="BK-0017").replace("file: photo.jpg", "file: photo.png")
    write_product(project, "BK-0017", text)
    code, _, err = run_ocop(project, "build", "--quiet", capsys=capsys)
    assert code == 1
    assert "products/BK-0017/product.yaml:21: the photo 'photo.png' claims an enormous size" in err
    assert "Traceback" not in err


def test_product_pages_serve_responsive_photos(project, capsys):
    write_product(project, "BK-0017")
    assert run_ocop(project, "build", "--quiet", capsys=capsys)[0] == 0
    html = (project / "site" / "en" / "products" / "mat-ong-bac-ha-bk-0017" / "index.html").read_text("utf-8")
    img = html[html.index("<img", html.index("ocop-gallery")):]
    img = img[:img.index(">")]
    for attribute in ('srcset="', 'width="', 'height="', 'alt="A jar of honey"', 'sizes="'):
        assert attribute in img
    assert 'property="og:image" content="https://ocop.example.vn/img/' in html
