"""Stage 3, derive: what the pages need that no file states directly.

Slugs, certificate status, where each product is today (province and
commune, from the places stage) and its area and points of sale, and the
lists behind the browse pages (by today's province, area, group, stars, shop).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..facets import MONTHS, months
from ..places import Gazetteer, Place
from ..places import Province as ProvinceToday
from ..schema import GROUPS, District, PointOfSale, Product, Province
from ..settings import Project
from ..slug import fold
from ..status import CertificateDates, certificate_dates
from .validate import Catalogue, ProductFile, default_text

if TYPE_CHECKING:
    from .photos import Photos


@dataclass(frozen=True)
class Item:
    """One product with everything derived from the catalogue around it (and its photos)."""

    file: ProductFile
    dates: CertificateDates
    status: str
    province: Province
    district: District | None  # None: no area given nor found from the commune; listed under the province
    points: list[PointOfSale]
    source_hash: str
    place: Place  # today's province and commune, and the former names
    photos: list = field(default_factory=list)  # ImageSet per product image (the photos stage)
    card: str | None = None  # file name of the 1200×630 share image (the photos stage)
    cards: dict = field(default_factory=dict)  # language -> its own share card, where the name is translated
    # Shortcuts, read hundreds of thousands of times while pages are written:
    product: Product = field(init=False)
    id: str = field(init=False)
    slug: str = field(init=False)
    lots: list = field(init=False)

    def __post_init__(self):
        product = self.file.product
        for name, value in (("product", product), ("id", product.id), ("slug", self.file.slug),
                            ("lots", product.traceability.lots if product.traceability else [])):
            object.__setattr__(self, name, value)  # frozen: set once, here

    @property
    def recalled_lots(self) -> list:
        """The lots recalled, the latest recall first: every page names them before anything else."""
        return recalled_first([lot for lot in self.lots if lot.recall])

    @property
    def lots_recalled_first(self) -> list:
        return self.recalled_lots + [lot for lot in self.lots if not lot.recall]

    @property
    def gtin14(self) -> str | None:
        gtin = self.product.traceability.gtin if self.product.traceability else None
        return gtin.zfill(14) if gtin else None


def recalled_first(lots: list) -> list:
    return sorted(lots, key=lambda lot: (-lot.recall.date.toordinal(), lot.lot))


@dataclass(frozen=True)
class Site:
    project: Project
    catalogue: Catalogue
    items: list[Item]
    provinces: list[Province]
    districts: dict[str, District]
    district_province: dict[str, Province]
    points: dict[str, PointOfSale]
    by_district: dict[str, list[Item]]
    by_group: dict[str, list[Item]]
    by_stars: dict[int, list[Item]]
    by_point: dict[str, list[Item]]
    featured: list[Item]
    places: Gazetteer
    today: list[ProvinceToday]  # today's provinces the catalogue has, in areas.yaml order
    by_province: dict[str, list[Item]]  # today's province slug ->
    without_district: dict[str, list[Item]] = field(default_factory=dict)  # today's province slug -> items
    by_month: dict[int, list[Item]] = field(default_factory=dict)  # 1-12 -> the items in season then
    # From the photos stage:
    photo_pipeline: object | None = None  # images.ImagePipeline: where processed photos are cached
    district_photos: dict = field(default_factory=dict)  # district id -> ImageSet


def sort_key(item: Item, language: str):
    return (-item.product.stars, fold(default_text(item.product.name, language)), item.id)


def area_of(catalogue: Catalogue):
    """product -> (its province, its area or None) in areas.yaml: the province it names, and
    the area its place was found in (given, or found from its commune)."""
    provinces = {p.id: p for p in catalogue.areas.provinces}
    districts = {d.id: d for p in catalogue.areas.provinces for d in p.districts}
    return lambda product: (provinces[product.location.province],
                            districts.get(catalogue.places.products[product.id].area))


def derive(catalogue: Catalogue, project: Project, photos: Photos | None = None) -> Site:
    """The site model, whole and frozen; ``photos`` is the photos stage's result (none: no photos)."""
    if photos is None:
        from .photos import Photos

        photos = Photos()
    provinces = list(catalogue.areas.provinces)
    districts = {d.id: d for p in provinces for d in p.districts}
    district_province = {d.id: p for p in provinces for d in p.districts}
    where = area_of(catalogue)
    points = {p.id: p for p in catalogue.points_of_sale}

    places = catalogue.places
    items = []
    for entry in catalogue.products:
        product = entry.product
        dates = certificate_dates(product.certificate)
        province, district = where(product)
        cards = photos.cards.get(product.id, {})
        items.append(Item(
            file=entry,
            dates=dates,
            status=dates.status_on(project.build_date),
            province=province,
            district=district,
            points=[points[pid] for pid in product.points_of_sale],
            source_hash=entry.digest,
            place=places.products[product.id],
            photos=photos.products.get(product.id, []),
            card=cards.get(project.default_language),
            cards=cards,
        ))
    items.sort(key=lambda item: sort_key(item, project.default_language))

    by_district, by_group, by_stars, by_point, without_district, by_province, by_month = (
        defaultdict(list) for _ in range(7))
    for item in items:
        by_province[item.place.province.slug].append(item)
        if item.district:
            by_district[item.district.id].append(item)
        else:
            without_district[item.place.province.slug].append(item)
        by_group[item.product.group].append(item)
        by_stars[item.product.stars].append(item)
        for point in item.points:
            by_point[point.id].append(item)
        for month in months(item.product):
            by_month[month].append(item)

    featured = [i for i in items if i.product.featured and i.status == "valid"] or \
               [i for i in items if i.product.stars >= 4 and i.status == "valid"]
    return Site(
        project=project, catalogue=catalogue, items=items, provinces=provinces,
        districts=districts, district_province=district_province, points=points,
        by_district=dict(by_district), by_group={g: by_group.get(g, []) for g in GROUPS},
        by_stars={s: by_stars.get(s, []) for s in (5, 4, 3)}, by_point=dict(by_point),
        featured=featured[: project.featured], without_district=dict(without_district),
        places=places, today=list(places.today.values()),
        by_province={slug: by_province.get(slug, []) for slug in places.today},
        by_month={month: by_month.get(month, []) for month in MONTHS},
        photo_pipeline=photos.pipeline, district_photos=photos.districts,
    )
