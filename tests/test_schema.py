"""The JSON Schemas editors use stay in step with the schema the builder enforces."""
from __future__ import annotations

import json
from pathlib import Path

from builder.schema import json_schemas
from conftest import run_ocop

SCHEMAS = Path(__file__).resolve().parent.parent / "builder" / "schemas"


def test_committed_json_schemas_are_current():
    for name, schema in json_schemas().items():
        committed = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
        assert committed == json.loads(json.dumps(schema)), f"run: ocop schema ({name} is stale)"


def test_product_schema_describes_the_contract_fields():
    schema = json_schemas()["product"]
    assert set(schema["required"]) == {"id", "name", "group", "stars", "certificate", "producer", "location"}
    # imported products come without them: a warning each, not an error (CONTRACT §3)
    assert {"summary", "description", "images"} <= set(schema["properties"])
    location, certificate = schema["$defs"]["Location"], schema["$defs"]["Certificate"]
    assert location["required"] == ["province"] and "district" in location["properties"]
    previous = schema["$defs"]["PreviousCertificate"]
    assert certificate["properties"]["previous"]["items"] == {"$ref": "#/$defs/PreviousCertificate"}
    assert set(previous["required"]) == {"number", "issued", "stars"}
    stars = schema["properties"]["stars"]
    assert stars.get("enum") == [3, 4, 5]


def test_new_product_scaffold_validates_once_filled(project, capsys):
    code, out, _ = run_ocop(project, "new", "BK-0100", capsys=capsys)
    assert code == 0 and "products/BK-0100/product.yaml" in out
    path = project / "products" / "BK-0100" / "product.yaml"
    text = path.read_text("utf-8")
    assert text.count("\n#") > 20  # optional fields are there, commented
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 1
    assert "products/BK-0100/product.yaml:28: unknown province 'province-id'" in err  # placeholders are caught
    assert "products/BK-0100/product.yaml:43: the photo 'cover.jpg' does not exist" in err
    path.write_text(text.replace("province-id", "province-0").replace("district-id", "district-0-0"), "utf-8")
    (path.parent / "cover.jpg").write_bytes((project / "products" / "P-00000" / "photo.jpg").read_bytes())
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 0, err
    assert run_ocop(project, "new", "BK-0100", capsys=capsys)[0] == 1  # never overwrites


def test_product_schema_lists_the_allergens_nutrition_and_recall():
    schema = json_schemas()["product"]
    allergens = ["gluten", "crustaceans", "eggs", "fish", "peanuts", "soybeans", "milk", "nuts", "celery", "mustard",
                 "sesame", "sulphites", "lupin", "molluscs"]
    assert schema["properties"]["allergens"]["items"]["enum"] == allergens
    assert schema["properties"]["may_contain"]["items"]["enum"] == allergens
    nutrition = schema["$defs"]["Nutrition"]["properties"]
    assert {"per", "energy_kj", "energy_kcal", "salt", "sodium_mg", "sugars", "saturated_fat"} <= set(nutrition)
    assert nutrition["per"]["enum"] == ["100 g", "100 ml"]
    recall = schema["$defs"]["Recall"]
    assert set(recall["required"]) == {"date", "reason", "action"}


def test_the_scaffold_shows_allergens_nutrition_and_recall_and_they_validate_uncommented(project, capsys):
    run_ocop(project, "new", "BK-0100", capsys=capsys)
    path = project / "products" / "BK-0100" / "product.yaml"
    text = path.read_text("utf-8").replace("province-id", "province-0").replace("district-id", "district-0-0")
    start, end = text.index("# allergens:"), text.index("# standards:")
    food = "\n".join(line[2:] for line in text[start:end].splitlines()) + "\n"
    assert "may_contain: [peanuts]" in food and "  sodium_mg" not in food.split("salt:")[0]
    path.write_text(text[:start] + food + text[end:], "utf-8")
    (path.parent / "cover.jpg").write_bytes((project / "products" / "P-00000" / "photo.jpg").read_bytes())
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 0, err
    assert "BK-0100" not in err, "the example's figures make sense"
    assert "#       recall:" in text and "reason: {vi: ..., en: ...}" in text
