"""Product pages: ``<L>products/<slug>/``, one per product and language."""
from __future__ import annotations

from markupsafe import Markup, escape

from . import Job, PageKind
from .. import links as paths
from ..jsonld import product_jsonld, script_tag


def item_jobs(renderer, item, lang):
    yield Job(paths.product_path(item.slug, lang), "product", lang.code, (item.id,))


def inputs(renderer, job: Job) -> tuple:
    return (job, renderer.item_key(renderer.items_by_id[job.ref[0]]))


def render(renderer, job: Job, lang, links) -> str:
    item = renderer.items_by_id[job.ref[0]]
    content = renderer.template("product.html").render(renderer.context(lang, links, item=item))
    return renderer.themed_page(job, lang.plain(item.product.name), lang.plain(item.product.summary), content,
                                head(renderer, item, lang, links))


def head(renderer, item, lang, links) -> str:
    """JSON-LD and the share preview (Open Graph) of a product."""
    page_url = links.absolute(paths.product_path(item.slug, lang))
    images = [links.absolute(f"img/{p.fallback.name}") for p in item.photos]
    lines = [script_tag(product_jsonld(item, lang, page_url, images))]
    meta = {
        "og:type": "product", "og:title": lang.plain(item.product.name),
        "og:description": lang.plain(item.product.summary), "og:url": page_url,
        "og:site_name": renderer.project.site_name_in(lang.code), "og:locale": lang.code,
    }
    card = item.cards.get(lang.code) or item.card  # in the page's language where the name is translated
    if card:
        meta.update({"og:image": links.absolute(f"img/{card}"), "og:image:width": "1200",
                     "og:image:height": "630", "og:image:alt": lang.plain(item.product.name)})
    lines.extend(f'<meta property="{key}" content="{escape(value)}">' for key, value in meta.items())
    lines.append(Markup('<meta name="twitter:card" content="summary_large_image">'))
    return "\n".join(lines)


KIND = PageKind("product", render, inputs, item_jobs=item_jobs, section=lambda job: "products", in_sitemap=True)
