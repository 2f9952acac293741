"""Which labels ``ocop labels`` prints: one per product and one per lot."""
from __future__ import annotations

from .files.qrcodes import qr_target
from .i18n import Lang
from .labels import Label
from .places.wording import PlaceWords


def labels_for(site, ids: list[str]) -> list[Label]:
    wanted = ids or [item.id for item in site.items]
    by_id = {item.id: item for item in site.items}
    lang = Lang(site.project.default_language, site.project.languages)
    places = PlaceWords(site)
    labels = []
    for product_id in wanted:
        item = by_id[product_id]
        name, place = lang.plain(item.product.name), places.plain(item, lang)
        labels.append(Label(qr_target(item, None, site.project.site_url), name, item.product.stars, item.id,
                            place=place))
        for lot in item.lots:
            labels.append(Label(qr_target(item, lot.lot, site.project.site_url), name,
                                item.product.stars, item.id, lot.lot, place))
    return labels
