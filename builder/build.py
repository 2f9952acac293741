"""The pipeline, stage by stage: load → validate → derive → render → write.

``prepare`` runs the stages that can fail on the author's input; ``write_site``
runs inside MkDocs (see plugin.py) and adds every generated page and file.
"""
from __future__ import annotations

import gc
import logging
import os
import time
from pathlib import Path

from . import datafiles, images
from .derive import Site, derive
from .load import ProductCache, load
from .pages import PageRenderer
from .problems import CatalogueError, Problems
from .settings import Project
from .stored import write_atomic
from .validate import check_site_name, validate
from .write import Output, PageWriter, digest, tree_digest, write_pages

log = logging.getLogger("mkdocs.plugins.ocop")
RENDER_VERSION = "1"
# The code that shapes page HTML: a change to it re-renders every page.
RENDERING_MODULES = ("derive", "i18n", "jsonld", "links", "markdown_safe", "pages", "shell", "status")
SEARCH_VERSION = "1"
# The code that shapes search records: a change to it re-indexes every shard.
SEARCH_MODULES = ("datafiles", "derive", "i18n", "links", "slug")


def spare_the_garbage_collector() -> None:
    """A build makes millions of small objects that live until it ends.

    Python's default thresholds run the cycle collector over all of them again
    and again (a fifth of a rebuild's time); collecting less often costs a
    little memory and no correctness.
    """
    gc.set_threshold(50_000, 20, 100)


class Progress:
    """Stage names and counts on long runs; silent when quiet."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.started = time.monotonic()

    def stage(self, name: str) -> None:
        if not self.quiet:
            log.info(f"ocop: {name} ({time.monotonic() - self.started:.1f} s)")

    def counter(self, name: str):
        last = [0.0]

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if not self.quiet and (done == total or now - last[0] > 2):
                last[0] = now
                log.info(f"ocop: {name} {done}/{total}")
        return report


def check(project: Project) -> tuple[Problems, object]:
    """Load and validate; returns the problems and the validated catalogue."""
    problems = Problems(project.root)
    if not project.site_url:
        problems.add(project.config_file, 1, "site_url is missing: QR codes need the absolute address "
                     "of the published site, e.g. site_url: https://ocop.example.vn/")
    cache = ProductCache(project.cache_dir / "products", project.languages)
    raw = load(project.catalogue_dir, project.products_dir, problems, cache.known)
    checker = images.ImageChecker(project.cache_dir / "checked-photos.json")
    catalogue = validate(raw, project.languages, problems, project.catalogue_dir, checker.check)
    check_site_name(project.config_file, project.site_name, problems)
    if catalogue is not None:
        cache.save({entry.digest: entry.product for entry in catalogue.products})
        checker.save()
    return problems, catalogue


def prepare(project: Project, progress: Progress | None = None) -> Site:
    """Everything that depends only on the input; raises CatalogueError with all problems."""
    progress = progress or Progress()
    progress.stage("loading and validating")
    problems, catalogue = check(project)
    if problems or catalogue is None:
        raise CatalogueError(problems)
    problems.print_warnings()
    site = derive(catalogue, project)
    progress.stage(f"{len(site.items)} products; preparing photos")
    site.photo_pipeline = attach_photos(site, project, progress.counter("photos"))
    return site


def attach_photos(site: Site, project: Project, progress) -> "images.ImagePipeline":
    """Process every photo (cached by content) and give each product its image sets."""
    pipeline = images.ImagePipeline(project.cache_dir / "images", jobs=project.jobs)
    product_photos = {item.id: [item.file.folder / image.file for image in item.product.images]
                      for item in site.items}
    district_photos = {d.id: project.catalogue_dir / d.image for d in site.districts.values() if d.image}
    sets = pipeline.process(sorted({path for paths in product_photos.values() for path in paths}
                                   | set(district_photos.values()), key=str), progress)
    for item in site.items:
        item.photos = [sets[path] for path in product_photos[item.id]]
    site.district_photos = {district: sets[path] for district, path in district_photos.items()}
    attach_social_cards(site, project, pipeline)
    return pipeline


def attach_social_cards(site: Site, project: Project, pipeline) -> None:
    """The 1200×630 share image of each product; only missing ones are drawn.

    A language whose name of the product is translated gets its own card
    (``item.cards``); the others share the default language's (``item.card``).
    """
    from .i18n import Lang

    langs = [Lang(code, project.languages) for code in project.languages]
    missing = {}
    for item in site.items:
        cover = item.file.folder / item.product.images[0].file
        item.cards = {}
        for lang in langs:
            if lang.code != project.default_language and lang.is_fallback(item.product.name):
                continue
            shown = (lang.plain(item.product.name), item.product.stars,
                     lang.s["list_separator"].join([lang.plain(item.district.name), lang.plain(item.province.name)]),
                     project.site_name)
            name = item.cards[lang.code] = images.card_name(pipeline.key(cover), *shown)
            if name not in missing and not os.path.isfile(pipeline.file(name)):
                missing[name] = (cover, *shown)
        item.card = item.cards[project.default_language]
    for name, data in zip(missing, images.social_cards(list(missing.values()), project.jobs)):
        write_atomic(pipeline.file(name), data)


def global_stamp(site: Site, shells_html: str) -> str:
    """What every page depends on: code, templates, theme, registries, date."""
    project = site.project
    here = Path(__file__).parent
    return digest(
        RENDER_VERSION,
        tree_digest([here / "templates", here / "static", here / "locale", project.root / "theme_overrides",
                     project.config_file, project.catalogue_dir / "areas.yaml",
                     project.catalogue_dir / "points_of_sale.yaml"]),
        tree_digest([here / f"{module}.py" for module in RENDERING_MODULES]),
        project.build_date.isoformat(), project.languages, project.site_url, project.page_size,
        shells_html,
    )


def search_stamp(site: Site) -> str:
    """What every search record depends on besides its product's file."""
    from importlib.metadata import version

    project = site.project
    here = Path(__file__).parent
    return digest(
        SEARCH_VERSION, version("pagefind"), project.languages,
        tree_digest([here / "locale", project.catalogue_dir / "areas.yaml"]),
        tree_digest([here / f"{module}.py" for module in SEARCH_MODULES]),
    )


def write_site(site: Site, shells, output: Output, progress: Progress | None = None,
               extra_paths: list[str] = ()) -> dict:
    """Render every generated page and file (the changed ones, with a previous manifest)."""
    progress = progress or Progress()
    renderer = PageRenderer(site, shells)
    jobs = renderer.jobs()
    for job in jobs:  # the shells are rendered once here, not in every worker
        if job.kind in ("product", "listing", "index"):
            renderer._material_shell_for(job)
    stamp = global_stamp(site, shells.fingerprint())
    writer = PageWriter(renderer, output, stamp, beside=datafiles.QrCodes(site).beside)
    search = None

    def start_search() -> None:
        nonlocal search
        if site.project.search:
            search = datafiles.SearchIndex(site, renderer, search_stamp(site))  # Pagefind runs in the background

    def files() -> None:
        progress.stage("photos, open data, sitemap")
        datafiles.write_photos(site, output, site.photo_pipeline)
        datafiles.write_all(site, renderer, jobs, output, extra_paths)

    progress.stage(f"{len(jobs)} pages; writing those that changed")
    try:
        rendered = write_pages(writer, jobs, site.project.jobs, progress.counter("changed pages"),
                               started=start_search, meanwhile=files)
        if search is not None:
            progress.stage("search index")
            search.finish(output)
    finally:
        if search is not None:
            search.close()  # after a failure: no shard is started any more
    return {"pages": len(jobs), "rendered": rendered}
