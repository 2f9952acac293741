"""Catalogue files as offices really save them: other languages, Windows editors, macOS text, online shops."""
from __future__ import annotations

import json
import unicodedata

import yaml
from conftest import PRODUCT_YAML, run_ocop, write_product

REL = "products/BK-0017/product.yaml"


def test_text_in_an_unpublished_language_is_a_warning_and_left_out(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace(
        "summary: {vi: Mật ong từ hoa bạc hà., en: Honey from mint flowers.}",
        "summary:\n  vi: Mật ong từ hoa bạc hà.\n  en: Honey from mint flowers.\n  zh: 薄荷花蜂蜜。")
    write_product(project, "BK-0017", text)
    code, out, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 0, err
    assert f"{REL}:19: warning: the 'zh' text is left out: this catalogue publishes vi, en" in err
    assert "OK:" in out
    code, _, err = run_ocop(project, "validate", capsys=capsys)  # from the product cache this time
    assert f"{REL}:19: warning: the 'zh' text is left out" in err

    code, _, err = run_ocop(project, "build", "--quiet", capsys=capsys)
    assert code == 0, err
    assert f"{REL}:19: warning:" in err
    site = project / "site"
    assert "薄荷花蜂蜜" not in (site / "api" / "products.json").read_text("utf-8")
    assert "薄荷花蜂蜜" not in (site / "products" / "mat-ong-bac-ha-bk-0017" / "index.html").read_text("utf-8")


def test_a_key_that_is_no_language_stays_an_error_with_a_suggestion(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace("en: Mint honey BK-0017", "em: Mint honey BK-0017")
    write_product(project, "BK-0017", text)
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 1
    assert f"{REL}:2: 'name': 'em' is not a language code; did you mean 'en'?" in err


def test_a_country_code_for_a_language_gets_the_language_suggested(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace("en: Mint honey BK-0017", "cn: 薄荷蜂蜜")
    write_product(project, "BK-0017", text)
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 1 and "'cn' is not a language code; did you mean 'zh'?" in err


def test_decomposed_vietnamese_is_stored_composed(project, capsys):
    nfd = unicodedata.normalize("NFD", PRODUCT_YAML.format(id="BK-0017"))
    assert "Mật ong" not in nfd
    write_product(project, "BK-0017", nfd)
    code, _, err = run_ocop(project, "build", "--quiet", capsys=capsys)
    assert code == 0, err
    page = project / "site" / "products" / "mat-ong-bac-ha-bk-0017" / "index.html"
    html = page.read_text("utf-8")
    assert "Mật ong bạc hà BK-0017" in html and html == unicodedata.normalize("NFC", html)
    data = json.loads((project / "site" / "api" / "products.json").read_text("utf-8"))
    names = [p["name"]["vi"] for p in (data["products"] if isinstance(data, dict) else data) if p["id"] == "BK-0017"]
    assert names == ["Mật ong bạc hà BK-0017"]


def test_windows_files_with_bom_and_crlf_are_read(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace(
        "description:\n  vi: Mật ong **thơm**.\n", "description:\n  vi: |\n    Mật ong **thơm**.\n    Dòng hai.\n")
    path = write_product(project, "BK-0017", text)
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    pos = project / "catalogue" / "points_of_sale.yaml"
    pos.write_bytes(b"\xef\xbb\xbf" + pos.read_bytes().replace(b"\n", b"\r\n"))
    code, _, err = run_ocop(project, "build", "--quiet", capsys=capsys)
    assert code == 0, err
    html = (project / "site" / "products" / "mat-ong-bac-ha-bk-0017" / "index.html").read_text("utf-8")
    assert "Mật ong <strong>thơm</strong>.\nDòng hai." in html and "\r" not in html


def add_points(project, *points) -> None:
    path = project / "catalogue" / "points_of_sale.yaml"
    data = yaml.safe_load(path.read_text("utf-8")) + list(points)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_an_online_store_needs_only_id_name_kind_and_url(project, capsys):
    add_points(project, {"id": "SHOPEE-OCOP", "name": {"vi": "Gian hàng OCOP trên Shopee"}, "kind": "online",
                         "url": "https://shopee.vn/ocop"})
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017").replace("[POS-0000]", "[POS-0000, SHOPEE-OCOP]"))
    code, _, err = run_ocop(project, "build", "--quiet", capsys=capsys)
    assert code == 0, err
    site = project / "site"
    page = (site / "points-of-sale" / "shopee-ocop" / "index.html").read_text("utf-8")
    assert "Gian hàng OCOP trên Shopee" in page and "https://shopee.vn/ocop" in page
    directory = (site / "en" / "points-of-sale" / "index.html").read_text("utf-8")
    assert "Buy online" in directory and "Gian hàng OCOP trên Shopee" in directory
    product = (site / "products" / "mat-ong-bac-ha-bk-0017" / "index.html").read_text("utf-8")
    assert "Gian hàng OCOP trên Shopee" in product


def test_a_shop_without_address_and_an_online_store_without_url_are_errors(project, capsys):
    add_points(project, {"id": "NO-ADDRESS", "name": "Cửa hàng", "kind": "shop"},
               {"id": "NO-URL", "name": "Gian hàng", "kind": "online"})
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 1
    lines = (project / "catalogue" / "points_of_sale.yaml").read_text("utf-8").splitlines()
    shop_line = lines.index("- id: NO-ADDRESS") + 1
    online_line = lines.index("- id: NO-URL") + 1
    assert f"catalogue/points_of_sale.yaml:{shop_line}: 'province', 'district' and 'address' are required but " \
           "missing (only an online store, kind: online, may leave them out)" in err
    assert f"catalogue/points_of_sale.yaml:{online_line}: 'url' is required for an online store" in err


def test_what_a_point_of_sale_needs_is_the_models_own_rule():
    """One rule for the build, the editor's saves and the JSON Schema: the model's."""
    import pytest
    from pydantic import ValidationError

    from builder.schema import PointOfSale, json_schemas

    PointOfSale.model_validate({"id": "SHOP-1", "name": "Cửa hàng", "kind": "shop", "province": "lao-cai",
                                "district": "sa-pa", "address": "Phố Cầu Mây"})
    PointOfSale.model_validate({"id": "WEB-1", "name": "Gian hàng", "kind": "online", "url": "https://shopee.vn/x"})
    for point, message in (
            ({"id": "SHOP-1", "name": "Cửa hàng", "kind": "shop", "address": "Phố Cầu Mây"},
             "'province' and 'district' are required but missing"),
            ({"id": "WEB-1", "name": "Gian hàng", "kind": "online"}, "'url' is required for an online store"),
            ({"id": "WEB-1", "name": "Gian hàng", "kind": "online", "url": "https://shopee.vn/x", "province": "lao-cai"},
             "'district' is required with the other of 'province' and 'district'")):
        with pytest.raises(ValidationError, match=message):
            PointOfSale.model_validate(point)
    schema = json_schemas()["point-of-sale-file"]
    assert schema["then"]["required"] == ["url"] and schema["else"]["required"] == ["province", "district", "address"]


def test_an_unpublished_language_in_areas_and_points_of_sale_is_a_warning(project, capsys):
    areas = project / "catalogue" / "areas.yaml"
    text = areas.read_text("utf-8")
    areas.write_text(text.replace("name:\n    vi: Hà Giang\n", "name:\n    vi: Hà Giang\n    ja: 第0省\n", 1), "utf-8")
    assert "ja: 第0省" in areas.read_text("utf-8")
    add_points(project, {"id": "SHOP-JA", "name": {"vi": "Cửa hàng", "ko": "상점"}, "kind": "online",
                         "url": "https://example.vn/"})
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 0, err
    assert "catalogue/areas.yaml:5: warning: the 'ja' text is left out" in err
    lines = (project / "catalogue" / "points_of_sale.yaml").read_text("utf-8").splitlines()
    assert f"catalogue/points_of_sale.yaml:{lines.index('    ko: 상점') + 1}: warning: the 'ko' text is left out" in err


def test_a_hand_written_page_in_nfd_is_published_in_nfc(project, capsys):
    page = project / "catalogue" / "about.md"
    page.write_text(unicodedata.normalize("NFD", "# Giới thiệu\n\nSản phẩm của Hà Giang.\n"), "utf-8")
    code, _, err = run_ocop(project, "build", "--quiet", capsys=capsys)
    assert code == 0, err
    html = (project / "site" / "about" / "index.html").read_text("utf-8")
    assert "Sản phẩm của Hà Giang." in html
