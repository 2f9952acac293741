"""Photos: upright, light, private; hostile files refused with their names."""
from __future__ import annotations

import struct
import time
import zlib
from io import BytesIO

import pytest
from PIL import Image

from builder.images import ImagePipeline, check_image, social_card
from conftest import PRODUCT_YAML, run_ocop, write_product


def rotated_phone_photo(path):
    """Landscape pixels with a red top-left mark, EXIF orientation 6, GPS and XMP."""
    image = Image.new("RGB", (1600, 1200), (40, 120, 60))
    image.paste((255, 0, 0), (0, 0, 200, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (21.0, 5.0, 3.0), 3: "E", 4: (105.0, 51.0, 2.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    image.save(path, "JPEG", exif=exif, xmp=xmp, quality=90)
    return path


def png_claiming(path, width, height):
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
    rgba.save(folder / "rgba.png")
    Image.new("I;16", (640, 480), 40000).save(folder / "deep.png")
    Image.new("RGB", (4200, 2800), (90, 90, 200)).save(folder / "huge.jpg", quality=70)
    return folder


def test_variants_upright_bounded_and_without_metadata(photos, tmp_path):
    pipeline = ImagePipeline(tmp_path / "cache", jobs=2)
    sets = pipeline.process(sorted(photos.iterdir()))
    phone = sets[photos / "phone.jpg"]
    assert (phone.width, phone.height) == (1200, 1600)  # portrait once turned upright
    largest = Image.open(pipeline.file(phone.fallback.name))
    assert largest.getpixel((largest.width - 20, 20))[0] > 200  # the red mark is now top right
    assert max(v.width for v in sets[photos / "huge.jpg"].variants) == 1280
    assert max(v.width for v in sets[photos / "cmyk.jpg"].variants) == 900  # never upscaled
    for photo in sets.values():
        for variant in photo.variants:
            data = pipeline.file(variant.name).read_bytes()
            image = Image.open(BytesIO(data))
            assert image.mode in ("RGB", "RGBA") and not image.getexif()
            assert "icc_profile" not in image.info and "xmp" not in image.info
            assert b"Exif" not in data and b"GPS" not in data and b"xmpmeta" not in data
    rgba = sets[photos / "rgba.png"]
    assert rgba.fallback.format == "png"
    assert Image.open(pipeline.file(rgba.variants[0].name)).getpixel((1, 1))[3] == 0  # still transparent


def test_cache_skips_unchanged_photos_and_output_is_deterministic(photos, tmp_path):
    first = ImagePipeline(tmp_path / "one", jobs=1)
    sets = first.process(sorted(photos.iterdir()))
    start = time.monotonic()
    again = ImagePipeline(tmp_path / "one", jobs=1).process(sorted(photos.iterdir()))
    assert again == sets and time.monotonic() - start < 1.0
    other = ImagePipeline(tmp_path / "two", jobs=2)
    assert other.process(sorted(photos.iterdir())) == sets
    for photo in sets.values():
        for variant in photo.variants:
            assert first.file(variant.name).read_bytes() == other.file(variant.name).read_bytes()


def test_social_card(photos, tmp_path):
    data = social_card(photos / "phone.jpg", "Mật ong bạc hà Mèo Vạc", 4, "Huyện Mèo Vạc, Hà Giang",
                       "Sản phẩm OCOP")
    card = Image.open(BytesIO(data))
    assert card.size == (1200, 630) and card.format == "JPEG" and not card.getexif()


HOSTILE = {
    "text.jpg": lambda p: p.write_text("this is not a photo"),
    "truncated.jpg": lambda p: p.write_bytes(p.with_name("phone.jpg").read_bytes()[:20000]),
    "bomb.png": lambda p: png_claiming(p, 40_000, 40_000),
    "logo.svg": lambda p: p.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused_quickly(photos, name):
    HOSTILE[name](photos / name)
    start = time.monotonic()
    message = check_image(name, photos)
    assert message and name in message
    assert time.monotonic() - start < 5


def test_paths_outside_the_folder_and_missing_files(photos):
    assert "outside" in check_image("../../etc/passwd", photos)
    assert "does not exist" in check_image("nowhere.jpg", photos)


def test_build_refuses_a_bomb_with_the_file_named(project, capsys):
    folder = write_product(project, "BK-0017").parent
    png_claiming(folder / "photo.png", 40_000, 40_000)
    text = PRODUCT_YAML.format(id="BK-0017").replace("file: photo.jpg", "file: photo.png")
    write_product(project, "BK-0017", text)
    start = time.monotonic()
    code, _, err = run_ocop(project, "build", "--quiet", capsys=capsys)
    assert code == 1 and time.monotonic() - start < 30
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
