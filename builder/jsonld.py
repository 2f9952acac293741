"""schema.org JSON-LD for product and traceability pages (CONTRACT §5)."""
from __future__ import annotations

import json

from markupsafe import Markup

from . import allergens, nutrition

ACTIVE, INACTIVE = "https://schema.org/CertificationActive", "https://schema.org/CertificationInactive"


def product_jsonld(item, lang, page_url: str, image_urls: list[str]) -> dict:
    p = item.product
    certificate = p.certificate
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": page_url + "#product",
        "name": lang.plain(p.name),
        "description": lang.plain(p.summary),
        "sku": p.id,
        "url": page_url,
        "image": image_urls,
        "category": lang.ui(f"group.{p.group}"),
        "brand": {"@type": "Brand", "name": p.producer.name},
        "manufacturer": {"@type": "Organization", "name": p.producer.name, "address": postal_address(item, lang)},
        "countryOfOrigin": {"@type": "Country", "name": "VN"},
        "hasCertification": {
            "@type": "Certification",
            "name": "OCOP",
            "certificationIdentification": certificate.number,
            "issuedBy": {"@type": "Organization", "name": lang.plain(certificate.issuer)},
            "certificationRating": {"@type": "Rating", "ratingValue": p.stars, "bestRating": 5, "worstRating": 3},
            "validFrom": item.dates.issued.isoformat(),
            "expires": (item.dates.revoked or item.dates.expires).isoformat(),
            "certificationStatus": ACTIVE if item.status == "valid" else INACTIVE,
        },
    }
    if item.product.traceability and item.product.traceability.gtin:
        data["gtin"] = item.product.traceability.gtin
    if certificate.source:
        data["hasCertification"]["url"] = certificate.source
    properties = allergen_properties(p, lang) + nutrition_properties(p.nutrition, lang)
    if properties:
        data["additionalProperty"] = properties
    return data


GS1 = "https://gs1.org/voc/"
CONTAINMENT = (("allergens", "CONTAINS"), ("may_contain", "MAY_CONTAIN"))


def allergen_properties(product, lang) -> list[dict]:
    """schema.org has no allergen property on Product: each allergen is a PropertyValue whose
    propertyID is its GS1 allergen type code and whose value is GS1's level of containment."""
    return [{"@type": "PropertyValue", "propertyID": f"{GS1}AllergenTypeCode-{allergens.GS1_CODES[key]}",
             "name": allergens.name(key, lang), "value": level,
             "valueReference": f"{GS1}LevelOfContainmentCode-{level}"}
            for field, level in CONTAINMENT for key in getattr(product, field)]


# field -> (GS1 Web Vocabulary property, unit code (UN/CEFACT), unit)
NUTRIENTS = {"energy_kj": ("energyPerNutrientBasis", "KJO", "kJ"), "energy_kcal": ("energyPerNutrientBasis", "E14", "kcal"),
             "fat": ("fatPerNutrientBasis", "GRM", "g"), "saturated_fat": ("saturatedFatPerNutrientBasis", "GRM", "g"),
             "carbohydrate": ("carbohydratesPerNutrientBasis", "GRM", "g"), "sugars": ("sugarsPerNutrientBasis", "GRM", "g"),
             "fibre": ("fibrePerNutrientBasis", "GRM", "g"), "protein": ("proteinPerNutrientBasis", "GRM", "g"),
             "alcohol": (None, "GRM", "g"), "sodium_mg": ("sodiumPerNutrientBasis", "MGM", "mg")}


def nutrition_properties(facts, lang) -> list[dict]:
    """Nutrition per 100 g or 100 ml as PropertyValues named by GS1's nutrient properties
    (schema.org's NutritionInformation belongs to recipes and menu items, not products)."""
    if facts is None:
        return []
    liquid = facts.per == "100 ml"
    out = [{"@type": "PropertyValue", "propertyID": f"{GS1}nutrientBasisQuantity", "name": nutrition.basis(facts, lang),
            "value": 100, "unitCode": "MLT" if liquid else "GRM", "unitText": "ml" if liquid else "g"}]
    for field, (term, unit_code, unit) in NUTRIENTS.items():
        value = getattr(facts, field)
        if value is not None:
            out.append(property_value(term, lang.ui(nutrition.label(field)), value, unit_code, unit))
    salt = nutrition.salt_grams(facts)
    if salt is not None:
        out.append(property_value("saltPerNutrientBasis", lang.ui("nutrition.salt"), salt, "GRM", "g"))
    return out


def property_value(term: str | None, name: str, value: float, unit_code: str, unit: str) -> dict:
    entry = {"@type": "PropertyValue", "name": name, "value": value, "unitCode": unit_code, "unitText": unit}
    if term:
        entry["propertyID"] = GS1 + term
    return entry


def postal_address(item, lang) -> dict:
    """The producer's address as typed, placed in today's commune and province (official names)."""
    place = item.place
    address = {"@type": "PostalAddress", "streetAddress": lang.plain(item.product.producer.address),
               "addressRegion": place.province.name, "addressCountry": "VN"}
    if place.commune:
        address["addressLocality"] = place.commune.name
    return address


def script_tag(data: dict) -> Markup:
    """JSON inside <script>, safe against '</script>' in catalogue text."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')
