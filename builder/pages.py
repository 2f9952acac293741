"""Stage 4, render: every generated page of the site, as HTML strings.

Catalogue pages (products, districts, groups, stars, points of sale) are
Material pages: our own small templates render the content, which is poured
into a Material shell (see shell.py). Traceability pages are deliberately
light standalone pages: they are what a phone opens after scanning a QR code.
"""
from __future__ import annotations

import math
import posixpath
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import links as paths
from .derive import Item, Site
from .i18n import Lang
from .datafiles import search_bundles
from .jsonld import product_jsonld, script_tag
from .links import Links
from .settings import LANGUAGE_NAMES
from .write import digest

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Job:
    """One page to render: where it goes and what it shows."""

    path: str
    kind: str
    lang: str
    ref: tuple = ()


def compiled_templates_cache(cache_dir: Path) -> jinja2.BytecodeCache:
    """Compiled templates kept between builds (keyed by their source): compiling
    Material's and our templates anew takes half a second every build."""
    folder = cache_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def template_env(cache_dir: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=compiled_templates_cache(cache_dir) if cache_dir else None,
        autoescape=True,
        trim_blocks=False,
        lstrip_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["basename"] = posixpath.basename
    env.globals["paths"] = paths
    return env


class PageRenderer:
    def __init__(self, site: Site, shells=None):
        self.site = site
        self.project = site.project
        self.shells = shells
        self.env = template_env(self.project.cache_dir)
        self.langs = {code: Lang(code, self.project.languages) for code in self.project.languages}
        self.items_by_id = {item.id: item for item in site.items}
        self._cards: dict[tuple, Markup] = {}
        self._pieces: dict[tuple, Markup] = {}
        self._macro_modules: dict[str, object] = {}
        self._certificates_of, self._certificates = None, {}
        self._item_keys: dict[str, str] = {}

    @cached_property
    def trace_css(self) -> Markup:
        return Markup((STATIC / "status.css").read_text("utf-8") + (STATIC / "trace.css").read_text("utf-8"))

    @cached_property
    def district_counts(self) -> dict[str, int]:
        return {d: len(items) for d, items in self.site.by_district.items()}

    # --- what pages exist ---------------------------------------------------

    def listings(self, lang: Lang):
        """(list kind, key, heading, items, base path) for every browse list."""
        site = self.site
        for province in site.provinces:
            for district in province.districts:
                yield ("district", district.id, lang.plain(district.name),
                       site.by_district.get(district.id, []), paths.district_path(district.id, lang))
        for group, items in site.by_group.items():
            yield ("group", group, lang.ui(f"group.{group}"), items, paths.group_path(group, lang))
        for stars, items in site.by_stars.items():
            yield ("stars", stars, lang.ui("stars_n", n=stars), items, paths.stars_path(stars, lang))
        for point_id, point in site.points.items():
            yield ("point", point_id, lang.plain(point.name), site.by_point.get(point_id, []),
                   paths.point_path(point_id, lang))

    def jobs(self) -> list[Job]:
        """Every page. An item's pages come one after another, so the pieces they
        share are made once for all of them (see certificate_html)."""
        jobs = [job for item in self.site.items for job in self._item_jobs(item)]
        size = self.project.page_size
        for code, lang in self.langs.items():
            for kind, key, _heading, items, base in self.listings(lang):
                pages = max(1, math.ceil(len(items) / size))
                for page in range(1, pages + 1):
                    jobs.append(Job(paths.paged(base, page), "listing", code, (kind, key, page)))
            for index in ("districts", "groups", "stars", "points-of-sale"):
                jobs.append(Job(f"{lang.prefix}{index}/", "index", code, (index,)))
        return jobs

    def _item_jobs(self, item: Item):
        for code, lang in self.langs.items():
            yield Job(paths.product_path(item.slug, lang), "product", code, (item.id,))
            if lang.prefix:
                yield Job(paths.trace_path(item.id, lang), "trace", code, (item.id,))
                for lot in item.lots:
                    yield Job(paths.lot_path(item.id, lot.lot, lang), "lot", code, (item.id, lot.lot))
            else:  # the default language's trace pages are the QR targets: no language in the URL
                yield Job(paths.trace_path(item.id), "trace", code, (item.id, "qr"))
                for lot in item.lots:
                    yield Job(paths.lot_path(item.id, lot.lot), "lot", code, (item.id, lot.lot, "qr"))

    def inputs(self, job: Job) -> tuple:
        """What a page depends on besides the global stamp: its cache key material."""
        if job.kind in ("product", "trace", "lot"):
            return (job, self._item_key(self.items_by_id[job.ref[0]]))
        if job.kind == "listing":
            kind, key, page = job.ref
            items = self._listing_items(kind, key, page)
            return (job, len(self._listing_all(kind, key)), tuple(self._item_key(item) for item in items))
        return (job, self._catalogue_key)

    def _item_key(self, item: Item) -> str:
        """What an item's pages and cards show of it: its file, its photos, its certificate's status."""
        key = self._item_keys.get(item.id)
        if key is None:
            key = self._item_keys[item.id] = digest(item.source_hash, [p.name for p in item.photos], item.status)
        return key

    @cached_property
    def _catalogue_key(self) -> str:
        """What the index pages show: every item."""
        return digest([(item.id, self._item_key(item)) for item in self.site.items])

    # --- rendering ----------------------------------------------------------

    def render(self, job: Job) -> str:
        lang = self.langs[job.lang]
        links = Links(job.path, self.project.site_url)
        return getattr(self, f"_render_{job.kind}")(job, lang, links)

    def alternates(self, path: str, lang: Lang) -> list[dict]:
        """This page in every language, for the switcher and hreflang."""
        neutral = path[len(lang.prefix):]
        return [{"lang": code, "tag": other.tag, "name": LANGUAGE_NAMES.get(code, code),
                 "path": other.prefix + neutral, "link": other.prefix + neutral}
                for code, other in self.langs.items()]

    def _context(self, lang: Lang, links: Links, **extra) -> dict:
        return {**self._shared_context(lang, links), "m": self._macros(lang), **extra}

    def _shared_context(self, lang: Lang, links: Links) -> dict:
        return {"L": lang, "links": links, "site": self.site, "build_date": self.project.build_date,
                "site_name": self.project.site_name, "card_html": self.card_html, "stars_html": self.stars_html,
                "picture_html": self.picture_html, "certificate_html": self.certificate_html}

    def _macros(self, lang: Lang):
        """The shared macros (`m` in templates), made once per language: they take
        the page's links as an argument, and importing them in every page costs
        a module per page."""
        if lang.code not in self._macro_modules:
            self._macro_modules[lang.code] = self.env.get_template("macros.html").make_module(
                self._shared_context(lang, Links("", self.project.site_url)))
        return self._macro_modules[lang.code]

    def stars_html(self, stars: int, lang: Lang) -> Markup:
        """The star badge; a handful of variants serve every page."""
        key = ("stars", stars, lang.code)
        if key not in self._pieces:
            self._pieces[key] = Markup(self._macros(lang).stars(stars, lang))
        return self._pieces[key]

    @staticmethod
    def picture_html(photo, alt, lang: Lang, links: Links, sizes: str, eager: bool = False) -> Markup:
        """A responsive photo with its alt text (in the page's language, or marked as another).

        Built here rather than in a macro: most pages hold one or more, and a
        macro call costs ten times as much.
        """
        alt_text, alt_lang = lang.resolve(alt)
        img_folder = links.to("img/")
        fallback = photo.fallback
        sizes = escape(sizes)
        sources = "".join(
            f'<source type="image/{fmt}" srcset="{escape(photo.srcset(fmt, img_folder))}" sizes="{sizes}">'
            for fmt in photo.formats if fmt != fallback.format)
        lang_attribute = f' lang="{escape(alt_lang)}"' if alt_lang != lang.code else ""
        loading = ' fetchpriority="high"' if eager else ' loading="lazy"'
        srcset = escape(photo.srcset(fallback.format, img_folder))
        return Markup(f'<picture class="ocop-picture" style="background:{escape(photo.placeholder)}">{sources}'
                      f'<img src="{escape(links.img(fallback.name))}" srcset="{srcset}"'
                      f' sizes="{sizes}" width="{photo.width}" height="{photo.height}" alt="{escape(alt_text)}"'
                      f'{lang_attribute}{loading} decoding="async">\n</picture>')

    def certificate_html(self, item: Item, lang: Lang) -> Markup:
        """The certificate's status and facts, the same on all of an item's pages in a language."""
        if self._certificates_of != item.id:  # jobs() keeps an item's pages together
            self._certificates_of, self._certificates = item.id, {}
        if lang.code not in self._certificates:
            macros = self._macros(lang)
            self._certificates[lang.code] = Markup(macros.status_box(item, lang) + "\n"
                                                   + macros.certificate_facts(item, lang))
        return self._certificates[lang.code]

    def card_html(self, item: Item, lang: Lang, links: Links) -> Markup:
        """A product's card; the same card appears on several lists, so it is made once per depth."""
        key = (item.id, lang.code, links.root)
        if key not in self._cards:
            self._cards[key] = Markup(self._macros(lang).card(item, lang, links))
        return self._cards[key]

    LISTING_SECTIONS = {"district": "districts", "group": "groups", "stars": "stars", "point": "points-of-sale"}

    def _section(self, job: Job) -> str:
        if job.kind == "product":
            return "products"
        if job.kind == "index":
            return job.ref[0]
        return self.LISTING_SECTIONS[job.ref[0]]

    def _material_shell_for(self, job: Job):
        lang = self.langs[job.lang]
        section = self._section(job)
        rest = job.path[len(lang.prefix) + len(section) + 1:].strip("/")
        return self.shells.shell(lang, section, len(rest.split("/")) if rest else 0), rest

    def _material(self, job: Job, title: str, description: str, content: str, head: str = "") -> str:
        """The page's content poured into the Material shell of its section and depth."""
        shell, rest = self._material_shell_for(job)
        return shell.fill(rest=rest, title=title, description=description, head=head, content=content)

    def _render_product(self, job: Job, lang: Lang, links: Links) -> str:
        item = self.items_by_id[job.ref[0]]
        content = self.env.get_template("product.html").render(self._context(lang, links, item=item))
        return self._material(job, lang.plain(item.product.name), lang.plain(item.product.summary), content,
                              self.product_head(item, lang, links))

    def product_head(self, item: Item, lang: Lang, links: Links) -> str:
        page_url = links.absolute(paths.product_path(item.slug, lang))
        images = [links.absolute(f"img/{p.fallback.name}") for p in item.photos]
        head = [script_tag(product_jsonld(item, lang, page_url, images))]
        meta = {
            "og:type": "product", "og:title": lang.plain(item.product.name),
            "og:description": lang.plain(item.product.summary), "og:url": page_url,
            "og:site_name": self.project.site_name, "og:locale": lang.code,
        }
        card = getattr(item, "cards", {}).get(lang.code) or getattr(item, "card", None)  # in the page's language
        if card:
            meta.update({"og:image": links.absolute(f"img/{card}"), "og:image:width": "1200",
                         "og:image:height": "630", "og:image:alt": lang.plain(item.product.name)})
        head.extend(f'<meta property="{key}" content="{escape(value)}">' for key, value in meta.items())
        head.append(Markup('<meta name="twitter:card" content="summary_large_image">'))
        return "\n".join(head)

    def _listing_all(self, kind: str, key) -> list[Item]:
        site = self.site
        return {"district": site.by_district, "group": site.by_group, "stars": site.by_stars,
                "point": site.by_point}[kind].get(key, [])

    def _listing_items(self, kind: str, key, page: int) -> list[Item]:
        size = self.project.page_size
        return self._listing_all(kind, key)[(page - 1) * size: page * size]

    def _render_listing(self, job: Job, lang: Lang, links: Links) -> str:
        kind, key, page = job.ref
        all_items = self._listing_all(kind, key)
        pages = max(1, math.ceil(len(all_items) / self.project.page_size))
        context = {"kind": kind, "page": page, "pages": pages, "total": len(all_items),
                   "items": self._listing_items(kind, key, page)}
        if kind == "district":
            district = self.site.districts[key]
            context.update(district=district, province=self.site.district_province[key],
                           district_photo=getattr(self.site, "district_photos", {}).get(key),
                           heading=lang.plain(district.name), base_path=paths.district_path(key, lang))
            description = lang.plain(district.intro) or context["heading"]
        elif kind == "point":
            point = self.site.points[key]
            context.update(point=point, district=self.site.districts.get(point.district),  # online: none
                           province=self.site.district_province.get(point.district),
                           heading=lang.plain(point.name), base_path=paths.point_path(key, lang))
            description = lang.plain(point.address) or context["heading"]
        elif kind == "group":
            context.update(heading=lang.ui(f"group.{key}"), base_path=paths.group_path(key, lang))
            description = context["heading"]
        else:
            context.update(heading=lang.ui("stars_n", n=key), base_path=paths.stars_path(key, lang))
            description = context["heading"]
        title = context["heading"] + (f" · {lang.ui('page_n', n=page)}" if page > 1 else "")
        content = self.env.get_template("listing.html").render(self._context(lang, links, **context))
        return self._material(job, title, description, content)

    def _render_index(self, job: Job, lang: Lang, links: Links) -> str:
        index = job.ref[0]
        macros = self.env.get_template("index_pages.html").make_module(self._context(lang, links))
        title_key = {"districts": "districts_title", "groups": "groups_title", "stars": "stars_title",
                     "points-of-sale": "points_of_sale_title"}[index]
        title = lang.ui(title_key)
        if index == "districts":
            body = macros.district_index(self.site, lang, links, self.district_counts)
        elif index == "groups":
            body = macros.group_index(self.site, lang, links)
        elif index == "stars":
            body = macros.stars_index(self.site, lang, links)
        else:
            body = macros.points_index(self.site, lang, links)
        content = Markup("<h1>{}</h1>\n").format(title) + body
        return self._material(job, title, title, content)

    def home_sections(self, lang: Lang, page_path: str) -> str:
        links = Links(page_path, self.project.site_url)
        context = self._context(lang, links, search_bundles=search_bundles(len(self.site.items)))
        macros = self.env.get_template("index_pages.html").make_module(context)
        return str(macros.home_sections(self.site, lang, links, self.district_counts))

    def _render_trace(self, job: Job, lang: Lang, links: Links) -> str:
        item = self.items_by_id[job.ref[0]]
        is_qr = job.ref[-1] == "qr"
        return self._standalone("trace.html", job, lang, links, item, is_qr, {})

    def _render_lot(self, job: Job, lang: Lang, links: Links) -> str:
        item = self.items_by_id[job.ref[0]]
        lot = next(l for l in item.lots if l.lot == job.ref[1])
        is_qr = job.ref[-1] == "qr"
        extra = {"lot": lot, "status_at_production": item.dates.status_on(lot.produced)}
        return self._standalone("lot.html", job, lang, links, item, is_qr, extra)

    def _standalone(self, template: str, job: Job, lang: Lang, links: Links, item: Item,
                    is_qr: bool, extra: dict) -> str:
        """A light page: own CSS inline, no theme bundle (it must open fast after a scan)."""
        neutral = job.path[len(lang.prefix):]
        alternates = [{"lang": code, "tag": other.tag, "name": LANGUAGE_NAMES.get(code, code),
                       "path": other.prefix + neutral, "offer": other.ui("choose_language", language=other.name),
                       "variants": other.s["offer_variants"]}
                      for code, other in self.langs.items()]
        page_url = links.absolute(paths.product_path(item.slug, lang))
        images = [links.absolute(f"img/{p.fallback.name}") for p in item.photos[:1]]
        head = script_tag(product_jsonld(item, lang, page_url, images))
        title = lang.plain(item.product.name)
        if "lot" in extra:
            title += f" – {lang.ui('lot')} {extra['lot'].lot}"
        context = self._context(
            lang, links, item=item, title=title, description=lang.plain(item.product.summary),
            page_path=job.path, alternates=alternates, home_path=lang.prefix, head_extra=head,
            trace_css=self.trace_css, offer_language=is_qr, lang_for_links=lang,
            robots="noindex,follow" if is_qr else "index,follow", **extra)
        return self.env.get_template(template).render(context)
