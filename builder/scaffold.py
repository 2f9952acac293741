"""``ocop new ID``: a product.yaml with every field present and explained."""
from __future__ import annotations

import re
from pathlib import Path

from .pipeline.load import PRODUCT_FILE
from .schema import ID_PATTERN

TEMPLATE = """\
# yaml-language-server: $schema=../../builder/schemas/product.schema.json
# Product {id}. Required fields are filled with examples to replace;
# optional ones are commented out. Check with: ocop validate
id: {id}                      # permanent: printed inside the QR code; equals the folder name
name: {{vi: Tên sản phẩm, en: Product name}}
# slug: ten-san-pham          # optional: the page address; default is made from the Vietnamese name
group: food                   # food | beverages | herbal | handicrafts | ornamentals | tourism
# category: {{vi: ..., en: ...}}
stars: 3                      # 3, 4 or 5
# featured: true              # show on the home page
certificate:
  number: 0000/QĐ-UBND        # the recognition decision
  issued: 2025-01-31          # YYYY-MM-DD
  # expires: 2028-01-31       # default: issued + 36 months
  issuer: {{vi: UBND tỉnh ..., en: ... Provincial People's Committee}}
  # source: https://...       # where the decision is published
  # revoked: {{date: 2026-01-01, reason: {{vi: ..., en: ...}}}}
  # previous:                 # earlier recognitions of this product, newest first
  #   - {{number: 0000/QĐ-UBND, issued: 2022-01-31, expires: 2025-01-31, stars: 3}}
producer:
  name: HTX ...
  kind: cooperative           # enterprise | cooperative | cooperative-group | household
  address: {{vi: ..., en: ...}}
  # phone: "+84 ..."
  # email: ...
  # website: https://...
location:
  province: province-id       # an id from catalogue/areas.yaml
  district: district-id       # an id from catalogue/areas.yaml; leave it out when the product
                              # has none (after the 2025 reform): it is listed under its province
  # commune: {{vi: Xã ..., en: ... Commune}}
  # coordinates: [21.0, 105.8]  # latitude, longitude
# summary, description and images may wait: until they are given, `ocop validate`
# warns and pages show the group's drawn pictogram instead of a photo.
summary: {{vi: Một câu giới thiệu., en: One sentence.}}
description:
  vi: |
    Mô tả sản phẩm (Markdown).
  en: |
    Product description (Markdown).
# story: {{vi: ..., en: ...}}
images:                       # the first is the cover; photos sit beside this file
  - file: cover.jpg
    alt: {{vi: Mô tả ảnh cho người không nhìn thấy, en: What the photo shows}}
    # credit: "Ảnh: ..."
# specs:
#   net_quantity: 500 g
#   packaging: {{vi: ..., en: ...}}
#   shelf_life: {{vi: 12 tháng, en: 12 months}}
#   ingredients: {{vi: ..., en: ...}}
#   storage: {{vi: ..., en: ...}}
#   price: {{min: 60000, max: 75000, currency: VND}}
# allergens: [fish]           # food only; the builder names them in every language: gluten, crustaceans,
#                             # eggs, fish, peanuts, soybeans, milk, nuts, celery, mustard, sesame,
#                             # sulphites, lupin, molluscs
# may_contain: [peanuts]      # traces (same list)
# nutrition:                  # as on the label, per 100 g (or per: 100 ml); grams unless named
#   per: 100 g
#   energy_kj: 1270
#   energy_kcal: 304
#   protein: 0.3
#   fat: 0
#   saturated_fat: 0
#   carbohydrate: 82
#   sugars: 82
#   fibre: 0
#   salt: 0.01                # or sodium_mg: 4 (natri, as Vietnamese labels give it)
# standards: [VietGAP, HACCP]
# season: [5, 6]             # months (1-12) when it is fresh or made: "in season now" and the season page
# points_of_sale: [POINT-ID]  # ids from catalogue/points_of_sale.yaml
# online:
#   - {{name: Shopee, url: https://shopee.vn/...}}
# qr: product                 # or gs1: the QR encodes the GS1 Digital Link (needs gtin)
# traceability:
#   gtin: "0893..."           # 8, 12, 13 or 14 digits, check digit valid
#   raw_material_area: {{name: {{vi: ..., en: ...}}, code: "...", location: {{vi: ..., en: ...}}}}
#   lots:
#     - lot: L2501
#       produced: 2025-01-10
#       best_before: 2026-01-10
#       events:
#         - {{date: 2025-01-05, step: harvest, place: {{vi: ..., en: ...}}}}
#       tests:
#         - {{lab: {{vi: ..., en: ...}}, date: 2025-01-08, result: {{vi: Đạt, en: Passed}}, document: test.pdf}}
#       recall:               # this lot was recalled: its page opens with a red banner
#         date: 2025-03-01
#         reason: {{vi: ..., en: ...}}   # without a final full stop: the page writes
#         action: {{vi: ..., en: ...}}   #   "recalled on <date>: <reason>; <action>"
"""


def new_product(project, product_id: str) -> Path:
    if not re.match(ID_PATTERN, product_id):
        raise ValueError(f"'{product_id}' is not a valid product id: use capitals, digits and '-', e.g. BK-0017")
    folder = project.products_dir / product_id
    path = folder / PRODUCT_FILE
    if path.exists():
        raise ValueError(f"{path} already exists")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(id=product_id), "utf-8")
    return path
