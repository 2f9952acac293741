"""GS1 Digital Link: ``01/<gtin14>/`` and ``01/<gtin14>/10/<LOT>/`` lead to the
traceability pages (or, with ``?linkType=gs1:pip`` and the like, to the link of
that type); ``01/<gtin14>/linkset.json`` lists the product's links and
``01/<gtin14>/10/<LOT>/linkset.json`` a lot's (RFC 9264, in the form GS1's
resolver standard asks for: an ``itemDescription``, and a ``title`` and
``hreflang`` on every link). A lot's ``gs1:recallStatus`` leads to the red
banner of a recalled lot's page, or to the section of the others that says no
recall is known as of the build date."""
from __future__ import annotations

import json

from markupsafe import Markup

from .. import links as paths
from .. import recall
from ..csp import with_policy
from ..pipeline.write import Output
from .jsonfile import json_bytes

VOC = "https://gs1.org/voc/"
LINK_TYPES = ("pip", "traceability", "certificationInfo", "allergenInfo", "nutritionalInfo", "hasRetailers",
              "recallStatus", "defaultLink")


def link(href: str, title: str, lang, media_type: str = "text/html") -> dict:
    # The bare language code: GS1's linkset schema accepts only "xx" or "xx-XX" (not "zh-Hans"),
    # and the entry page's script matches it against the visitor's two-letter languages.
    return {"href": href, "title": title, "type": media_type, "hreflang": [lang.code]}


def links_by_type(item, site_url: str, langs: list, lot: str | None = None) -> dict[str, list[dict]]:
    """Every link type's targets, one per language (the default language first)."""
    by_type = {name: [] for name in LINK_TYPES}
    product = item.product
    the_lot = next(l for l in item.lots if l.lot == lot) if lot else None
    for lang in langs:
        code_lang = lang if lang.prefix else None
        name = lang.plain(product.name)
        trace = site_url + (paths.lot_path(item.id, lot, code_lang) if lot else paths.trace_path(item.id, code_lang))
        by_type["pip"].append(link(site_url + paths.product_path(item.slug, lang), name, lang))
        by_type["traceability"].append(link(trace, lang.ui("gs1_traceability", name=name), lang))
        by_type["certificationInfo"].append(link(
            site_url + paths.trace_path(item.id, code_lang),
            lang.ui("gs1_certificate", number=product.certificate.number), lang))
        if product.allergens or product.may_contain:
            by_type["allergenInfo"].append(link(trace + "#allergens", lang.ui("gs1_allergens", name=name), lang))
        if product.nutrition:
            by_type["nutritionalInfo"].append(link(trace + "#nutrition", lang.ui("gs1_nutrition", name=name), lang))
        by_type["hasRetailers"] += [link(site_url + paths.point_path(point.id, lang), lang.plain(point.name), lang)
                                    for point in item.points]
        if the_lot:
            by_type["recallStatus"].append(link(f"{trace}#{recall.anchor(the_lot)}",
                                                lang.ui("gs1_recall", lot=lot), lang))
    default = langs[0]
    by_type["defaultLink"].append(by_type["traceability"][0])
    if item.product.certificate.source:
        by_type["certificationInfo"].append(link(item.product.certificate.source,
                                                 default.ui("certificate_source"), default))
    return {name: targets for name, targets in by_type.items() if targets}


def gs1_linkset(item, site_url: str, langs: list, lot: str | None = None) -> dict:
    """The product's links, or with ``lot`` the lot's."""
    description = langs[0].plain(item.product.name)
    linkset = {"anchor": site_url + paths.gs1_path(item.gtin14, lot),
               "itemDescription": f"{description} – {langs[0].ui('lot')} {lot}" if lot else description}
    for name, targets in links_by_type(item, site_url, langs, lot).items():
        linkset[VOC + name] = targets
    return {"linkset": [linkset]}


def redirect_map(item, site_url: str, langs: list, lot: str | None, page_links) -> dict:
    """What the entry page's script follows: per link type, (language, relative link)."""
    relative = lambda href: page_links.to(href[len(site_url):]) if href.startswith(site_url) else href  # noqa: E731
    return {f"gs1:{name}": [[target["hreflang"][0], relative(target["href"])] for target in targets]
            for name, targets in links_by_type(item, site_url, langs, lot).items()}


def write_gs1(site, renderer, output: Output) -> None:
    langs = list(renderer.langs.values())
    lang = langs[0]
    site_url = site.project.site_url
    template = renderer.env.get_template("gs1.html")
    for item in site.items:
        if not item.gtin14:
            continue
        for lot in [None] + [l.lot for l in item.lots]:
            gs1 = paths.gs1_path(item.gtin14, lot)
            target_path = paths.lot_path(item.id, lot) if lot else paths.trace_path(item.id)
            page_links = paths.Links(gs1, site_url)
            targets = redirect_map(item, site_url, langs, lot, page_links)
            targets["linkset"] = [[lang.code, page_links.to(gs1 + "linkset.json")]]
            html = template.render(L=lang, title=lang.plain(item.product.name), target=page_links.to(target_path),
                                   canonical=page_links.absolute(target_path),
                                   targets=Markup(json.dumps(targets, sort_keys=True).replace("</", "<\\/")))
            output.put_bytes(gs1 + "index.html", with_policy(html).encode("utf-8"))
            output.put_bytes(gs1 + "linkset.json", json_bytes(gs1_linkset(item, site_url, langs, lot)))
