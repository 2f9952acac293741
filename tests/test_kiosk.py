"""The trade-fair kiosk (builder/kiosk/, static/kiosk/*.js, static/sw-kiosk.js) and ``ocop serve --kiosk``.

Browser tests run Debian's Chromium with a touch screen on the site served by
``ocop serve --kiosk`` on 127.0.0.1.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import LIST_WORKER_REGISTRATIONS, PRODUCT_YAML, run_ocop, wait_in_page, wait_until, write_product
from conftest import in_chromium

from builder.serve import serve_kiosk

DISTRICT = "district-0-0"  # P-00000 and P-00010 in the 12-product template
DISTRICT_PRODUCTS = {"P-00000", "P-00010"}
SCREENS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def kiosk_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and ("kiosk" in p.parts or p.name.startswith("sw"))}


# --- the built files -----------------------------------------------------------------

@pytest.fixture(scope="module")
def built(template_project, tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("kiosk") / "project"
    shutil.copytree(template_project, project, ignore=shutil.ignore_patterns("site", ".ocop-cache"))
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017")  # with addresses the kiosk must not open
                  .replace("district: district-0-0", "district: district-0-9")
                  .replace("  issuer: {vi: UBND tỉnh", "  source: https://vanban.example.vn/123\n  issuer: {vi: UBND tỉnh")
                  .replace("  kind: cooperative\n", "  kind: cooperative\n  website: https://htx.example.vn/\n")
                  + "online:\n  - {name: Shopee, url: 'https://shopee.vn/ocop-bk-0017'}\n")
    assert run_ocop(project, "build", "--quiet")[0] == 0
    return project


def data_of(site: Path, prefix: str = "") -> dict:
    [data] = (site / prefix / "kiosk").glob("data.*.json")
    return json.loads(data.read_text("utf-8"))


def test_one_kiosk_page_per_language_with_its_data(built):
    site = built / "site"
    for prefix, lang in (("", "vi"), ("en/", "en")):
        html = (site / prefix / "kiosk" / "index.html").read_text("utf-8")
        assert f'<html lang="{lang}"' in html
        data = data_of(site, prefix)
        assert data["lang"] == lang and len(data["products"]) == 13
        # featured: true (P-00000, P-00007), with a valid certificate (P-00000's expired in January 2026)
        assert data["featured"] == ["P-00007"]
    english = data_of(site, "en/")
    product = next(p for p in english["products"] if p["id"] == "P-00000")
    assert product["name"].startswith("Đồng Văn Mint honey") and product["qr"] == "t/P-00000/qr.svg"
    assert product["story"] and not any("<" in text or "](" in text for text in product["story"])
    assert all(photo["view"].endswith(".webp") for photo in product["photos"])


def test_the_page_runs_under_a_script_src_self_policy(built):
    """Every script is a file, no style attribute: a Content-Security-Policy script-src 'self' applies."""
    for page in (built / "site" / "kiosk" / "index.html", built / "site" / "en" / "kiosk" / "index.html"):
        html = page.read_text("utf-8")
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts and all(re.search(r'\bsrc="[^"]+"', tag) for tag in scripts)
        assert " style=" not in html and "<style" not in html
        assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"
        assert "http://" not in html and "https://" not in html, "nothing from other hosts, no way out"


def test_an_unchanged_rebuild_leaves_the_kiosk_files_alone_and_builds_are_identical(built, tmp_path):
    site = built / "site"
    before = {path: (site / path).stat().st_mtime_ns for path in kiosk_files(site)}
    assert run_ocop(built, "build", "--quiet")[0] == 0
    assert {path: (site / path).stat().st_mtime_ns for path in kiosk_files(site)} == before
    env = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1795000000"
    try:
        assert run_ocop(built, "build", "--quiet", "--site-dir", str(tmp_path / "a"))[0] == 0
        assert run_ocop(built, "build", "--quiet", "--site-dir", str(tmp_path / "b"))[0] == 0
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH") if env is None else os.environ.update(SOURCE_DATE_EPOCH=env)
    assert kiosk_files(tmp_path / "a") == kiosk_files(tmp_path / "b")


def test_the_offline_list_holds_everything_the_kiosk_shows(built):
    site = built / "site"
    html = (site / "kiosk" / "index.html").read_text("utf-8")
    offline = re.search(r'data-offline="([^"]+)"', html).group(1)
    listed = json.loads((site / offline).read_text("utf-8"))
    assert all((site / path).is_file() for path in listed if not path.endswith("/"))
    assert listed[-2:] == ["kiosk/", "en/kiosk/"], "pages last: a cache holding a page holds all it needs"
    data = data_of(site)
    for product in data["products"]:
        assert product["qr"] in listed
        assert f"img/{product['tile']}" in listed and all(f"img/{photo['view']}" in listed for photo in product["photos"])
    assert "importScripts('sw-kiosk.js');" in (site / "sw.js").read_text()  # the site's one worker, kiosk first
    assert "addEventListener('fetch'" in (site / "sw-kiosk.js").read_text()


def module_folder(site: Path) -> Path:
    [folder] = (site / "kiosk").glob("js.*")
    return folder


IMPORT = re.compile(r"^import \{[^}]*\} from '\./([\w-]+\.js)';$", re.M)


def test_the_script_is_modules_that_import_one_another_and_all_stay_offline(built):
    """Each page runs main.js as a module and preloads the others; every import names a
    module beside it; main.js reaches them all; the offline list holds every one."""
    site = built / "site"
    folder = module_folder(site)
    modules = {path.name for path in folder.glob("*.js")}
    assert {"main.js", "filter-core.js", "offline.js", "certificate.js"} <= modules
    assert not list(site.rglob("kiosk.*.js")), "no classic script where kiosk.js was"
    for page in (site / "kiosk" / "index.html", site / "en" / "kiosk" / "index.html"):
        html = page.read_text("utf-8")
        [script] = re.findall(r"<script\b[^>]*>", html)
        src = re.search(r'\bsrc="([^"]+)"', script).group(1)
        assert 'type="module"' in script and (page.parent / src).resolve() == (folder / "main.js").resolve()
        preloaded = {(page.parent / href).resolve() for href in re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)}
        assert preloaded == {(folder / name).resolve() for name in modules - {"main.js"}}
    reached, queue = set(), ["main.js"]
    while queue:
        name = queue.pop()
        if name not in reached:
            reached.add(name)
            queue += IMPORT.findall((folder / name).read_text("utf-8"))
    assert reached == modules, "every import is a module of the folder, and main.js reaches every module"
    assert "export {ocopFilter};" in (folder / "filter-core.js").read_text("utf-8"), "the lists' comparisons, as a module"
    html = (site / "kiosk" / "index.html").read_text("utf-8")
    listed = json.loads((site / re.search(r'data-offline="([^"]+)"', html).group(1)).read_text("utf-8"))
    assert {f"kiosk/{folder.name}/{name}" for name in modules} <= set(listed)


def test_the_options_choose_what_a_stand_features(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "search: false", "search: false\n      kiosk: {products: [P-00003, P-00005, P-00001], districts: [district-0-1, district-0-3], idle: 120}"),
        "utf-8")
    assert run_ocop(project, "build", "--quiet")[0] == 0
    data = data_of(project / "site")
    assert data["featured"] == ["P-00003", "P-00001"], "in their order; P-00005 is not in the stand's districts"
    assert {p["id"]: p["district"] for p in data["products"]} == {
        "P-00001": "district-0-1", "P-00011": "district-0-1", "P-00003": "district-0-3"}
    assert [d["id"] for d in data["districts"]] == ["district-0-1", "district-0-3"]
    assert 'data-idle="120"' in (project / "site" / "kiosk" / "index.html").read_text("utf-8")


def test_each_address_is_encoded_as_a_qr_code_once_for_every_language(project, monkeypatch):
    """Encoding a QR code takes milliseconds: a catalogue's thousands of addresses are drawn once
    for all the kiosk's languages, not once per language."""
    from functools import lru_cache

    from builder import qr

    encoded = []
    modules = qr._modules.__wrapped__  # a few codes are kept, far fewer than a big catalogue has
    monkeypatch.setattr(qr, "_modules", lru_cache(maxsize=4)(lambda url: encoded.append(url) or modules(url)))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("languages: ['vi', 'en']", "languages: ['vi', 'en', 'ja']"), "utf-8")
    for n in range(3):
        write_product(project, f"BK-00{20 + n}", PRODUCT_YAML.format(id=f"BK-00{20 + n}").replace(
            "  kind: cooperative\n", f"  kind: cooperative\n  website: https://htx{n}.example.vn/\n"))
    assert run_ocop(project, "build", "--quiet")[0] == 0
    websites = [f"https://htx{n}.example.vn/" for n in range(3)]
    assert sorted(url for url in encoded if url in websites) == websites
    for prefix in ("", "en", "ja"):
        shown = {p["id"]: p.get("website") for p in data_of(project / "site", prefix)["products"]}
        assert shown["BK-0020"]["d"] and shown["BK-0020"] != shown["BK-0021"]


def test_photos_at_screen_size_unless_the_offline_copy_would_be_too_big(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from builder.images import ImageSet, Variant
    from builder.kiosk import page as kiosk

    def photo(key: str) -> ImageSet:  # 10, 20 and 40 bytes at 320, 640 and 960 px
        variants = tuple(Variant(f"{key}-{w}.webp", "webp", w, w * 3 // 4) for w in (320, 640, 960))
        for variant, size in zip(variants, (10, 20, 40)):
            (tmp_path / variant.name).write_bytes(b"x" * size)
        return ImageSet(960, 720, variants, "#888")

    items = [SimpleNamespace(id=f"P-{i}", photos=[photo(f"p{i}a"), photo(f"p{i}b")],
                             product=SimpleNamespace(images=["cover", "second"])) for i in range(3)]

    def plan_within(budget: int) -> kiosk.PhotoPlan:
        monkeypatch.setattr(kiosk, "PHOTO_BUDGET", budget)
        return kiosk.photo_plan(items, lambda name: (tmp_path / name).stat().st_size)

    def widths(plan: kiosk.PhotoPlan) -> list[int]:
        return [view.width for _, _, view in plan.shown["P-0"]]

    assert (plan_within(10**6).plan, widths(plan_within(10**6))) == (0, [960, 960])  # 3 × (40 + 40 + 20)
    assert (plan_within(299).plan, widths(plan_within(299))) == (1, [960, 640])  # 3 × (40 + 20 + 20): 240
    assert (plan_within(239).plan, widths(plan_within(239))) == (2, [960])  # 3 × (40 + 20)
    assert (plan_within(179).plan, widths(plan_within(179))) == (3, [960])  # 3 × 40, on the tiles too
    assert plan_within(179).names() == {f"p{i}a-960.webp" for i in range(3)}
    assert (plan_within(119).plan, widths(plan_within(119))) == (4, [640])  # 3 × 20
    assert plan_within(0).plan == 4, "the last plan whatever it weighs"
    assert plan_within(0).size == 60 and plan_within(0).names() == {f"p{i}a-640.webp" for i in range(3)}


def test_unknown_ids_in_the_options_are_reported_with_their_line(project, capsys):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "search: false", "search: false\n      kiosk:\n        products: [NO-SUCH]\n        districts: [atlantis]"), "utf-8")
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    lines = config.read_text("utf-8").splitlines()
    assert code == 1
    assert f"mkdocs.yml:{lines.index('        products: [NO-SUCH]') + 1}: kiosk: products: no product has the ID 'NO-SUCH'" in err
    assert f"mkdocs.yml:{lines.index('        districts: [atlantis]') + 1}: kiosk: districts: 'atlantis'" in err
    assert "Traceback" not in err


# --- ocop serve --kiosk ------------------------------------------------------------------

@contextmanager
def kiosk_served(site: Path):
    """`ocop serve --kiosk` on a built site, in a thread; yields the kiosk's address."""
    stop, ready = threading.Event(), []
    thread = threading.Thread(target=serve_kiosk, args=(site, "127.0.0.1", 0, ready.append, stop), daemon=True)
    thread.start()
    wait_until(lambda: ready, "ocop serve --kiosk to listen")
    try:
        yield ready[0]
    finally:
        stop.set()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def kiosk_url(built):
    with kiosk_served(built / "site") as url:
        yield url


def test_serve_kiosk_serves_the_built_site_as_it_is(built, kiosk_url):
    with urllib.request.urlopen(kiosk_url) as response:
        html = response.read()
    assert html == (built / "site" / "kiosk" / "index.html").read_bytes(), "no reload script added"
    with urllib.request.urlopen(kiosk_url.replace("kiosk/", "sw.js")) as response:
        assert response.read() == (built / "site" / "sw.js").read_bytes(), "the site's own service worker"
        assert response.headers["Content-Type"] == "text/javascript"
    request = urllib.request.Request(kiosk_url + "index.html", data=b"x", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 501, "read-only"


def test_serve_kiosk_needs_a_built_site(tmp_path, capsys):
    assert serve_kiosk(tmp_path, port=0) == 1
    assert "run 'ocop build' first" in capsys.readouterr().err


# --- in Chromium, on a touch screen ---------------------------------------------------------

@pytest.fixture
def touch(browser, kiosk_url):
    """A fresh touch-screen browser profile (its own service worker and caches) and every URL it asked for."""
    contexts, requests = [], []

    def new(size=SCREENS["landscape"]):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=True,
                                      service_workers="allow")
        context.on("request", lambda request: requests.append(request.url))
        context.on("console", lambda message: message.type == "error" and requests.append(f"console: {message.text}"))
        context.on("weberror", lambda error: requests.append(f"error: {error.error}"))
        contexts.append(context)
        return context

    yield new, requests
    for context in contexts:
        context.close()


def tiles(page):
    page.wait_for_selector(".k-tile[data-k-product]")
    return page.locator(".k-tile[data-k-product]")


@in_chromium
def test_the_kiosk_shows_products_and_a_tap_opens_one(touch, kiosk_url):
    new, requests = touch
    page = new().new_page()
    page.goto(kiosk_url)
    shown = tiles(page)
    assert shown.count() >= 2
    first = shown.first
    name = first.locator(".k-tile__name").inner_text()
    assert first.locator(".k-photo").get_attribute("src").endswith(".webp")
    place = first.locator(".k-tile__place").inner_text()
    assert "★" in first.inner_text() and "tỉnh Tuyên Quang" in place and "trước đây" not in place  # today's, short
    first.tap()
    view = page.locator("[data-k-detail]")
    view.wait_for()
    assert view.locator("h1").inner_text() == name
    assert "trước đây: huyện" in view.locator(".k-product__formerly").inner_text()  # the former names, in full
    status = view.locator(".ocop-status")
    assert "ocop-status--valid" in status.get_attribute("class")
    assert "Chứng nhận OCOP còn hiệu lực" in status.inner_text()
    qr = view.locator(".k-qr--big img")
    assert re.search(r"t/P-\d{5}/qr\.svg$", qr.get_attribute("src"))
    wait_in_page(page, "document.querySelector('.k-qr--big img').naturalWidth > 0")
    assert qr.bounding_box()["width"] >= 200, "a QR code a phone reads from a step away"
    assert page.locator("a[href]").count() == 0, "nothing leaves the kiosk"
    page.get_by_role("button", name=re.compile("Quay lại")).tap()
    assert page.locator("[data-k-detail]").is_hidden() and tiles(page).count() >= 2


@in_chromium
def test_addresses_outside_the_kiosk_are_qr_codes(touch, kiosk_url):
    page = touch[0]().new_page()
    page.goto(kiosk_url)
    tiles(page)
    page.get_by_role("button", name="Tất cả sản phẩm").tap()
    page.locator('[data-k-product="BK-0017"]').tap()
    view = page.locator("[data-k-detail]")
    codes = {figure.locator("figcaption").inner_text(): figure for figure in view.locator(".k-qr").all()}
    assert set(codes) == {"Quét mã để mang sản phẩm về điện thoại của bạn", "Xem quyết định công nhận",
                          "Trang web · Quét bằng điện thoại để mở", "Shopee"}
    for caption in ("Shopee", "Xem quyết định công nhận"):
        drawing = codes[caption].locator("svg path")
        assert len(drawing.get_attribute("d")) > 200 and codes[caption].bounding_box()["width"] >= 150
    assert page.locator("a[href]").count() == 0 and "shopee.vn" not in view.inner_text()


@in_chromium
def test_browse_by_district_and_by_group(touch, kiosk_url):
    page = touch[0]().new_page()
    page.goto(kiosk_url)
    tiles(page)
    page.get_by_role("button", name="Khám phá theo địa phương").tap()
    area = page.locator(f'[data-k-district="{DISTRICT}"]').inner_text()
    assert "2 sản phẩm" in area and "Tuyên Quang" in area  # a CLDR plural label; the area's province today
    page.locator(f'[data-k-district="{DISTRICT}"]').tap()
    assert {t.get_attribute("data-k-product") for t in tiles(page).all()} == DISTRICT_PRODUCTS
    page.get_by_role("button", name="Khám phá theo nhóm sản phẩm").tap()
    page.locator('[data-k-group="beverages"]').tap()
    assert page.locator("[data-k-list-title]").inner_text() == "Đồ uống"
    assert tiles(page).count() == 2  # P-00002, P-00003
    page.locator('[data-k-product="P-00003"]').tap()  # a product, in English, then back to its list
    page.get_by_role("button", name="English").tap()
    page.get_by_role("button", name="Back").tap()
    assert page.locator("[data-k-list-title]").inner_text() == "Beverages"
    assert [box["width"] >= 400 for box in (t.bounding_box() for t in tiles(page).all())] == [True, True]


@in_chromium
def test_tiles_are_buttons_in_a_real_list_and_axe_finds_no_serious_problem(touch, kiosk_url, axe_source):
    page = touch[0]().new_page()
    page.goto(kiosk_url)
    tiles(page)
    found = {}

    def check(view):
        assert page.evaluate("""[...document.querySelectorAll('.k-tile')].every(tile =>
            tile.tagName === 'BUTTON' && !tile.hasAttribute('role') && tile.parentElement.tagName === 'LI'
            && tile.parentElement.parentElement.matches('ul[role=list]'))"""), view
        page.evaluate(axe_source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found[(view, violation["id"])] = [node["target"] for node in violation["nodes"][:3]]

    check("start")
    page.get_by_role("button", name="Khám phá theo địa phương").tap()
    page.locator(f'[data-k-district="{DISTRICT}"]').wait_for()
    check("areas")
    page.get_by_role("button", name="Tất cả sản phẩm").tap()
    page.locator('[data-k-product="P-00011"]').wait_for()
    check("all products")
    page.locator('[data-k-product="P-00011"]').focus()  # the keyboard still opens a tile
    page.keyboard.press("Enter")
    page.locator("[data-k-detail]").wait_for()
    check("product")
    assert not found


@in_chromium
def test_idle_brings_back_the_start_screen_in_vietnamese_for_the_same_district(touch, kiosk_url):
    page = touch[0]().new_page()
    page.clock.install()  # the kiosk's idle timer runs on the page's clock, which the test moves on
    page.goto(f"{kiosk_url}?idle=120&district={DISTRICT}")
    assert {t.get_attribute("data-k-product") for t in tiles(page).all()} <= DISTRICT_PRODUCTS
    page.locator('[data-k-product="P-00000"]').tap()
    page.get_by_role("button", name="English").tap()
    wait_in_page(page, "document.documentElement.lang === 'en'")
    view = page.locator("[data-k-detail]")
    assert view.locator("h1").inner_text() == "Đồng Văn Mint honey no. 0", "the open product, now in English"
    view.evaluate("box => box.scrollTop = 500")
    assert view.evaluate("box => box.scrollTop") > 0
    assert page.locator("[data-k-attract]").is_hidden()
    page.clock.fast_forward("02:00")  # two minutes untouched
    page.locator("[data-k-attract]").wait_for(state="visible", timeout=30_000)  # the attract loop
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.locator(".k-attract__hint").inner_text() == "Chạm vào màn hình để bắt đầu"
    assert page.locator(".k-slide .k-photo").count() >= 1
    page.locator("[data-k-attract]").tap()  # wakes the kiosk
    assert page.locator("[data-k-attract]").is_hidden()
    assert page.locator("[data-k-detail]").is_hidden()
    assert page.locator("[data-k-list-title]").inner_text() == "Sản phẩm tiêu biểu"
    assert "Gian hàng Huyện Đồng Văn" in page.locator("[data-k-title]").inner_text()
    assert {t.get_attribute("data-k-product") for t in tiles(page).all()} <= DISTRICT_PRODUCTS
    assert page.locator('[data-k-tab="districts"]').is_hidden(), "a district's stand shows only its district"
    assert page.locator("[data-k-grid]").evaluate("grid => grid.scrollTop") == 0
    assert page.url.endswith(f"?idle=120&district={DISTRICT}")


@in_chromium
def test_after_one_visit_the_kiosk_works_without_a_network(touch, kiosk_url):
    context = touch[0]()
    page = context.new_page()
    page.goto(kiosk_url)
    tiles(page)
    page.locator('[data-k-offline][data-percent="100"]').wait_for(timeout=30_000)
    assert "Sẵn sàng ngoại tuyến (100 %)" in page.locator("[data-k-offline]").inner_text()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    shown = tiles(page)
    wait_in_page(page, "performance.getEntriesByName('kiosk-ready').length > 0")  # the start screen is drawn
    page.locator('[data-k-offline][data-percent="100"]').wait_for(timeout=10_000)  # and knows it is complete
    wait_in_page(page, "[...document.querySelectorAll('.k-tile .k-photo')].every(i => i.complete && i.naturalWidth > 0)")
    assert shown.count() >= 2
    shown.first.tap()
    wait_in_page(page, "document.querySelector('.k-carousel img').naturalWidth > 0"
                       " && document.querySelector('.k-qr--big img').naturalWidth > 0")
    page.get_by_role("button", name="English").tap()  # the other language's data is offline too
    wait_in_page(page, "document.documentElement.lang === 'en'")
    context.set_offline(False)


@in_chromium
def test_a_kiosk_that_went_offline_runs_every_module_from_its_copy(touch, built, kiosk_url):
    """Cut the network once the copy is complete: after a reload every module comes from the
    kiosk's cache (through sw-kiosk.js), the tiles, chips and product view work, no script fails."""
    new, requests = touch
    context = new()
    page = context.new_page()
    page.goto(kiosk_url + "?idle=600")
    tiles(page)
    page.locator('[data-k-offline][data-percent="100"]').wait_for(timeout=30_000)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    answered, failed = [], []
    page.on("response", lambda response: answered.append(response))
    page.on("console", lambda message: message.type == "error" and failed.append(message.location["url"] or message.text))
    page.on("pageerror", lambda error: failed.append(str(error)))
    page.reload()
    shown = tiles(page)
    wait_in_page(page, "performance.getEntriesByName('kiosk-ready').length > 0")
    scripts = page.evaluate("""[...document.querySelectorAll('script, link[rel=modulepreload]')]
        .map((e) => [e.src || e.href, e.type === 'module' || e.rel === 'modulepreload'])""")
    assert scripts and all(module for _, module in scripts), "every script is a module"
    urls = {url for url, _ in scripts}
    assert len(urls) == len(list(module_folder(built / "site").glob("*.js")))
    assert all(page.evaluate("(urls) => Promise.all(urls.map((u) => caches.match(u).then(Boolean)))", sorted(urls)))
    from_copy = {r.url for r in answered if r.url in urls and r.ok and r.from_service_worker}
    assert from_copy == urls, sorted(urls - from_copy)
    page.get_by_role("button", name="Tất cả sản phẩm").tap()  # the chips (chips.js, filter-core.js)
    page.locator("[data-k-chip]").first.tap()
    page.locator("[data-k-clear]").wait_for()
    shown.first.tap()  # the product view (product.js, certificate.js, carousel.js)
    page.locator("[data-k-detail] [data-status]").wait_for()
    context.set_offline(False)
    # The browser's own request for /favicon.ico fails offline; nothing of the kiosk's does.
    assert [url for url in failed if not url.endswith("/favicon.ico")] == []
    assert not [url for url in requests if re.search(r"/kiosk/kiosk\.[0-9a-f]+\.js", url)], "nothing asks for the old script"


@in_chromium
def test_every_request_goes_to_the_local_host(touch, kiosk_url):
    new, requests = touch
    page = new().new_page()
    page.clock.install()
    page.goto(kiosk_url + "?idle=120")
    tiles(page).first.tap()
    page.get_by_role("button", name="English").tap()
    page.get_by_role("button", name="Browse by place").tap()
    page.clock.fast_forward("02:00")  # and then the attract loop, with its photos
    page.locator("[data-k-attract]").wait_for(state="visible", timeout=30_000)
    page.locator('[data-k-offline][data-percent="100"]').wait_for(timeout=30_000)
    origin = kiosk_url.split("/kiosk/")[0] + "/"
    assert requests and all(url.startswith(origin) for url in requests), \
        [url for url in requests if not url.startswith(origin)]  # console errors too (a refused script, a 404)


def test_the_kiosk_pages_are_served_under_a_strict_policy(kiosk_url):
    with urllib.request.urlopen(kiosk_url) as response:
        policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe" not in policy
    with urllib.request.urlopen(kiosk_url.replace("kiosk/", "")) as response:
        assert response.headers["Content-Security-Policy"] is None, "the theme's pages keep their inline scripts"


@in_chromium
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screens_fill_the_display_with_big_touch_targets(touch, kiosk_url, screen, tmp_path):
    """Screenshots of the start screen and a product view (kept in $OCOP_SCREENSHOTS if set)."""
    width, height = SCREENS[screen]
    page = touch[0]((width, height)).new_page()
    page.goto(kiosk_url)
    tiles(page)
    out = Path(os.environ.get("OCOP_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    wait_in_page(page, "[...document.querySelectorAll('.k-tile .k-photo')].every(i => i.complete)")
    page.screenshot(path=str(out / f"kiosk-start-{width}x{height}.png"))
    check_layout(page, width)
    tile = tiles(page).first.bounding_box()
    assert tile["width"] >= 400, "large tiles"
    tiles(page).nth(1).tap()
    page.locator("[data-k-detail]").wait_for()
    wait_in_page(page, "document.querySelector('.k-carousel img').complete")
    page.screenshot(path=str(out / f"kiosk-product-{width}x{height}.png"))
    check_layout(page, width)
    qr = page.locator(".k-qr--big img").bounding_box()
    assert qr["y"] + qr["height"] <= height, "the product's QR code is on screen without scrolling"


def check_layout(page, width: int) -> None:
    small = page.evaluate("""() => [...document.querySelectorAll('button')]
        .filter(b => b.offsetParent !== null)
        .map(b => b.getBoundingClientRect())
        .filter(r => r.width < 48 || r.height < 48).length""")
    assert small == 0, "every touch target is at least 48 px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "nothing wider than the screen"
    assert page.evaluate("getComputedStyle(document.body).userSelect") == "none"
    assert page.evaluate("getComputedStyle(document.documentElement).touchAction") == "pan-x pan-y"


@pytest.fixture(scope="module")
def big_kiosk_url(tmp_path_factory):
    """A 150-product catalogue (small photos), served like a stand's."""
    from builder.dev.generate import generate

    project = generate(tmp_path_factory.mktemp("kiosk-big") / "project", 150, photo_size=(64, 48),
                       project_root=Path(__file__).resolve().parent.parent)
    assert run_ocop(project, "build", "--quiet")[0] == 0
    with kiosk_served(project / "site") as url:
        yield url


@in_chromium
def test_a_long_list_keeps_only_the_rows_on_screen(touch, big_kiosk_url):
    page = touch[0]().new_page()
    page.goto(big_kiosk_url)
    tiles(page)
    page.get_by_role("button", name="Tất cả sản phẩm").tap()
    assert page.locator("[data-k-list-title]").inner_text() == "Tất cả sản phẩm (150)"
    assert page.locator(".k-tile").count() <= 20, "4 columns, the rows on screen and one or two more"
    grid = page.locator("[data-k-grid]")
    grid.evaluate("grid => grid.scrollTop = grid.scrollHeight")
    wait_in_page(page, "document.querySelectorAll('.k-tile').length > 0"
                       " && [...document.querySelectorAll('.k-tile')].some(t => t.getBoundingClientRect().top > 0)")
    last = page.evaluate("[...document.querySelectorAll('.k-tile__name')].map(n => n.textContent)")
    assert len(last) <= 20
    data = page.evaluate("fetch(document.body.dataset.data).then(r => r.json())")
    assert data["products"][-1]["name"] in last, "the end of the list is reachable"


@in_chromium
def test_the_live_preview_shows_the_kiosk_without_an_offline_copy(browser, preview):
    url, _, _ = preview
    context = browser.new_context(has_touch=True)
    context.add_init_script(LIST_WORKER_REGISTRATIONS)
    page = context.new_page()
    page.goto(url + "kiosk/")
    tiles(page)
    wait_in_page(page, "performance.getEntriesByName('kiosk-ready').length > 0")
    page.wait_for_load_state("load")  # drawn and loaded: where the kiosk would start its offline copy
    assert page.evaluate("window.ocopPreview") is True
    assert page.evaluate("window.registeredWorkers") == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    assert page.evaluate("caches.keys().then(k => k.filter(n => n.startsWith('kiosk-')).length)") == 0
    assert page.locator("[data-k-offline]").inner_text() == ""
    context.close()


@in_chromium
def test_the_product_view_names_recalled_lots_first_then_allergens_and_nutrition(browser, sample_site):
    with kiosk_served(sample_site) as url:
        context = browser.new_context(viewport={"width": 1920, "height": 1080}, has_touch=True)
        page = context.new_page()
        page.goto(url.replace("kiosk/", "en/kiosk/"))
        page.locator("[data-k-tab=all]").tap()
        tile = page.locator(".k-tile[data-k-product=HG-0007]")
        # the list draws the rows in sight: swipe down it as a visitor would until the cookies show
        wait_until(lambda: tile.count() or page.locator("[data-k-grid]").evaluate(
            "grid => { grid.scrollTop += grid.clientHeight / 2; return false; }"), "the cookies' tile in the list")
        tile.tap()
        view = page.locator("[data-k-detail]")
        view.wait_for()
        info = view.locator(".k-product__info > *")
        assert "ocop-recall" in info.first.get_attribute("class"), "the recall comes before everything else"
        assert ("Lot TGM2610 was recalled on 15 October 2026: the label left peanuts out of the ingredients"
                in view.locator(".ocop-recall").inner_text())
        allergens = view.locator(".k-allergens .ocop-allergen")
        assert allergens.all_inner_texts() == ["Cereals containing gluten", "Milk", "Eggs", "Peanuts", "Sesame",
                                               "Tree nuts (cashew, walnut…)", "Soybeans"]
        icons = view.locator(".k-allergens .ocop-allergen svg")
        assert icons.count() == 7 and icons.first.bounding_box()["width"] > 10, "each allergen is drawn"
        assert view.locator(".k-allergens p strong").all_inner_texts()[1:] == [
            "wheat flour", "butter", "eggs", "peanuts", "sesame"]
        table = view.locator(".k-nutrition table").inner_text()
        assert "Energy\t2,045 kJ / 488 kcal" in table and "of which saturates\t10.5 g" in table
        assert page.locator("a[href]").count() == 0, "nothing leaves the kiosk"
        context.close()


@in_chromium
def test_a_kiosk_left_running_past_a_certificates_expiry_says_so(touch, kiosk_url):
    """The kiosk checks each status again on the day it shows it, with the build's rule (builder/status.py)."""
    new, _ = touch
    page = new().new_page()
    page.clock.install(time=dt.datetime(2040, 1, 1, 12, 0))  # long after every generated certificate expires
    page.goto(kiosk_url)
    tiles(page).first.tap()
    status = page.locator("[data-k-detail] .ocop-status")
    status.wait_for()
    assert "ocop-status--expired" in status.get_attribute("class")
    assert "Chứng nhận OCOP đã hết hạn" in status.inner_text()
