"""Stage 5, write: pages and files into the output folder, reusing unchanged work.

Rendered pages are kept in a content-addressed cache keyed by everything a
page depends on; an unchanged page is linked from the cache instead of being
rendered again. Rendering runs in worker processes (fork: they inherit the
derived catalogue without pickling it), each writing its own pages.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Iterable

PAGE_FILE = "index.html"


def digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def write_bytes(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def make_parent(target: Path) -> None:
    try:
        os.mkdir(target.parent)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(target.parent, exist_ok=True)


def place(source: Path, target: Path) -> None:
    """Hard-link a cached file into the output (copy where links are not possible)."""
    make_parent(target)
    try:
        os.link(source, target)
    except FileExistsError:
        target.unlink()
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class FileCache:
    """Files stored under the hash of what produced them."""

    def __init__(self, root: Path, suffix: str = ""):
        self.root = root
        self.suffix = suffix

    def path(self, key: str) -> Path:
        return self.root / key[:2] / (key + self.suffix)

    def get(self, key: str) -> Path | None:
        path = self.path(key)
        return path if path.is_file() else None

    def put(self, key: str, data: bytes) -> Path:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        return path


class PageWriter:
    """Renders (or reuses) pages and writes them below ``out_dir``."""

    def __init__(self, renderer, out_dir: Path, cache: FileCache, stamp: str):
        self.renderer, self.out_dir, self.cache, self.stamp = renderer, out_dir, cache, stamp

    def write(self, job) -> bool:
        """Write one page; True if it had to be rendered."""
        key = digest(self.stamp, self.renderer.inputs(job))
        cached = self.cache.get(key)
        rendered = cached is None
        if rendered:
            html = self.renderer.render(job)
            cached = self.cache.put(key, html.encode("utf-8"))
        place(cached, self.out_dir / job.path / PAGE_FILE)
        return rendered

    def write_chunk(self, jobs: list) -> int:
        return sum(self.write(job) for job in jobs)


_WORKER: PageWriter | None = None
_JOBS: list = []


def _run_chunk(bounds: tuple[int, int]) -> int:
    return _WORKER.write_chunk(_JOBS[bounds[0]:bounds[1]])


def write_pages(writer: PageWriter, jobs: list, processes: int,
                progress: Callable[[int, int], None] | None = None) -> int:
    """Write all pages, in parallel where it pays; returns how many were rendered."""
    global _WORKER, _JOBS
    total = len(jobs)
    if processes <= 1 or total < 400:
        rendered = 0
        for start in range(0, total, 500):
            rendered += writer.write_chunk(jobs[start:start + 500])
            if progress:
                progress(min(start + 500, total), total)
        return rendered
    _WORKER, _JOBS = writer, jobs
    size = max(50, min(1000, total // (processes * 8)))
    chunks = [(start, min(start + size, total)) for start in range(0, total, size)]
    rendered = done = 0
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for index, count in enumerate(pool.imap(_run_chunk, chunks)):
                rendered += count
                done = chunks[index][1]
                if progress:
                    progress(done, total)
    finally:
        _WORKER, _JOBS = None, []
    return rendered


def tree_digest(paths: Iterable[Path]) -> str:
    """A hash of every file below the given folders or files (names and bytes)."""
    h = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
        for path in files:
            h.update(str(path.relative_to(root.parent)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def publish(staging: Path, site_dir: Path, background_cleanup: bool = True) -> None:
    """Swap the finished build into place; the old site stays until then.

    Deleting tens of thousands of old files takes seconds, and nobody needs to
    wait for it: the old tree is renamed aside and removed in the background.
    """
    old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
    if site_dir.exists():
        os.replace(site_dir, old / "site")
    os.replace(staging, site_dir)
    remove_tree(old, background_cleanup)


def remove_tree(path: Path, background: bool) -> None:
    if background and shutil.which("rm"):
        subprocess.Popen(["rm", "-rf", "--", str(path)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        shutil.rmtree(path, ignore_errors=True)
