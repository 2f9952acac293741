"""GS1 Digital Link: ``01/<gtin14>/`` and ``01/<gtin14>/10/<LOT>/`` redirect to the
traceability pages; ``01/<gtin14>/linkset.json`` lists the product's links."""
from __future__ import annotations

from .. import links as paths
from ..write import Output
from .jsonfile import json_bytes


def gs1_linkset(item, site_url: str, default_lang) -> dict:
    anchor = site_url + paths.gs1_path(item.gtin14)
    product_page = site_url + paths.product_path(item.slug, default_lang)
    trace_page = site_url + paths.trace_path(item.id)
    linkset = {
        "anchor": anchor,
        "https://gs1.org/voc/pip": [{"href": product_page, "type": "text/html", "title": default_lang.plain(item.product.name)}],
        "https://gs1.org/voc/traceability": [{"href": trace_page, "type": "text/html"}],
        "https://gs1.org/voc/certificationInfo": [{"href": trace_page, "type": "text/html"}],
        "https://gs1.org/voc/defaultLink": [{"href": trace_page, "type": "text/html"}],
    }
    if item.product.certificate.source:
        linkset["https://gs1.org/voc/certificationInfo"].append({"href": item.product.certificate.source})
    return {"linkset": [linkset]}


def write_gs1(site, renderer, output: Output) -> None:
    lang = renderer.langs[site.project.default_language]
    template = renderer.env.get_template("gs1.html")
    for item in site.items:
        if not item.gtin14:
            continue
        for lot in [None] + [l.lot for l in item.lots]:
            gs1 = paths.gs1_path(item.gtin14, lot)
            target_path = paths.lot_path(item.id, lot) if lot else paths.trace_path(item.id)
            links = paths.Links(gs1, site.project.site_url)
            html = template.render(L=lang, title=lang.plain(item.product.name), target=links.to(target_path),
                                   canonical=links.absolute(target_path))
            output.put_bytes(gs1 + "index.html", html.encode("utf-8"))
        linkset = gs1_linkset(item, site.project.site_url, lang)
        output.put_bytes(paths.gs1_path(item.gtin14) + "linkset.json", json_bytes(linkset))


