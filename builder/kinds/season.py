"""What is in season: ``<L>season/``, the products of each month (the ``season:``
field). Without script the page is the whole year, month by month; its script
(``static/season.js``) shows the visitor's month, by the visitor's clock."""
from __future__ import annotations

from . import Job, PageKind
from ..facets import months

MONTHS = range(1, 13)


def site_jobs(renderer, lang):
    yield Job(f"{lang.prefix}season/", "season", lang.code)


def inputs(renderer, job: Job) -> tuple:
    return (job, renderer.catalogue_key)


def by_month(site) -> dict[int, list]:
    """Month (1-12) -> the products in season then, in the lists' order."""
    out = {month: [] for month in MONTHS}
    for item in site.items:
        for month in months(item.product):
            out[month].append(item)
    return out


def render(renderer, job: Job, lang, links) -> str:
    title = lang.ui("season_title")
    content = renderer.template("season.html").render(renderer.context(
        lang, links, title=title, by_month=by_month(renderer.site), month_names=lang.months("wide", "format")))
    return renderer.themed_page(job, title, lang.ui("season_intro"), content)


KIND = PageKind("season", render, inputs, site_jobs=site_jobs, section=lambda job: "season", in_sitemap=True)
