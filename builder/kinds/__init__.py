"""Page kinds: one module per kind of generated page, in one registry.

A kind declares the pages it makes (``item_jobs`` for pages of one product,
``site_jobs`` for the rest), what a page's content depends on (``inputs``,
its cache key besides the build-wide stamp), how it renders, and where it
sits in the theme (``section``, for the shell) and in the sitemap. Adding a
kind is one module here plus its template, and one line in ``kinds()``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Callable, Iterable
from weakref import WeakKeyDictionary


def once_per_build(work: Callable) -> Callable:
    """`work(renderer, *args)` worked out once for each build's renderer and arguments: for what
    several pages of a kind (their keys, the pages, the files beside them) read alike. Held by the
    renderer, so a long-lived process (ocop serve) lets it go with the build."""
    done: WeakKeyDictionary = WeakKeyDictionary()

    @wraps(work)
    def once(renderer, *args):
        results = done.setdefault(renderer, {})
        if args not in results:
            results[args] = work(renderer, *args)
        return results[args]

    return once


@dataclass(frozen=True)
class Job:
    """One page to render: where it goes and what it shows."""

    path: str
    kind: str
    lang: str
    ref: tuple = ()

    def __repr__(self) -> str:
        # The dataclass's own text, which every page key holds, without its guard against
        # recursion: a build writes it for each of its pages (72,761 at 5,000 x 5) to plan them.
        return f"Job(path={self.path!r}, kind={self.kind!r}, lang={self.lang!r}, ref={self.ref!r})"


@dataclass(frozen=True)
class PageKind:
    name: str
    render: Callable  # (renderer, job, lang, links) -> html
    inputs: Callable  # (renderer, job) -> key material besides the build-wide stamp
    item_jobs: Callable | None = None  # (renderer, item, lang) -> jobs, for pages of one product
    site_jobs: Callable | None = None  # (renderer, lang) -> jobs, for the other pages
    section: Callable | None = None  # (job) -> the theme section of a themed page; None: standalone
    beside: Callable | None = None  # (renderer, job) -> files written beside the page (QR codes)
    in_sitemap: bool = False  # default-language pages listed in the sitemap (with their alternates)


@lru_cache(maxsize=1)
def kinds() -> dict[str, PageKind]:
    """Every kind by name. Imported here, not at the top: the kinds import this module."""
    from . import index, listing, lot, offline, office, product, season, trace
    from ..kiosk import page as kiosk

    # The order is the order pages are planned and written in: an item's
    # pages one after another, then the lists and indexes.
    return {module.KIND.name: module.KIND for module in (product, trace, lot, listing, index, season, offline, office, kiosk)}


def plan(renderer) -> list[Job]:
    """Every page of the site. An item's pages come one after another, so the
    pieces they share are made once for all of them (see Renderer.certificate_html)."""
    item_kinds = [kind for kind in kinds().values() if kind.item_jobs]
    site_kinds = [kind for kind in kinds().values() if kind.site_jobs]
    langs = list(renderer.langs.values())
    jobs = [job for item in renderer.site.items for lang in langs
            for kind in item_kinds for job in kind.item_jobs(renderer, item, lang)]
    for lang in langs:
        for kind in site_kinds:
            jobs.extend(kind.site_jobs(renderer, lang))
    return jobs


def themed(job: Job) -> bool:
    return kinds()[job.kind].section is not None


def sitemap_paths(jobs: Iterable[Job], default_language: str) -> list[str]:
    listed = {name for name, kind in kinds().items() if kind.in_sitemap}
    return [job.path for job in jobs if job.kind in listed and job.lang == default_language]
