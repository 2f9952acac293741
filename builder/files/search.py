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
from ..stored import KeptPieces, write_atomic

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
        """Starts Pagefind over the first stale shards at once, before the pages are even planned."""
        self.root = site.project.cache_dir / ("search-preview" if site.project.preview else "search")
        members = [[] for _ in range(shard_count(len(site.items), site.project.preview))]
        for item in site.items:
            members[shard_of(item.id) % len(members)].append(item)
        self.shards = [SearchShard(self.root, number, digest("search", stamp, number,
                                                              [(item.id, item.source_hash, item.slug)
                                                               for item in items]), stamp)
                       for number, items in enumerate(members)]
        self.renderer = renderer
        self.scratch = tempfile.TemporaryDirectory(prefix="ocop-search-", dir=SCRATCH)
        stale = [(shard, items) for shard, items in zip(self.shards, members) if not shard.is_cached()]
        self.stale = [(shard, items, os.path.join(self.scratch.name, str(position)))
                      for position, (shard, items) in enumerate(stale)]
        self.pool = None
        self.indexing = {}
        self.closed = False
        try:
            for shard, items, corpus in self.stale[:self.CONCURRENT_SHARDS]:
                # Written here, not in a thread: a thread writing a thousand small files
                # waits for the lock on Python's interpreter after each system call.
                write_corpus(corpus, items, renderer, shard.documents)
                shard.start(corpus)  # a process, not a thread: page workers may be forked after it
        except BaseException:
            self.close()  # the scratch folder is in memory: it must not outlive the build
            raise

    def go_on_beside_the_pages(self) -> None:
        """Threads that wait for the shards begun and index the others two at a time.
        Called once no more page workers will be forked: a forked thread would stop halfway."""
        self.pool = ThreadPoolExecutor(self.CONCURRENT_SHARDS, thread_name_prefix="pagefind")
        for position, (shard, items, corpus) in enumerate(self.stale):
            self.indexing[shard.key] = self.pool.submit(shard.complete) if position < self.CONCURRENT_SHARDS \
                else self.pool.submit(shard.index, corpus, items, self.renderer)

    def finish(self, output: Output) -> None:
        if self.pool is None:
            self.go_on_beside_the_pages()
        for shard in self.shards:
            if shard.key in self.indexing:
                self.indexing[shard.key].result()
            shard.place(output)
        output.put_bytes(SEARCH_SCRIPT, (STATIC / "search.js").read_bytes())
        keep = {shard.key for shard in self.shards} | {shard.documents.path.name for shard in self.shards} | \
            {shard.last.name for shard in self.shards}
        for entry in self.root.glob("*"):
            if entry.name in keep or entry.name.startswith("."):  # (a dot: another build's file being written)
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)  # the documents of a shard that no longer exists

    def close(self) -> None:
        """Also after a failed build: no Pagefind is left running, and the scratch folder goes.
        Closing again does nothing."""
        if self.closed:
            return
        self.closed = True
        for shard, _, _ in self.stale:
            shard.kill()
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)  # its threads wait for the processes they watch
        else:
            for shard, _, _ in self.stale[:self.CONCURRENT_SHARDS]:
                shard.wait()
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
        self.last = root / f"last-{number}"  # which index this shard had last: most of its files are the same
        self.process: subprocess.Popen | None = None

    def is_cached(self) -> bool:
        return self.cache.is_dir()

    def index(self, corpus: str, items, renderer) -> None:
        """Write the corpus from the items' records, run Pagefind over it and keep its output (in a thread)."""
        write_corpus(corpus, items, renderer, self.documents)
        self.start(corpus)
        self.complete()

    def start(self, corpus: str) -> None:
        """Pagefind writes into the scratch folder beside the corpus: a thousand small files
        take it twice as long on a disk, and most are kept already (see `keep`)."""
        self.corpus, self.written = corpus, Path(f"{corpus}.index")
        self.process = subprocess.Popen([*pagefind_command(), "--site", corpus, "--output-path", str(self.written)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()

    def wait(self) -> None:
        if self.process is not None:
            self.process.communicate()

    def complete(self) -> None:
        """Wait for Pagefind and keep its output in the cache."""
        printed, _ = self.process.communicate()
        shutil.rmtree(self.corpus, ignore_errors=True)
        if self.process.returncode:
            raise RuntimeError(f"pagefind failed: {printed}")
        sort_entry_languages(self.written / "pagefind-entry.json")
        unfinished = self.cache.with_name(f"{self.cache.name}.{os.getpid()}.unfinished")
        shutil.rmtree(unfinished, ignore_errors=True)
        self.keep(list_files(self.written), unfinished)
        shutil.rmtree(self.written, ignore_errors=True)
        try:
            os.replace(unfinished, self.cache)
        except OSError:  # another build (plain `mkdocs build` takes no lock) made the same shard first
            if not self.is_cached():
                raise
            shutil.rmtree(unfinished, ignore_errors=True)
        write_atomic(self.last, self.key.encode())

    def keep(self, files: dict[str, str], folder: Path) -> None:
        """Put Pagefind's files into the cache folder: those the shard's last index had, the same
        bytes under the same name, are linked from it; only the others are copied."""
        try:
            last = self.cache.with_name(self.last.read_text("utf-8"))
            had = json.loads((last / SHARD_LISTING).read_text("utf-8"))
        except (OSError, ValueError):
            last, had = None, {}
        for name in [*files, SHARD_LISTING]:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if name in had and had[name] == files[name]:
                try:
                    os.link(last / name, target)
                    continue
                except OSError:  # removed meanwhile by another build, or no links here
                    pass
            shutil.copyfile(self.written / name, target)

    def place(self, output: Output) -> None:
        for name, key in self.files().items():
            output.put_file(self.site_folder + name, key, os.path.join(self.cache, name))

    def files(self) -> dict[str, str]:
        try:
            return json.loads((self.cache / SHARD_LISTING).read_text("utf-8"))
        except (OSError, ValueError):
            return list_files(self.cache)
