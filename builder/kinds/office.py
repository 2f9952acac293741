"""The office's expiry list, ``office/expiring/``: the certificates expired or
expiring within 90 days, by district, the revoked ones and the recalled lots
apart, with the same list as CSV beside it.

For the OCOP office, not the public: linked from nowhere, ``noindex``, and
left out of the sitemap, search, feeds and offline caches. It is not secret:
anyone who guesses the address can read it (the README says so).
"""
from __future__ import annotations

from itertools import groupby

from . import Job, PageKind, once_per_build
from ..pipeline.keys import digest
from ..stored import FileCache
from ..report import csv_text, site_entries

PATH = "office/expiring/"
WITHIN_DAYS = 90


def site_jobs(renderer, lang):
    if not lang.prefix:  # the office reads its own language
        yield Job(PATH, "office", lang.code, ("expiring",))


def inputs(renderer, job: Job) -> tuple:
    """The rows the list shows and where they link: an edit of anything else leaves it as it was."""
    return (job, shown(renderer))


def entries(renderer):
    return shown(renderer)[0]


@once_per_build
def shown(renderer) -> tuple[list, dict[str, str]]:
    """The list's rows and the slug of each row's product: the page's key, the page and its CSV
    all read them."""
    rows = site_entries(renderer.site, WITHIN_DAYS)
    slugs = {item.id: item.slug for item in renderer.site.items}
    return rows, {row.id: slugs[row.id] for row in rows}


def by_place(entries) -> list[tuple[str, list]]:
    return [(place, list(group)) for place, group in groupby(entries, key=lambda e: e.place)]


def render(renderer, job: Job, lang, links) -> str:
    listed = entries(renderer)
    current = [e for e in listed if e.status in ("expired", "expiring")]
    revoked = [e for e in listed if e.status == "revoked"]
    recalled = [e for e in listed if e.status == "recalled"]
    context = renderer.context(
        lang, links, title=lang.ui("office_title"), within=WITHIN_DAYS, trace_css=renderer.trace_css,
        current=by_place(current), revoked=by_place(revoked), expired=sum(e.status == "expired" for e in current),
        expiring=sum(e.status == "expiring" for e in current), revoked_count=len(revoked),
        recalled=by_place(recalled), recalled_count=len(recalled),
        product_links=shown(renderer)[1])
    return renderer.template("office.html").render(context)


def beside(renderer, job: Job) -> list:
    """The same list as CSV for a spreadsheet (UTF-8 with BOM: Excel keeps the Vietnamese letters)."""
    key = digest("office-csv", entries(renderer))
    cache = FileCache(renderer.project.cache_dir / "office")

    def csv_file() -> str:
        return cache.get(key) or cache.put(key, csv_text(entries(renderer)).encode("utf-8-sig"))
    return [(job.path + "expiring.csv", key, csv_file)]


KIND = PageKind("office", render, inputs, site_jobs=site_jobs, beside=beside)
