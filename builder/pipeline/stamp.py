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
build it spares. A save, a ``git checkout`` or a copy all change the time. A
file saved in the last two seconds is not judged by its time alone: its bytes
are part of the key too, as git does with its "racily clean" entries, so the
build right after an edit is recorded and the next one can stop at once.
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
from .keys import file_digest
from .write import Manifest

STAMP_VERSION = 2
BUILDER = Path(__file__).resolve().parents[1]
DISTRIBUTION = "ocop-catalogue"
# Past this many bytes of files saved a moment ago (a copied or checked-out catalogue),
# reading them costs more than the build it could spare: the build is not recorded.
KNOWN_BY_BYTES_CAP = 64 * 2**20


def project_inputs(project) -> list[Path]:
    return [project.config_file, project.catalogue_dir, project.products_dir, project.root / "theme_overrides"]


@dataclass(frozen=True)
class Signature:
    """The key of a build's inputs, and the files it knows by their bytes as well as their times."""

    key: str
    known_by_bytes: frozenset[str] = frozenset()


def file_signatures(root: Path, hasher, unsettled: dict[str, int]) -> None:
    """Every file below ``root`` by name, size and modification time (compiled bytecode aside);
    the files saved too recently for their time to tell go in ``unsettled``, with their sizes."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except NotADirectoryError:
        signed(str(root), root.stat(), hasher, unsettled)
        return
    except FileNotFoundError:
        hasher.update(f"{root}\0missing\n".encode())
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=True):
            if entry.name != "__pycache__":
                file_signatures(Path(entry.path), hasher, unsettled)
        else:
            signed(entry.path, entry.stat(), hasher, unsettled)


def signed(path: str, status: os.stat_result, hasher, unsettled: dict[str, int]) -> None:
    hasher.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    if not settled(status.st_mtime_ns):
        unsettled[path] = status.st_size


def size_or_zero(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # gone since: bytes_signed says so
        return 0


def bytes_signed(sizes: dict[str, int], hasher) -> bool:
    """Each file's bytes, unless they are too many to read (KNOWN_BY_BYTES_CAP)."""
    if sum(sizes.values()) > KNOWN_BY_BYTES_CAP:
        return False
    for path in sorted(sizes):
        try:
            hasher.update(f"{path}\0{file_digest(Path(path)).hex()}\n".encode())
        except OSError:  # gone, or no longer a file
            hasher.update(f"{path}\0missing\n".encode())
    return True


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


def inputs_signature(project, site_dir: Path, known_by_bytes: frozenset[str] = frozenset()) -> Signature | None:
    """The key of everything a build of ``project`` into ``site_dir`` reads. Files saved too recently
    for their time to tell a second save apart (stored.settled), and ``known_by_bytes`` (those the
    last build's key read), count by their bytes too; None when those are too many to read."""
    hasher = hashlib.sha256()
    hasher.update(repr((STAMP_VERSION, installed_versions(), str(site_dir), project)).encode())
    by_bytes: dict[str, int] = {}
    for root in [BUILDER, *project_inputs(project)]:
        file_signatures(root, hasher, by_bytes)
    for path in known_by_bytes.difference(by_bytes):
        by_bytes[path] = size_or_zero(path)
    if not bytes_signed(by_bytes, hasher):
        return None
    return Signature(hasher.hexdigest(), frozenset(by_bytes))


@dataclass
class LastBuild:
    """The signature of the inputs of the last build published into a site folder, and what it said."""

    cache_dir: Path
    site_dir: Path
    signature: Signature | None = None
    warnings: tuple[str, ...] = ()
    pages: int = 0

    @classmethod
    def of(cls, project, site_dir: Path) -> "LastBuild":
        last = cls(project.cache_dir, site_dir)
        stored = load_pickle(last.path, STAMP_VERSION)
        if stored and stored.get("site_dir") == str(site_dir):
            last.signature = Signature(stored["signature"], frozenset(stored["known_by_bytes"]))
            last.warnings, last.pages = stored["warnings"], stored["pages"]
        return last

    @property
    def known_by_bytes(self) -> frozenset[str]:
        """The files this build's key read by their bytes: the next key reads them so too."""
        return self.signature.known_by_bytes if self.signature else frozenset()

    def is_current(self, signature: Signature | None) -> bool:
        """Nothing changed since this build, and the site is still the one it published."""
        return signature is not None and self.signature == signature \
            and Manifest(self.cache_dir, self.site_dir).site_is_whole()

    @property
    def path(self) -> Path:
        return self.cache_dir / "last-build.pickle"

    def record(self, signature: Signature, warnings: list[str], pages: int) -> None:
        self.signature, self.warnings, self.pages = signature, tuple(warnings), pages
        save_pickle(self.path, STAMP_VERSION, site_dir=str(self.site_dir), signature=signature.key,
                    known_by_bytes=sorted(signature.known_by_bytes), warnings=self.warnings, pages=pages)
