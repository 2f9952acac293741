"""Index pages: ``<L>provinces/``, ``<L>districts/``, ``<L>groups/``, ``<L>stars/``, ``<L>points-of-sale/``;
and the catalogue sections of the home page, which the theme's own home page shows."""
from __future__ import annotations

from markupsafe import Markup

from . import Job, PageKind
from ..facets import OFFERED
from ..search_box import SEARCH_SCRIPT, search_box
from ..links import Links

INDEXES = {  # index: (its title's string, its macro in index_pages.html)
    "provinces": ("provinces_title", "province_index"),
    "districts": ("districts_title", "district_index"),
    "groups": ("groups_title", "group_index"),
    "stars": ("stars_title", "stars_index"),
    "points-of-sale": ("points_of_sale_title", "points_index"),
}


def site_jobs(renderer, lang):
    for index in INDEXES:
        yield Job(f"{lang.prefix}{index}/", "index", lang.code, (index,))


def inputs(renderer, job: Job) -> tuple:
    return (job, renderer.catalogue_key)


def render(renderer, job: Job, lang, links) -> str:
    index = job.ref[0]
    title_key, macro = INDEXES[index]
    macros = renderer.template("index_pages.html").make_module(renderer.context(lang, links))
    title = lang.ui(title_key)
    if index in ("districts", "provinces"):
        body = getattr(macros, macro)(renderer.site, lang, links, renderer.district_counts)
    else:
        body = getattr(macros, macro)(renderer.site, lang, links)
    content = Markup("<h1>{}</h1>\n").format(title) + body
    return renderer.themed_page(job, title, title, content)


def home_sections(renderer, lang, page_path: str) -> str:
    """Featured products, browse by district, group and stars, and search, for the home page."""
    links = Links(page_path, renderer.project.site_url)
    context = renderer.context(lang, links, search_box=search_box(links, lang, renderer.site),
                               search_script=links.to(SEARCH_SCRIPT), filter_offer_search=OFFERED["search"])
    macros = renderer.template("index_pages.html").make_module(context)
    return str(macros.home_sections(renderer.site, lang, links, renderer.district_counts))


KIND = PageKind("index", render, inputs, site_jobs=site_jobs, section=lambda job: job.ref[0], in_sitemap=True)
