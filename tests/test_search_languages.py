"""Search in every language: Pagefind's extended build splits Chinese and Japanese into words."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from builder.generate import generate
from conftest import PRODUCT_YAML, REPO, run_ocop, write_product
from test_browser import CHROMIUM, QuietHandler

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")]

HONEY_ZH = PRODUCT_YAML.format(id="HG-0001").replace(
    "name: {vi: Mật ong bạc hà HG-0001, en: Mint honey HG-0001}",
    "name: {vi: Mật ong bạc hà Miêu Vượng, en: Meo Vac mint honey, zh: 苗旺薄荷蜂蜜, ja: 苗旺のミントはちみつ}").replace(
    "summary: {vi: Mật ong từ hoa bạc hà., en: Honey from mint flowers.}",
    "summary: {vi: Mật ong từ hoa bạc hà., en: Honey from mint flowers., zh: 高原薄荷花酿成的蜂蜜。, "
    "ja: 高原に咲くミントの花から採れたはちみつ。}")
TEA_ZH = PRODUCT_YAML.format(id="HG-0002").replace(
    "name: {vi: Mật ong bạc hà HG-0002, en: Mint honey HG-0002}",
    "name: {vi: Chè Shan tuyết, en: Shan tuyet tea, zh: 雪山古树茶, ja: シャンテュエット茶}").replace(
    "summary: {vi: Mật ong từ hoa bạc hà., en: Honey from mint flowers.}",
    "summary: {vi: Chè cổ thụ., en: Tea from old trees., zh: 古树茶叶。, ja: 古木の茶葉。}")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    project = generate(tmp_path_factory.mktemp("cjk") / "project", 6, languages=("vi", "en", "zh", "ko", "ja"),
                       photo_size=(320, 240), search=True, project_root=REPO)
    write_product(project, "HG-0001", HONEY_ZH)
    write_product(project, "HG-0002", TEA_ZH)
    assert run_ocop(project, "build", "--quiet")[0] == 0
    handler = functools.partial(QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


def search(browser, url: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(url)
    page.locator("#ocop-search input").fill(query)
    page.locator(".pagefind-ui__message").filter(has_text=query).wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    found = page.locator(".pagefind-ui__result-link").all_inner_texts()
    page.close()
    return found


def test_searching_a_word_inside_a_chinese_name_finds_it(browser, site_url):
    assert search(browser, site_url + "zh/", "蜂蜜") == ["苗旺薄荷蜂蜜"]
    assert search(browser, site_url + "zh/", "古树茶") == ["雪山古树茶"]


def test_searching_a_word_inside_a_japanese_name_finds_it(browser, site_url):
    assert search(browser, site_url + "ja/", "はちみつ") == ["苗旺のミントはちみつ"]
