"""How fast the product lists' filters answer, and how big their data is.

    python -m builder.dev.filterbench [PROJECT] [--throttle 4]

In Debian's Chromium, headless, with its CPU slowed down 4× through the
DevTools protocol (``Emulation.setCPUThrottlingRate``), as a mid-range phone
runs it: a group's list page is opened with its scope widened to the whole
catalogue (every product of the filter data, not only the group's), then
filters are ticked and unticked one at a time. Each time is the whole answer
to one tap: the comparisons, every choice's count, the result cards drawn and
laid out (the work before the next frame can show them).

Without PROJECT, a 1,000-product catalogue is generated (``builder.dev.generate``)
and built in a temporary folder. ``python -m builder.dev.bench --filters`` runs
this after each size.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# Taps, in order: each one changes the choices of the one before.
TAPS = (("stars", "4"), ("price", "100000-200000"), ("online", "1"), ("stars", "4"), ("season", "now"),
        ("price", "100000-200000"), ("online", "1"), ("season", "now"), ("standard", "vietgap"), ("standard", "vietgap"))
ROUNDS = 3
TAP_JS = """async ([name, value]) => {
  const input = document.querySelector(`.ocop-filters__panel input[name="${name}"][value="${value}"]`);
  if (!input) return null;
  const start = performance.now();
  input.click();                       // the change handler filters, counts and draws
  document.body.getBoundingClientRect(); // and the new cards are laid out
  return performance.now() - start;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser closing while a photo still loads


@contextmanager
def _served(folder: Path):
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def largest_group_page(site: Path) -> str:
    groups = sorted((path for path in (site / "groups").glob("*/index.html")), key=lambda p: p.stat().st_size)
    return groups[-1].parent.relative_to(site).as_posix() + "/"


def data_size(site: Path) -> dict:
    """The filter data of the default language: products, bytes, bytes gzipped (level 6, as web servers send it)."""
    import json

    raw = (site / "filters.json").read_bytes()
    return {"products": len(json.loads(raw)["products"]), "bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 6))}


def filter_times(site: Path, throttle: float = 4, executable: str = CHROMIUM) -> dict:
    """Milliseconds per tap on the filters of a list scoped to the whole catalogue, CPU slowed `throttle`×."""
    from playwright.sync_api import sync_playwright

    path = largest_group_page(site)
    with _served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--headless", "--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 360, "height": 800}, service_workers="block")
            page = context.new_page()
            page.route(base + path, lambda route: route.fulfill(
                response=(response := route.fetch()),
                body=widen_scope(response.text())))
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            page.goto(base + path)
            page.wait_for_selector("[data-ocop-filters][data-prepared]")  # its cards made while the page is read
            page.click(".ocop-filters__toggle")
            scoped = page.evaluate("() => document.querySelectorAll('.ocop-filters__panel input').length")
            times = sorted(t for _ in range(ROUNDS) for t in (page.evaluate(TAP_JS, list(tap)) for tap in TAPS)
                           if t is not None)
        finally:
            browser.close()
    return {"page": path, "throttle": throttle, "choices": scoped, "taps": len(times),
            "median_ms": statistics.median(times), "p90_ms": times[int(0.9 * (len(times) - 1))], "max_ms": times[-1]}


def widen_scope(html: str) -> str:
    """The list page with its scope removed: the filters then cover every product of the data."""
    import re

    return re.sub(r'data-scope="[^"]*"', 'data-scope=""', html, count=1)


def report(site: Path, throttle: float = 4) -> str:
    size = data_size(site)
    times = filter_times(site, throttle)
    return (f"filters: {size['products']:,} products; filters.json {size['bytes'] / 1024:.0f} KiB, "
            f"{size['gzip_bytes'] / 1024:.1f} KiB gzipped; a tap with the CPU slowed {throttle:g}×: "
            f"median {times['median_ms']:.0f} ms, 9 in 10 within {times['p90_ms']:.0f} ms, slowest {times['max_ms']:.0f} ms "
            f"({times['taps']} taps)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", nargs="?", type=Path)
    parser.add_argument("--throttle", type=float, default=4)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ocop-filterbench-") as scratch:
        project = args.project
        if project is None:
            from .generate import generate

            project = generate(Path(scratch) / "project", 1000, photo_size=(160, 120))
        site = project / "site"
        if not (site / "filters.json").is_file():
            from ..cli import main as ocop

            if ocop(["--project", str(project), "build", "--quiet"]):
                return 1
        print(report(site, args.throttle))
    return 0


if __name__ == "__main__":
    sys.exit(main())
