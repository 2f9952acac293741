"""Offline and installable, in Chromium: the service worker, the offline page, saving a district."""
from __future__ import annotations

import json
import shutil
import threading

import pytest

from conftest import PRODUCT_YAML, QuietHandler, needs_chromium, read_sitemaps, run_ocop, served, wait_in_page, write_product

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def built(template_project, tmp_path_factory):
    """The site published in a sub-folder, /catalogue/, as on a shared host."""
    root = tmp_path_factory.mktemp("offline")
    project = root / "project"
    shutil.copytree(template_project, project, ignore=shutil.ignore_patterns("site", ".ocop-cache"))
    assert run_ocop(project, "build", "--quiet", "--site-dir", str(root / "www" / "catalogue"))[0] == 0
    with served(root / "www") as url:
        yield url + "catalogue/", root / "www" / "catalogue"


def product_pages(site) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / "products").glob("*/index.html"))


def controlled_page(browser, url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    page.reload()  # from now on the worker sees this page's requests
    wait_in_page(page, "navigator.serviceWorker.controller !== null")
    return context, page, scope


def test_visited_pages_work_offline_and_others_show_the_offline_page(browser, built):
    url, site = built
    context, page, scope = controlled_page(browser, url)
    assert scope == url, "the worker covers the whole site, in its sub-folder"
    visited, unvisited = product_pages(site)[:2]
    page.goto(url + visited)
    name = page.locator("h1").first.inner_text()
    context.set_offline(True)
    page.goto(url + visited)
    assert page.locator("h1").first.inner_text() == name
    page.goto(url + unvisited)
    assert page.locator("h1").inner_text() == "Bạn đang ngoại tuyến"
    page.locator("#ocop-saved a", has_text=name).first.wait_for()
    page.goto(url + "en/" + unvisited)
    assert page.locator("h1").inner_text() == "You are offline"
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("#ocop-saved a").first.click()  # a saved page opens from the offline page
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() != "You are offline"
    context.close()


def test_a_saved_district_works_offline_with_its_photos(browser, built):
    url, site = built
    district = max((site / "districts").glob("*/offline.json"),
                   key=lambda path: len(json.loads(path.read_text("utf-8"))["pages"])).parent.name
    context, page, _ = controlled_page(browser, url + f"districts/{district}/")
    save = page.locator("[data-ocop-save] button")
    save.click()
    status = page.locator("[data-ocop-save] [role=status]")
    page.locator("[data-ocop-save] [role=status]", has_text="Khoảng").wait_for()
    assert "trang" in status.inner_text() and "ảnh" in status.inner_text()  # the size, before saving
    save.click()
    page.locator("[data-ocop-save] [role=status]", has_text="Đã lưu").wait_for(timeout=60_000)
    products = [page_ for page_ in json.loads((site / "districts" / district / "offline.json").read_text())["pages"]
                if "/products/" in page_]
    context.set_offline(True)
    for product in products:
        page.goto(url + f"districts/{district}/" + product)
        assert page.locator("h1").first.inner_text() != "Bạn đang ngoại tuyến"
        photos = page.locator(".ocop-product img")
        assert photos.count() > 0
        for index in range(photos.count()):
            photos.nth(index).scroll_into_view_if_needed()  # lazy photos load when seen
            photos.nth(index).evaluate("i => i.decode().catch(() => null)")
            assert photos.nth(index).evaluate("i => i.naturalWidth") > 0, "photos show offline"
    context.close()


def test_qr_pages_start_the_worker_only_after_they_have_loaded(built):
    import gzip

    _, site = built
    html = (site / "t" / "P-00000" / "index.html").read_text("utf-8")
    assert 'addEventListener("load",function(){if("serviceWorker" in navigator' in html
    assert html.index("serviceWorker") > html.index("</main>")
    assert len(gzip.compress(html.encode("utf-8"))) < 30_000
    manifest = json.loads((site / "en" / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["lang"] == "en" and manifest["start_url"] == "./" and manifest["scope"] == "../"
    assert all((site / "en" / icon["src"]).resolve().is_file() for icon in manifest["icons"])
    assert 'rel="manifest" href="../../../en/manifest.webmanifest"' in (site / "en" / "t" / "P-00000" / "index.html").read_text("utf-8")
    sitemap = read_sitemaps(site)
    assert "offline/" not in sitemap


LOT = """traceability:
  lots:
    - lot: L2601
      produced: 2026-01-10
"""
RECALL = """      recall:
        date: 2026-03-05
        reason: {vi: Phát hiện vụn thủy tinh trong hũ, en: Glass fragments found in jars}
        action: {vi: Không dùng; trả lại nơi mua, en: Do not eat it; return it to the shop}
"""


def test_a_host_that_lets_browsers_keep_pages_does_not_hide_a_recall(browser, template_project, tmp_path):
    """GitHub Pages and most hosts send max-age=600: the browser may answer a page from its own
    cache for ten minutes. A lot recalled in that time shows its banner on the next scan."""
    project = tmp_path / "project"
    shutil.copytree(template_project, project, ignore=shutil.ignore_patterns("site", ".ocop-cache"))
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + LOT)
    site = tmp_path / "www" / "catalogue"
    assert run_ocop(project, "build", "--quiet", "--site-dir", str(site))[0] == 0
    with served(tmp_path / "www", headers={"Cache-Control": "max-age=600"}) as root:
        lot = root + "catalogue/t/BK-0017/L2601/"
        context, page, _ = controlled_page(browser, root + "catalogue/")
        page.goto(lot)
        assert page.locator("#recall").count() == 0
        write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + LOT + RECALL)
        assert run_ocop(project, "build", "--quiet", "--site-dir", str(site))[0] == 0
        page.goto(lot)
        assert "Lô này đã bị thu hồi ngày 5 tháng 3, 2026" in page.locator("#recall").inner_text()
        context.close()


class SlowTracePages(QuietHandler):
    """A slow rural network, for t/ pages only: while `open` is clear, their answers wait."""
    open = threading.Event()

    def do_GET(self):
        if "/t/" in self.path:
            self.open.wait()
        super().do_GET()


@pytest.mark.parametrize("recalled", [True, False], ids=["recalled since", "unchanged"])
def test_the_fresh_copy_that_comes_after_the_saved_one_was_shown_takes_its_place(browser, template_project,
                                                                                 tmp_path, recalled):
    """The network too slow: the phone shows its saved copy of the lot, saying so. When the fresh
    copy comes, the page shows it if it changed (a recall, without a second scan); if it did
    not, the page stays as it is and drops its note."""
    project = tmp_path / "project"
    shutil.copytree(template_project, project, ignore=shutil.ignore_patterns("site", ".ocop-cache"))
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + LOT)
    site = tmp_path / "www" / "catalogue"
    assert run_ocop(project, "build", "--quiet", "--site-dir", str(site))[0] == 0
    SlowTracePages.open.set()
    with served(tmp_path / "www", handler_class=SlowTracePages) as root:
        lot = root + "catalogue/t/BK-0017/L2601/"
        context, page, _ = controlled_page(browser, root + "catalogue/")
        page.goto(lot)
        assert page.locator("#recall").count() == 0
        if recalled:
            write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + LOT + RECALL)
            assert run_ocop(project, "build", "--quiet", "--site-dir", str(site))[0] == 0
        SlowTracePages.open.clear()
        try:
            page.goto(lot)
            assert page.locator("[data-ocop-saved]").is_visible(), "the saved copy says it is one"
            assert page.locator("#recall").count() == 0
            page.evaluate("window.stillTheSavedCopy = true")
        finally:
            SlowTracePages.open.set()
        page.locator("[data-ocop-saved]").wait_for(state="hidden")
        if recalled:
            assert "Lô này đã bị thu hồi ngày 5 tháng 3, 2026" in page.locator("#recall").inner_text()
            assert page.evaluate("window.stillTheSavedCopy") is None, "the fresh copy is shown"
        else:
            assert page.evaluate("window.stillTheSavedCopy") is True, "an unchanged copy is not loaded again"
            assert page.locator("#recall").count() == 0
        context.close()


def test_a_phone_that_saved_the_district_sees_a_recall_on_its_next_online_visit(browser, template_project, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 18 November 2026
    project = tmp_path / "project"
    shutil.copytree(template_project, project, ignore=shutil.ignore_patterns("site", ".ocop-cache"))
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + LOT)
    site = tmp_path / "www" / "catalogue"
    assert run_ocop(project, "build", "--quiet", "--site-dir", str(site))[0] == 0
    with served(tmp_path / "www") as root:
        url = root + "catalogue/"
        lot = url + "t/BK-0017/L2601/"
        saved_list = json.loads((site / "districts" / "district-0-0" / "offline.json").read_text("utf-8"))
        assert "../../t/BK-0017/L2601/" in saved_list["pages"], "saving a district keeps the lot pages its QR codes open"
        context, page, _ = controlled_page(browser, url + "districts/district-0-0/")
        page.locator("[data-ocop-save] button").click()
        page.locator("[data-ocop-save] [role=status]", has_text="Khoảng").wait_for()
        page.locator("[data-ocop-save] button").click()
        page.locator("[data-ocop-save] [role=status]", has_text="Đã lưu").wait_for(timeout=60_000)

        context.set_offline(True)  # before the recall: the saved copy, which says how old it is
        page.goto(lot)
        assert page.locator("h1").inner_text() == "Mật ong bạc hà BK-0017"
        note = page.locator("[data-ocop-saved]")
        assert note.is_visible() and "Bản đã lưu trên máy, được tạo ngày 18 tháng 11, 2026" in note.inner_text()
        assert page.locator("#recall").count() == 0
        assert "Chưa có thông báo thu hồi nào đối với lô này tính đến ngày 18 tháng 11, 2026" in page.locator(
            "#recall-status").inner_text()

        write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + LOT + RECALL)  # the lot is recalled
        assert run_ocop(project, "build", "--quiet", "--site-dir", str(site))[0] == 0
        context.set_offline(False)  # the next visit with a network: the fresh page, not the saved one
        page.goto(lot)
        banner = page.locator("#recall")
        assert banner.is_visible() and "Lô này đã bị thu hồi ngày 5 tháng 3, 2026" in banner.inner_text()
        assert not page.locator("[data-ocop-saved]").is_visible()

        context.set_offline(True)  # and the fresh copy has replaced the saved one, in the saved district too
        saved = page.evaluate("""async (lot) => {
            const names = (await caches.keys()).filter((name) => name.startsWith('saved-'));
            const copies = await Promise.all(names.map(async (name) => (await caches.open(name)).match(lot)));
            return Promise.all(copies.filter(Boolean).map((copy) => copy.text()));
        }""", lot)
        assert len(saved) == 1 and 'id="recall"' in saved[0]
        page.goto(lot)
        assert page.locator("#recall").is_visible() and page.locator("[data-ocop-saved]").is_visible()
        context.close()
