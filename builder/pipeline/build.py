"""The pipeline, stage by stage: load → validate → derive → render → write.

``Builder`` runs it for ``ocop build`` and ``ocop serve`` (which keeps one
alive, with its caches in memory, between edits): ``prepare`` runs the stages
that can fail on the author's input, the theme adapter writes the theme's own
files, ``write_generated`` renders every page kind and data file, and
``publish`` swaps the finished build in.
"""
from __future__ import annotations

import gc
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import files, images
from ..adapters import KeptTheme
from ..config import project_problems
from ..files.search import SearchIndex
from ..kinds import themed
from ..lock import ProjectLock
from ..places.official import official_lists
from ..problems import CatalogueError, Problems
from ..progress import Progress
from ..settings import Project
from ..stored import KeptPieces, load_pickle, save_pickle
from .derive import Site, derive
from .keys import RENDERING_ROOTS, SEARCH_ROOTS, digest, kinds_modules, modules_behind, pieces_code_key, tree_digest
from .load import ProductCache, load
from .photos import process_photos
from .render import Renderer
from .stamp import LastBuild, Signature, inputs_signature
from .validate import validate
from .write import Manifest, Output, PageWriter, publish, write_pages

RENDER_VERSION = "1"
THEME_VERSION = 1
SEARCH_VERSION = "1"
HERE = Path(__file__).resolve().parents[1]  # the builder package


def spare_the_garbage_collector() -> None:
    """A build makes millions of small objects that live until it ends.

    Python's default thresholds run the cycle collector over all of them again
    and again (a fifth of a rebuild's time); collecting less often costs a
    little memory and no correctness.
    """
    gc.set_threshold(50_000, 20, 100)


# --- load, validate, derive ----------------------------------------------------

@dataclass
class Caches:
    """What a long-lived process (ocop serve) keeps in memory between builds."""

    products: ProductCache | None = None
    photos: images.ImagePipeline | None = None
    manifests: dict = field(default_factory=dict)
    pieces: KeptPieces | None = None  # Renderer.remembered: pieces made from one item


def check(project: Project, caches: Caches | None = None) -> tuple[Problems, object]:
    """Load and validate; returns the problems and the validated catalogue."""
    caches = caches or Caches()
    problems = Problems(project.root)
    if caches.products is None:
        caches.products = ProductCache(project.cache_dir / "products", project.languages,
                                       tree_digest(modules_behind("builder.pipeline.validate")))
    raw = load(project.catalogue_dir, project.products_dir, problems, caches.products.known, caches.products.digests)
    official_lists(project.cache_dir)  # read from the cache folder when kept there
    checker = images.ImageChecker(project.cache_dir / "checked-photos.json")
    catalogue = validate(raw, project.languages, problems, project.catalogue_dir, checker.check)
    project_problems(project, catalogue, problems)
    if catalogue is not None:
        for entry in catalogue.products:  # those read again for a warning's line
            entry.source.forget_lines()
        caches.products.save({entry.digest: entry.product for entry in catalogue.products},
                             {str(entry.path): (entry.source.stamp, entry.digest) for entry in catalogue.products})
        checker.save()
    return problems, catalogue


def prepare(project: Project, progress: Progress | None = None, caches: Caches | None = None,
            warned: list[str] | None = None) -> Site:
    """Everything that depends only on the input; raises CatalogueError with all problems.

    The warnings are printed, and added to ``warned`` when given.
    """
    progress = progress or Progress()
    caches = caches or Caches()
    progress.stage("loading and validating")
    problems, catalogue = check(project, caches)
    if problems or catalogue is None:
        raise CatalogueError(problems)
    problems.print_warnings()
    if warned is not None:
        warned.extend(str(warning) for warning in problems.sorted_warnings())
    progress.stage(f"photos and share cards of {len(catalogue.products)} products")
    if caches.photos is None:
        caches.photos = images.ImagePipeline(project.cache_dir / "images", jobs=project.jobs)
    return derive(catalogue, project, process_photos(catalogue, project, caches.photos, progress))


# --- render and write ------------------------------------------------------------

def global_stamp(site: Site, shells_html: str) -> str:
    """What every page depends on: code, templates, theme, registries, date."""
    project = site.project
    return digest(
        RENDER_VERSION,
        tree_digest([HERE / "templates", HERE / "static", HERE / "locale", project.root / "theme_overrides",
                     project.config_file, project.catalogue_dir / "areas.yaml",
                     project.catalogue_dir / "points_of_sale.yaml",
                     project.catalogue_dir / "points_of_sale"]),
        tree_digest(modules_behind(*RENDERING_ROOTS, *kinds_modules())),
        project.build_date.isoformat(), project.languages, project.site_url, project.page_size,
        site.places.source, shells_html,
    )


def search_stamp(site: Site) -> str:
    """What every search record depends on besides its product's file."""
    from importlib.metadata import version

    project = site.project
    return digest(
        SEARCH_VERSION, version("pagefind"), project.languages, site.places.source,
        tree_digest([HERE / "locale", project.catalogue_dir / "areas.yaml"]),
        tree_digest(modules_behind(*SEARCH_ROOTS)),
    )


def begin_search(site: Site, renderer: Renderer) -> SearchIndex | None:
    """Starts Pagefind over the stale shards, when the site has search: as soon as the
    site is derived, since after one edit it is what the build waits for last."""
    return SearchIndex(site, renderer, search_stamp(site)) if site.project.search else None


def write_generated(site: Site, renderer: Renderer, theme, output: Output,
                    progress: Progress | None = None, jobs: list | None = None,
                    search: SearchIndex | None = None, pages_done=lambda: None) -> dict:
    """Render every generated page and file (the changed ones, with a previous manifest);
    `search`, from begin_search, is finished and closed here. `pages_done` runs once every
    page and file is written, while Pagefind may still be indexing."""
    progress = progress or Progress()
    try:
        renderer.shells = theme
        jobs = renderer.jobs() if jobs is None else jobs
        for job in jobs:  # the shells are rendered once here, not in every worker
            if themed(job):
                renderer.shell_for(job)
        stamp = global_stamp(site, theme.fingerprint())
        writer = PageWriter(renderer, output, stamp, beside=renderer.beside)

        def other_files() -> None:  # runs while the pages are written: a note, not a stage of its own
            progress.note("photos, open data, feeds, sitemap and offline files, beside the pages")
            files.write_all(site, renderer, jobs, output, theme.pages, stamp)

        progress.stage(f"pages ({len(jobs)}; only those that changed are written)")
        rendered = write_pages(writer, jobs, site.project.jobs, progress.counter("changed pages"),
                               started=search.go_on_beside_the_pages if search else lambda: None,
                               meanwhile=other_files, in_worker=renderer.in_page_worker)
        pages_done()
        if search is not None:
            progress.stage("finishing the search index (begun beside the pages)")
            search.finish(output)
    finally:
        if search is not None:
            search.close()  # after a failure: no shard is started any more
    return {"pages": len(jobs), "rendered": rendered}


# --- one whole build ---------------------------------------------------------------

@dataclass
class BuildReport:
    site_dir: Path
    pages: int
    rendered: int
    theme_rendered: bool


class Builder:
    """Builds one project; ``ocop serve`` keeps one alive so its caches stay in memory.

    A build takes the project's lock, builds into a staging folder beside the
    site and publishes it only when complete: a failure at any point leaves
    the previous site as it was.
    """

    def __init__(self, project_dir: Path, adapter, progress: Progress | None = None,
                 live: bool = False, project: Project | None = None):
        self.adapter = adapter
        self.project_dir = project_dir
        self.project = project or self.adapter.load_project(project_dir)
        self.progress = progress or Progress()
        self.caches = Caches()
        self.live = live  # ocop serve: few pages change at a time
        self.themes = ThemeStore(self.project.cache_dir, self.project.preview)

    def build(self, site_dir: Path | None = None, on_wait=lambda pid: None,
              signature: Signature | None = None) -> BuildReport:
        """``signature``: the inputs' key, when the caller took it already (before any file was read)."""
        site_dir = (site_dir or self.project.site_dir).resolve()
        spare_the_garbage_collector()
        lock = ProjectLock(self.project.cache_dir)
        lock.acquire(on_wait=on_wait)
        try:
            return self._build(site_dir, signature)
        finally:
            lock.release()

    def _build(self, site_dir: Path, signature: Signature | None) -> BuildReport:
        if signature is None and not self.live:
            signature = inputs_signature(self.project, site_dir)  # before a file is read
        warnings: list[str] = []
        site = prepare(self.project, self.progress, self.caches, warnings)
        if self.caches.pieces is None:
            self.caches.pieces = KeptPieces(self.project.cache_dir / "pieces.pickle", pieces_code_key())
        self.caches.pieces.begin_build()
        renderer = Renderer(site, pieces=self.caches.pieces)
        manifest = self.caches.manifests.setdefault(
            site_dir, Manifest(self.project.cache_dir, site_dir, self.project.preview))
        previous = manifest.load()
        staging = new_staging_folder(site_dir)
        search = None
        try:
            search = begin_search(site, renderer)
            jobs = renderer.jobs()  # before the theme: its shells are those these pages need
            self.progress.stage("theme and hand-written pages")
            theme_key = self.theme_key(renderer)
            theme = None if previous is None or manifest.theme_key != theme_key else \
                self.themes.kept(theme_key, [renderer.shell_key(job) for job in jobs if themed(job)])
            theme_rendered = theme is None
            if theme_rendered:
                theme = self.adapter.render(self.project, renderer, staging)
            output = Output(staging, previous, manifest.groups if previous is not None else None)
            counts = write_generated(site, renderer, theme, output, self.progress, jobs=jobs, search=search,
                                     pages_done=self.keep_pieces)
        except BaseException:
            if search is not None:
                search.close()  # the theme failed before the pages began: Pagefind must not outlive the build
            shutil.rmtree(staging, ignore_errors=True)
            raise
        published = dict(output.manifest)
        for path in theme.outputs:  # the theme's own files: assets, hand-written pages
            published.setdefault(path, "theme")
        if theme_rendered:
            self.themes.keep(theme_key, theme)
        manifest.begin()
        publish(staging, site_dir, incremental=previous is not None, stale=set(previous or ()) - set(published))
        if signature is not None:  # recorded while the site is marked as being published
            LastBuild.of(self.project, site_dir).record(signature, warnings, counts["pages"])
        manifest.commit(published, theme_key, output.groups)
        self.progress.summary()
        return BuildReport(site_dir, counts["pages"], counts["rendered"], theme_rendered)

    def keep_pieces(self) -> None:
        """Saved while Pagefind still indexes, which an edit's build waits for last.
        ``ocop serve`` keeps them in memory."""
        if not self.live:
            self.caches.pieces.save()

    def theme_key(self, renderer: Renderer) -> str:
        """What the theme's files and shells depend on: when unchanged, the theme engine is not started."""
        adapter = self.adapter
        return digest(THEME_VERSION, adapter.engine_versions(),
                      tree_digest(adapter.theme_inputs(self.project)),
                      tree_digest([HERE / "static" / "status.css", HERE / "locale"]),
                      tree_digest(modules_behind(type(adapter).__module__)),
                      [renderer.home_sections(lang, lang.prefix) for lang in renderer.langs.values()])


class ThemeStore:
    """The shells of the last theme rendered, kept in the cache with the key of its inputs.

    ``ocop serve`` also keeps them in memory; a fresh ``ocop build`` reads
    them back from the cache, so an unchanged theme costs no engine run.
    """

    def __init__(self, cache_dir: Path, preview: bool = False):
        # the preview's home page differs (its search index is split finer): kept apart, neither evicts the other
        self.path = cache_dir / ("theme-preview.pickle" if preview else "theme.pickle")
        self._key, self._theme = None, None

    def kept(self, key: str, wanted_shells) -> KeptTheme | None:
        if self._key != key:
            stored = load_pickle(self.path, THEME_VERSION)
            if not stored or stored.get("key") != key:
                return None
            self._key, self._theme = key, KeptTheme(stored["shells"], stored["outputs"], stored["pages"])
        theme = KeptTheme(self._theme.shells, self._theme.outputs, self._theme.pages)  # its own record of use
        return theme if theme.covers(wanted_shells) else None

    def keep(self, key: str, theme) -> None:
        kept = KeptTheme.of(theme)
        save_pickle(self.path, THEME_VERSION, key=key, shells=kept.shells, outputs=kept.outputs, pages=kept.pages)
        self._key, self._theme = key, kept


def new_staging_folder(site_dir: Path) -> Path:
    """An empty folder beside the site, removing what an interrupted build left."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for leftover in site_dir.parent.glob(f".{site_dir.name}-building-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    return staging
