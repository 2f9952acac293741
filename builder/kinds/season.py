"""What is in season: ``<L>season/``, the products of each month (the ``season:``
field). Without script the page is the whole year, month by month; its script
(``static/season.js``) shows the visitor's month, by the visitor's clock.

Each month shows the first ``page_size`` of its products, as its list's first
page would, and links to the whole list, ``<L>season/<month>/`` (kinds/listing.py):
the page stays the same size however large the catalogue grows."""
from __future__ import annotations

from . import Job, PageKind
from .. import links as paths


def site_jobs(renderer, lang):
    yield Job(paths.season_path(lang), "season", lang.code)


def inputs(renderer, job: Job) -> tuple:
    """Each month's count and the products shown: an edit of any other product leaves the page as it was."""
    return (job, tuple((month, total, tuple(renderer.item_key(item) for item in shown))
                       for month, shown, total in months_shown(renderer.site, renderer.project.page_size)))


def months_shown(site, page_size: int) -> list[tuple[int, list, int]]:
    """(month, the products shown under it, how many it has), January first."""
    return [(month, items[:page_size], len(items)) for month, items in site.by_month.items()]


def render(renderer, job: Job, lang, links) -> str:
    title = lang.ui("season_title")
    content = renderer.template("season.html").render(renderer.context(
        lang, links, title=title, months=months_shown(renderer.site, renderer.project.page_size),
        month_names=lang.months("wide", "format")))
    return renderer.themed_page(job, title, lang.ui("season_intro"), content)


KIND = PageKind("season", render, inputs, site_jobs=site_jobs, section=lambda job: "season", in_sitemap=True)
