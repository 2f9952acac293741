"""What the builder keeps between builds in its cache folder: files written
whole or not at all, and pickles read back only when this code wrote them."""
from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

# A cache file from another version of the code, or a damaged one, is no error:
# the build just does the work again.
UNREADABLE = (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, IndexError, KeyError,
              TypeError, ValueError)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Readers (and a build running alongside) never see half a file."""
    folder, name = os.path.split(path)
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


class FileCache:
    """Files stored under the hash of what produced them (string paths: tens of thousands go through it)."""

    def __init__(self, root: Path, suffix: str = ""):
        self.root = str(root) + os.sep
        self.suffix = suffix

    def path(self, key: str) -> str:
        return f"{self.root}{key[:2]}{os.sep}{key}{self.suffix}"

    def get(self, key: str) -> str | None:
        path = self.path(key)
        return path if os.path.isfile(path) else None

    def put(self, key: str, data: bytes) -> str:
        path = self.path(key)
        write_atomic(path, data)
        return path


# Files are known again by size and modification time only when that time is at least this
# old: a file system that keeps times coarsely (FAT: 2 s) could give a file saved twice in a
# moment the same time twice. As git does with its "racily clean" entries.
SETTLED_NS = 2_000_000_000


def settled(mtime_ns: int) -> bool:
    """A file last changed long enough ago for its time to tell a later change apart."""
    return time.time_ns() - mtime_ns >= SETTLED_NS


def compiled_templates_cache(cache_dir: Path):
    """Compiled templates kept between builds (keyed by their source): compiling
    the theme's and our templates anew takes half a second every build."""
    import jinja2

    folder = cache_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def load_pickle(path: Path, version) -> dict | None:
    """The fields saved by save_pickle with this version, or None."""
    try:
        stored = pickle.loads(path.read_bytes())
    except UNREADABLE:
        return None
    return stored if isinstance(stored, dict) and stored.get("version") == version else None


def save_pickle(path: Path, version, **fields) -> None:
    write_atomic(path, pickle.dumps({"version": version, **fields}, protocol=5))


PIECES_VERSION = 2


class KeptPieces:
    """Pieces made from one product for the files that list every product (a
    kiosk record, a feed entry), kept between builds under their key.

    An edit then re-makes that product's pieces and joins the others as they
    were. A build saves only the pieces it used, so the cache never holds
    those of products long gone. ``ocop serve`` keeps one in memory across
    rebuilds, and keeps the pieces a rebuild did not need: one that makes no
    whole-catalogue file (nothing changed) needs few, and the next edit needs
    the others. ``ocop build`` reads it from the cache folder, and only when
    a file that needs pieces is made at all.
    """

    def __init__(self, path: Path | None, code: str = "", keep: bool = True):
        self.path = path
        self.code = code  # the key of the code and templates that make pieces: others' pieces are not used
        self.keep = keep  # False: each piece is made when asked, and nothing is held
        self.previous: dict | None = None  # the last build's pieces, read on first need
        self.made: dict = {}  # this build's

    def begin_build(self) -> None:
        """Another build in this process: the last one's pieces join those kept before it.
        (The earlier versions of the products edited meanwhile stay until the process ends.)"""
        if self.made:
            self._previous().update(self.made)
            self.made = {}

    def get(self, key: tuple, make):
        if not self.keep:
            return make()
        if key not in self.made:
            previous = self._previous()
            self.made[key] = previous[key] if key in previous else make()
        return self.made[key]

    def _previous(self) -> dict:
        if self.previous is None:
            stored = load_pickle(self.path, PIECES_VERSION) if self.path else None
            self.previous = stored["pieces"] if stored and stored.get("code") == self.code else {}
        return self.previous

    def save(self) -> None:
        """Keep this build's pieces, when it made any the cache does not have."""
        if self.path and self.made and self.made.keys() != self._previous().keys():
            save_pickle(self.path, PIECES_VERSION, code=self.code, pieces=self.made)
