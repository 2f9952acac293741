"""What the builder keeps between builds in its cache folder: files written
whole or not at all, and pickles read back only when this code wrote them."""
from __future__ import annotations

import os
import pickle
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


def load_pickle(path: Path, version) -> dict | None:
    """The fields saved by save_pickle with this version, or None."""
    try:
        stored = pickle.loads(path.read_bytes())
    except UNREADABLE:
        return None
    return stored if isinstance(stored, dict) and stored.get("version") == version else None


def save_pickle(path: Path, version, **fields) -> None:
    write_atomic(path, pickle.dumps({"version": version, **fields}, protocol=5))
