"""Stage 1, load: read every catalogue file into line-aware data."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import Problems
from ..stored import load_pickle, save_pickle, settled
from ..yamlfile import YamlProblem, parse_yaml, read_yaml

AREAS_FILE = "areas.yaml"
POINTS_OF_SALE_FILE = "points_of_sale.yaml"
POINTS_OF_SALE_FOLDER = "points_of_sale"  # or one file per point, <ID>.yaml, so a CMS can edit them
PRODUCT_FILE = "product.yaml"


@dataclass
class Source:
    path: Path
    data: Any
    digest: str = ""
    cached: Any = None  # the validated model, when this exact file was valid before
    stamp: tuple[int, int] | None = None  # size and modification time when it was read, if settled
    text: str | None = None  # the text, when it is not (yet) the file's: an edit being saved

    def lines(self) -> Any:
        """The line-aware data, parsed on demand (files taken from the cache, files let go)."""
        if self.data is None:
            self.data = read_yaml(self.path) if self.text is None else parse_yaml(self.text)
        return self.data

    def forget_lines(self) -> None:
        self.data = None


@dataclass
class RawCatalogue:
    areas: Source | None = None
    points_of_sale: Source | None = None
    point_files: list[Source] = field(default_factory=list)
    products: list[Source] = field(default_factory=list)


def read_source(path: Path, problems: Problems) -> Source | None:
    try:
        return Source(path, read_yaml(path))
    except YamlProblem as exc:
        problems.add(path, exc.line, exc.message)
    except OSError as exc:
        problems.add(path, 1, f"cannot read the file: {exc.strerror or exc}")
    return None


def product_folders(products_dir: Path) -> list[Path]:
    """In the order of their names. The folder's listing says which entries are folders
    (``DirEntry.is_dir``): asking each one costs a system call, 20,000 of them in a national catalogue."""
    try:
        with os.scandir(products_dir) as entries:
            names = sorted(entry.name for entry in entries
                           if entry.is_dir() and not entry.name.startswith((".", "_")))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [products_dir / name for name in names]


def read_product(path: Path, problems: Problems, known: dict, digests: dict) -> Source | None:
    """A product file, by its hash; unchanged valid files come from ``known``. The YAML is parsed
    when the file is validated, one at a time: 20,000 parsed files held at once would take 600 MB.

    ``digests`` gives the hash of each file as it was when last read, by size
    and modification time: a file that has neither changed is not read again
    (at 20,000 products, reading them all costs more than the rest of a no-edit check).
    """
    try:
        status = path.stat()
        stamp = (status.st_size, status.st_mtime_ns) if settled(status.st_mtime_ns) else None
        kept = digests.get(str(path))
        digest = kept[1] if stamp and kept and kept[0] == stamp and kept[1] in known else \
            hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        problems.add(path, 1, f"cannot read the file: {exc.strerror or exc}")
        return None
    return Source(path, None, digest, known.get(digest), stamp)  # parsed when validated (Source.lines)


def point_files(catalogue_dir: Path) -> list[Path]:
    """``catalogue/points_of_sale/<ID>.yaml``, one point of sale each."""
    folder = catalogue_dir / POINTS_OF_SALE_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
                  and not p.name.startswith((".", "_")))


def load(catalogue_dir: Path, products_dir: Path, problems: Problems, known: dict | None = None,
         digests: dict | None = None) -> RawCatalogue:
    raw = RawCatalogue()
    areas = catalogue_dir / AREAS_FILE
    if areas.is_file():
        raw.areas = read_source(areas, problems)
    else:
        problems.add(areas, 1, f"the file is missing: every catalogue needs {catalogue_dir.name}/{AREAS_FILE}")
    points = catalogue_dir / POINTS_OF_SALE_FILE
    if points.is_file():
        raw.points_of_sale = read_source(points, problems)
    raw.point_files = [source for source in (read_source(path, problems) for path in point_files(catalogue_dir))
                       if source is not None]
    if not points.is_file() and not (catalogue_dir / POINTS_OF_SALE_FOLDER).is_dir():
        problems.add(points, 1, f"the file is missing: every catalogue needs {catalogue_dir.name}/{POINTS_OF_SALE_FILE} "
                                f"or a folder {catalogue_dir.name}/{POINTS_OF_SALE_FOLDER}/ with one file per point of sale")
    if not products_dir.is_dir():
        problems.add(products_dir, 1, "the products folder is missing")
    for folder in product_folders(products_dir):
        path = folder / PRODUCT_FILE
        if not path.is_file():
            problems.add(path, 1, f"the product folder '{folder.name}' has no {PRODUCT_FILE}")
            continue
        source = read_product(path, problems, known or {}, digests or {})
        if source is not None:
            raw.products.append(source)
    return raw


class ProductCache:
    """Validated products by file hash, so a rebuild parses only what changed.

    Kept in sixteen files by the hash's first digit: after an edit, one or two
    are written again, not the whole catalogue.
    """

    BUCKETS = "0123456789abcdef"

    def __init__(self, folder: Path, languages: tuple[str, ...], code: str = ""):
        self.folder, self.languages = folder, languages
        self.code = code  # the key of the schema and checks that validated them: others' products are not used
        self.stored = {bucket: self._load(bucket) for bucket in self.BUCKETS}
        self.known: dict = {digest: product for products in self.stored.values()
                            for digest, product in products.items()}
        self.digests: dict = (load_pickle(self.folder / "files.pickle", CACHE_VERSION) or {}).get("digests", {})

    def _load(self, bucket: str) -> dict:
        stored = load_pickle(self.folder / f"{bucket}.pickle", CACHE_VERSION)
        return stored["products"] if stored and stored.get("languages") == self.languages \
            and stored.get("code") == self.code else {}

    def save(self, products: dict, digests: dict) -> None:
        """Keep the valid products by hash, and each file's hash by its size and modification time."""
        by_bucket = {bucket: {} for bucket in self.BUCKETS}
        for digest, product in products.items():
            by_bucket[digest[0]][digest] = product
        for bucket, bucket_products in by_bucket.items():
            if bucket_products != self.stored[bucket]:
                save_pickle(self.folder / f"{bucket}.pickle", CACHE_VERSION, code=self.code,
                            languages=self.languages, products=bucket_products)
                self.stored[bucket] = bucket_products
        self.known = dict(products)  # a long-lived process (ocop serve) keeps it for the next build
        if digests != self.digests:
            save_pickle(self.folder / "files.pickle", CACHE_VERSION, digests=digests)
            self.digests = digests


CACHE_VERSION = 3  # the format of the files; the code that validated a product is in its key
