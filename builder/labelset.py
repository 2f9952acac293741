"""Which labels ``ocop labels`` prints: one per product and one per lot."""
from __future__ import annotations

from .files.qrcodes import qr_target
from .i18n import Lang
from .labels import Label


def labels_for(site, ids: list[str]) -> list[Label]:
    wanted = ids or [item.id for item in site.items]
    by_id = {item.id: item for item in site.items}
    lang = Lang(site.project.default_language, site.project.languages)
    labels = []
    for product_id in wanted:
        item = by_id[product_id]
        name = lang.plain(item.product.name)
        labels.append(Label(qr_target(item, None, site.project.site_url), name, item.product.stars, item.id))
        for lot in item.lots:
            labels.append(Label(qr_target(item, lot.lot, site.project.site_url), name,
                                item.product.stars, item.id, lot.lot))
    return labels
