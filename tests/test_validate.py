"""ocop validate: every problem, in plain words, as path:line: message."""
from __future__ import annotations

from conftest import PRODUCT_YAML, run_ocop, write_product

REL = "products/BK-0017/product.yaml"


def validate(project, capsys):
    return run_ocop(project, "validate", capsys=capsys)


def test_clean_catalogue_passes(project, capsys):
    code, out, err = validate(project, capsys)
    assert code == 0, err
    assert "OK: 12 products" in out


def test_wrong_star_value_names_its_line(project, capsys):
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017").replace("stars: 4", "stars: 6"))
    code, _, err = validate(project, capsys)
    assert code == 1
    assert f"{REL}:4: 'stars' must be one of 3, 4 or 5, not 6" in err
    assert "Traceback" not in err


def test_missing_name(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace("name: {vi: Mật ong bạc hà BK-0017, en: Mint honey BK-0017}\n", "")
    write_product(project, "BK-0017", text)
    code, _, err = validate(project, capsys)
    assert code == 1
    assert f"{REL}:1: 'name' is required but missing" in err


def test_english_only_name_needs_the_default_language(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace("name: {vi: Mật ong bạc hà BK-0017, en: Mint honey BK-0017}", "name: {en: Mint honey}")
    write_product(project, "BK-0017", text)
    code, _, err = validate(project, capsys)
    assert f"{REL}:2: 'name': the vi text is required (it is the default language)" in err


def test_unknown_district_and_point_of_sale(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace("district: district-0-0", "district: nowhere") \
        .replace("[POS-0000]", "[POS-0000, NO-SUCH-SHOP]")
    write_product(project, "BK-0017", text)
    code, _, err = validate(project, capsys)
    assert code == 1
    assert f"{REL}:15: unknown district 'nowhere': it is not in catalogue/areas.yaml" in err
    assert f"{REL}:23: unknown point of sale 'NO-SUCH-SHOP': it is not in catalogue/points_of_sale.yaml" in err


def test_id_must_equal_folder(project, capsys):
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0018"))
    code, _, err = validate(project, capsys)
    assert f"{REL}:1: the id 'BK-0018' must equal the folder name 'BK-0017'" in err


def test_slug_clash_names_both_files(project, capsys):
    write_product(project, "BK-0017")
    clash = PRODUCT_YAML.format(id="BK-0018").replace("Mật ong bạc hà BK-0018", "Mật ong bạc hà BK-0017")
    write_product(project, "BK-0018", clash)
    code, _, err = validate(project, capsys)
    assert code == 1
    assert ("products/BK-0018/product.yaml:2: the slug 'mat-ong-bac-ha-bk-0017' is already used by "
            "products/BK-0017/product.yaml; set a different 'slug'") in err


def test_impossible_date(project, capsys):
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017").replace("2025-01-15", "2024-02-30"))
    code, _, err = validate(project, capsys)
    assert f"{REL}:7: 'issued' must be a real date written YYYY-MM-DD; '2024-02-30' is not" in err


def test_malformed_yaml(project, capsys):
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017").replace("group: food", "group: [food"))
    code, _, err = validate(project, capsys)
    assert code == 1
    assert f"{REL}:4: this is not valid YAML" in err
    assert "Traceback" not in err


def test_all_problems_in_all_files_at_once(project, capsys):
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017").replace("stars: 4", "stars: 2")
                  .replace("group: food", "group: snacks"))
    write_product(project, "BK-0018", PRODUCT_YAML.format(id="BK-0018").replace("kind: cooperative", "kind: factory"))
    code, _, err = validate(project, capsys)
    assert code == 1
    lines = [l for l in err.splitlines() if ": " in l and l.startswith("products/")]
    assert any("BK-0017/product.yaml:3: 'group'" in l for l in lines)
    assert any("BK-0017/product.yaml:4: 'stars'" in l for l in lines)
    assert any("BK-0018/product.yaml:11: 'kind'" in l for l in lines)
    assert "3 problem(s) found." in err


def test_unknown_field_is_reported_not_ignored(project, capsys):
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017").replace("stars: 4", "stars: 4\nstar: 5"))
    code, _, err = validate(project, capsys)
    assert f"{REL}:5: unknown field 'star'" in err


def test_bad_gtin_check_digit(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017") + 'traceability:\n  gtin: "8934567890124"\n'
    write_product(project, "BK-0017", text)
    code, _, err = validate(project, capsys)
    assert code == 1
    assert f"{REL}:25: 'gtin': the GTIN check digit is wrong: 8934567890124 should end in 0" in err


def test_missing_site_url_stops_the_build(project, capsys):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://ocop.example.vn/\n", ""))
    code, _, err = validate(project, capsys)
    assert code == 1
    assert "mkdocs.yml:1: site_url is missing" in err


def test_registry_problems(project, capsys):
    points = project / "catalogue" / "points_of_sale.yaml"
    points.write_text(points.read_text().replace("kind: ocop-centre", "kind: kiosk", 1))
    code, _, err = validate(project, capsys)
    assert code == 1
    assert "catalogue/points_of_sale.yaml:" in err and "'kind' must be one of" in err


def test_missing_photos_summary_description_and_district_are_warnings(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace("  district: district-0-0\n", "")
    text = text[: text.index("summary:")] + "points_of_sale: [POS-0000]\n"
    write_product(project, "BK-0017", text)
    code, out, err = validate(project, capsys)
    assert code == 0, err
    assert "OK: 13 products" in out
    assert f"{REL}:1: warning: BK-0017 still lacks photos (images), summary, description" in err
    assert f"{REL}:13: warning: BK-0017 has no district: it is listed under its province" in err


def test_earlier_certificates_are_listed_newest_first(project, capsys):
    older = "    - {number: 12/QĐ-UBND, issued: 2019-01-10, stars: 3}\n"
    newer = "    - {number: 45/QĐ-UBND, issued: 2022-01-10, expires: 2025-01-10, stars: 4}\n"
    product = PRODUCT_YAML.format(id="BK-0017")
    write_product(project, "BK-0017", product.replace("producer:\n", "  previous:\n" + older + newer + "producer:\n", 1))
    code, _, err = validate(project, capsys)
    assert code == 1
    assert f"{REL}:5: 'certificate': 'previous' lists earlier certificates, newest first" in err
    write_product(project, "BK-0017", product.replace("producer:\n", "  previous:\n" + newer + older + "producer:\n", 1))
    assert validate(project, capsys)[0] == 0


FOOD = """allergens: [fish, peanut]
may_contain: [lạc, shrimp, sesame]
nutrition:
  energy_kj: 900
  energy_kcal: 304
  protein: 0.3
  fat: 1
  saturated_fat: 2
  carbohydrate: 82
  sugars: 90
  salt: -0.1
"""


def test_allergens_and_nutrition_that_make_no_sense(project, capsys):
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + FOOD)
    code, _, err = validate(project, capsys)
    assert code == 1 and "Traceback" not in err
    # an unknown key is an error that suggests the nearest key, or the key a word of any language names
    assert f"{REL}:24: 'allergens': unknown allergen 'peanut'; did you mean 'peanuts'?" in err
    assert f"{REL}:25: 'may_contain': unknown allergen 'lạc'; did you mean 'peanuts'?" in err
    assert f"{REL}:25: 'may_contain': unknown allergen 'shrimp'; did you mean 'crustaceans'?" in err
    assert "(the allergens are: gluten, crustaceans, eggs, fish, peanuts, soybeans, milk, nuts, celery, mustard, " \
           "sesame, sulphites, lupin, molluscs)" in err


def test_nutrition_figures_that_make_no_sense_are_warnings(project, capsys):
    food = FOOD.replace("[fish, peanut]", "[fish, fish]").replace("[lạc, shrimp, sesame]", "[fish]")
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + food)
    code, _, err = validate(project, capsys)
    assert code == 0, err  # warnings never fail
    warning = f"{REL}:{{}}: warning: "
    assert warning.format(24) + "'fish' is listed twice in allergens" in err
    assert warning.format(25) + "'fish' is already in allergens" in err
    # 17 kJ/g protein and carbohydrate, 37 kJ/g fat: 0.3 × 17 + 1 × 37 + 82 × 17 = 1,436 kJ, not 900
    assert warning.format(27) + ("the energy 900 kJ does not match the rest: protein 0.3 g × 17 + fat 1 g × 37 + "
                                 "carbohydrate 82 g × 17 = 1436.1 kJ, more than 20 % apart") in err
    assert f"{REL}:28:" not in err  # 304 kcal is within 20 % of 0.3 × 4 + 1 × 9 + 82 × 4 = 338.2
    assert warning.format(31) + "saturated fat (2 g) is more than the fat (1 g) it is part of" in err
    assert warning.format(33) + "sugars (90 g) are more than the carbohydrate (82 g) they are part of" in err
    assert warning.format(34) + "'salt' is negative (-0.1): amounts per 100 g are 0 or more" in err


def test_a_recall_before_the_lot_was_made_and_nutrition_without_energy(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017") + """nutrition: {protein: 1}
traceability:
  lots:
    - lot: L1
      produced: 2025-03-01
      recall: {date: 2025-02-01, reason: {vi: Sai nhãn}, action: {vi: Trả lại nơi mua}}
"""
    write_product(project, "BK-0017", text)
    code, _, err = validate(project, capsys)
    assert code == 1
    assert f"{REL}:24: 'nutrition': give the energy: energy_kj, energy_kcal or both" in err
    assert f"{REL}:27: 'lots': the lot is recalled before it was produced" in err


# --- points of sale, one file each (catalogue/points_of_sale/<ID>.yaml) ---------------

ONE_POINT = """\
# Added by the office's editor
id: {id}
name: {{vi: Quầy OCOP sân bay, en: Airport OCOP stall}}
kind: airport
province: province-0
district: district-0-0
address: {{vi: Nhà ga T1, en: Terminal 1}}
"""


def write_point(project, point_id, text=None):
    folder = project / "catalogue" / "points_of_sale"
    folder.mkdir(exist_ok=True)
    path = folder / f"{point_id}.yaml"
    path.write_text(text if text is not None else ONE_POINT.format(id=point_id), "utf-8")
    return path


def test_a_point_of_sale_in_its_own_file_is_sold_at(project, capsys):
    write_point(project, "AIR-0001")
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017").replace("[POS-0000]", "[POS-0000, AIR-0001]"))
    code, out, err = validate(project, capsys)
    assert code == 0, err
    assert "OK: 13 products, 3 points of sale." in out


def test_only_one_point_per_file_folder_is_enough(project, capsys):
    (project / "catalogue" / "points_of_sale.yaml").unlink()
    write_point(project, "POS-0000")
    code, out, err = validate(project, capsys)
    assert "points_of_sale.yaml: the file is missing" not in err
    assert "unknown point of sale 'POS-0000'" not in err
    assert "unknown point of sale 'POS-0001'" in err  # the other points were in the removed list


def test_a_point_in_both_forms_names_both_files(project, capsys):
    listed = (project / "catalogue" / "points_of_sale.yaml").read_text("utf-8").splitlines()
    first_line = listed.index("- id: POS-0001") + 1
    write_point(project, "POS-0001")
    code, _, err = validate(project, capsys)
    assert code == 1
    assert (f"catalogue/points_of_sale/POS-0001.yaml:2: point of sale id 'POS-0001' is used twice "
            f"(first at catalogue/points_of_sale.yaml:{first_line})") in err


def test_a_point_file_is_checked_at_its_lines(project, capsys):
    write_point(project, "AIR-0001", ONE_POINT.format(id="AIR-0002").replace("kind: airport", "kind: kiosk"))
    code, _, err = validate(project, capsys)
    assert code == 1
    assert "catalogue/points_of_sale/AIR-0001.yaml:4: 'kind' must be one of" in err
    write_point(project, "AIR-0001", ONE_POINT.format(id="AIR-0002").replace("district-0-0", "district-1-0"))
    code, _, err = validate(project, capsys)
    assert "catalogue/points_of_sale/AIR-0001.yaml:2: the id 'AIR-0002' must equal the file name 'AIR-0001'" in err
    assert "catalogue/points_of_sale/AIR-0001.yaml:6: unknown district 'district-1-0'" in err


def test_neither_form_of_points_of_sale_is_missing(project, capsys):
    (project / "catalogue" / "points_of_sale.yaml").unlink()
    code, _, err = validate(project, capsys)
    assert code == 1
    assert "catalogue/points_of_sale.yaml:1: the file is missing: every catalogue needs catalogue/points_of_sale.yaml " \
           "or a folder catalogue/points_of_sale/" in err
