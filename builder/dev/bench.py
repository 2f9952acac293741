"""Benchmark: build generated catalogues of N products and print a table.

    python -m builder.dev.bench 1000 5000 [--languages vi,en] [--out bench-out]

For each N: cold build (empty caches), full build (site and page cache removed,
photo cache warm: every page rendered), the same without the search index
(with --search), `ocop build` in a fresh process with nothing changed and after
editing one product, one edit under `ocop serve` (from saving the product's
YAML to its page in headless Chromium showing the new text, the watcher and
the page's reload included), peak memory of the whole process tree (workers
and Pagefind included), pages, output size, the weight of a product page and
a t/ page (gzip, with the assets they load), the kiosk's data file and offline
cache, and how long the whole row took to measure — next to plain MkDocs +
Material building N hand-written pages per language with the same theme
(products out of the navigation, navigation.prune), the floor the issue sets.

Memory is the sum over a command's process and all its descendants, sampled
every 50 ms (see TreeMemory): PSS where the kernel gives it, so pages that
forked workers share with their parent are counted once, else RSS.

A second table splits the cold build: the wall time of each expensive stage
alone, on empty caches and all cores, for the same catalogue: photo variants,
share cards (one per product and language; --card-languages for more) and QR
codes (an SVG and a PNG for every product and lot).

Full builds and the plain floor are timed the same way: best of --runs runs, each
started without an output folder, after the disk has written out the last one.
The previous output is moved aside, not deleted, until the benchmark ends: ext4
without a journal (as on this VM) will not reuse an inode deleted in the last
minute (five, once its inode table block is written to again), and creating
files right after tens of thousands were deleted is several times slower. A
build would pay for the benchmark's own clean-up, and the larger site the more.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import yaml

from .. import images
from ..images.pipeline import pool_context
from ..links import lot_path, trace_path
from ..qr import qr_png, qr_svg
from ..slug import slugify
from .generate import LOREM_EN, LOREM_VI, generate

REPO = Path(__file__).resolve().parents[2]
SETTLE_SECONDS = 5


CHROMIUM = "/usr/bin/chromium"
SERVE_WAIT_MS = 3_600_000  # how long a page may wait for the preview: a cap, not a measurement


# Commands run as from an installed copy, whose modules' bytecode is kept: where the
# environment forbids writing it, every command compiles the builder again (0.2 s).
def command_env() -> dict:
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak memory (KiB, the process and everything it starts, together) of one command."""
    start = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=command_env())
    with TreeMemory(process.pid) as memory:
        _, err = process.communicate()
    elapsed = time.monotonic() - start
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode()[-3000:]}")
    return elapsed, memory.peak_kib


# --- memory of a process tree -----------------------------------------------------------

def _readable(path: str) -> bool:
    try:
        with open(path) as file:
            file.read()
        return True
    except OSError:
        return False


MEMORY_KIND = "PSS" if _readable("/proc/self/smaps_rollup") else "RSS"


class TreeMemory:
    """The peak of a process's memory and all its descendants' together, sampled in a thread.

    `ru_maxrss` knows one process at a time; a build's page workers, photo workers
    and Pagefind run side by side. Every `interval` seconds the thread sums the
    PSS (smaps_rollup; RSS from status where the kernel has no PSS) of the whole
    tree. Reading PSS walks the page tables, about 15 ms per GiB, so the interval
    grows to keep the sampler under CPU_SHARE of one core: on a large tree the
    build it measures is slowed by that much at most.
    """

    CPU_SHARE = 0.05

    def __init__(self, root: int, interval: float = 0.05):
        self.root, self.interval = root, interval
        self.peak_kib = 0
        self.samples = 0
        self._parents: dict[int, int] = {}
        self._stopped = threading.Event()
        self._sampled = threading.Condition()
        self._thread = threading.Thread(target=self._sample_until_stopped, name="tree-memory", daemon=True)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopped.set()
        self._thread.join()

    def wait_for_samples(self, count: int) -> None:
        """Until `count` samples have been taken in all (or the sampler stopped)."""
        with self._sampled:
            self._sampled.wait_for(lambda: self.samples >= count or self._stopped.is_set())

    def _sample_until_stopped(self) -> None:
        while True:
            started = time.monotonic()
            total = sum(map(_memory_kib, self.tree()))
            with self._sampled:
                self.peak_kib = max(self.peak_kib, total)
                self.samples += 1
                self._sampled.notify_all()
            spent = time.monotonic() - started
            if self._stopped.wait(max(self.interval - spent, spent / self.CPU_SHARE - spent)):
                with self._sampled:
                    self._sampled.notify_all()
                return

    def tree(self) -> list[int]:
        """The root and its descendants now alive (a descendant whose parent ended is still counted)."""
        alive = {int(name) for name in os.listdir("/proc") if name.isdigit()}
        for gone in self._parents.keys() - alive:
            del self._parents[gone]
        for pid in alive - self._parents.keys():
            self._parents[pid] = _parent_of(pid)
        children: dict[int, list[int]] = {}
        for pid, parent in self._parents.items():
            children.setdefault(parent, []).append(pid)
        found, todo = [], [self.root] if self.root in alive else []
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, ()))
        return found


def _parent_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            stat = file.read()
    except OSError:
        return 0
    return int(stat[stat.rindex(b")") + 2:].split(maxsplit=2)[1])  # the name may hold spaces and brackets


def _memory_kib(pid: int) -> int:
    """PSS (or RSS) of one process in KiB; 0 once it has ended."""
    path, field = ((f"/proc/{pid}/smaps_rollup", b"Pss:") if MEMORY_KIND == "PSS"
                   else (f"/proc/{pid}/status", b"VmRSS:"))
    try:
        with open(path, "rb") as file:
            for line in file:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def settle() -> None:
    """Let the disk finish writing the last build."""
    os.sync()
    time.sleep(SETTLE_SECONDS)


class SetAside:
    """Old outputs, moved out of the way and deleted when the benchmark ends (see the module docstring)."""

    def __init__(self, root: Path):
        self.folder = root / "set-aside"
        self.count = 0

    def __call__(self, path: Path) -> None:
        if path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            self.count += 1
            path.rename(self.folder / f"{self.count}-{path.name}")

    def delete_all(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def best_of_runs(command: list[str], cwd: Path, clear, runs: int) -> tuple[float, int]:
    """Fastest wall time and largest peak memory of several runs, each after `clear()` and a settled disk."""
    results = []
    for _ in range(runs):
        clear()
        settle()
        results.append(run(command, cwd))
    return min(t for t, _ in results), max(m for _, m in results)


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def gzip_weight(site: Path, page: Path) -> int:
    """A page plus the same-site CSS/JS it references, gzipped (photos not counted)."""
    html = page.read_text("utf-8")
    total = len(gzip.compress(html.encode(), 9))
    for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
        target = (page.parent / ref).resolve()
        if target.is_file() and site.resolve() in target.parents:
            total += len(gzip.compress(target.read_bytes(), 9))
    return total


def kiosk_sizes(site: Path) -> dict:
    """The kiosk's data file (default language) and everything its offline cache holds (see kiosk/page.py)."""
    [data] = (site / "kiosk").glob("data.*.json")
    [listing] = (site / "kiosk").glob("offline.*.json")
    cached = [site / path / "index.html" if path.endswith("/") else site / path
              for path in json.loads(listing.read_text("utf-8"))]
    return {"kiosk_data_kib": data.stat().st_size / 1024,
            "kiosk_data_gz_kib": len(gzip.compress(data.read_bytes(), 9)) / 1024,
            "kiosk_offline_files": len(cached),
            "kiosk_offline_mib": sum(path.stat().st_size for path in cached) / 2**20}


def plain_material(dest: Path, count: int, languages: list[str]) -> Path:
    """N hand-written pages per language, plain MkDocs + Material, products out of the nav."""
    docs = dest / "docs"
    (docs).mkdir(parents=True)
    nav = ["index.md"]
    (docs / "index.md").write_text("# Catalogue\n", "utf-8")
    for code in languages:
        folder = docs / code
        folder.mkdir()
        for i in range(count):
            body = (LOREM_VI if code == "vi" else LOREM_EN) * 3
            (folder / f"p{i:05d}.md").write_text(
                f"# Product {i}\n\n{body}\n\n## Story\n\n{body}\n\n| Spec | Value |\n|---|---|\n"
                f"| Net quantity | 500 g |\n| Price | 60.000 ₫ |\n", "utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Plain Material\nsite_url: https://ocop.example.vn/\n"
        "theme:\n  name: material\n  font: false\n  features: [navigation.prune]\n"
        "plugins: []\nmarkdown_extensions: [tables]\n"
        f"nav: {nav}\n", "utf-8")
    return dest


def measure_catalogue(root: Path, count: int, languages: list[str], search: bool, set_aside: SetAside,
                      photo_size=(800, 600), runs: int = 2, serve: bool = True) -> dict:
    set_aside(root / f"catalogue-{count}")
    project = generate(root / f"catalogue-{count}", count, languages, photo_size=photo_size, search=search,
                       project_root=REPO)
    ocop = [sys.executable, "-m", "builder.cli", "--project", str(project), "build", "--quiet"]
    site, cache = project / "site", project / ".ocop-cache"
    cold, mem_cold = run(ocop, REPO)  # nothing cached: every photo encoded

    def clear_site_and_rendered_state() -> None:
        for rendered in (site, cache / "search", cache / "site-manifest.pickle"):
            set_aside(rendered)

    # warm photo cache; every page rendered and written
    config = project / "mkdocs.yml"
    full_no_search = float("nan")
    if search:  # the plain floor has no search index: also time the build without one
        config.write_text(config.read_text("utf-8").replace("search: true", "search: false"), "utf-8")
        full_no_search, _ = best_of_runs(ocop, REPO, clear_site_and_rendered_state, runs)
        config.write_text(config.read_text("utf-8").replace("search: false", "search: true"), "utf-8")
    full, mem_full = best_of_runs(ocop, REPO, clear_site_and_rendered_state, runs)
    unchanged, mem_unchanged = run(ocop, REPO)
    edited = project / "products" / "P-00001" / "product.yaml"
    edited.write_text(edited.read_text("utf-8").replace("đặc sản", "đặc sản nổi tiếng", 1), "utf-8")
    edit, mem_edit = run(ocop, REPO)
    serve_edit, mem_serve = (float("nan"), float("nan")) if not serve else edit_under_serve(project, "P-00001", runs)
    files, size = folder_size(site)
    product_page = next((site / "products").iterdir()) / "index.html"
    trace_page = site / "t" / "P-00000" / "index.html"
    return {"cold": cold, "full": full, "full_no_search": full_no_search, "unchanged": unchanged, "edit": edit,
            "serve_edit": serve_edit, "peak_mib": max(mem_cold, mem_full, mem_unchanged, mem_edit) / 1024,
            "serve_peak_mib": mem_serve / 1024,
            "pages": sum(1 for _ in site.rglob("index.html")), "files": files, "size_mib": size / 2**20,
            "product_kib": product_page.stat().st_size / 1024,
            "product_gz_kib": gzip_weight(site, product_page) / 1024,
            "trace_gz_kib": gzip_weight(site, trace_page) / 1024, **kiosk_sizes(site)}


# --- one edit under ocop serve ---------------------------------------------------------

# Each page notes, by the page's own clock (milliseconds since the epoch), when it has read its
# whole document and painted: Playwright's waiting for a text polls at growing intervals, up to
# 0.5 s late, so the time is read from the page rather than from when the wait ended.
SHOWN_CLOCK = """(() => {
  let parsed, painted;
  const note = () => { if (parsed && painted) window.ocopShownAt = Math.max(parsed, painted); };
  document.addEventListener('DOMContentLoaded', () => { parsed = performance.timeOrigin + performance.now(); note(); });
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      if (entry.name === 'first-contentful-paint') { painted = performance.timeOrigin + entry.startTime; note(); }
    }
  }).observe({type: 'paint', buffered: true});
})();"""


def edit_under_serve(project: Path, product_id: str, runs: int) -> tuple[float, int]:
    """Seconds from saving an edit of one product to its page, open in Chromium, reloaded with the
    new text, parsed and painted (best of `runs` edits), and the peak memory of the `ocop serve`
    process tree in KiB."""
    product = project / "products" / product_id / "product.yaml"
    page_path = product_page_path(product)
    with served_preview(project) as (serve, url), TreeMemory(serve.pid) as memory, chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(SERVE_WAIT_MS)
        page.add_init_script(SHOWN_CLOCK)
        problems = page.locator("#ocop-problems")
        times = []
        for edit in range(1, runs + 1):
            new_text = f"sửa lần {edit}"
            with page.expect_request(is_waiting_for_a_rebuild):
                page.goto(url + page_path)  # the page now waits for the next rebuild
            saved = time.time()  # the epoch's clock, which the page's is on
            product.write_text(product.read_text("utf-8").replace("đặc sản", f"đặc sản {new_text}", 1), "utf-8")
            page.get_by_text(new_text).or_(problems).first.wait_for()
            if problems.count():
                raise SystemExit(f"ocop serve refused the edit of {product}:\n{problems.inner_text()}")
            times.append(page.wait_for_function("window.ocopShownAt").json_value() / 1000 - saved)
    return min(times), memory.peak_kib


def product_page_path(product_yaml: Path) -> str:
    product = yaml.safe_load(product_yaml.read_text("utf-8"))
    name = product["name"]["vi"] if isinstance(product["name"], dict) else product["name"]
    return f"products/{product.get('slug') or slugify(name)}/"


def is_waiting_for_a_rebuild(request) -> bool:
    """live.js's long poll, once it knows the version it shows (its first request asks since=-1)."""
    return "/__ocop/state?since=" in request.url and "since=-1" not in request.url


@contextmanager
def served_preview(project: Path):
    """`ocop serve` on a free 127.0.0.1 port: its process and address. Stopped with Ctrl-C, as a
    user stops it."""
    process = subprocess.Popen([sys.executable, "-m", "builder.cli", "--project", str(project), "serve",
                                "--dev-addr", "127.0.0.1:0"], cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, preexec_fn=heed_ctrl_c, env=command_env())
    output = []
    for line in process.stderr:
        output.append(line)
        if found := re.search(r"Serving the preview on (\S+)", line):
            break
    else:
        process.wait()
        raise SystemExit("ocop serve did not start:\n" + "".join(output)[-3000:])
    # read on, or a full pipe would stop the preview at its next "Rebuilt in" line
    reader = threading.Thread(target=output.extend, args=(process.stderr,), daemon=True)
    reader.start()
    try:
        yield process, found.group(1)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=600)  # a build under way first removes its unfinished files
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join()


def heed_ctrl_c() -> None:
    """A shell starts background jobs with Ctrl-C ignored, and their children inherit that:
    the preview must still stop on it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def chromium():
    """Debian's Chromium, headless, driven by Playwright (which never downloads a browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield browser
        finally:
            browser.close()


def measure_plain(root: Path, count: int, languages: list[str], set_aside: SetAside, runs: int = 2) -> dict:
    set_aside(root / f"plain-{count}")
    project = plain_material(root / f"plain-{count}", count, languages)
    elapsed, _ = best_of_runs([sys.executable, "-m", "mkdocs", "build", "-q"], project,
                             lambda: set_aside(project / "site"), runs)
    return {"plain": elapsed, "plain_pages": count * len(languages)}


# --- cold stages, one at a time ------------------------------------------------------

def cold_stages(project: Path, card_languages: list[str], jobs: int | None = None) -> dict:
    """Seconds each expensive cold stage takes alone, on empty caches: photos, share cards, QR codes."""
    jobs = jobs or os.cpu_count() or 1
    products = [(folder, yaml.safe_load((folder / "product.yaml").read_text("utf-8")))
                for folder in sorted((project / "products").iterdir())]
    site_url = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))["site_url"]
    photos = [folder / image["file"] for folder, product in products for image in product["images"]]
    cards = {folder / product["images"][0]["file"]: [
        images.CardText(f"{_in(product['name'], lang)} ({lang})", product["stars"], product["location"]["district"],
                        "OCOP") for lang in card_languages] for folder, product in products}
    urls = [site_url + path for folder, product in products for path in _code_paths(folder.name, product)]
    with tempfile.TemporaryDirectory(dir=project) as scratch:
        pipeline = images.ImagePipeline(Path(scratch) / "images", jobs=jobs)
        row = {"photo_count": len(photos), "card_count": sum(map(len, cards.values())), "qr_count": len(urls)}
        # The cards alone decode each photo again, as a build whose photos are cached but names changed does;
        # a cold build draws them in the same pass as the photos (see images/pipeline.py).
        for stage, work, args in (("photos", pipeline.process, (photos,)),
                                  ("cards", pipeline.process, (photos, None, cards)),
                                  ("qr", _all_codes, (urls, jobs))):
            row[stage], row[f"{stage}_cpu"] = _timed(work, *args)
        return row


def _in(text, lang: str) -> str:
    if isinstance(text, dict):
        return text.get(lang) or next(iter(text.values()))
    return text


def _code_paths(product_id: str, product: dict) -> list[str]:
    lots = (product.get("traceability") or {}).get("lots") or []
    return [trace_path(product_id)] + [lot_path(product_id, str(lot["lot"])) for lot in lots]


def _timed(function, *args) -> tuple[float, float]:
    """Wall and CPU seconds of function(*args), the CPU of the worker processes it ended included."""
    start, cpu = time.monotonic(), _cpu_seconds()
    function(*args)
    return time.monotonic() - start, _cpu_seconds() - cpu


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _codes(url: str) -> int:
    return len(qr_svg(url)) + len(qr_png(url))


def _all_codes(urls: list[str], jobs: int) -> None:
    """Both codes of every URL, spread over the cores as the page workers do."""
    with ProcessPoolExecutor(jobs, mp_context=pool_context()) as pool:
        for _ in pool.map(_codes, urls, chunksize=64):
            pass


def print_cold_stages(rows: list[tuple[int, list[str], dict]]) -> None:
    header = ("| N | card langs | photos | photos s | photos CPU s | cards | cards s | cards CPU s "
              "| QR codes | QR s | QR CPU s |")
    print("\nCold, each stage alone on empty caches (wall time on all cores, and CPU time: on shared\n"
          "cores the CPU time divided by the cores is the wall time they would take alone):\n")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for count, langs, row in rows:
        print(f"| {count:,} | {len(langs)} | {row['photo_count']:,} | {row['photos']:.1f} | {row['photos_cpu']:.1f} "
              f"| {row['card_count']:,} | {row['cards']:.1f} | {row['cards_cpu']:.1f} "
              f"| {row['qr_count']:,} | {row['qr']:.1f} | {row['qr_cpu']:.1f} |", flush=True)


# --- the table -------------------------------------------------------------------------

def table_header(memory_kind: str = MEMORY_KIND) -> list[str]:
    """The header line and the line under it."""
    header = ("| N | langs | cold s | full s | full, no search s | no-change build s | 1-edit build s | edit/full "
              "| 1-edit serve s | plain Material s | full/plain | no search/plain "
              f"| peak {memory_kind} MiB, process tree | serve peak {memory_kind} MiB, process tree "
              "| pages | files | output MiB | product KiB | product gz KiB | t/ gz KiB "
              "| kiosk data KiB (gz) | kiosk offline MiB (files) | run took min |")
    return [header, "|" + "---|" * (header.count("|") - 1)]


def table_row(count: int, languages: list[str], row: dict, plain: dict, took: float) -> str:
    return (f"| {count:,} | {len(languages)} | {row['cold']:.1f} | {row['full']:.1f} | {row['full_no_search']:.1f} "
            f"| {row['unchanged']:.1f} | {row['edit']:.1f} | {row['edit'] / row['full']:.0%} "
            f"| {row['serve_edit']:.2f} | {plain['plain']:.1f} "
            f"| {row['full'] / plain['plain']:.2f} | {row['full_no_search'] / plain['plain']:.2f} "
            f"| {row['peak_mib']:.0f} | {row['serve_peak_mib']:.0f} "
            f"| {row['pages']:,} | {row['files']:,} | {row['size_mib']:.0f} "
            f"| {row['product_kib']:.1f} | {row['product_gz_kib']:.1f} | {row['trace_gz_kib']:.1f} "
            f"| {row['kiosk_data_kib']:.0f} ({row['kiosk_data_gz_kib']:.0f}) "
            f"| {row['kiosk_offline_mib']:.1f} ({row['kiosk_offline_files']:,}) | {took / 60:.1f} |")


TABLE_NOTES = f"""
Seconds are wall time. cold: empty caches; full: every page rendered, photo cache warm (best of --runs);
no-change and 1-edit build: `ocop build` in a fresh process; 1-edit serve: from saving a product's YAML
to its page in Chromium, reloaded by `ocop serve` with the edit, parsed and painted (by the page's own
clock; best of --runs); peak: the largest sum over a
build's whole process tree (workers and Pagefind included), {MEMORY_KIND} sampled every 50 ms; serve peak: the
same for `ocop serve` through its first build and the edits; run took: the whole row, generating the
catalogue and the plain floor included."""


def main(argv: list[str] | None = None) -> int:
    started = time.monotonic()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--languages", default="vi,en")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out")
    parser.add_argument("--search", action="store_true", help="include the Pagefind index")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain Material floor")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit under ocop serve (needs Chromium)")
    parser.add_argument("--photo-size", default="800x600", help="size of the generated photos, WxH")
    parser.add_argument("--runs", type=int, default=2, help="full and plain builds, serve edits: best of this many")
    parser.add_argument("--card-languages", type=int, default=0,
                        help="cold stages: share cards for this many languages (default: those of --languages)")
    parser.add_argument("--no-stages", action="store_true", help="skip the cold per-stage table")
    parser.add_argument("--filters", action="store_true",
                        help="time the lists' filters in Chromium, CPU slowed 4x (builder/dev/filterbench.py)")
    args = parser.parse_args(argv)
    languages = args.languages.split(",")
    args.out.mkdir(parents=True, exist_ok=True)
    print("\n".join(table_header()), flush=True)
    set_aside = SetAside(args.out)
    stages = []
    for count in args.sizes:
        row_started = time.monotonic()
        photo_size = tuple(int(v) for v in args.photo_size.split("x"))
        row = measure_catalogue(args.out, count, languages, args.search, set_aside, photo_size, args.runs,
                                serve=not args.no_serve)
        plain = ({"plain": float("nan")} if args.no_plain
                 else measure_plain(args.out, count, languages, set_aside, args.runs))
        print(table_row(count, languages, row, plain, time.monotonic() - row_started), flush=True)
        if args.filters:
            from .filterbench import report as filter_report

            print(filter_report(args.out / f"catalogue-{count}" / "site"), flush=True)
        if not args.no_stages:
            card_languages = languages + [f"x{i}" for i in range(max(0, args.card_languages - len(languages)))]
            stages.append((count, card_languages, cold_stages(args.out / f"catalogue-{count}", card_languages)))
    print(TABLE_NOTES)
    if stages:
        print_cold_stages(stages)
    set_aside.delete_all()
    print(f"\nThe whole benchmark took {(time.monotonic() - started) / 60:.1f} min.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
