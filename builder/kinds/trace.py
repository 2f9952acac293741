"""Traceability pages: ``t/<ID>/`` (the product QR code's target) and ``<L>t/<ID>/``.

Standalone and light: they are what a phone opens after a scan, often on a
slow network, so they carry their own CSS and no theme bundle.
"""
from __future__ import annotations

from . import Job, PageKind
from .. import links as paths
from ..jsonld import product_jsonld, script_tag
from ..settings import LANGUAGE_NAMES

QR = "qr"  # the last ref of a page a QR code opens: the default language's, without a language in its URL


def item_jobs(renderer, item, lang):
    if lang.prefix:
        yield Job(paths.trace_path(item.id, lang), "trace", lang.code, (item.id,))
    else:
        yield Job(paths.trace_path(item.id), "trace", lang.code, (item.id, QR))


def inputs(renderer, job: Job) -> tuple:
    return (job, renderer.item_key(renderer.items_by_id[job.ref[0]]))


def is_qr_target(job: Job) -> bool:
    return job.ref[-1] == QR


def render(renderer, job: Job, lang, links) -> str:
    item = renderer.items_by_id[job.ref[0]]
    return standalone(renderer, "trace.html", job, lang, links, item, {})


def beside(renderer, job: Job) -> list:
    return renderer.qr_codes.beside(job.path, renderer.items_by_id[job.ref[0]]) if is_qr_target(job) else []


def standalone(renderer, template: str, job: Job, lang, links, item, extra: dict) -> str:
    """A light page: own CSS inline, no theme bundle (it must open fast after a scan)."""
    is_qr = is_qr_target(job)
    neutral = job.path[len(lang.prefix):]
    alternates = [{"lang": code, "tag": other.tag, "name": LANGUAGE_NAMES.get(code, code),
                   "path": other.prefix + neutral, "offer": other.ui("choose_language", language=other.name),
                   "variants": other.s["offer_variants"]}
                  for code, other in renderer.langs.items()]
    page_url = links.absolute(paths.product_path(item.slug, lang))
    images = [links.absolute(f"img/{p.fallback.name}") for p in item.photos[:1]]
    head = script_tag(product_jsonld(item, lang, page_url, images))
    title = lang.plain(item.product.name)
    if "lot" in extra:
        title += f" – {lang.ui('lot')} {extra['lot'].lot}"
    context = renderer.context(
        lang, links, item=item, title=title, description=lang.plain(item.product.summary),
        page_path=job.path, alternates=alternates, home_path=lang.prefix, head_extra=head,
        trace_css=renderer.trace_css, offer_language=is_qr, lang_for_links=lang,
        robots="noindex,follow" if is_qr else "index,follow", **extra)
    return renderer.template(template).render(context)


KIND = PageKind("trace", render, inputs, item_jobs=item_jobs, beside=beside)
