"""Stage 5, write (the files that are not pages): QR codes, GS1 Digital Link,
lab documents, open data, sitemap and JSON Schemas."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from html import escape as html_escape
from importlib import import_module
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape as xml_escape

from . import links as paths
from .qr import qr_png, qr_svg
from .schema import json_schemas
from .write import FileCache, Output, digest, write_file

SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") else None  # in memory, where there is such a folder
SITEMAP_LIMIT = 45_000  # the protocol allows 50,000 URLs a file
QR_VERSION = 1  # change when the QR drawing changes, so cached codes are redrawn


def qr_target(item, lot: str | None, site_url: str) -> str:
    """The URL printed in a QR code: the t/ page, or its GS1 Digital Link form."""
    if item.product.qr == "gs1" and item.gtin14:
        return site_url + paths.gs1_path(item.gtin14, lot)
    return site_url + (paths.lot_path(item.id, lot) if lot else paths.trace_path(item.id))


class QrCodes:
    """The codes printed on packs: an SVG and a PNG beside each page a code opens.

    The page's worker writes them with the page (see PageWriter), into the
    folder it has just made: creating the same folders from two processes
    makes each wait for the other.
    """

    NAMES = (("qr.svg", qr_svg), ("qr.png", qr_png))

    def __init__(self, site):
        self.cache = FileCache(site.project.cache_dir / "qr")
        self.site_url = site.project.site_url
        self.items = {item.id: item for item in site.items}

    def beside(self, job) -> list[tuple[str, str, Callable[[], str]]]:
        """(site path, key, cached file maker) of the codes beside a page; none for most pages."""
        if job.kind not in ("trace", "lot") or job.ref[-1] != "qr":
            return []
        lot = job.ref[1] if job.kind == "lot" else None
        url = qr_target(self.items[job.ref[0]], lot, self.site_url)
        keys = [(name, make, digest("qr", QR_VERSION, name, url)) for name, make in self.NAMES]
        return [(job.path + name, key, partial(self._cached, key, make, url)) for name, make, key in keys]

    def _cached(self, key: str, make, url: str) -> str:
        return self.cache.get(key) or self.cache.put(key, make(url))


def write_lab_documents(site, output: Output) -> None:
    for item in site.items:
        for lot in item.lots:
            for test in lot.tests:
                if test.document:
                    data = (item.file.folder / test.document).read_bytes()
                    output.put_bytes(paths.lot_path(item.id, lot.lot) + Path(test.document).name, data)


def gs1_linkset(item, site_url: str, default_lang) -> dict:
    anchor = site_url + paths.gs1_path(item.gtin14)
    product_page = site_url + paths.product_path(item.slug, default_lang)
    trace_page = site_url + paths.trace_path(item.id)
    linkset = {
        "anchor": anchor,
        "https://gs1.org/voc/pip": [{"href": product_page, "type": "text/html", "title": default_lang.plain(item.product.name)}],
        "https://gs1.org/voc/traceability": [{"href": trace_page, "type": "text/html"}],
        "https://gs1.org/voc/certificationInfo": [{"href": trace_page, "type": "text/html"}],
        "https://gs1.org/voc/defaultLink": [{"href": trace_page, "type": "text/html"}],
    }
    if item.product.certificate.source:
        linkset["https://gs1.org/voc/certificationInfo"].append({"href": item.product.certificate.source})
    return {"linkset": [linkset]}


def write_gs1(site, renderer, output: Output) -> None:
    lang = renderer.langs[site.project.default_language]
    template = renderer.env.get_template("gs1.html")
    for item in site.items:
        if not item.gtin14:
            continue
        for lot in [None] + [l.lot for l in item.lots]:
            gs1 = paths.gs1_path(item.gtin14, lot)
            target_path = paths.lot_path(item.id, lot) if lot else paths.trace_path(item.id)
            links = paths.Links(gs1, site.project.site_url)
            html = template.render(L=lang, title=lang.plain(item.product.name), target=links.to(target_path),
                                   canonical=links.absolute(target_path))
            output.put_bytes(gs1 + "index.html", html.encode("utf-8"))
        linkset = gs1_linkset(item, site.project.site_url, lang)
        output.put_bytes(paths.gs1_path(item.gtin14) + "linkset.json", _json(linkset))


def _json(data, compact: bool = False) -> bytes:
    """Indented for people, or compact for big files: only then does Python's C encoder run."""
    if compact:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    else:
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")


def open_data_record(item, site_url: str, langs: dict) -> dict:
    p = item.product
    default = next(iter(langs.values()))
    record = {
        "id": p.id, "slug": item.slug,
        "name": {code: lang.plain(p.name) for code, lang in langs.items() if not lang.is_fallback(p.name)},
        "group": p.group, "stars": p.stars, "status": item.status,
        "certificate": {"number": p.certificate.number, "issued": item.dates.issued.isoformat(),
                        "expires": item.dates.expires.isoformat(),
                        "revoked": item.dates.revoked.isoformat() if item.dates.revoked else None,
                        "issuer": default.plain(p.certificate.issuer)},
        "producer": {"name": p.producer.name, "kind": p.producer.kind},
        "province": item.province.id, "district": item.district.id,
        "coordinates": list(p.location.coordinates) if p.location.coordinates else None,
        "gtin": p.traceability.gtin if p.traceability else None,
        "lots": [lot.lot for lot in item.lots],
        "url": {code: site_url + paths.product_path(item.slug, lang) for code, lang in langs.items()},
        "traceability_url": site_url + paths.trace_path(item.id),
        "qr": {"svg": site_url + paths.trace_path(item.id) + "qr.svg",
               "png": site_url + paths.trace_path(item.id) + "qr.png"},
    }
    return record


CSV_COLUMNS = ["id", "name", "group", "stars", "status", "certificate_number", "issued", "expires",
               "revoked", "producer", "province", "district", "latitude", "longitude", "gtin", "url",
               "traceability_url"]


def write_open_data(site, renderer, output: Output) -> None:
    site_url = site.project.site_url
    records = [open_data_record(item, site_url, renderer.langs) for item in site.items]
    output.put_bytes("api/products.json",
                _json({"generated": site.project.build_date.isoformat(), "count": len(records),
                       "products": records}, compact=True))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    default = site.project.default_language
    for r in records:
        lat, lon = r["coordinates"] or ("", "")
        writer.writerow([r["id"], r["name"].get(default, ""), r["group"], r["stars"], r["status"],
                         r["certificate"]["number"], r["certificate"]["issued"], r["certificate"]["expires"],
                         r["certificate"]["revoked"] or "", r["producer"]["name"], r["province"], r["district"],
                         lat, lon, r["gtin"] or "", r["url"][default], r["traceability_url"]])
    output.put_bytes("api/products.csv", buffer.getvalue().encode("utf-8-sig"))


def sitemap_entries(site, renderer, jobs: list, extra_paths: list[str]) -> list[list[tuple[str, str]]]:
    """Each entry: the same page in every language, as (language, path)."""
    langs = list(renderer.langs.values())
    neutral = [paths.product_path(item.slug, langs[0]) for item in site.items]
    for job in jobs:
        if job.kind in ("listing", "index") and job.lang == langs[0].code:
            neutral.append(job.path)
    neutral.extend(extra_paths)
    return [[(lang.tag, lang.prefix + path) for lang in langs] for path in neutral]


def sitemap_xml(entries, site_url: str) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for group in entries:
        for _, path in group:
            lines.append(f"<url><loc>{xml_escape(site_url + path)}</loc>")
            for code, alternate in group:
                lines.append(f'<xhtml:link rel="alternate" hreflang="{code}" href="{xml_escape(site_url + alternate)}"/>')
            lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_sitemap(site, renderer, jobs: list, output: Output, extra_paths: list[str]) -> None:
    site_url = site.project.site_url
    entries = sitemap_entries(site, renderer, jobs, extra_paths)
    per_file = max(1, SITEMAP_LIMIT // max(1, len(renderer.langs)))
    (output.out_dir / "sitemap.xml.gz").unlink(missing_ok=True)  # MkDocs' own, without alternates
    (output.out_dir / "sitemap.xml").unlink(missing_ok=True)
    if len(entries) <= per_file:
        output.put_bytes("sitemap.xml", sitemap_xml(entries, site_url))
        return
    index = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for number, start in enumerate(range(0, len(entries), per_file), 1):
        output.put_bytes(f"sitemap-{number}.xml", sitemap_xml(entries[start:start + per_file], site_url))
        index.append(f"<sitemap><loc>{xml_escape(site_url)}sitemap-{number}.xml</loc></sitemap>")
    index.append("</sitemapindex>")
    output.put_bytes("sitemap.xml", ("\n".join(index) + "\n").encode("utf-8"))


def write_schemas(output: Output) -> None:
    for name, schema in json_schemas().items():
        output.put_bytes(f"schema/{name}.schema.json", _json(schema))


def write_photos(site, output: Output, pipeline) -> None:
    """The photo variants; their names are content hashes, so a name is its key."""
    photo_sets = [photo for item in site.items for photo in item.photos]
    photo_sets += list(getattr(site, "district_photos", {}).values())
    for photo in photo_sets:
        for variant in photo.variants:
            output.put_file(f"img/{variant.name}", variant.name, pipeline.file(variant.name))
    for item in site.items:
        for card in sorted(set(getattr(item, "cards", {}).values()) | {getattr(item, "card", None)} - {None}):
            output.put_file(f"img/{card}", card, pipeline.file(card))


def write_all(site, renderer, jobs: list, output: Output, extra_paths: list[str] = ()) -> None:
    """Every file that is not a page or beside one (QrCodes); `jobs` are the pages, for the sitemap."""
    write_lab_documents(site, output)
    write_gs1(site, renderer, output)
    write_open_data(site, renderer, output)
    write_sitemap(site, renderer, jobs, output, list(extra_paths))
    write_schemas(output)


def search_records(items, renderer):
    """One record per product and language; folded words make accents optional.

    No Pagefind filters: their files come out in a different order each run,
    and builds must be byte-identical.
    """
    from .slug import fold

    for code, lang in renderer.langs.items():
        for item in items:
            p = item.product
            words = " ".join([lang.plain(p.name), lang.plain(p.summary), lang.plain(p.category or ""),
                              lang.plain(item.district.name), lang.plain(item.province.name), p.producer.name,
                              lang.ui(f"group.{p.group}"), p.id])
            yield {"url": paths.product_path(item.slug, lang), "language": code,
                   "content": f"{words} {fold(words)} {lang.plain(p.description)}",
                   "meta": {"title": lang.plain(p.name), "district": lang.plain(item.district.name)}}


def write_corpus(folder: str, items, renderer) -> None:
    """What Pagefind indexes: a short document per record, at the record's URL."""
    for record in search_records(items, renderer):
        page_folder = os.path.join(folder, record["url"])
        os.makedirs(page_folder, exist_ok=True)
        write_file(os.path.join(page_folder, "index.html"), search_document(record).encode("utf-8"))


def search_document(record: dict) -> str:
    meta = "".join(f'<span data-pagefind-meta="{key}">{html_escape(value)}</span>'
                   for key, value in record["meta"].items() if key != "title")
    return (f'<!doctype html><html lang="{record["language"]}"><head><title>{html_escape(record["meta"]["title"])}'
            f'</title></head><body data-pagefind-body><h1>{html_escape(record["meta"]["title"])}</h1>'
            f'<p>{html_escape(record["content"])}</p><div hidden>{meta}</div></body></html>')


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
        self.root = site.project.cache_dir / "search"
        members = [[] for _ in range(shard_count(len(site.items)))]
        for item in site.items:
            members[shard_of(item.id) % len(members)].append(item)
        self.shards = [SearchShard(self.root, number, digest("search", stamp, number,
                                                              [(item.id, item.source_hash) for item in items]))
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
                write_corpus(corpus, items, renderer)
                self.indexing[shard.key] = self.pool.submit(shard.index, corpus)
            else:
                self.indexing[shard.key] = self.pool.submit(shard.index, corpus, items, renderer)

    def finish(self, output: Output) -> None:
        for shard in self.shards:
            if shard.key in self.indexing:
                self.indexing[shard.key].result()
            shard.place(output)
        keep = {shard.key for shard in self.shards}
        for folder in self.root.glob("*"):
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        self.scratch.cleanup()


PRODUCTS_PER_SHARD = 500


def shard_count(products: int) -> int:
    return max(1, min(8, products // PRODUCTS_PER_SHARD))


def search_bundles(products: int) -> list[str]:
    """The site folders of the search index shards, the main one first."""
    return ["pagefind/"] + [f"pagefind-{n}/" for n in range(1, shard_count(products))]


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
    def __init__(self, root: Path, number: int, key: str):
        self.key = key
        self.site_folder = "pagefind/" if number == 0 else f"pagefind-{number}/"
        self.cache = root / self.key

    def is_cached(self) -> bool:
        return self.cache.is_dir()

    def index(self, corpus: str, items=None, renderer=None) -> None:
        """Run Pagefind over the corpus (written first from the items' records, if given)
        and keep its output in the cache (runs in a thread)."""
        if items is not None:
            write_corpus(corpus, items, renderer)
        unfinished = self.cache.with_name(self.cache.name + ".unfinished")
        shutil.rmtree(unfinished, ignore_errors=True)
        run = subprocess.run([*pagefind_command(), "--site", corpus, "--output-path", str(unfinished)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        shutil.rmtree(corpus, ignore_errors=True)
        if run.returncode:
            raise RuntimeError(f"pagefind failed: {run.stdout}")
        sort_entry_languages(unfinished / "pagefind-entry.json")
        list_files(unfinished)
        os.replace(unfinished, self.cache)

    def place(self, output: Output) -> None:
        for name, key in self.files().items():
            output.put_file(self.site_folder + name, key, os.path.join(self.cache, name))

    def files(self) -> dict[str, str]:
        try:
            return json.loads((self.cache / SHARD_LISTING).read_text("utf-8"))
        except (OSError, ValueError):
            return list_files(self.cache)
