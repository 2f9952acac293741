"""The editor's config.yml: forms made from the schema's models, in Vietnamese."""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

import pytest
import yaml

from builder.commands import default_adapter
from builder.editor import config as editor_config
from builder.editor.config import MissingHint, cms_config, config_text, missing_hints, model_fields
from builder.editor.fields import UnknownFieldType, model_shapes
from builder.schema import LText, Strict
from conftest import REPO

LOCAL = {"name": "proxy", "proxy_url": "/__ocop/cms/api/v1"}


@pytest.fixture(scope="module")
def sample_config():
    project = default_adapter().load_project(REPO)
    return yaml.safe_load(config_text(cms_config(project, LOCAL, new_id="BK-0007")))


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def field(fields, *path):
    found = next(f for f in fields if f["name"] == path[0])
    return field(found["fields"], *path[1:]) if len(path) > 1 else found


def test_every_field_has_a_vietnamese_label_and_hint():
    assert missing_hints() == []


def test_a_field_without_a_hint_stops_the_config(monkeypatch):
    kept = editor_config.hints()
    monkeypatch.setattr(editor_config, "hints", lambda: {k: v for k, v in kept.items() if k != "Lot.produced"})
    assert missing_hints() == ["Lot.produced"]
    project = default_adapter().load_project(REPO)
    with pytest.raises(MissingHint, match="'Lot.produced' needs a Vietnamese label and hint"):
        cms_config(project, LOCAL)


def test_an_unknown_field_type_stops_the_config():
    class Odd(Strict):
        tags: set[str]

    with pytest.raises(UnknownFieldType, match=r"Odd.tags: the editor has no form widget for the type"):
        model_shapes(Odd)


def test_a_field_added_to_the_schema_reaches_the_form(monkeypatch):
    class Harvest(Strict):
        months: list[int] = []
        picked: Optional[dt.date] = None
        note: Optional[LText] = None
        grade: Literal["A", "B"] = "A"

    words = {f"Harvest.{name}": {"label": f"Nhãn {name}", "hint": f"Gợi ý {name}"}
             for name in ("months", "picked", "note", "grade")}
    monkeypatch.setattr(editor_config, "hints", lambda: words)
    fields = model_fields(Harvest, model_shapes(Harvest), ("vi", "en"))
    assert [f["name"] for f in fields] == ["months", "picked", "note", "grade"]
    assert field(fields, "months")["widget"] == "list" and field(fields, "months")["field"]["widget"] == "number"
    assert field(fields, "picked")["format"] == "YYYY-MM-DD"
    assert [f["name"] for f in field(fields, "note")["fields"]] == ["vi", "en"]
    assert field(fields, "grade")["options"] == [{"label": "A", "value": "A"}, {"label": "B", "value": "B"}]


def test_products_are_product_yaml_files_with_their_photos_beside_them(sample_config):
    products = collection(sample_config, "products")
    assert (products["folder"], products["path"], products["extension"], products["format"]) == \
        ("products", "{{slug}}/product", "yaml", "yaml")
    assert products["media_folder"] == "" and products["public_folder"] == ""
    assert sample_config["locale"] == "vi"
    assert field(products["fields"], "id")["default"] == "BK-0007"
    assert field(products["fields"], "id")["pattern"][0] == "^[A-Z0-9][A-Z0-9-]{1,31}$"


def test_texts_show_every_published_language_vietnamese_first(sample_config):
    name = field(collection(sample_config, "products")["fields"], "name")
    assert name["label"] == "Tên sản phẩm" and name["widget"] == "object"
    assert [(f["name"], f["required"]) for f in name["fields"]] == \
        [("vi", True), ("en", False), ("zh", False), ("ko", False), ("ja", False)]
    assert name["fields"][0]["label"] == "Tiếng Việt (vi)"
    assert field(collection(sample_config, "products")["fields"], "description", "vi")["widget"] == "text"


def test_choices_dates_lists_and_points_of_sale(sample_config):
    fields = collection(sample_config, "products")["fields"]
    group = field(fields, "group")
    assert group["widget"] == "select" and {"label": "Thực phẩm", "value": "food"} in group["options"]
    assert field(fields, "stars")["options"] == [{"label": f"{n} sao", "value": n} for n in (3, 4, 5)]
    issued = field(fields, "certificate", "issued")
    assert (issued["widget"], issued["format"], issued["time_format"]) == ("datetime", "YYYY-MM-DD", False)
    lots = field(fields, "traceability", "lots")
    assert lots["widget"] == "list" and field(lots["fields"], "events")["widget"] == "list"
    assert field(field(lots["fields"], "events")["fields"], "step")["widget"] == "select"
    standards = field(fields, "standards")
    assert standards["widget"] == "select" and standards["multiple"] is True
    assert {"label": "Chỉ dẫn địa lý", "value": "geographical-indication"} in standards["options"]
    points = field(fields, "points_of_sale")
    assert (points["widget"], points["collection"], points["value_field"], points["multiple"]) == \
        ("relation", "points_of_sale", "id", True)
    assert field(field(fields, "images")["fields"], "file")["widget"] == "image"
    kind = field(collection(sample_config, "points_of_sale")["fields"], "kind")
    assert {"label": "Cửa hàng trực tuyến", "value": "online"} in kind["options"]


def test_points_of_sale_and_areas(sample_config):
    points = collection(sample_config, "points_of_sale")
    assert points["folder"] == "catalogue/points_of_sale" and points["extension"] == "yaml"
    areas = collection(sample_config, "areas")
    assert areas["files"][0]["file"] == "catalogue/areas.yaml"
    districts = field(areas["files"][0]["fields"], "provinces", "districts")
    assert field(districts["fields"], "image")["widget"] == "image"
