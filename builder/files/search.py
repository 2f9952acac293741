"""Search: a Pagefind index of a short document per product and language."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from html import escape as html_escape
from importlib import import_module
from pathlib import Path

from .. import links as paths
from ..pipeline.keys import digest
from ..pipeline.write import Output, write_file
from ..search_box import SEARCH_SCRIPT, shard_count
from ..slug import fold
from ..stored import KeptPieces

SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") else None  # in memory, where there is such a folder
STATIC = Path(__file__).parents[1] / "static"


def place_words(item, lang, places) -> str:
    """Today's and the former names of its commune, area and province, in this language and
    as the official lists write them: "tuyen quang" and "ha giang" both find Mèo Vạc honey."""
    place = item.place
    units = [place.province, place.commune, place.former_commune, place.former_district, place.former_province,
             *place.candidates]
    return " ".join([places.plain(item, lang), lang.plain(places.today_names[place.province.slug]),
                     *(unit.name for unit in units if unit)])


def search_record(item, lang, renderer) -> dict:
    """A product's record in one language; folded words make accents optional.

    No Pagefind filters: their files come out in a different order each run,
    and builds must be byte-identical.
    """
    p = item.product
    words = " ".join([lang.plain(p.name), lang.plain(p.summary), lang.plain(p.category or ""),
                      lang.plain(item.district.name if item.district else ""), lang.plain(item.province.name),
                      place_words(item, lang, renderer.places), p.producer.name,
                      lang.ui(f"group.{p.group}"), p.id])
    return {"url": paths.product_path(item.slug, lang), "language": lang.code,
            "content": f"{words} {fold(words)} {lang.plain(p.description)}",
            "meta": {"title": lang.plain(p.name), "district": renderer.places.plain(item, lang)}}


def search_document(record: dict) -> str:
    meta = "".join(f'<span data-pagefind-meta="{key}">{html_escape(value)}</span>'
                   for key, value in record["meta"].items() if key != "title")
    return (f'<!doctype html><html lang="{record["language"]}"><head><title>{html_escape(record["meta"]["title"])}'
            f'</title></head><body data-pagefind-body><h1>{html_escape(record["meta"]["title"])}</h1>'
            f'<p>{html_escape(record["content"])}</p><div hidden>{meta}</div></body></html>')


def write_corpus(folder: str, items, renderer, documents: KeptPieces) -> None:
    """What Pagefind indexes: a short document per product and language, at the product page's URL.
    A document is kept by its product's file (`documents`): re-indexing a shard after one edit
    re-makes one product's documents."""
    for code, lang in renderer.langs.items():
        for item in items:
            url = paths.product_path(item.slug, lang)
            document = documents.get((item.id, item.source_hash, code, url),
                                     lambda: search_document(search_record(item, lang, renderer)).encode("utf-8"))
            page_folder = os.path.join(folder, url)
            os.makedirs(page_folder, exist_ok=True)
            write_file(os.path.join(page_folder, "index.html"), document)
    documents.save()


class SearchIndex:
    """A Pagefind index: the browser fetches only the fragments a query needs.

    Pagefind indexes a small corpus written for it (one short document per
    product and language, in memory-backed /dev/shm where there is one)
    instead of crawling every page, while the pages are written. Large
    catalogues are split into shards (``pagefind/``, ``pagefind-1/``, ...)
    that the search box merges: editing one product re-indexes one shard, and
    unchanged shards reuse the last index. A shard's key is made from its
    products' inputs, so an unchanged shard costs no records at all.
    """

    # Two Pagefind processes at a time: more only fight the page workers for
    # the same cores, and every extra one spends CPU waiting on its threads.
    CONCURRENT_SHARDS = 2

    def __init__(self, site, renderer, stamp: str):
        self.root = site.project.cache_dir / ("search-preview" if site.project.preview else "search")
        members = [[] for _ in range(shard_count(len(site.items), site.project.preview))]
        for item in site.items:
            members[shard_of(item.id) % len(members)].append(item)
        self.shards = [SearchShard(self.root, number, digest("search", stamp, number,
                                                              [(item.id, item.source_hash, item.slug)
                                                               for item in items]), stamp)
                       for number, items in enumerate(members)]
        self.scratch = tempfile.TemporaryDirectory(prefix="ocop-search-", dir=SCRATCH)
        self.pool = ThreadPoolExecutor(self.CONCURRENT_SHARDS, thread_name_prefix="pagefind")
        self.indexing = {}
        try:
            self._start([(shard, items) for shard, items in zip(self.shards, members) if not shard.is_cached()],
                        renderer)
        except BaseException:
            self.close()  # the scratch folder is in memory: it must not outlive the build
            raise

    def _start(self, stale: list, renderer) -> None:
        for position, (shard, items) in enumerate(stale):
            corpus = os.path.join(self.scratch.name, str(position))
            if position < self.CONCURRENT_SHARDS:
                # The shards that start at once get their documents written here: a
                # thread writing a thousand small files waits for the lock on
                # Python's interpreter after each system call, while this thread
                # works out the page keys, and so ends several times later.
                write_corpus(corpus, items, renderer, shard.documents)
                self.indexing[shard.key] = self.pool.submit(shard.index, corpus)
            else:
                self.indexing[shard.key] = self.pool.submit(shard.index, corpus, items, renderer)

    def finish(self, output: Output) -> None:
        for shard in self.shards:
            if shard.key in self.indexing:
                self.indexing[shard.key].result()
            shard.place(output)
        output.put_bytes(SEARCH_SCRIPT, (STATIC / "search.js").read_bytes())
        keep = {shard.key for shard in self.shards} | {shard.documents.path.name for shard in self.shards}
        for entry in self.root.glob("*"):
            if entry.name in keep or entry.name.startswith("."):  # (a dot: another build's file being written)
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)  # the documents of a shard that no longer exists

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        self.scratch.cleanup()


def shard_of(product_id: str) -> int:
    return int(hashlib.sha1(product_id.encode()).hexdigest(), 16)


# Which files an indexed shard holds, keyed by content (kept among them, not
# published). A re-indexed shard mostly repeats the fragments it had: keyed by
# content, those are not written again.
SHARD_LISTING = "ocop-files.json"


def list_files(folder: Path) -> dict[str, str]:
    files = {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
             for path in sorted(folder.rglob("*")) if path.is_file() and path.name != SHARD_LISTING}
    (folder / SHARD_LISTING).write_text(json.dumps(files, sort_keys=True), "utf-8")
    return files


def sort_entry_languages(entry: Path) -> None:
    """Pagefind lists the index's languages in a different order each run; builds must be byte-identical."""
    data = json.loads(entry.read_text("utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


def pagefind_command() -> list[str]:
    """The Pagefind binary itself: `python -m pagefind` would start a Python first, for every shard.

    The extended build (``pagefind[extended]``) comes first: only it splits
    Chinese and Japanese text into words.
    """
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return [str(import_module(module).get_executable())]
        except (ImportError, OSError):
            continue
    return [sys.executable, "-m", "pagefind"]


class SearchShard:
    def __init__(self, root: Path, number: int, key: str, stamp: str):
        self.key = key
        self.site_folder = "pagefind/" if number == 0 else f"pagefind-{number}/"
        self.cache = root / self.key
        # (a file beside the indexes, which are folders: the clean-up of old indexes leaves it)
        self.documents = KeptPieces(root / f"documents-{number}.pickle", stamp)

    def is_cached(self) -> bool:
        return self.cache.is_dir()

    def index(self, corpus: str, items=None, renderer=None) -> None:
        """Run Pagefind over the corpus (written first from the items' records, if given)
        and keep its output in the cache (runs in a thread)."""
        if items is not None:
            write_corpus(corpus, items, renderer, self.documents)
        unfinished = self.cache.with_name(f"{self.cache.name}.{os.getpid()}.unfinished")
        shutil.rmtree(unfinished, ignore_errors=True)
        run = subprocess.run([*pagefind_command(), "--site", corpus, "--output-path", str(unfinished)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        shutil.rmtree(corpus, ignore_errors=True)
        if run.returncode:
            raise RuntimeError(f"pagefind failed: {run.stdout}")
        sort_entry_languages(unfinished / "pagefind-entry.json")
        list_files(unfinished)
        try:
            os.replace(unfinished, self.cache)
        except OSError:  # another build (plain `mkdocs build` takes no lock) made the same shard first
            if not self.is_cached():
                raise
            shutil.rmtree(unfinished, ignore_errors=True)

    def place(self, output: Output) -> None:
        for name, key in self.files().items():
            output.put_file(self.site_folder + name, key, os.path.join(self.cache, name))

    def files(self) -> dict[str, str]:
        try:
            return json.loads((self.cache / SHARD_LISTING).read_text("utf-8"))
        except (OSError, ValueError):
            return list_files(self.cache)
