"""Allergens, nutrition and lot recalls (allergens.py, nutrition.py, recall.py) as a shopper sees them."""
from __future__ import annotations

import gzip
import json
import re

import pytest

from builder.i18n import Lang
from builder.schema import ALLERGENS
from conftest import PRODUCT_YAML, in_chromium, run_ocop, served, write_product

LANGUAGES = ("vi", "en", "zh", "ko", "ja")
EVERY_ALLERGEN = f"""allergens: [{", ".join(ALLERGENS[:7])}]
may_contain: [{", ".join(ALLERGENS[7:])}]
specs:
  ingredients: {{vi: 'Bột mì, tôm <b>khô</b> & muối', en: 'Wheat flour, dried <script>shrimp</script> & salt'}}
nutrition: {{per: 100 ml, energy_kj: 264, energy_kcal: 63, protein: 15, fat: 0, carbohydrate: 0.6, sodium_mg: 8400}}
"""


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def five_languages(template_project, tmp_path_factory):
    """A product with every allergen, on a site in the five languages."""
    import shutil

    project = tmp_path_factory.mktemp("food") / "project"
    shutil.copytree(template_project, project, ignore=shutil.ignore_patterns("site", ".ocop-cache"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("languages: ['vi', 'en']",
                                                       f"languages: {list(LANGUAGES)}"), "utf-8")
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + EVERY_ALLERGEN)
    assert run_ocop(project, "build", "--quiet")[0] == 0
    return project / "site"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_allergen_is_named_in_every_language(five_languages, code):
    lang = Lang(code, LANGUAGES)
    prefix = lang.prefix
    names = [lang.ui(f"allergen.{key}") for key in ALLERGENS]
    assert len(set(names)) == 14 and not any(name.startswith("allergen.") for name in names)
    for page in (f"{prefix}t/BK-0017/", f"{prefix}products/mat-ong-bac-ha-bk-0017/"):
        html = (five_languages / page / "index.html").read_text("utf-8")
        section = html[html.index('<section id="allergens"'):html.index("</section>", html.index('id="allergens"'))]
        for key, name in zip(ALLERGENS, names):
            item = re.search(rf'<li class="ocop-allergen ocop-allergen--{key}"><svg[^>]*aria-hidden="true"[^>]*>.*?</svg>'
                             rf'<span>(.*?)</span></li>', section)
            assert item, (page, key)
            assert item.group(1) == str(__import__("markupsafe").escape(name))
        contains, may = section.split(lang.ui("allergens_may_contain"))
        assert all(f"ocop-allergen--{key}" in contains for key in ALLERGENS[:7])
        assert all(f"ocop-allergen--{key}" in may for key in ALLERGENS[7:])


def test_ingredients_name_the_allergens_in_bold_and_stay_escaped(five_languages):
    html = (five_languages / "t" / "BK-0017" / "index.html").read_text("utf-8")
    assert "<strong>Bột mì</strong>, <strong>tôm</strong> &lt;b&gt;khô&lt;/b&gt; &amp; muối" in html
    english = (five_languages / "en" / "products" / "mat-ong-bac-ha-bk-0017" / "index.html").read_text("utf-8")
    assert "<strong>Wheat flour</strong>, dried &lt;script&gt;<strong>shrimp</strong>&lt;/script&gt; &amp; salt" in english
    # no English ingredients in Japanese: the Vietnamese ones, marked as such, with Vietnamese words in bold
    japanese = (five_languages / "ja" / "t" / "BK-0017" / "index.html").read_text("utf-8")
    assert '<span lang="vi" class="ocop-fallback"><strong>Bột mì</strong>, <strong>tôm</strong>' in japanese


def test_nutrition_table_per_100_ml_with_salt_from_sodium(five_languages):
    html = (five_languages / "en" / "t" / "BK-0017" / "index.html").read_text("utf-8")
    table = text(html[html.index('<section id="nutrition"'):])
    assert "Nutrient Per 100 ml Energy 264 kJ / 63 kcal Fat 0 g Carbohydrate 0.6 g Protein 15 g Salt 21 g" \
           " Sodium 8,400 mg" in table
    assert "Salt worked out from the sodium on the label (8,400 mg): salt = sodium × 2.5." in table
    vietnamese = text((five_languages / "t" / "BK-0017" / "index.html").read_text("utf-8"))
    assert "Năng lượng 264 kJ / 63 kcal" in vietnamese and "Muối 21 g" in vietnamese


def test_jsonld_and_open_data_carry_allergens_and_nutrition(five_languages):
    html = (five_languages / "en" / "products" / "mat-ong-bac-ha-bk-0017" / "index.html").read_text("utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    properties = {p.get("propertyID"): p for p in data["additionalProperty"]}
    assert properties["https://gs1.org/voc/AllergenTypeCode-AF"] == {
        "@type": "PropertyValue", "propertyID": "https://gs1.org/voc/AllergenTypeCode-AF", "name": "Fish",
        "value": "CONTAINS", "valueReference": "https://gs1.org/voc/LevelOfContainmentCode-CONTAINS"}
    assert properties["https://gs1.org/voc/AllergenTypeCode-AS"]["value"] == "MAY_CONTAIN"
    assert properties["https://gs1.org/voc/nutrientBasisQuantity"]["unitCode"] == "MLT"
    assert properties["https://gs1.org/voc/saltPerNutrientBasis"]["value"] == 21
    assert properties["https://gs1.org/voc/proteinPerNutrientBasis"]["unitCode"] == "GRM"
    energy = [p for p in data["additionalProperty"] if p.get("propertyID", "").endswith("energyPerNutrientBasis")]
    assert [(p["value"], p["unitCode"]) for p in energy] == [(264, "KJO"), (63, "E14")]
    record = next(p for p in json.loads((five_languages / "api" / "products.json").read_text("utf-8"))["products"]
                  if p["id"] == "BK-0017")
    assert record["allergens"] == list(ALLERGENS[:7]) and record["may_contain"] == list(ALLERGENS[7:])
    assert record["nutrition"]["salt"] == 21 and record["nutrition"]["salt_from_sodium"] is True
    import csv
    import io
    rows = list(csv.reader(io.StringIO((five_languages / "api" / "products.csv").read_text("utf-8-sig"))))
    header = rows[0]
    assert header[:3] == ["id", "name", "group"] and header[-15:] == [
        "allergens", "may_contain", "nutrition_per", "energy_kj", "energy_kcal", "protein", "fat", "saturated_fat",
        "carbohydrate", "sugars", "fibre", "alcohol", "salt", "sodium_mg", "recalled_lots"]
    row = dict(zip(header, next(r for r in rows if r[0] == "BK-0017")))
    assert row["allergens"] == "gluten;crustaceans;eggs;fish;peanuts;soybeans;milk" and row["salt"] == "21"


# --- the sample: a recalled lot of Dong Van buckwheat cookies -----------------------

RECALLED = "t/HG-0007/TGM2610/"
BANNERS = {
    "vi": "Lô này đã bị thu hồi ngày 15 tháng 10, 2026: nhãn in thiếu lạc (đậu phộng) trong thành phần và cảnh báo "
          "dị ứng; người dị ứng lạc không được ăn; hãy mang sản phẩm đến nơi mua để được hoàn tiền",
    "en": "This lot was recalled on 15 October 2026: the label left peanuts out of the ingredients and the allergen "
          "warning; do not eat it if you are allergic to peanuts; take it back to the shop for a refund",
    "ja": "このロットは2026年10月15日に回収されました：ラベルの原材料名とアレルギー表示に落花生の記載が漏れていました。"
          "落花生アレルギーの方は食べずに、購入店に返品して返金を受けてください",
}


@in_chromium
@pytest.mark.parametrize("code", ["vi", "en", "ja"])
def test_a_recalled_lot_opens_with_a_red_banner_without_script(browser, sample_site, code):
    prefix = "" if code == "vi" else f"{code}/"
    with served(sample_site) as url:
        context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto(url + prefix + RECALLED)
        banner = page.locator("#recall")
        assert banner.is_visible()
        assert BANNERS[code] in banner.inner_text()
        # the first thing in the page, above the product's name, in white on red
        first = page.evaluate("document.querySelector('main').querySelector(':scope > :not([hidden])').id")
        assert first == "recall"
        assert banner.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
        assert banner.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(183, 28, 28)"
        assert page.locator("html").get_attribute("lang") == Lang(code, LANGUAGES).tag
        context.close()


def test_the_other_lot_says_no_recall_is_known_as_of_the_build_date(sample_site):
    html = (sample_site / "en" / "t" / "HG-0007" / "TGM2609" / "index.html").read_text("utf-8")
    assert 'id="recall"' not in html
    assert '<section id="recall-status">' in html and "No recall known for this lot as of 18 November 2026." in html


def test_the_products_pages_name_the_recalled_lots_first(sample_site):
    line = "Lot TGM2610 was recalled on 15 October 2026: the label left peanuts out"
    trace = (sample_site / "en" / "t" / "HG-0007" / "index.html").read_text("utf-8")
    main = trace[trace.index("<main"):]
    assert line in main and main.index(line) < main.index("<h1>")
    assert 'href="../../../en/t/HG-0007/TGM2610/#recall"' in main
    lots = main[main.index('class="t-lots"'):]
    assert lots.index("TGM2610") < lots.index("TGM2609")  # the recalled lot first, though made later
    product = (sample_site / "en" / "products" / "banh-quy-tam-giac-mach-dong-van" / "index.html").read_text("utf-8")
    body = product[product.index("data-pagefind-body"):]
    assert line in body and body.index(line) < body.index("ocop-product__top")


def test_the_sample_fish_sauce_t_page_stays_light(sample_site):
    for page in ("t/QN-0006/", "t/QN-0006/SH2503/", "ja/t/HG-0007/", RECALLED):
        html = (sample_site / page / "index.html").read_bytes()
        assert b'id="nutrition"' in html and b'id="allergens"' in html
        assert len(gzip.compress(html, 9)) < 30_000, page
