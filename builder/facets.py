"""What a product list can be narrowed by, worked out once, here, for the browser.

Every rule of a filter lives in this module: which facets a product has
(folded standards, "sold online", its price range, today's province and its
area, its points of sale, the months it is in season), which price bands and
options a list offers, and which filters each kind of list shows. The pages'
script (``static/filters.js``) and the kiosk only compare these values with a
visitor's choices; "in season now" needs only the months and the visitor's month.

The query string keys are permanent (CONTRACT §5): ``group``, ``stars``,
``province`` (today's province slug), ``area`` (a district id), ``price``
(``<min>-<max>`` in VND; an open band leaves ``<max>`` empty), ``standard``
(folded), ``online=1``, ``season=now``. A list page names its own scope with a
product facet (``data-scope``): ``group=food``, ``point=<id>``, ``month=5`` (a
month's list, ``<L>season/5/``: the products whose months include it).
"""
from __future__ import annotations

from .schema import GROUPS
from .slug import fold

# Inclusive, so a product priced exactly on a boundary is in both bands (a band
# matches a product when their ranges overlap); None: no upper bound.
PRICE_BANDS = ((0, 100_000), (100_000, 200_000), (200_000, 500_000), (500_000, None))
KEYS = ("group", "stars", "province", "area", "price", "standard", "online", "season")
# The filters each kind of list offers: never the one the list is made of.
OFFERED = {
    "province": ("area", "group", "stars", "price", "standard", "online", "season"),
    "district": ("group", "stars", "price", "standard", "online", "season"),
    "group": ("province", "area", "stars", "price", "standard", "online", "season"),
    "stars": ("province", "area", "group", "price", "standard", "online", "season"),
    "point": ("province", "area", "group", "stars", "price", "standard", "online", "season"),
    "month": ("province", "area", "group", "stars", "price", "standard", "online"),
    "kiosk": ("group", "stars", "price", "standard", "online", "season"),
    "search": ("group", "stars", "province", "area", "price", "standard", "online", "season"),  # narrows its results
}
# The facet of a product that a list's own key is: a list page names its scope with it.
SCOPE_FACET = {"province": "province", "district": "area", "group": "group", "stars": "stars", "point": "point",
               "month": "month"}
MONTHS = range(1, 13)


def fold_standard(name: str) -> str:
    """"VietGAP" -> "vietgap", "Hữu cơ" -> "huu co": how ``standard=`` values are compared."""
    return " ".join(fold(name).split())


def months(product) -> list[int]:
    """The months a product is in season, in calendar order, each once."""
    return sorted(set(product.season))


def sold_online(item) -> bool:
    """It has online shops of its own, or one of its points of sale is an online store."""
    return bool(item.product.online) or any(point.kind == "online" for point in item.points)


def price_range(product) -> list[int] | None:
    price = product.specs.price if product.specs else None
    if price is None:
        return None
    return [price.min, price.max if price.max is not None else price.min]


def band_value(low: int, high: int | None) -> str:
    return f"{low}-{'' if high is None else high}"


def item_facets(item) -> dict:
    """The values a product is filtered by, under short keys (the filter data is one file for every list)."""
    product = item.product
    facets = {"g": product.group, "s": product.stars, "p": item.place.province.slug,
              "pt": [point.id for point in item.points]}
    if product.standards:
        facets["st"] = sorted({fold_standard(name) for name in product.standards})
    if item.district:
        facets["a"] = item.district.id
    if price := price_range(product):
        facets["pr"] = price
    if sold_online(item):
        facets["o"] = 1
    if product.season:
        facets["m"] = months(product)
    return facets


def options(site, lang) -> dict:
    """Every filter's choices with their labels, in the order a list shows them.

    A list shows those of its own filters that any of its products has.
    """
    standards = {}
    for item in site.items:
        for name in item.product.standards:
            standards.setdefault(fold_standard(name), lang.s.get(f"standard.{name}", name))
    return {
        "group": [[group, lang.ui(f"group.{group}")] for group in GROUPS],
        "stars": [[str(n), lang.ui("star_label", n=n)] for n in (5, 4, 3)],
        "province": [[province.slug, lang.plain(province.name)] for province in site.today],
        "area": [[district_id, lang.plain(site.districts[district_id].name), province.slug]
                 for province in site.today for district_id in province.districts],
        "price": [[band_value(low, high), band_label(lang, low, high)] for low, high in PRICE_BANDS],
        "standard": sorted(([key, label] for key, label in standards.items()), key=lambda pair: fold(pair[1])),
        "online": [["1", lang.ui("filter.online")]],
        "season": [["now", lang.ui("filter.season_now")]],
    }


def band_label(lang, low: int, high: int | None) -> str:
    if high is None:
        return lang.ui("filter.price_from", price=lang.money(low))
    if low == 0:
        return lang.ui("filter.price_up_to", price=lang.money(high))
    return f"{lang.money(low)} – {lang.money(high)}"
