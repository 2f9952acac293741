"""QR codes decode, with an independent decoder, to the exact permanent URL."""
from __future__ import annotations

import hashlib
import io
import re

import pytest
from PIL import Image

from builder.qr import PRINT_DPI, dark_runs, qr_info, qr_matrix, qr_png, qr_svg

zxingcpp = pytest.importorskip("zxingcpp")
URLS = ["https://ocop.example.vn/t/BK-0017/", "https://ocop.example.vn/t/BK-0017/L2409/",
        "https://ocop.tinh-bac-kan.gov.vn/danh-muc/san-pham/t/QN-0003-DEN/LOT-2025-11-A/"]


@pytest.mark.parametrize("url", URLS)
def test_png_decodes_to_the_url_and_prints_at_2cm(url):
    image = Image.open(io.BytesIO(qr_png(url)))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]
    dpi = image.info["dpi"][0]
    assert round(dpi) == PRINT_DPI
    assert image.width / dpi * 2.54 >= 2.0  # centimetres


@pytest.mark.parametrize("url", URLS)
def test_svg_draws_exactly_the_code(url):
    svg = qr_svg(url).decode()
    size = len(qr_matrix(url))
    assert f'viewBox="0 0 {size} {size}"' in svg
    image = Image.new("1", (size, size), 1)
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)", svg):
        for dx in range(int(n)):
            image.putpixel((int(x) + dx, int(y)), 0)
    image = image.resize((size * 8, size * 8), Image.NEAREST)
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]


def test_codes_are_deterministic_with_quiet_zone_and_level_m():
    url = URLS[0]
    assert qr_png(url) == qr_png(url) and qr_svg(url) == qr_svg(url)
    matrix = qr_matrix(url)
    assert not any(matrix[0]) and not any(row[0] for row in matrix)  # quiet zone
    info = qr_info(url)
    assert info.error_correction == "M" and info.modules == len(matrix) - 8


def test_svg_and_png_of_a_url_come_from_one_encoding(monkeypatch):
    import qrcode
    made = []
    real_make = qrcode.QRCode.make
    monkeypatch.setattr(qrcode.QRCode, "make", lambda self, *a, **k: made.append(1) or real_make(self, *a, **k))
    url = "https://ocop.example.vn/t/BK-0017/L2409/one-encoding/"
    svg, png = qr_svg(url), qr_png(url)
    assert len(made) == 1
    image = Image.open(io.BytesIO(png))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]
    size = len(qr_matrix(url))
    modules = image.resize((size, size), Image.NEAREST)  # one pixel per module
    drawn = [[modules.getpixel((x, y)) == 0 for x in range(size)] for y in range(size)]
    assert drawn == qr_matrix(url)
    assert svg.count(b"M") == sum(1 for _ in dark_runs(drawn))


def test_printed_codes_are_unchanged_byte_for_byte():
    """The codes already printed stay valid either way; equal bytes also keep cached codes
    valid. A deliberate change of the drawing bumps files/qrcodes.QR_VERSION and this digest."""
    url = "https://ocop.example.vn/t/BK-0017/L2409/"
    assert hashlib.sha256(qr_svg(url)).hexdigest()[:16] == "b0d2eaeda1914174"
    assert hashlib.sha256(qr_png(url)).hexdigest()[:16] == "9a62ca576d5fdc55"
