"""The trade-fair kiosk: ``<L>kiosk/``, a full-screen touch page per language.

Standalone, like the traceability pages: no theme, no link that leaves it.
The page is a skeleton; the ES modules of ``static/kiosk/`` (``main.js``
first) draw the start screen, the lists and the product view from a small
JSON file per language,
``<L>kiosk/data.<hash>.json``, named by its content so an unchanged rebuild
leaves it alone. Everything the kiosk shows offline (pages, data, every
module, style, photos at screen size, QR codes) is listed by ``KioskBundle``; its
``version`` names the offline cache (``kiosk-<version>``, see
``static/sw-kiosk.js``), so a change to any of it makes the kiosk fetch a new
cache and drop the old one whole.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from ..kinds import Job, PageKind
from .. import allergens, facets, nutrition
from .. import links as paths
from ..files.jsonfile import json_bytes, json_bytes_of_pieces, json_piece
from ..markdown_safe import markdown_tokens
from ..places.wording import PlaceWords
from ..qr import dark_runs, qr_matrix
from ..schema import GROUPS
from ..settings import LANGUAGE_NAMES
from ..status import rules_for_pages

STATIC = Path(__file__).resolve().parent.parent / "static"
TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "kiosk.html"
MODULES = STATIC / "kiosk"  # the browser side: ES modules with relative imports
ENTRY = "main.js"  # the module the page runs
FILTER_MODULE = "filter-core.js"  # made from static/filter-core.js (filter_module): the modules import it
FOLDER = "kiosk/"
TILE_WIDTH = 640  # a tile is at most ~520 px wide, on a 1080 px portrait screen with two columns
VIEW_WIDTH = 960  # the product view's photo: half a 1920 px screen, or a 1080 px portrait one
# The offline copy must stay under 200 MB at 1,000 products (a cheap box's
# browser storage); photos are most of it. Best first, the first plan whose
# photos fit the budget is used (see photo_plan):
PHOTO_BUDGET = 180 * 2**20  # bytes of photos; pages, data and QR codes take about 5 MB more
PLANS = (  # (the widths of a product's photos in its view, the width of its tile's photo)
    "every photo at screen size",
    "the cover at screen size, the other photos at tile size",
    "the cover only, at screen size",
    "the cover only, at screen size, on the tiles too",
    "the cover only, at tile size",
)
DATA_VERSION = 2  # change when the data's shape changes
UI_KEYS = (
    "kiosk.title", "kiosk.touch_to_start", "kiosk.back", "kiosk.scan_home", "kiosk.scan_open", "kiosk.built",
    "kiosk.offline", "kiosk.offline_unavailable", "kiosk.photo", "kiosk.stand", "kiosk.languages",
    "featured", "all_products", "browse_province", "browse_group", "products_count", "star_label",
    "status.valid", "status.expired", "status.revoked", "status.not-yet",
    "valid_until", "expired_on", "revoked_on", "certificate", "certificate_number", "issuer",
    "revocation_reason", "certificate_source", "producer", "where_to_buy", "online_stores", "opening_hours",
    "story", "description", "price", "net_quantity", "volume", "product_code", "website",
    "allergens", "allergens_contains", "allergens_may_contain", "nutrition.title", "nutrition.nutrient",
    "recall.lots_title", "ingredients",
    *(f"group.{group}" for group in GROUPS),
    "filter.clear", "filter.none", *(f"filter.{key}" for key in ("group", "stars", "price", "standard", "buy", "season")),
)


# --- the pages -------------------------------------------------------------------

def site_jobs(renderer, lang):
    yield Job(f"{lang.prefix}{FOLDER}", "kiosk", lang.code)


def inputs(renderer, job: Job) -> tuple:
    """Every product (the kiosk's data and offline list name them all); the
    code, templates and options are in the build's stamp."""
    return (job, renderer.catalogue_key)


def render(renderer, job: Job, lang, links) -> str:
    kiosk = bundle(renderer)
    languages = [{"code": code, "name": LANGUAGE_NAMES.get(code, code), "data": links.to(kiosk.data_path(code))}
                 for code in renderer.langs]
    context = renderer.context(
        lang, links, root=links.to(""), languages=languages, version=kiosk.version,
        css=links.to(kiosk.css.path), js=links.to(kiosk.entry.path), data=links.to(kiosk.data_path(lang.code)),
        modules=[links.to(asset.path) for asset in kiosk.modules if asset != kiosk.entry],
        offline=kiosk.offline_list.path, sw=links.to("sw.js"), idle=renderer.project.kiosk.idle,
        built=lang.ui("kiosk.built", date=lang.date(renderer.project.build_date)))
    return renderer.template("kiosk.html").render(context)


KIND = PageKind("kiosk", render, inputs, site_jobs=site_jobs)


# --- what the kiosk shows, and what it keeps offline ---------------------------------

@lru_cache(maxsize=1)
def bundle(renderer) -> KioskBundle:
    """Made once per build, in the main process before the page workers start."""
    return KioskBundle(renderer)


@dataclass(frozen=True)
class Asset:
    path: str  # site path
    data: bytes


class KioskBundle:
    """The kiosk's data files, script and style, and the list of what it caches offline."""

    def __init__(self, renderer):
        self.renderer = renderer
        self.site = renderer.site
        self.project = renderer.project

    # -- files --

    @cached_property
    def data_files(self) -> dict[str, Asset]:
        pieces = product_pieces(self)
        return {code: Asset(f"{lang.prefix}{FOLDER}{named('data', 'json', data)}", data)
                for code, lang in self.renderer.langs.items()
                for data in [json_bytes_of_pieces(kiosk_data(self, lang), "products", pieces[code])]}

    def data_path(self, code: str) -> str:
        return self.data_files[code].path

    @cached_property
    def css(self) -> Asset:
        data = (STATIC / "status.css").read_bytes() + (STATIC / "kiosk.css").read_bytes()
        return Asset(FOLDER + named("kiosk", "css", data), data)

    @cached_property
    def modules(self) -> list[Asset]:
        """The kiosk's script: the ES modules of static/kiosk/, in one folder named
        by their content (``kiosk/js.<hash>/``), so their relative imports hold and
        a changed module renames them all; and the lists' filter comparisons."""
        sources = {path.name: path.read_bytes() for path in sorted(MODULES.glob("*.js"))}
        sources[FILTER_MODULE] = filter_module()
        h = hashlib.sha256()
        for name, data in sorted(sources.items()):
            h.update(name.encode() + b"\0" + data + b"\0")
        folder = f"{FOLDER}js.{h.hexdigest()[:12]}/"
        return [Asset(folder + name, data) for name, data in sorted(sources.items())]

    @property
    def entry(self) -> Asset:
        """The module the page runs; it imports the others."""
        return next(asset for asset in self.modules if asset.path.endswith("/" + ENTRY))

    @cached_property
    def offline_list(self) -> Asset:
        """The list of what the kiosk keeps offline, fetched by the page when it fills its cache."""
        data = json_bytes(self.offline_urls(), compact=True)
        return Asset(FOLDER + named("offline", "json", data), data)

    def files(self) -> list[Asset]:
        return [*self.data_files.values(), self.css, *self.modules]

    @cached_property
    def point_qr_codes(self) -> dict[str, dict]:
        """The QR code of each point of sale's web page, drawn once for every language's data and
        kept between builds: encoding one takes milliseconds, and an edit remakes the data files."""
        return {point.id: self.renderer.remembered(("qr", url), lambda url=url: qr_drawing(url))
                for item in self.stand for point in item.points if point.url for url in [str(point.url)]}

    # -- the offline cache --

    @cached_property
    def photos(self) -> PhotoPlan:
        return photo_plan(self.stand, self.site.photo_pipeline.size)

    @cached_property
    def stand(self) -> list:
        """The items the kiosk shows: every product, or those of the stand's districts."""
        districts = set(self.project.kiosk.districts)
        return [item for item in self.site.items if not districts or (item.district and item.district.id in districts)]

    # -- the stand's products grouped as the data lists them: once, for every language's data --

    @cached_property
    def districts(self) -> list[tuple[str, list]]:
        """The stand's districts with their products (the site's grouping: products with no district
        yet are under "all products" and their group), by today's province, then as it lists them."""
        shown = set(self.project.kiosk.districts)
        order = district_order(self.site)
        return sorted(((district_id, items) for district_id, items in self.site.by_district.items()
                       if not shown or district_id in shown), key=lambda pair: order.get(pair[0], (len(order), 0)))

    @cached_property
    def groups(self) -> dict[str, list]:
        """The stand's products by product group, in GROUPS' order (the site's grouping)."""
        shown = {item.id for item in self.stand}
        return {group: [item for item in items if item.id in shown] for group, items in self.site.by_group.items()}

    @cached_property
    def points(self) -> dict:
        """The points of sale of the stand's products, by id."""
        return dict(sorted({point.id: point for item in self.stand for point in item.points}.items()))

    def offline_urls(self) -> list[str]:
        """Site paths of everything the kiosk needs offline; the pages last, so a
        cache holding a page holds all the page needs (see static/kiosk/offline.js)."""
        districts = {item.district.id for item in self.stand if item.district}
        photos = sorted(self.photos.names()
                        | {tile_name(photo) for d, photo in self.site.district_photos.items() if d in districts})
        qr_codes = [paths.trace_path(item.id) + "qr.svg" for item in self.stand]
        pages = [lang.prefix + FOLDER for lang in self.renderer.langs.values()]
        return [asset.path for asset in self.files()] + [f"img/{name}" for name in photos] + qr_codes + pages

    @cached_property
    def version(self) -> str:
        """Names the offline cache: changes with anything the kiosk keeps offline."""
        h = hashlib.sha256()
        for asset in [*self.files(), self.offline_list]:
            h.update(asset.path.encode() + b"\0" + asset.data)
        for extra in (TEMPLATE, STATIC / "sw-kiosk.js"):
            h.update(extra.read_bytes())
        project = self.project  # what the page shows besides its data, and what the QR codes encode
        h.update(repr((DATA_VERSION, project.site_url, project.site_name, project.kiosk.idle)).encode())
        return h.hexdigest()[:16]


def named(stem: str, suffix: str, data: bytes) -> str:
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}.{suffix}"


def filter_module() -> bytes:
    """static/filter-core.js (a classic script the product lists load too) as a
    module: the same comparisons, exported to the kiosk's modules."""
    return (STATIC / "filter-core.js").read_bytes() + b"export {ocopFilter};\n"


# --- photos at screen size -----------------------------------------------------------

def webp_at(photo, width: int):
    """The smallest WebP at least `width` wide, or the largest there is."""
    webps = sorted((v for v in photo.variants if v.format == "webp"), key=lambda v: v.width)
    if not webps:
        return photo.fallback
    return next((v for v in webps if v.width >= width), webps[-1])


def tile_name(photo) -> str:
    return webp_at(photo, TILE_WIDTH).name


@dataclass(frozen=True)
class PhotoPlan:
    """Which photos of each product the kiosk shows, at which width: the variants it keeps offline."""

    plan: int  # index in PLANS
    shown: dict  # item id -> [(ImageSet, image entry, the variant shown in the product view)]
    tiles: dict  # item id -> the cover's variant on tiles
    size: int  # bytes of all of them

    def names(self) -> set[str]:
        return {v.name for views in self.shown.values() for _, _, v in views} | {v.name for v in self.tiles.values()}


def photo_plan(items: list, size_of) -> PhotoPlan:
    """The best plan of PLANS whose photos fit PHOTO_BUDGET (the last one whatever it weighs)."""
    for plan in range(len(PLANS)):
        shown = {item.id: shown_photos(item, plan) for item in items}
        tiles = {item.id: webp_at(item.photos[0], tile_width(plan)) for item in items if item.photos}
        names = {v.name for views in shown.values() for _, _, v in views} | {v.name for v in tiles.values()}
        size = sum(size_of(name) for name in names)
        if size <= PHOTO_BUDGET or plan == len(PLANS) - 1:
            return PhotoPlan(plan, shown, tiles, size)
    raise AssertionError("unreachable")


def shown_photos(item, plan: int) -> list:
    pairs = list(zip(item.photos, item.product.images))
    if plan >= 2:
        pairs = pairs[:1]
    return [(photo, image, webp_at(photo, view_width(plan, index))) for index, (photo, image) in enumerate(pairs)]


def view_width(plan: int, index: int) -> int:
    """The width of a product's photo number `index` in its view, under a plan of PLANS."""
    if plan == 0 or (index == 0 and plan < 4):
        return VIEW_WIDTH
    return TILE_WIDTH


def tile_width(plan: int) -> int:
    return VIEW_WIDTH if plan == 3 else TILE_WIDTH


# --- the data file -----------------------------------------------------------------

def kiosk_data(kiosk: KioskBundle, lang) -> dict:
    """Everything in the kiosk's data file but its products (product_pieces)."""
    site, project = kiosk.site, kiosk.project
    return {
        "lang": lang.code,
        "status_rules": rules_for_pages(),  # the kiosk checks each certificate again every day it runs
        "ui": {key: lang.s[key] for key in UI_KEYS},  # plural labels as their CLDR forms: words.js picks one
        "built": lang.ui("kiosk.built", date=lang.date(project.build_date)),
        "site_name": project.site_name_in(lang.code),  # the header says it in the language shown
        "featured": [item.id for item in featured(kiosk)],
        "districts": [district_record(site, lang, district_id, cover_tile(kiosk.photos, district_items[0]),
                                      len(district_items))
                      for district_id, district_items in kiosk.districts],
        "groups": [{"id": group, "name": lang.ui(f"group.{group}"),
                    "photo": cover_tile(kiosk.photos, members[0]), "count": len(members)}
                   for group, members in kiosk.groups.items() if members],
        "points": {pid: point_record(point, lang, kiosk.point_qr_codes.get(pid))
                   for pid, point in kiosk.points.items()},
        "filters": {key: choices for key, choices in facets.options(site, lang).items() if key in facets.OFFERED["kiosk"]},
    }


def product_pieces(kiosk: KioskBundle) -> dict[str, list[str]]:
    """Each data file's "products", by language: each product's record, encoded, kept between
    builds by what it shows. Made product by product, every language in turn: a product's QR
    codes are then drawn once for all its languages (qr keeps only the last few)."""
    places = PlaceWords(kiosk.site)
    pieces: dict[str, list[str]] = {code: [] for code in kiosk.renderer.langs}
    for item in kiosk.stand:
        item_key = kiosk.renderer.item_key(item)
        photos = tuple(v.name for _, _, v in kiosk.photos.shown[item.id]), cover_tile(kiosk.photos, item)
        for code, lang in kiosk.renderer.langs.items():
            pieces[code].append(kiosk.renderer.remembered(
                ("kiosk", DATA_VERSION, item_key, code, *photos),
                lambda item=item, lang=lang: json_piece(product_record(item, lang, kiosk.photos, places))))
    return pieces


def featured(kiosk: KioskBundle) -> list:
    """The stand's chosen products, or those marked featured: true (valid ones), or its best."""
    by_id = {item.id: item for item in kiosk.stand}
    chosen = kiosk.project.kiosk.products
    if chosen:
        return [by_id[pid] for pid in chosen if pid in by_id]
    return [item for item in kiosk.stand if item.product.featured and item.status == "valid"] or \
           [item for item in kiosk.stand if item.product.stars >= 4 and item.status == "valid"]


def district_order(site) -> dict[str, tuple[int, int]]:
    """Each district's place in the kiosk's list: by today's province, then as the province lists them."""
    return {d: (p_index, d_index) for p_index, province in enumerate(site.today)
            for d_index, d in enumerate(province.districts)}


def district_record(site, lang, district_id: str, first_cover: str | None, count: int) -> dict:
    district = site.districts[district_id]
    photo = site.district_photos.get(district_id)
    return {"id": district_id, "name": lang.plain(district.name),
            "province": lang.plain(site.places.today[site.places.districts[district_id].now.slug].name),
            "photo": tile_name(photo) if photo else first_cover, "count": count}


def cover_tile(photos: PhotoPlan, item) -> str | None:
    tile = photos.tiles.get(item.id)
    return tile.name if tile else None


def point_record(point, lang, qr: dict | None) -> dict:
    record = {"name": lang.plain(point.name), "kind": lang.ui(f"pos_kind.{point.kind}"),
              "address": lang.plain(point.address)}
    if point.opening_hours:
        record["hours"] = lang.plain(point.opening_hours)
    if point.phone:
        record["phone"] = point.phone
    if qr:
        record["qr"] = qr
    return record


def product_record(item, lang, photos: PhotoPlan, places) -> dict:
    p = item.product
    dates = item.dates
    record = {
        "id": p.id, "name": lang.plain(p.name), "stars": p.stars, "group": p.group,
        "district": item.district.id if item.district else None,
        "place": places.now_plain(item, lang),  # today's commune and province (tiles, slides, the product)
        "formerly": places.formerly_plain(item, lang),  # the former names, under it on the product
        "summary": lang.plain(p.summary),
        "story": paragraphs(lang.plain(p.story) or lang.plain(p.description)),
        "tile": cover_tile(photos, item),
        "photos": [{"view": view.name, "w": view.width, "h": view.height, "bg": photo.placeholder,
                    "alt": lang.plain(image.alt)} for photo, image, view in photos.shown[item.id]],
        "producer": f"{p.producer.name} ({lang.ui('producer_kind.' + p.producer.kind)})",
        "cert": {"number": p.certificate.number, "issuer": lang.plain(p.certificate.issuer),
                 "issued": dates.issued.isoformat(), "expires": dates.expires.isoformat(),
                 "revoked": dates.revoked.isoformat() if dates.revoked else None,
                 "dates": {"expires": lang.date(dates.expires),
                           **({"revoked": lang.date(dates.revoked)} if dates.revoked else {})}},
        "points": [point.id for point in item.points],
        "qr": paths.trace_path(p.id) + "qr.svg",
        "f": facets.item_facets(item),  # what the chips filter by
    }
    if p.certificate.revoked:
        record["cert"]["reason"] = lang.plain(p.certificate.revoked.reason)
    if p.certificate.source:
        record["cert"]["source"] = qr_drawing(str(p.certificate.source))
    if p.producer.website:
        record["website"] = qr_drawing(str(p.producer.website))
    if p.specs and p.specs.price:
        record["price"] = lang.price(p.specs.price)
    if p.online:
        record["online"] = [{"name": store.name, "qr": qr_drawing(str(store.url))} for store in p.online]
    record.update(food_record(item, lang))
    return record


def food_record(item, lang) -> dict:
    """Recalled lots (shown first), allergens with their drawings, the nutrition table: worded here."""
    p, out = item.product, {}
    if item.recalled_lots:
        out["recalls"] = [lang.ui("recall.lot_line", lot=lot.lot, date=lang.date(lot.recall.date),
                                       reason=lang.plain(lot.recall.reason), action=lang.plain(lot.recall.action))
                               for lot in item.recalled_lots]
    for field in ("allergens", "may_contain"):
        if getattr(p, field):
            out[field] = [{"key": key, "name": allergens.name(key, lang), "svg": str(allergens.pictogram(key))}
                          for key in getattr(p, field)]
    if p.allergens and p.specs and p.specs.ingredients:
        text, language = lang.resolve(p.specs.ingredients)
        out["ingredients"] = allergens.split_marked(text, language, p.allergens)
    if p.nutrition:
        out["nutrition"] = {"per": nutrition.basis(p.nutrition, lang),
                            "rows": [[row.label, row.value, row.sub] for row in nutrition.table(p.nutrition, lang)],
                            "note": nutrition.salt_note(p.nutrition, lang)}
    return out


def paragraphs(markdown: str) -> list[str]:
    """The text of a Markdown story, one string per paragraph or list item: no
    markup, and no link (nothing leaves the kiosk)."""
    out, current = [], []
    for token in markdown_tokens(markdown):
        if token.type == "inline":
            current.append("".join(child.content if child.type in ("text", "code_inline") else " "
                                   for child in token.children or [] if child.type in
                                   ("text", "code_inline", "softbreak", "hardbreak")).strip())
        elif token.type in ("paragraph_close", "heading_close") and current:
            out.append(" ".join(current))
            current = []
    return [text for text in out if text]


def qr_drawing(url: str) -> dict:
    """A QR code as an SVG path (the kiosk draws it): outbound links are shown, never followed."""
    matrix = qr_matrix(url)
    return {"size": len(matrix), "d": "".join(f"M{x} {y}h{n}v1h-{n}z" for x, y, n in dark_runs(matrix))}

