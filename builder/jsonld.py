"""schema.org JSON-LD for product and traceability pages (CONTRACT §5)."""
from __future__ import annotations

import json

from markupsafe import Markup

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
    return data


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
