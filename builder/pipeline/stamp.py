"""What the last published build was made from, so that an unchanged project is not built again.

A build reads the project's files (``mkdocs.yml``, the catalogue folder, the
products folder, ``theme_overrides/``), the builder's own code, the installed
packages it runs on, its settings and the date. When none of them changed
since the last build published into the same site folder, and that site is
still the one it published, a build would write the same files: ``ocop build``
says so and stops before loading the catalogue. It is the whole site's key,
planned like every other output's, only checked first.

Files are compared by size and modification time, as ``make`` and ``rsync``
do: reading 20,000 products' photos to hash them would cost more than the
build it spares. A save, a ``git checkout`` or a copy all change the time; a
file saved in the last two seconds is not judged by its time at all.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..stored import load_pickle, save_pickle, settled
from .write import Manifest

STAMP_VERSION = 1
BUILDER = Path(__file__).resolve().parents[1]
DISTRIBUTION = "ocop-catalogue"


def project_inputs(project) -> list[Path]:
    return [project.config_file, project.catalogue_dir, project.products_dir, project.root / "theme_overrides"]


def file_signatures(root: Path, hasher) -> int:
    """Every file below ``root`` by name, size and modification time (compiled bytecode aside);
    returns the newest time."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except NotADirectoryError:
        return signed(str(root), root.stat(), hasher)
    except FileNotFoundError:
        hasher.update(f"{root}\0missing\n".encode())
        return 0
    newest = 0
    for entry in entries:
        if entry.is_dir(follow_symlinks=True):
            if entry.name != "__pycache__":
                newest = max(newest, file_signatures(Path(entry.path), hasher))
        else:
            newest = max(newest, signed(entry.path, entry.stat(), hasher))
    return newest


def signed(path: str, status: os.stat_result, hasher) -> int:
    hasher.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return status.st_mtime_ns


@lru_cache(maxsize=None)
def installed_versions() -> tuple:
    """The versions of the packages the builder runs on: a new MkDocs, Material or Pillow may write other bytes."""
    from importlib.metadata import PackageNotFoundError, requires, version

    try:
        wanted = [requirement for requirement in requires(DISTRIBUTION) or () if "extra ==" not in requirement]
    except PackageNotFoundError:  # run from a checkout that is not installed: the engines at least
        wanted = ["mkdocs", "mkdocs-material", "pagefind", "Pillow", "Jinja2"]
    names = sorted({re.match(r"[A-Za-z0-9_.-]+", requirement).group() for requirement in wanted})
    found = []
    for name in names:
        try:
            found.append((name, version(name)))
        except PackageNotFoundError:
            found.append((name, None))
    return (sys.version, *found)


def inputs_signature(project, site_dir: Path) -> str | None:
    """The key of everything a build of ``project`` into ``site_dir`` reads; None while a file
    was saved too recently for its time to tell a second save apart (see stored.settled)."""
    hasher = hashlib.sha256()
    hasher.update(repr((STAMP_VERSION, installed_versions(), str(site_dir), project)).encode())
    newest = max(file_signatures(root, hasher) for root in [BUILDER, *project_inputs(project)])
    return hasher.hexdigest() if settled(newest) else None


@dataclass
class LastBuild:
    """The signature of the inputs of the last build published into a site folder, and what it said."""

    cache_dir: Path
    site_dir: Path
    signature: str | None = None
    warnings: tuple[str, ...] = ()
    pages: int = 0

    @classmethod
    def of(cls, project, site_dir: Path) -> "LastBuild":
        last = cls(project.cache_dir, site_dir)
        stored = load_pickle(last.path, STAMP_VERSION)
        if stored and stored.get("site_dir") == str(site_dir):
            last.signature, last.warnings, last.pages = stored["signature"], stored["warnings"], stored["pages"]
        return last

    def is_current(self, signature: str) -> bool:
        """Nothing changed since this build, and the site is still the one it published."""
        return signature is not None and self.signature == signature \
            and Manifest(self.cache_dir, self.site_dir).site_is_whole()

    @property
    def path(self) -> Path:
        return self.cache_dir / "last-build.pickle"

    def record(self, signature: str, warnings: list[str], pages: int) -> None:
        self.signature, self.warnings, self.pages = signature, tuple(warnings), pages
        save_pickle(self.path, STAMP_VERSION, site_dir=str(self.site_dir), signature=signature,
                    warnings=self.warnings, pages=pages)
