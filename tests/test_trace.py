"""Traceability pages, QR codes and GS1 Digital Link (CONTRACT §5, §6)."""
from __future__ import annotations

import json
import re
from io import BytesIO

import pytest
from PIL import Image

from conftest import PRODUCT_YAML, run_ocop, write_product

SITE_URL = "https://ocop.example.vn/"
LOTS = """traceability:
  gtin: "8938500000010"
  raw_material_area: {name: {vi: Vùng mật Pả Vi, en: Pa Vi honey area}, code: HG-MV-01}
  lots:
    - lot: L2401
      produced: 2025-03-01
      best_before: 2026-03-01
      events:
        - {date: 2025-02-20, step: harvest, place: {vi: Xã Pả Vi, en: Pa Vi Commune}}
        - {date: 2025-03-01, step: packaging}
    - lot: L2301
      produced: 2023-05-01
"""


def jsonld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


@pytest.fixture
def traced(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017") + LOTS
    write_product(project, "BK-0017", text)
    expired = PRODUCT_YAML.format(id="BK-0018").replace("2025-01-15", "2021-01-15").replace("Mật ong bạc hà", "Mật ong cũ") \
        + "traceability:\n  lots:\n    - {lot: L2206, produced: 2022-06-01}\n"
    write_product(project, "BK-0018", expired)
    revoked = PRODUCT_YAML.format(id="BK-0019").replace("Mật ong bạc hà", "Mật ong thu hồi").replace(
        "  issuer: {vi: UBND tỉnh, en: Provincial People's Committee}",
        "  issuer: {vi: UBND tỉnh, en: Provincial People's Committee}\n"
        "  revoked: {date: 2025-06-01, reason: {vi: Vi phạm ghi nhãn, en: Labelling violation}}")
    write_product(project, "BK-0019", revoked)
    reassessed = PRODUCT_YAML.format(id="BK-0020").replace("Mật ong bạc hà", "Mật ong tái đánh giá").replace(
        "  issuer: {vi: UBND tỉnh, en: Provincial People's Committee}",
        "  issuer: {vi: UBND tỉnh, en: Provincial People's Committee}\n"
        "  previous: [{number: 45/QĐ-UBND, issued: 2021-09-01, stars: 3}]") \
        + "traceability:\n  lots:\n    - {lot: L2301, produced: 2023-01-10}\n    - {lot: L2001, produced: 2020-01-10}\n"
    write_product(project, "BK-0020", reassessed)
    code, _, err = run_ocop(project, "build", "--quiet", capsys=capsys)
    assert code == 0, err
    return project / "site"


def test_trace_page_states_status_first_and_facts(traced):
    html = (traced / "t" / "BK-0017" / "index.html").read_text("utf-8")
    main = html[html.index("<main"):]
    assert main.index("Chứng nhận OCOP còn hiệu lực") < main.index("HTX Mật ong")
    assert "ocop-status--valid" in html and "Hiệu lực đến 15 tháng 1, 2028" in html
    assert "123/QĐ-UBND" in html and "Vùng mật Pả Vi" in html
    assert 'href="../../t/BK-0017/L2401/"' in html and "Xem trang sản phẩm đầy đủ" in html
    assert "Tình trạng tính đến ngày" in html  # the no-script statement of the build date
    assert "chính hãng" not in html and "genuine" not in html


def test_expired_and_revoked(traced):
    expired = (traced / "t" / "BK-0018" / "index.html").read_text("utf-8")
    assert "ocop-status--expired" in expired and "Chứng nhận OCOP đã hết hạn" in expired
    revoked = (traced / "en" / "t" / "BK-0019" / "index.html").read_text("utf-8")
    assert "ocop-status--revoked" in revoked and "Revoked since 1 June 2025" in revoked
    assert "Labelling violation" in revoked
    assert jsonld(revoked)["hasCertification"]["certificationStatus"] == "https://schema.org/CertificationInactive"


def test_lot_page_shows_status_on_production_date(traced):
    html = (traced / "en" / "t" / "BK-0017" / "L2301" / "index.html").read_text("utf-8")
    assert "Certificate status on the production date (1 May 2023)" in html
    assert 'data-status="not-yet"' in html  # made before the certificate was issued
    html = (traced / "t" / "BK-0017" / "L2401" / "index.html").read_text("utf-8")
    assert 'data-status="valid"' in html and "Thu hoạch" in html and "Xã Pả Vi" in html


def test_jsonld_certification(traced):
    data = jsonld((traced / "products" / "mat-ong-bac-ha-bk-0017" / "index.html").read_text("utf-8"))
    cert = data["hasCertification"]
    assert data["@type"] == "Product" and data["gtin"] == "8938500000010"
    assert cert["certificationIdentification"] == "123/QĐ-UBND"
    assert cert["certificationRating"]["ratingValue"] == 4 and cert["certificationRating"]["bestRating"] == 5
    assert cert["validFrom"] == "2025-01-15" and cert["expires"] == "2028-01-15"
    assert cert["certificationStatus"] == "https://schema.org/CertificationActive"


def test_qr_codes_decode_to_pages_that_exist(traced):
    zxingcpp = pytest.importorskip("zxingcpp")
    for folder in ("t/BK-0017/", "t/BK-0017/L2401/", "t/P-00000/"):
        png = Image.open(BytesIO((traced / folder / "qr.png").read_bytes()))
        url = zxingcpp.read_barcodes(png)[0].text
        assert url == SITE_URL + folder
        assert (traced / url[len(SITE_URL):] / "index.html").is_file()


def test_gs1_digital_link(traced):
    gtin14 = "08938500000010"
    html = (traced / "01" / gtin14 / "index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=../../t/BK-0017/"' in html
    assert '<link rel="canonical" href="https://ocop.example.vn/t/BK-0017/">' in html
    lot = (traced / "01" / gtin14 / "10" / "L2401" / "index.html").read_text("utf-8")
    assert "../../../../t/BK-0017/L2401/" in lot
    linkset = json.loads((traced / "01" / gtin14 / "linkset.json").read_text("utf-8"))["linkset"][0]
    assert linkset["https://gs1.org/voc/pip"][0]["href"] == "https://ocop.example.vn/products/mat-ong-bac-ha-bk-0017/"
    assert linkset["https://gs1.org/voc/traceability"][0]["href"] == "https://ocop.example.vn/t/BK-0017/"


def test_trace_page_is_light(traced):
    import gzip
    html = (traced / "t" / "BK-0017" / "index.html").read_bytes()
    assert len(gzip.compress(html, 9)) < 30_000
    assert b"<link rel=\"stylesheet\"" not in html and b"bundle." not in html  # no theme bundle


def test_lot_made_under_an_earlier_certificate_is_judged_by_it(traced):
    production = "Tình trạng chứng nhận vào ngày sản xuất"
    under_earlier = (traced / "t" / "BK-0020" / "L2301" / "index.html").read_text("utf-8")
    assert 'data-status="valid"' in under_earlier[under_earlier.index(production):].split("Tình trạng chứng nhận hôm nay")[0]
    before_any = (traced / "t" / "BK-0020" / "L2001" / "index.html").read_text("utf-8")
    assert 'data-status="not-yet"' in before_any[before_any.index(production):].split("Tình trạng chứng nhận hôm nay")[0]


def test_lot_made_while_valid_stays_truthful_after_expiry(traced):
    html = (traced / "t" / "BK-0018" / "L2206" / "index.html").read_text("utf-8")
    production = html[html.index("Tình trạng chứng nhận vào ngày sản xuất"):]
    assert 'data-status="valid"' in production.split("Tình trạng chứng nhận hôm nay")[0]
    today = production.split("Tình trạng chứng nhận hôm nay")[1]
    assert "ocop-status--expired" in today and "Chứng nhận OCOP đã hết hạn" in today
