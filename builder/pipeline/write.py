"""Stage 5, write: pages and files into the output folder, skipping unchanged work.

Every output file has a key: a hash of everything it depends on. The keys of
the last published build are kept (``Manifest``); a file whose key did not
change is neither rendered nor written again. Rendering runs in worker
processes (fork: they inherit the derived catalogue without pickling it).
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from ..stored import load_pickle, save_pickle
from .keys import digest

PAGE_FILE = "index.html"


# Paths in the per-file functions below are plain strings: tens of thousands of
# files go through them, and pathlib objects cost more than the system calls.

def make_parent(target: str) -> None:
    parent = os.path.dirname(target)
    try:
        os.mkdir(parent)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(parent, exist_ok=True)


def write_file(target: str, data: bytes) -> None:
    """Three system calls per file, where open() makes six."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def place(source: str | Path, target: str) -> None:
    """Hard-link a cached file into the output, whose folder exists (copy where links are not possible)."""
    try:
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class Output:
    """The files of one build, by site path, each with the key of what made it.

    With the manifest of the previous build (``ocop build`` on an existing
    site), files whose key is unchanged are not written at all: the staging
    folder receives only what changed, and publishing merges it in.
    """

    def __init__(self, out_dir: Path, previous: dict[str, str] | None = None,
                 previous_groups: dict[str, tuple[str, list[str]]] | None = None):
        self.out_dir = out_dir
        self._root = str(out_dir) + os.sep
        self.previous = previous or {}
        self.manifest: dict[str, str] = {}
        self.previous_groups = previous_groups or {}
        self.groups: dict[str, tuple[str, list[str]]] = {}  # name -> (key, the site paths it made)
        self._new_paths: list[list[str]] = []  # of the groups being made (made_by), the paths each put first
        # A failed mkdir costs as much as a real one (it locks the folder's
        # parent, which the page workers are writing to): ask once per folder.
        self._folders: set[str] = set()

    def target(self, path: str) -> str:
        """Where a site path is written (a string: see make_parent)."""
        return self._root + path

    def _ensure_folder(self, target: str) -> str:
        parent = os.path.dirname(target)
        if parent not in self._folders:
            make_parent(target)
            self._folders.add(parent)
        return target

    def unchanged(self, path: str, key: str) -> bool:
        self._enter(path, key)
        return self.previous.get(path) == key

    def _enter(self, path: str, key: str) -> None:
        if self._new_paths and path not in self.manifest:
            for paths in self._new_paths:
                paths.append(path)
        self.manifest[path] = key

    def made_by(self, name: str, key: str, make: Callable[[], None]) -> bool:
        """Files made together from the whole catalogue (the feeds, the open data, ...).

        `key` covers all they depend on: when it is unchanged the files stay
        as the last build left them and `make` does not run. Returns whether it ran.
        """
        kept = self.previous_groups.get(name)
        if kept and kept[0] == key and all(path in self.previous for path in kept[1]):
            for path in kept[1]:
                self._enter(path, self.previous[path])
            self.groups[name] = kept
            return False
        # Its paths are noted as they are put: comparing the whole manifest before and
        # after would cost each of the thousands of save lists a pass over every page.
        made: list[str] = []
        self._new_paths.append(made)
        try:
            make()
        finally:
            self._new_paths.pop()
        self.groups[name] = (key, made)
        return True

    def put_bytes(self, path: str, data: bytes, key: str | None = None) -> None:
        if not self.unchanged(path, key or hashlib.sha256(data).hexdigest()):
            write_file(self._ensure_folder(self.target(path)), data)

    def put_file(self, path: str, key: str, source: str | Path) -> None:
        if not self.unchanged(path, key):
            place(source, self._ensure_folder(self.target(path)))


class PageWriter:
    """Renders the pages whose inputs changed and writes them below the output folder,
    with the files that go beside a page (`beside(job)`: site path, key, cached file maker)."""

    def __init__(self, renderer, output: Output, stamp: str, beside=lambda job: ()):
        self.renderer, self.output, self.stamp, self.beside = renderer, output, stamp, beside

    def files(self, job) -> list[tuple[str, str, Callable[[], str] | None]]:
        """(site path, key, cached file maker) of a page (no maker: it is rendered) and the files beside it."""
        return [(job.path + PAGE_FILE, digest(self.stamp, self.renderer.inputs(job)), None), *self.beside(job)]

    def plan(self, job) -> bool:
        """Enter the keys of a page and the files beside it in the manifest; True if any changed."""
        changed = False
        for path, key, _ in self.files(job):
            changed |= not self.output.unchanged(path, key)
        return changed

    def write(self, job) -> bool:
        """Write what changed of a page and the files beside it; True if the page was rendered."""
        rendered = folder_made = False
        for path, key, cached_file in self.files(job):
            if self.output.previous.get(path) == key:
                continue
            target = self.output.target(path)
            if not folder_made:
                make_parent(target)
                folder_made = True
            if cached_file is None:
                write_file(target, self.renderer.render(job).encode("utf-8"))
                rendered = True
            else:
                place(cached_file(), target)
        return rendered

    def write_chunk(self, jobs: list) -> int:
        return sum(self.write(job) for job in jobs)


WORKERS_FROM = 400  # pages: for fewer, starting the worker processes costs more than they save
_WORKER: PageWriter | None = None
_JOBS: list = []


def _run_chunk(indexes: list[int]) -> int:
    return _WORKER.write_chunk([_JOBS[index] for index in indexes])


def write_pages(writer: PageWriter, jobs: list, processes: int,
                progress: Callable[[int, int], None] | None = None,
                started: Callable[[], None] = lambda: None,
                meanwhile: Callable[[], None] = lambda: None,
                in_worker: Callable[[], None] = lambda: None) -> int:
    """Write the pages whose files changed, in parallel where it pays; returns how many were rendered.

    Every page's key is worked out first, here: worker processes are started
    only when enough pages changed (an edit changes a few dozen). `started`
    runs once no more processes will be forked (a thread started before a
    fork would be copied into the workers halfway through its work);
    `meanwhile` runs while the workers render, so the work that cannot be
    split fills the gaps they leave on the cores; `in_worker` runs first in each worker.
    """
    global _WORKER, _JOBS
    _WORKER, _JOBS = writer, jobs
    pool = None
    try:
        changed = [index for index, job in enumerate(jobs) if writer.plan(job)]
        if processes > 1 and len(changed) >= WORKERS_FROM:
            gc.freeze()  # the workers share the catalogue; collecting it in them would copy its memory pages
            pool = multiprocessing.get_context("fork").Pool(processes, initializer=in_worker)
        started()
        step = 500 if pool is None else max(50, min(1000, len(changed) // (processes * 8)))
        chunks = [changed[start:start + step] for start in range(0, len(changed), step)]
        results = pool.imap(_run_chunk, chunks) if pool else map(_run_chunk, chunks)
        meanwhile()
        rendered = done = 0
        for chunk, rendered_in_chunk in zip(chunks, results):
            rendered += rendered_in_chunk
            done += len(chunk)
            if progress:
                progress(done, len(changed))
        if pool:
            pool.close()
            pool.join()
    finally:
        if pool:
            pool.terminate()  # a failure elsewhere must not leave workers behind
        gc.unfreeze()  # `mkdocs serve` builds again in this process
        _WORKER, _JOBS = None, []
    return rendered


def files_below(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def publish(staging: Path, site_dir: Path, incremental: bool, stale: Iterable[str] = ()) -> None:
    """Put a finished build in place; until now the old site was untouched.

    A full build swaps folders. An incremental one (staging holds only what
    changed) moves the changed files in and removes the ones that are gone.
    Deleting tens of thousands of old files takes seconds and nobody needs to
    wait for it: the old tree of a full build is removed in the background.
    """
    if not incremental or not site_dir.is_dir():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
        if site_dir.exists():
            os.replace(site_dir, old / "site")
        os.replace(staging, site_dir)
        remove_tree(old, background=True)
        return
    for path in files_below(staging):
        target = os.path.join(site_dir, path)
        make_parent(target)
        os.replace(os.path.join(staging, path), target)
    for path in stale:
        (site_dir / path).unlink(missing_ok=True)
    remove_tree(staging, background=False)


def remove_tree(path: Path, background: bool) -> None:
    if background and shutil.which("rm"):
        subprocess.Popen(["rm", "-rf", "--", str(path)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        shutil.rmtree(path, ignore_errors=True)


MANIFEST_VERSION = 1


class Manifest:
    """What the last published build put into a site folder, kept in the cache.

    A pickle, not JSON: it lists every file of the site (about 100,000 at
    5,000 products) and is read and written on every build. The preview
    (``ocop serve``) keeps its own: a preview does not make the next
    ``ocop build`` render every page again.
    """

    def __init__(self, cache_dir: Path, site_dir: Path, preview: bool = False):
        kind = "preview" if preview else "site"
        self.path = cache_dir / f"{kind}-manifest.pickle"
        self.busy = cache_dir / f"{kind}-publishing"
        self.site_dir = site_dir
        self.loaded: dict[str, str] | None = None
        self.theme_key: str | None = None  # what the theme's files in the site were made from
        self.groups: dict = {}  # Output.groups of the last build
        self.known_file: tuple | None = None  # the saved manifest that `loaded` is, by inode and time

    def site_is_whole(self) -> bool:
        """No build is publishing into the site, or died doing so, and it has its home page."""
        return not self.busy.exists() and (self.site_dir / "index.html").is_file()

    def load(self) -> dict[str, str] | None:
        """The previous files and keys, or None when the site cannot be trusted to match."""
        if not self.site_is_whole():
            return None
        saved = self.saved_file()
        if self.loaded is not None and self.known_file == saved:
            return self.loaded  # kept from this process's last build (ocop serve), and no other build came since
        self.loaded, self.known_file = None, saved
        stored = load_pickle(self.path, MANIFEST_VERSION)
        if stored and stored.get("site_dir") == str(self.site_dir) and isinstance(stored.get("files"), dict):
            self.loaded, self.theme_key = stored["files"], stored.get("theme_key")
            self.groups = stored.get("groups") or {}
        return self.loaded

    def saved_file(self) -> tuple | None:
        """A save replaces the file (stored.write_atomic): a new inode, whatever the clock says."""
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return status.st_ino, status.st_mtime_ns, status.st_size

    def begin(self) -> None:
        self.busy.parent.mkdir(parents=True, exist_ok=True)
        self.busy.write_text("a build is being published\n")

    def commit(self, files: dict[str, str], theme_key: str | None = None, groups: dict | None = None) -> None:
        groups = groups or {}
        if files != self.loaded or theme_key != self.theme_key or groups != self.groups:
            save_pickle(self.path, MANIFEST_VERSION, site_dir=str(self.site_dir), files=files,
                        theme_key=theme_key, groups=groups)
            self.loaded, self.theme_key, self.groups = files, theme_key, groups
            self.known_file = self.saved_file()
        self.busy.unlink(missing_ok=True)
