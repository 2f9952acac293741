"""The CMS's ``config.yml``, made from the schema's models and ``hints.yaml``.

Products are a folder collection (``products/<ID>/product.yaml``, photos beside
each file), points of sale a folder collection of one file each
(``catalogue/points_of_sale/<ID>.yaml``), and areas one file
(``catalogue/areas.yaml``). Every form field comes from ``fields.model_shapes``;
only the Vietnamese words, and how a few fields are shown, come from
``hints.yaml``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale

from ..i18n import ui_strings
from ..pipeline.load import POINTS_OF_SALE_FOLDER, PRODUCT_FILE
from ..schema import Areas, PointOfSale, Product
from ..settings import Project
from .fields import Shape, model_shapes, walk_models

HINTS_FILE = Path(__file__).parent / "hints.yaml"
UI_LANGUAGE = "vi"  # Decap has a Vietnamese locale; the labels and hints are Vietnamese too
DATE_FORMAT = "YYYY-MM-DD"
MODELS = (Product, PointOfSale, Areas)


class MissingHint(Exception):
    """A schema field has no Vietnamese label and hint in hints.yaml."""


@lru_cache(maxsize=1)
def hints() -> dict:
    return yaml.safe_load(HINTS_FILE.read_text("utf-8"))


def hint_for(model: type, name: str) -> dict:
    entry = hints().get(f"{model.__name__}.{name}")
    if not entry or not entry.get("label") or not entry.get("hint"):
        raise MissingHint(f"{HINTS_FILE.name}: '{model.__name__}.{name}' needs a Vietnamese label and hint "
                          "(the editor shows them with the field)")
    return entry


def missing_hints() -> list[str]:
    """Every field of every catalogue model without a label and hint."""
    missing = []
    for root in MODELS:
        for model, name, _shape in walk_models(root):
            try:
                hint_for(model, name)
            except MissingHint:
                missing.append(f"{model.__name__}.{name}")
    return sorted(set(missing))


def language_label(code: str) -> str:
    name = Locale.parse(UI_LANGUAGE).languages.get(code, code)
    return f"{name[:1].upper()}{name[1:]} ({code})"


# --- one form field -------------------------------------------------------------

def form_field(model: type, name: str, shape: Shape, languages: tuple[str, ...], optional: bool = False) -> dict:
    """``optional``: the field is inside an optional object, which the CMS checks even when it
    is left empty; there the schema alone says what such an object, once given, needs."""
    entry = hint_for(model, name)
    required = shape.required and not optional
    base = {"name": name, "label": entry["label"], "hint": entry["hint"], "required": required}
    if shape.default is not None:
        base["default"] = shape.default
    return {**base, **widget(shape, entry, languages, not required)}


def widget(shape: Shape, entry: dict, languages: tuple[str, ...], optional: bool = False) -> dict:
    kind = shape.kind
    if kind == "ltext":
        text = entry.get("widget") == "text"
        return {"widget": "object", "collapsed": False, "fields": [
            {"name": code, "label": language_label(code), "widget": "text" if text else "string",
             "required": not optional and code == languages[0]} for code in languages]}
    if kind == "text" and entry.get("widget") in ("image", "file"):
        return {"widget": entry["widget"], "choose_url": False}
    if kind == "text":
        found = {"widget": "text" if entry.get("widget") == "text" else "string"}
        if shape.pattern:
            found["pattern"] = [shape.pattern, f"Sai dạng: {entry['hint']}"]
        return found
    if kind == "choice":
        return {"widget": "select", "options": choice_options(shape.choices, entry.get("choices"))}
    if kind == "number":
        found = {"widget": "number", "value_type": "int" if shape.integer else "float"}
        found.update({key: value for key, value in (("min", shape.minimum), ("max", shape.maximum)) if value is not None})
        return found
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind == "date":
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": "DD/MM/YYYY", "time_format": False,
                "picker_utc": True}
    if kind == "model":
        return {"widget": "object", "collapsed": optional,
                "fields": model_fields(shape.model, shape.fields, languages, optional)}
    if kind == "pair":  # one widget for both values: the widest range; the schema checks each
        found = widget(shape.items[0], {}, languages)
        lows = [item.minimum for item in shape.items if item.minimum is not None]
        highs = [item.maximum for item in shape.items if item.maximum is not None]
        found.pop("min", None), found.pop("max", None)
        if len(lows) == len(shape.items):
            found["min"] = min(lows)
        if len(highs) == len(shape.items):
            found["max"] = max(highs)
        return {"widget": "list", "min": 2, "max": 2, "collapsed": False,
                "field": {"name": "value", "label": entry["label"], **found}}
    if kind == "list":
        return list_widget(shape.item, entry, languages)
    raise ValueError(f"no widget for a field of kind {kind}")  # fields.py raises first for unknown types


def list_widget(item: Shape, entry: dict, languages: tuple[str, ...]) -> dict:
    if entry.get("relation"):
        return {"widget": "relation", "collection": entry["relation"], "multiple": True,
                "value_field": "id", "search_fields": ["id", f"name.{languages[0]}"],
                "display_fields": [f"name.{languages[0]}"]}
    if item.kind == "text" and item.suggestions:
        return {"widget": "select", "multiple": True,
                "options": choice_options(item.suggestions, entry.get("choices") or "standard")}
    if item.kind == "choice":
        return {"widget": "select", "multiple": True, "options": choice_options(item.choices, entry.get("choices"))}
    if item.kind == "model":
        return {"widget": "list", "collapsed": True, "fields": model_fields(item.model, item.fields, languages)}
    return {"widget": "list", "field": {"name": "value", "label": entry["label"], **widget(item, {}, languages)}}


def choice_options(values: tuple, locale_prefix: str | None) -> list:
    strings = ui_strings(UI_LANGUAGE)
    options = []
    for value in values:
        label = strings.get(f"{locale_prefix}.{value}") if locale_prefix else None
        if isinstance(value, int) and not isinstance(value, bool):
            label = f"{value} sao" if label is None else label
        options.append({"label": label or str(value), "value": value})
    return options


def model_fields(model: type, shapes: dict[str, Shape], languages: tuple[str, ...],
                 optional: bool = False) -> list[dict]:
    return [form_field(model, name, shape, languages, optional) for name, shape in shapes.items()]


# --- the collections -------------------------------------------------------------

def relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def collections(project: Project, new_id: str | None = None) -> list[dict]:
    languages, root = project.languages, project.root
    product_fields = model_fields(Product, model_shapes(Product), languages)
    if new_id:
        next(f for f in product_fields if f["name"] == "id")["default"] = new_id
    name_of = f"{{{{fields.name.{languages[0]}}}}}"
    return [
        {"name": "products", "label": "Sản phẩm", "label_singular": "sản phẩm",
         "description": "Mỗi sản phẩm là một thư mục products/<mã>/ với product.yaml và ảnh.",
         "folder": relative(project.products_dir, root), "path": "{{slug}}/" + PRODUCT_FILE.rsplit(".", 1)[0],
         "extension": "yaml", "format": "yaml", "create": True, "delete": False,
         "slug": "{{fields.id}}", "identifier_field": "id", "summary": "{{fields.id}} · " + name_of,
         "sortable_fields": ["id"], "media_folder": "", "public_folder": "", "editor": {"preview": False},
         "fields": product_fields},
        {"name": "points_of_sale", "label": "Điểm bán", "label_singular": "điểm bán",
         "description": "Mỗi điểm bán là một tệp catalogue/points_of_sale/<mã>.yaml.",
         "folder": relative(project.catalogue_dir / POINTS_OF_SALE_FOLDER, root),
         "extension": "yaml", "format": "yaml", "create": True, "delete": False,
         "slug": "{{fields.id}}", "identifier_field": "id", "summary": "{{fields.id}} · " + name_of,
         "editor": {"preview": False},
         "fields": model_fields(PointOfSale, model_shapes(PointOfSale), languages)},
        {"name": "areas", "label": "Tỉnh và khu vực", "delete": False, "editor": {"preview": False}, "files": [
            {"name": "areas", "label": "Tỉnh và khu vực (catalogue/areas.yaml)",
             "file": relative(project.catalogue_dir / "areas.yaml", root), "format": "yaml",
             "fields": model_fields(Areas, model_shapes(Areas), languages)}]},
    ]


def cms_config(project: Project, backend: dict, new_id: str | None = None, publish_mode: str | None = None) -> dict:
    """The whole config.yml, for the local editor (backend: proxy) or a Git host."""
    config = {
        "locale": UI_LANGUAGE,
        "backend": backend,
        "media_folder": relative(project.catalogue_dir / "areas", project.root),
        "public_folder": "areas",
        "omit_empty_optional_fields": True,
        "collections": collections(project, new_id),
    }
    if publish_mode:
        config["publish_mode"] = publish_mode
    if project.site_url:
        config["site_url"] = project.site_url
    return config


def config_text(config: dict) -> str:
    return ("# Made by ocop from builder/schema.py and builder/editor/hints.yaml: edit those, not this file.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1_000_000))
