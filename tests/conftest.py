"""Shared fixtures: small generated catalogue projects and a helper to run ``ocop``."""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, TypeVar

import pytest

from builder.cli import main as ocop_main
from builder.dev.generate import generate
from builder.serve import LocalServer

REPO = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def wait_until(condition: Callable[[], T], what: str, deadline: float = 60.0) -> T:
    """Check `condition` until it holds, and return what it gave. The suite's one polling loop
    (test_suite_hygiene.py refuses a sleep anywhere else): it waits for a condition, never for
    a time; the deadline only fails a test whose condition never comes, so it is generous."""
    give_up = time.monotonic() + deadline
    while not (result := condition()):
        if time.monotonic() > give_up:
            raise AssertionError(f"waited {deadline:.0f} s for {what}")
        time.sleep(0.02)
    return result


def wait_in_page(page, expression: str, deadline: float = 60.0):
    """wait_until a JavaScript expression holds in the page. (Playwright's wait_for_function
    evaluates a string, which the site's and the kiosk's policy refuse; page.evaluate does not.)"""
    return wait_until(lambda: page.evaluate(expression), f"the page to show {expression}", deadline)


PRODUCT_YAML = """\
id: {id}
name: {{vi: Mật ong bạc hà {id}, en: Mint honey {id}}}
group: food
stars: 4
certificate:
  number: 123/QĐ-UBND
  issued: 2025-01-15
  issuer: {{vi: UBND tỉnh, en: Provincial People's Committee}}
producer:
  name: HTX Mật ong
  kind: cooperative
  address: {{vi: Xã Pả Vi, en: Pa Vi Commune}}
location:
  province: province-0
  district: district-0-0
summary: {{vi: Mật ong từ hoa bạc hà., en: Honey from mint flowers.}}
description:
  vi: Mật ong **thơm**.
  en: Fragrant **honey**.
images:
  - file: photo.jpg
    alt: {{vi: Hũ mật ong, en: A jar of honey}}
points_of_sale: [POS-0000]
"""


@pytest.fixture(scope="session")
def template_project(tmp_path_factory) -> Path:
    """A generated 12-product catalogue, made once; copy it before changing it."""
    return generate(tmp_path_factory.mktemp("template") / "project", 12, photo_size=(480, 360), project_root=REPO)


@pytest.fixture
def project(template_project, tmp_path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(template_project, dest, ignore=shutil.ignore_patterns("site", ".ocop-cache"))
    return dest


def write_product(project: Path, product_id: str, text: str | None = None, photo_from: str = "P-00000") -> Path:
    folder = project / "products" / product_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "product.yaml").write_text(text if text is not None else PRODUCT_YAML.format(id=product_id), "utf-8")
    if not (folder / "photo.jpg").exists():
        shutil.copy(project / "products" / photo_from / "photo.jpg", folder / "photo.jpg")
    return folder / "product.yaml"


def settle(folder: Path) -> None:
    """Age the files saved in the last seconds, as waiting would: until then a build does not
    judge them by their modification time (builder.stored.settled)."""
    import os

    from builder.stored import SETTLED_NS, settled

    for root, folders, files in os.walk(folder):  # os.walk passes over a folder removed while it looks
        folders[:] = [name for name in folders if not name.startswith(".")]  # a replaced site being removed
        for path in [os.path.join(root, name) for name in files + folders]:
            try:
                status = os.stat(path)
                if not settled(status.st_mtime_ns):
                    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns - 2 * SETTLED_NS))
            except FileNotFoundError:
                continue


def run_ocop(project: Path, *args: str, capsys=None) -> tuple[int, str, str]:
    code = ocop_main(["--project", str(project), *args])
    if capsys is None:
        return code, "", ""
    captured = capsys.readouterr()
    return code, captured.out, captured.err


SAMPLE_BUILD_DAY = "1795000000"  # 2026-11-18: the sample's lot L2412 of BK-0001 is past its best-before date


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's sample catalogue, built once on a fixed day."""
    import os

    site = tmp_path_factory.mktemp("sample-site") / "site"
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SAMPLE_BUILD_DAY
    try:
        code, _, _ = run_ocop(REPO, "build", "--quiet", "--site-dir", str(site))
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    assert code == 0
    return site


def read_sitemaps(site: Path, site_url: str = "https://ocop.example.vn/") -> str:
    """The text of every sitemap that site/sitemap.xml (an index) lists, as a crawler would read them."""
    import xml.etree.ElementTree as ET

    index = ET.parse(site / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    texts = []
    for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        assert loc.text.startswith(site_url), loc.text
        texts.append((site / loc.text[len(site_url):]).read_text("utf-8"))
    return "".join(texts)


CHROMIUM = "/usr/bin/chromium"
needs_chromium = [pytest.mark.browser,
                  pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")]


def in_chromium(test):
    """One browser test in a module of others (a whole module says pytestmark = needs_chromium)."""
    for mark in needs_chromium:
        test = mark(test)
    return test


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    headers_sent: dict[str, str] = {}

    def log_message(self, *args):
        pass

    def end_headers(self):
        for name, value in self.headers_sent.items():
            self.send_header(name, value)
        super().end_headers()


@contextmanager
def served(folder: Path, server_class: type[LocalServer] = LocalServer, headers: dict[str, str] | None = None,
           handler_class: type[QuietHandler] = QuietHandler):
    """A folder served on 127.0.0.1, as a static host would (with `headers` on every answer,
    such as a host's Cache-Control); yields its address."""
    handler = type("Handler", (handler_class,), {"headers_sent": headers or {}})
    server = server_class(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


# An init script: the service workers a page asks to register, in window.registeredWorkers.
LIST_WORKER_REGISTRATIONS = """(() => {
  window.registeredWorkers = [];
  const register = ServiceWorkerContainer.prototype.register;
  ServiceWorkerContainer.prototype.register = function (url, ...options) {
    window.registeredWorkers.push(String(url));
    return register.call(this, url, ...options);
  };
})();"""

# Pagefind's results have come: each shown with its title, link and photo (a result still
# loading shows grey placeholders).
SEARCH_SETTLED = """() => document.querySelectorAll('.pagefind-ui__result').length > 0
    && !document.querySelector('.pagefind-ui__results .pagefind-ui__loading')
    && [...document.querySelectorAll('.pagefind-ui__results img')].every(img => img.complete)"""


def search(page, query: str) -> list[str]:
    """Type `query` into the page's search box (one that has not searched yet) and wait until
    every result shown has loaded; returns the results' titles."""
    page.locator("#ocop-search input").fill(query)
    page.locator(".pagefind-ui__message").filter(has_text=query).wait_for(timeout=30_000)
    wait_in_page(page, SEARCH_SETTLED)
    return page.locator(".pagefind-ui__result-link").all_inner_texts()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (which never downloads a browser)."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def node_packages() -> Path:
    """The test-only npm packages (axe-core, decap-cms), pinned by tests/package-lock.json;
    installed here when any is missing."""
    tests = Path(__file__).resolve().parent
    folder = tests / "node_modules"
    wanted = json.loads((tests / "package.json").read_text("utf-8"))["devDependencies"]
    if any(not (folder / name / "package.json").is_file() for name in wanted):
        if not shutil.which("npm"):
            pytest.fail("npm is missing: run `bash .ci/system-packages`")
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=tests, check=True,
                       stdout=subprocess.DEVNULL)
    return folder


@pytest.fixture(scope="session")
def axe_source(node_packages) -> str:
    return (node_packages / "axe-core" / "axe.min.js").read_text("utf-8")


def start_preview(project: Path, dev_addr: str = "127.0.0.1:0", env: dict | None = None,
                  as_background_job: bool = False) -> tuple[subprocess.Popen, str]:
    """`ocop serve` on a free port; returns the process and the address it says it serves on.
    `as_background_job`: started with SIGINT ignored, as a script's `ocop serve &` is."""
    import signal

    env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    server = subprocess.Popen([sys.executable, "-m", "builder.cli", "--project", str(project), "serve",
                               "--dev-addr", dev_addr], stderr=subprocess.PIPE, text=True, env=env,
                              preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
                              if as_background_job else None)
    lines = []
    for line in server.stderr:
        lines.append(line)
        found = re.search(r"Serving the preview on (\S+)", line)
        if found:
            return server, found.group(1)
    pytest.fail("ocop serve did not start:\n" + "".join(lines))


@pytest.fixture
def preview(project):
    server, url = start_preview(project)
    yield url, project, server
    server.terminate()
    server.wait(timeout=30)
