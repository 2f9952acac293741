"""Keys: what an output is made from, as one hash, so that an unchanged output is not made again.

Every page, piece and file is keyed by its inputs and by the code that makes
it. The code is found by following the builder's own imports from the
modules that make the output (``modules_behind``): a change to any of them
makes the output again, and a change to the writer, which only stores it,
does not.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..stored import settled

BUILDER = Path(__file__).resolve().parents[1]  # the builder package


def digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def tree_digest(paths: Iterable[Path]) -> str:
    """A hash of every file below the given folders or files (names and bytes)."""
    h = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
        for path in files:
            h.update(str(path.relative_to(root.parent)).encode())
            h.update(file_digest(path))
    return h.hexdigest()


# Each file's hash while its size and time are unchanged: a build keys the same code, templates
# and fonts many times (each group of files, the theme, every page), and `ocop serve` on every
# edit. Only files whose time can tell a later save apart (stored.settled) are remembered.
_FILE_DIGESTS: dict[str, tuple[tuple[int, int], bytes]] = {}


def file_digest(path: Path) -> bytes:
    status = path.stat()
    seen = (status.st_size, status.st_mtime_ns)
    kept = _FILE_DIGESTS.get(str(path))
    if kept and kept[0] == seen:
        return kept[1]
    value = hashlib.sha256(path.read_bytes()).digest()
    if settled(status.st_mtime_ns):
        _FILE_DIGESTS[str(path)] = (seen, value)
    return value


@lru_cache(maxsize=None)
def modules_behind(*roots: str) -> tuple[Path, ...]:
    """The files of the builder's modules that `roots` import, directly or not.

    A change to any of them may change what they produce, so it is part of
    the produce's key: worked out from the imports, never kept by hand.
    """
    seen: dict[str, Path] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):  # `from .module import name`: a name, not a module
            continue
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            continue
        seen[name] = Path(spec.origin)
        package = name if spec.submodule_search_locations else name.rpartition(".")[0]
        pending.extend(imported_builder_modules(seen[name], package))
    return tuple(sorted(set(seen.values())))


IMPORT_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.MULTILINE)
IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)", re.MULTILINE)


@lru_cache(maxsize=None)
def imported_builder_modules(path: Path, package: str) -> tuple[str, ...]:
    """The builder's modules a file imports, at any depth of its code.

    Read from the import statements' text, not a parse of the whole file: it
    is done on every build, for every module, and parsing them took 0.3 s. A
    docstring line that reads like an import only adds a dependency, which
    costs a rebuild, never a stale page.
    """
    top = __name__.partition(".")[0]
    source = path.read_text("utf-8")
    found = []
    for dots, module, names in IMPORT_FROM.findall(source):
        base = importlib.util.resolve_name(dots + module, package) if dots else module
        found.append(base)
        for name in names.strip("()").split(","):  # `from . import kinds`
            name = name.split("#")[0].split(" as ")[0].strip()
            if name.isidentifier():
                found.append(f"{base}.{name}")
    for modules in IMPORT.findall(source):
        found.extend(module.strip() for module in modules.split(","))
    return tuple(name for name in found if name == top or name.startswith(top + "."))


RENDERING_ROOTS = ("builder.pipeline.render", "builder.kinds")
SEARCH_ROOTS = ("builder.files.search",)


def pieces_code_key() -> str:
    """What the code that makes pieces of whole-catalogue files is: pieces made by other code are not reused."""
    files_modules = tuple(f"builder.files.{path.stem}" for path in sorted((BUILDER / "files").glob("*.py")))
    return digest(tree_digest(modules_behind(*RENDERING_ROOTS, *kinds_modules(), *files_modules)),
                  tree_digest([BUILDER / "templates", BUILDER / "locale"]))


def kinds_modules() -> tuple[str, ...]:
    return tuple(f"builder.kinds.{path.stem}" for path in sorted((BUILDER / "kinds").glob("*.py")))
