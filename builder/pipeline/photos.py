"""Stage 3, photos: every product's and area's photo made into its sizes, and each
product's share cards, cached by content. Its result is handed to derive, which
puts it in the model; nothing changes the model after that.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import images
from ..progress import Progress
from ..settings import Project
from .derive import area_of
from .validate import Catalogue


@dataclass(frozen=True)
class Photos:
    products: dict = field(default_factory=dict)  # product id -> an ImageSet per image, in its order
    cards: dict = field(default_factory=dict)  # product id -> language -> share card file name
    districts: dict = field(default_factory=dict)  # district id -> ImageSet
    pipeline: images.ImagePipeline | None = None  # where the processed files are cached


def process_photos(catalogue: Catalogue, project: Project, pipeline: images.ImagePipeline,
                   progress: Progress) -> Photos:
    """Process every photo and share card (only those not cached yet are made)."""
    product_photos = {entry.product.id: [entry.folder / image.file for image in entry.product.images]
                      for entry in catalogue.products}
    district_photos = {district.id: project.catalogue_dir / district.image
                       for province in catalogue.areas.provinces for district in province.districts if district.image}
    cards = share_cards(catalogue, project)
    covers = {product_id: product_photos[product_id][0] for product_id in cards}
    wanted: dict[Path, list[images.CardText]] = {}
    for product_id, texts in cards.items():
        wanted.setdefault(covers[product_id], []).extend(texts.values())
    paths = sorted({path for paths in product_photos.values() for path in paths} | set(district_photos.values()),
                   key=str)
    sets = pipeline.process(paths, progress.counter("photos and share cards"), wanted)
    return Photos(
        products={product_id: [sets[path] for path in paths] for product_id, paths in product_photos.items()},
        cards={product_id: pipeline.card_names(covers[product_id], texts) for product_id, texts in cards.items()},
        districts={district: sets[path] for district, path in district_photos.items()},
        pipeline=pipeline,
    )


def share_cards(catalogue: Catalogue, project: Project) -> dict[str, dict[str, images.CardText]]:
    """What the share card of each product with a photo shows, per language.

    A language whose name of the product is translated gets its own card
    (``item.cards``); the others share the default language's (``item.card``).
    A product without a photo gets none, rather than a made-up one.
    """
    from ..i18n import Lang

    langs = [Lang(code, project.languages) for code in project.languages]
    where = area_of(catalogue)
    cards = {}
    for entry in catalogue.products:
        product = entry.product
        if not product.images:
            continue
        province, district = where(product)
        cards[product.id] = {}
        for lang in langs:
            if lang.code != project.default_language and lang.is_fallback(product.name):
                continue
            place = lang.s["list_separator"].join(lang.plain(unit.name) for unit in (district, province) if unit)
            cards[product.id][lang.code] = images.CardText(lang.plain(product.name), product.stars, place,
                                                           project.site_name_in(lang.code))
    return cards
