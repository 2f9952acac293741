"""The filter data: ``<L>filters.json``, one file per language shared by every product list.

It holds each product's facets (worked out in ``builder/facets.py``) and what
its result card shows (name in the language, stars, status, place, thumbnail,
slug), in the order of the lists, and every filter's choices with their
labels. A list page names its own scope (``data-ocop-scope="group=food"``);
the script keeps the products of that scope and filters them. Sorted keys,
no dates: two builds of the same catalogue give the same bytes.
"""
from __future__ import annotations

from pathlib import Path

from .. import facets
from ..pipeline.write import Output
from .jsonfile import json_bytes_of_pieces, json_piece
from .offline import smallest_variant

FILE = "filters.json"
DATA_VERSION = 1
STATIC = Path(__file__).resolve().parent.parent / "static"
# Site path: its sources under static/, joined (the comparisons of filter-core.js serve the kiosk too).
SCRIPTS = {"assets/ocop-filters.js": ("filter-core.js", "filters.js"), "assets/ocop-filters.css": ("filters.css",),
           "assets/ocop-near-me.js": ("near-me.js",), "assets/ocop-season.js": ("season.js",)}


def filters_path(lang) -> str:
    return f"{lang.prefix}{FILE}"


def write_filters(site, renderer, output: Output) -> None:
    """The filter data of every language."""
    for lang in renderer.langs.values():
        output.put_bytes(filters_path(lang), filter_data_bytes(site, renderer, lang))


def write_scripts(output: Output) -> None:
    """What is the same for every catalogue: the scripts and style of the filters, seasons and near me."""
    for target, sources in SCRIPTS.items():
        output.put_bytes(target, b"".join((STATIC / name).read_bytes() for name in sources))


def filter_data_bytes(site, renderer, lang) -> bytes:
    return json_bytes_of_pieces(filter_data(site, lang), "products", product_pieces(site, renderer, lang))


def filter_data(site, lang) -> dict:
    """Everything in the filter data but its products."""
    status = {key: lang.ui(f"status_short.{key}") for key in ("valid", "expired", "revoked", "not-yet")}
    return {"version": DATA_VERSION, "lang": lang.code, "options": facets.options(site, lang), "status": status}


def product_pieces(site, renderer, lang) -> list[str]:
    """Each product's record, encoded, kept between builds by the product's key."""
    return [renderer.remembered(("filters", DATA_VERSION, renderer.item_key(item), lang.code),
                                lambda item=item: json_piece(product_record(item, lang, renderer.places)))
            for item in site.items]


def product_record(item, lang, places) -> dict:
    """One product: its facets and its result card (name, stars, status, place, slug, thumbnail)."""
    record = {"n": lang.plain(item.product.name), "u": item.slug, "c": item.status,
              "l": (lang.plain(item.district.name) + " · " if item.district else "")
              + lang.plain(places.today_names[item.place.province.slug]), **facets.item_facets(item)}
    if item.photos:
        thumb = smallest_variant(item.photos[0])
        record["t"] = [thumb.name, thumb.width, thumb.height]
    return record
