"""Browse lists: ``<L>provinces/<slug>/`` (today's provinces), ``<L>districts/<id>/`` (areas),
``<L>groups/<group>/``, ``<L>stars/<n>/``, ``<L>points-of-sale/<id>/`` and ``<L>season/<month>/``
(what is in season that month), continued at ``page/2/``, ... when long."""
from __future__ import annotations

import math

from . import Job, PageKind, once_per_build
from .. import links as paths
from ..facets import OFFERED, SCOPE_FACET

SECTIONS = {"province": "provinces", "district": "districts", "group": "groups", "stars": "stars", "point": "points-of-sale",
            "month": "season"}


def listings(site, lang):
    """(list kind, key, items, base path) for every browse list."""
    for province in site.today:
        yield "province", province.slug, site.by_province.get(province.slug, []), paths.province_path(province.slug, lang)
    for province in site.provinces:
        for district in province.districts:
            yield "district", district.id, site.by_district.get(district.id, []), paths.district_path(district.id, lang)
    for group, items in site.by_group.items():
        yield "group", group, items, paths.group_path(group, lang)
    for stars, items in site.by_stars.items():
        yield "stars", stars, items, paths.stars_path(stars, lang)
    for point_id in site.points:
        yield "point", point_id, site.by_point.get(point_id, []), paths.point_path(point_id, lang)
    for month, items in site.by_month.items():
        yield "month", month, items, paths.month_path(month, lang)


def page_count(renderer, items: list) -> int:
    return max(1, math.ceil(len(items) / renderer.project.page_size))


def site_jobs(renderer, lang):
    for kind, key, items, base in listings(renderer.site, lang):
        for page in range(1, page_count(renderer, items) + 1):
            yield Job(paths.paged(base, page), "listing", lang.code, (kind, key, page))


def all_items(site, kind: str, key) -> list:
    return {"province": site.by_province, "district": site.by_district, "group": site.by_group, "stars": site.by_stars,
            "point": site.by_point, "month": site.by_month}[kind].get(key, [])


def page_items(renderer, kind: str, key, page: int) -> list:
    size = renderer.project.page_size
    return all_items(renderer.site, kind, key)[(page - 1) * size: page * size]


def inputs(renderer, job: Job) -> tuple:
    kind, key, page = job.ref
    keys = item_keys(renderer, kind, key)
    size = renderer.project.page_size
    return (job, len(keys), keys[(page - 1) * size: page * size])


@once_per_build
def item_keys(renderer, kind: str, key) -> tuple:
    """The keys of a whole list's items, for all its pages and languages."""
    return tuple(renderer.item_key(item) for item in all_items(renderer.site, kind, key))


def heading_and_context(renderer, kind: str, key, lang) -> tuple[str, str, dict]:
    """The list's heading, its description and what its template shows above the cards."""
    site = renderer.site
    if kind == "province":
        province = site.places.today[key]
        heading = lang.plain(province.name)
        return heading, heading, {
            "today": province, "base_path": paths.province_path(key, lang),
            "intros": [p.intro for p in site.provinces if p.id in province.area_provinces and p.intro],
            "points": [site.points[pid] for pid, place in site.places.points.items() if place.province.slug == key and site.points[pid].kind != "online"]}
    if kind == "district":
        district = site.districts[key]
        heading = lang.plain(district.name)
        return heading, lang.plain(district.intro) or heading, {
            "district": district, "province": site.district_province[key],
            "points": [point for point in site.points.values() if point.district == key and point.kind != "online"],
            "district_photo": site.district_photos.get(key), "base_path": paths.district_path(key, lang)}
    if kind == "point":
        point = site.points[key]
        return lang.plain(point.name), lang.plain(point.address) or lang.plain(point.name), {
            "point": point, "district": site.districts.get(point.district),  # an online store has none
            "province": site.district_province.get(point.district), "base_path": paths.point_path(key, lang)}
    if kind == "group":
        heading = lang.ui(f"group.{key}")
        return heading, heading, {"base_path": paths.group_path(key, lang)}
    if kind == "month":
        heading = lang.ui("season_in_month", month=lang.months("wide", "format")[key - 1])
        return heading, heading, {"base_path": paths.month_path(key, lang), "season_path": paths.season_path(lang)}
    heading = lang.ui("stars_n", n=key)
    return heading, heading, {"base_path": paths.stars_path(key, lang)}


def render(renderer, job: Job, lang, links) -> str:
    kind, key, page = job.ref
    items = all_items(renderer.site, kind, key)
    pages = page_count(renderer, items)
    heading, description, context = heading_and_context(renderer, kind, key, lang)
    context.update(kind=kind, page=page, pages=pages, total=len(items), heading=heading,
                   items=page_items(renderer, kind, key, page), filter_scope=f"{SCOPE_FACET[kind]}={key}",
                   filter_offer=OFFERED[kind])
    title = heading + (f" · {lang.ui('page_n', n=page)}" if page > 1 else "")
    content = renderer.template("listing.html").render(renderer.context(lang, links, **context))
    return renderer.themed_page(job, title, description, content)


KIND = PageKind("listing", render, inputs, site_jobs=site_jobs, section=lambda job: SECTIONS[job.ref[0]],
                in_sitemap=True)
