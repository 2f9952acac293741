"""Stage 4, render: what every page kind shares, and the dispatch to the kinds.

Themed pages (products, lists, indexes) are the theme's pages: our small
templates render the content, which is poured into a shell the theme adapter
made (see adapters/). Standalone pages (traceability) carry their own light
markup: they are what a phone opens after scanning a QR code.
"""
from __future__ import annotations

import json
import posixpath
from types import SimpleNamespace
from functools import cached_property, lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .. import allergens, nutrition, recall
from .. import links as paths
from ..csp import placeholder_class, with_policy
from ..files.qrcodes import QrCodes
from ..i18n import Lang
from ..kinds import Job, kinds, plan
from ..links import Links
from ..pictograms import no_photo_html
from ..places.wording import PlaceWords
from ..settings import LANGUAGE_NAMES
from ..stored import compiled_templates_cache
from ..status import rules_for_pages
from ..stored import KeptPieces
from .derive import Item, Site
from .keys import digest, tree_digest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# What templates call `food`: allergens, nutrition and recalls, worded in Python.
FOOD = SimpleNamespace(allergen_list=allergens.list_html, ingredients=allergens.ingredients_html,
                       nutrition_rows=nutrition.table, basis=nutrition.basis, salt_note=nutrition.salt_note,
                       recall_html=recall.sentence_html, recall_line=recall.line_html)
STATIC = Path(__file__).resolve().parents[1] / "static"


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
    env.globals["inline_script"] = inline_script
    return env


@lru_cache(maxsize=None)
def inline_script(name: str) -> Markup:
    """A readable script of static/js/, put in the page itself (its hash goes in the page's CSP):
    what a scanned QR code's page needs must not wait for another request."""
    return Markup((STATIC / "js" / name).read_text("utf-8"))


class Renderer:
    """Renders pages of every kind; `shells` (from the theme adapter) is needed for themed ones."""

    def __init__(self, site: Site, shells=None, pieces: KeptPieces | None = None):
        self.site = site
        self.project = site.project
        self.shells = shells
        self.pieces = pieces or KeptPieces(None)  # kept between builds (see stored.KeptPieces)
        self.env = template_env(self.project.cache_dir)
        self.langs = {code: Lang(code, self.project.languages) for code in self.project.languages}
        self.items_by_id = {item.id: item for item in site.items}
        self._cards: dict[tuple, Markup] = {}
        self._pieces: dict[tuple, Markup] = {}
        self._macro_modules: dict[str, object] = {}
        self._certificates_of, self._certificates = None, {}
        self._item_keys: dict[str, str] = {}
        self.qr_codes = QrCodes(site)
        self.places = PlaceWords(site)

    # --- what pages exist, and what each depends on ---------------------------

    def jobs(self) -> list[Job]:
        return plan(self)

    def inputs(self, job: Job) -> tuple:
        """What a page depends on besides the global stamp: its cache key material."""
        return kinds()[job.kind].inputs(self, job)

    def beside(self, job: Job) -> list:
        """The files written beside a page (site path, key, cached file maker)."""
        beside = kinds()[job.kind].beside
        return beside(self, job) if beside else []

    def item_key(self, item: Item) -> str:
        """What an item's pages and cards show of it: its file, its photos, its certificate's status."""
        key = self._item_keys.get(item.id)
        if key is None:
            key = self._item_keys[item.id] = digest(item.source_hash, [p.name for p in item.photos], item.status)
        return key

    @cached_property
    def shared_inputs_key(self) -> str:
        """What any piece depends on besides its item and the code: config, areas, points of sale.

        Not the build's date: no piece shows it, and an item's status on that date is
        in its item_key. The first build of a new day then makes again the pieces of the
        items whose status changed, not every kiosk record, QR drawing and save list.
        """
        project = self.project
        return digest(tree_digest([project.config_file, project.catalogue_dir / "areas.yaml",
                                   project.catalogue_dir / "points_of_sale.yaml",
                                   project.catalogue_dir / "points_of_sale"]),
                      project.languages, project.site_url, self.site.places.source)

    def in_page_worker(self) -> None:
        """A page worker makes its pieces without keeping them: it never saves them, and
        keeping every card it makes held 1.1 GB a worker at 20,000 products in five languages."""
        self.pieces = KeptPieces(None, keep=False)

    def remembered(self, key: tuple, make):
        """A piece made from one item, kept for the next build of a long-lived process:
        `key` names the item (its item_key) and whatever else the piece shows."""
        return self.pieces.get((self.shared_inputs_key, *key), make)

    @cached_property
    def catalogue_key(self) -> str:
        """What pages that show every item depend on."""
        return digest([(item.id, self.item_key(item)) for item in self.site.items])

    # --- rendering ------------------------------------------------------------

    content_policy = True  # off only under plain `mkdocs serve`, whose live-reload script is inline

    def render(self, job: Job) -> str:
        lang = self.langs[job.lang]
        links = Links(job.path, self.project.site_url)
        return with_policy(kinds()[job.kind].render(self, job, lang, links), enforce=self.content_policy)

    def alternates(self, path: str, lang: Lang) -> list[dict]:
        """This page in every language, for the switcher and hreflang."""
        neutral = path[len(lang.prefix):]
        return [{"lang": code, "tag": other.tag, "name": LANGUAGE_NAMES.get(code, code),
                 "path": other.prefix + neutral, "link": other.prefix + neutral}
                for code, other in self.langs.items()]

    def home_sections(self, lang: Lang, page_path: str) -> str:
        """The catalogue on the theme's home page (featured products, browse, search)."""
        from ..kinds.index import home_sections

        return home_sections(self, lang, page_path)

    def context(self, lang: Lang, links: Links, **extra) -> dict:
        return {**self._shared_context(lang, links), "m": self.macros(lang), **extra}

    def _shared_context(self, lang: Lang, links: Links) -> dict:
        return {"L": lang, "links": links, "site": self.site, "build_date": self.project.build_date,
                "site_name": self.project.site_name_in(lang.code), "card_html": self.card_html, "stars_html": self.stars_html,
                "picture_html": self.picture_html, "certificate_html": self.certificate_html,
                "no_photo_html": no_photo_html, "places": self.places, "food": FOOD,
                "status_rules": self.status_rules_json}

    def macros(self, lang: Lang):
        """The shared macros (`m` in templates), made once per language: they take
        the page's links as an argument, and importing them in every page costs
        a module per page."""
        if lang.code not in self._macro_modules:
            self._macro_modules[lang.code] = self.env.get_template("macros.html").make_module(
                self._shared_context(lang, Links("", self.project.site_url)))
        return self._macro_modules[lang.code]

    def template(self, name: str):
        return self.env.get_template(name)

    def themed_page(self, job: Job, title: str, description: str, content: str, head: str = "") -> str:
        """The page's content poured into the theme's shell of its section and depth."""
        shell, rest = self.shell_for(job)
        return shell.fill(rest=rest, title=title, description=description, head=head, content=content)

    def shell_for(self, job: Job):
        """The shell of a themed page, and the part of its path below its section."""
        _, section, depth = self.shell_key(job)
        return self.shells.shell(self.langs[job.lang], section, depth), self._rest(job, section)

    def shell_key(self, job: Job) -> tuple[str, str, int]:
        """(language, section, depth): which of the theme's shells a themed page is poured into."""
        section = kinds()[job.kind].section(job)
        rest = self._rest(job, section)
        return job.lang, section, len(rest.split("/")) if rest else 0

    def _rest(self, job: Job, section: str) -> str:
        return job.path[len(self.langs[job.lang].prefix) + len(section) + 1:].strip("/")

    # --- pieces shared by many pages ------------------------------------------

    @cached_property
    def status_rules_json(self) -> Markup:
        return Markup(json.dumps(rules_for_pages(), ensure_ascii=False, separators=(",", ":")))


    @cached_property
    def trace_css(self) -> Markup:
        return Markup((STATIC / "status.css").read_text("utf-8") + (STATIC / "trace.css").read_text("utf-8"))

    @cached_property
    def district_counts(self) -> dict[str, int]:
        return {d: len(items) for d, items in self.site.by_district.items()}

    def stars_html(self, stars: int, lang: Lang, status: str = "valid") -> Markup:
        """The star badge; a handful of variants serve every page. A revoked or
        expired certificate's stars are greyed, as what the product was rated."""
        was = status in ("revoked", "expired")
        key = ("stars", stars, lang.code, was)
        if key not in self._pieces:
            self._pieces[key] = Markup(self.macros(lang).stars(stars, lang, was))
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
        return Markup(f'<picture class="ocop-picture {placeholder_class(photo.placeholder)}">{sources}'
                      f'<img src="{escape(links.img(fallback.name))}" srcset="{srcset}"'
                      f' sizes="{sizes}" width="{photo.width}" height="{photo.height}" alt="{escape(alt_text)}"'
                      f'{lang_attribute}{loading} decoding="async">\n</picture>')

    def certificate_html(self, item: Item, lang: Lang) -> Markup:
        """The certificate's status and facts, the same on all of an item's pages in a language."""
        if self._certificates_of != item.id:  # plan() keeps an item's pages together
            self._certificates_of, self._certificates = item.id, {}
        if lang.code not in self._certificates:
            macros = self.macros(lang)
            self._certificates[lang.code] = Markup(macros.status_box(item, lang) + "\n"
                                                   + macros.certificate_facts(item, lang))
        return self._certificates[lang.code]

    def card_html(self, item: Item, lang: Lang, links: Links, eager: bool = False) -> Markup:
        """A product's card; the same card appears on several lists, so it is made once per depth,
        and kept as a piece: the lists an edit renders again in a live preview reuse the other cards."""
        key = (item.id, lang.code, links.root, eager)
        if key not in self._cards:
            self._cards[key] = Markup(self.remembered(
                ("card", self.item_key(item), lang.code, links.root, eager),
                lambda: str(self.macros(lang).card(item, lang, links, eager))))
        return self._cards[key]
