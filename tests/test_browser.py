"""Browser behaviour in real headless Chromium (Debian's), served on 127.0.0.1."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import PRODUCT_YAML, needs_chromium, run_ocop, search, served, write_product

pytestmark = needs_chromium

# Every navigation a page starts (a link followed, a script's redirect), logged across the site's pages:
# a page that redirects does so from its inline script, before its load event.
LOG_NAVIGATIONS = """navigation.addEventListener('navigate', event => sessionStorage.setItem('navigations',
    (sessionStorage.getItem('navigations') || '') + event.destination.url + ' '))"""


@pytest.fixture(scope="module")
def site_url(template_project, tmp_path_factory):
    project = tmp_path_factory.mktemp("browser") / "project"
    shutil.copytree(template_project, project, ignore=shutil.ignore_patterns("site", ".ocop-cache"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("search: false", "search: true"))
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017"))
    from builder import search_box
    shard_size, search_box.PRODUCTS_PER_SHARD = search_box.PRODUCTS_PER_SHARD, 4  # split the index as a big catalogue would
    try:
        assert run_ocop(project, "build", "--quiet")[0] == 0
    finally:
        search_box.PRODUCTS_PER_SHARD = shard_size
    assert (project / "site" / "pagefind-2" / "pagefind-entry.json").is_file()
    with served(project / "site") as url:
        yield url


def test_status_turns_expired_when_the_date_passes(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=dt.datetime(2028, 2, 1, 12, 0))  # the certificate expires 2028-01-15
    page.goto(site_url + "t/BK-0017/")
    status = page.locator(".ocop-status").first
    assert "Chứng nhận OCOP đã hết hạn" in status.inner_text()
    assert "ocop-status--expired" in status.get_attribute("class")
    assert "Tình trạng kiểm tra lúc xem trang" in status.inner_text()
    context.close()


def test_the_page_script_and_the_build_judge_every_day_alike(browser, site_url):
    """The script applies the build's own rule (builder/status.py), carried by the page as data."""
    from builder.status import CertificateDates

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "t/BK-0017/")
    box = page.locator("[data-ocop-status]").first
    dates = CertificateDates(*(dt.date.fromisoformat(box.get_attribute(f"data-{name}")) for name in ("issued", "expires")))
    context.close()
    context = browser.new_context()
    for day in (dates.issued - dt.timedelta(days=1), dates.issued, dates.expires, dates.expires + dt.timedelta(days=1)):
        page = context.new_page()
        page.clock.install(time=dt.datetime(day.year, day.month, day.day, 12, 0))
        page.goto(site_url + "t/BK-0017/")
        assert page.locator("[data-ocop-status]").first.get_attribute("data-status") == dates.status_on(day), day
        page.close()
    context.close()


def test_without_script_the_page_says_as_of(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "t/BK-0017/")
    text = page.locator(".ocop-status").first.inner_text()
    assert "Chứng nhận OCOP còn hiệu lực" in text and "Tình trạng tính đến ngày" in text
    context.close()


def test_qr_page_offers_the_browser_language_and_remembers_it(browser, site_url):
    context = browser.new_context(locale="en-GB")
    context.add_init_script(LOG_NAVIGATIONS)
    page = context.new_page()
    page.goto(site_url + "t/BK-0017/")
    offer = page.locator("[data-ocop-offer=en] a")
    assert offer.is_visible()
    offer.click()
    page.wait_for_url("**/en/t/BK-0017/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(site_url + "t/BK-0017/")  # scanned again: the choice is remembered
    page.wait_for_url("**/en/t/BK-0017/")
    page.evaluate("sessionStorage.removeItem('navigations')")
    page.locator("[data-ocop-lang=vi]").click()  # and can be undone, without a loop
    page.wait_for_url(site_url + "t/BK-0017/")  # loaded: its script has decided
    assert page.evaluate("sessionStorage.getItem('navigations')").split() == [site_url + "t/BK-0017/"], \
        "the Vietnamese page stays, sending the visitor nowhere"
    assert page.url == site_url + "t/BK-0017/"
    context.close()


def test_language_switcher_keeps_the_product(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "products/mat-ong-bac-ha-bk-0017/")
    page.locator(".md-select__link[hreflang=en]").dispatch_event("click")
    page.wait_for_url("**/en/products/mat-ong-bac-ha-bk-0017/")
    assert page.locator("h1").first.inner_text() == "Mint honey BK-0017"
    page.close()


def test_search_without_diacritics(browser, site_url):
    page = browser.new_page()
    page.goto(site_url)
    found = search(page, "dong van")  # generated products of Đồng Văn sit in several index shards
    assert any("Đồng Văn" in text for text in found)  # its products, and those made there

    page.locator("#ocop-search input").fill("mat ong bac ha")
    result = page.locator(".pagefind-ui__result-link", has_text="Mật ong bạc hà").first
    result.wait_for(timeout=10_000)
    assert "Mật ong" in result.inner_text()
    result.click()
    page.wait_for_url("**/products/**")
    assert "Mật ong" in page.locator("h1").first.inner_text()
    page.close()


def test_search_box_fetches_pagefind_on_first_use_only(browser, site_url):
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url, wait_until="networkidle")
    assert not [url for url in requested if "/pagefind" in url], "nothing of the search before it is used"
    box = page.locator("#ocop-search input")
    assert box.get_attribute("placeholder") == "Sản phẩm, huyện…"
    box.click()
    page.keyboard.type("mat ong")  # typed while Pagefind's UI arrives: nothing is lost
    result = page.locator(".pagefind-ui__result-link", has_text="Mật ong bạc hà").first
    result.wait_for(timeout=10_000)
    assert page.locator("#ocop-search input").count() == 1
    assert page.evaluate("document.activeElement.matches('.pagefind-ui__search-input')")
    assert page.locator("#ocop-search input").input_value() == "mat ong"
    assert page.locator("#ocop-search input").get_attribute("aria-labelledby") == "ocop-search-title"
    assert any(url.endswith("/pagefind/pagefind-ui.js") for url in requested)
    page.close()


def test_search_box_tries_again_when_pagefind_did_not_arrive(browser, site_url):
    context = browser.new_context(service_workers="block")  # the network is cut here, not in the worker
    page = context.new_page()
    page.route("**/pagefind/pagefind-ui.js", lambda route: route.abort("internetdisconnected"))
    page.goto(site_url, wait_until="networkidle")
    box = page.locator("#ocop-search input")
    with page.expect_event("requestfailed", lambda request: request.url.endswith("/pagefind/pagefind-ui.js")):
        box.click()
    assert box.evaluate("input => input.matches('.ocop-search__start')"), "the plain box stays"
    page.unroute("**/pagefind/pagefind-ui.js")
    box.click()  # the next use
    page.keyboard.type("mat ong")
    page.locator(".pagefind-ui__result-link", has_text="Mật ong bạc hà").first.wait_for(timeout=10_000)
    context.close()


def test_without_script_the_home_page_shows_no_dead_search_box(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    assert page.locator("#ocop-search-title").is_visible()
    assert not page.locator("#ocop-search input").is_visible()
    assert page.locator(".ocop-card").first.is_visible()
    context.close()


def test_keyboard_reaches_the_language_links_on_trace_page(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "t/BK-0017/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('hreflang')")
    assert focused == "en"
    page.close()
