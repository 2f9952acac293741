"""Open data: ``api/products.json`` and ``api/products.csv``."""
from __future__ import annotations

import csv
import io

from .. import links as paths
from .. import nutrition
from ..pipeline.write import Output
from .jsonfile import json_bytes_of_pieces, json_piece


def open_data_record(item, site_url: str, langs: dict) -> dict:
    p = item.product
    default = next(iter(langs.values()))
    record = {
        "id": p.id, "slug": item.slug,
        "name": {code: lang.plain(p.name) for code, lang in langs.items() if not lang.is_fallback(p.name)},
        "group": p.group, "stars": p.stars, "status": item.status,
        "certificate": {"number": p.certificate.number, "issued": item.dates.issued.isoformat(),
                        "expires": item.dates.expires.isoformat(),
                        "revoked": item.dates.revoked.isoformat() if item.dates.revoked else None,
                        "issuer": default.plain(p.certificate.issuer)},
        "producer": {"name": p.producer.name, "kind": p.producer.kind},
        "province": item.province.id, "district": item.district.id if item.district else "",
        **official_place(item),
        "coordinates": list(p.location.coordinates) if p.location.coordinates else None,
        "gtin": p.traceability.gtin if p.traceability else None,
        "lots": [lot.lot for lot in item.lots],
        "url": {code: site_url + paths.product_path(item.slug, lang) for code, lang in langs.items()},
        "traceability_url": site_url + paths.trace_path(item.id),
        "qr": {"svg": site_url + paths.trace_path(item.id) + "qr.svg",
               "png": site_url + paths.trace_path(item.id) + "qr.png"},
        "allergens": list(p.allergens), "may_contain": list(p.may_contain),
        "nutrition": nutrition_record(p.nutrition),
        "recalls": [{"lot": lot.lot, "date": lot.recall.date.isoformat(), "reason": default.plain(lot.recall.reason),
                     "action": default.plain(lot.recall.action),
                     "url": site_url + paths.lot_path(item.id, lot.lot) + "#recall"} for lot in item.recalled_lots],
    }
    return record


def nutrition_record(facts) -> dict | None:
    """The figures as given, with salt worked out from sodium where only sodium is given (and said so)."""
    if facts is None:
        return None
    record = {"per": facts.per, **{field: getattr(facts, field) for field in nutrition.AMOUNTS}}
    record["salt"] = nutrition.salt_grams(facts)
    record["salt_from_sodium"] = nutrition.salt_from_sodium(facts)
    return record


def official_place(item) -> dict:
    """Today's province and commune with their official codes, and the former names (CONTRACT §5)."""
    place = item.place
    return {"province_code": place.province.code, "province_now": place.province.name,
            "commune_code": place.commune.code if place.commune else "",
            "commune_now": place.commune.name if place.commune else "",
            "former_province": place.former_province.name if place.former_province else "",
            "former_district": place.former_district.name if place.former_district else ""}


PLACE_COLUMNS = ["province_code", "province_now", "commune_code", "commune_now", "former_province", "former_district"]
NUTRITION_COLUMNS = ["energy_kj", "energy_kcal", "protein", "fat", "saturated_fat", "carbohydrate", "sugars",
                     "fibre", "alcohol", "salt", "sodium_mg"]
# Added at the end, so that programs reading columns by position keep working.
FOOD_COLUMNS = ["allergens", "may_contain", "nutrition_per", *NUTRITION_COLUMNS, "recalled_lots"]
CSV_COLUMNS = ["id", "name", "group", "stars", "status", "certificate_number", "issued", "expires",
               "revoked", "producer", "province", "district", "latitude", "longitude", "gtin", "url",
               "traceability_url", *PLACE_COLUMNS, *FOOD_COLUMNS]


def food_cells(record: dict) -> list:
    """The CSV's allergen, nutrition and recall columns: lists joined by ';', empty where unknown."""
    facts = record["nutrition"] or {}
    number = lambda value: "" if value is None else f"{value:g}"  # noqa: E731
    return [";".join(record["allergens"]), ";".join(record["may_contain"]), facts.get("per", ""),
            *(number(facts.get(column)) for column in NUTRITION_COLUMNS),
            ";".join(recall["lot"] for recall in record["recalls"])]


def write_open_data(site, renderer, output: Output) -> None:
    """Both files are joined from each product's pieces, kept between builds by the product's key."""
    site_url, default = site.project.site_url, site.project.default_language
    pieces = [renderer.remembered(("open data", renderer.item_key(item)),
                                  lambda item=item: record_pieces(open_data_record(item, site_url, renderer.langs),
                                                                  default))
              for item in site.items]
    output.put_bytes("api/products.json", json_bytes_of_pieces(
        {"generated": site.project.build_date.isoformat(), "count": len(pieces)}, "products",
        [json_text for json_text, _ in pieces]))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(CSV_COLUMNS)
    buffer.writelines(csv_row for _, csv_row in pieces)
    output.put_bytes("api/products.csv", buffer.getvalue().encode("utf-8-sig"))


def record_pieces(r: dict, default: str) -> tuple[str, str]:
    """A product's record encoded for the JSON file, and its row of the CSV file."""
    lat, lon = r["coordinates"] or ("", "")
    row = io.StringIO()
    csv.writer(row, lineterminator="\n").writerow(
        [r["id"], r["name"].get(default, ""), r["group"], r["stars"], r["status"],
         r["certificate"]["number"], r["certificate"]["issued"], r["certificate"]["expires"],
         r["certificate"]["revoked"] or "", r["producer"]["name"], r["province"], r["district"],
         lat, lon, r["gtin"] or "", r["url"][default], r["traceability_url"],
         *(r[column] for column in PLACE_COLUMNS), *food_cells(r)])
    return json_piece(r), row.getvalue()


