"""The sample site on a phone and for everyone: widths, photo sizes, axe-core,
the keyboard, and the Content-Security-Policy, in Debian's headless Chromium."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import needs_chromium, search, served

pytestmark = needs_chromium

# One page of every kind, in both languages where they differ.
PAGES = {
    "home": "", "home, English": "en/",
    "product": "products/mien-dong-na-ri/", "product, English": "en/products/mien-dong-na-ri/",
    "revoked product": "en/products/mach-nha-mo-duc/",
    "district": "districts/na-ri/", "district, English": "en/districts/dong-van/",
    "group": "groups/food/", "stars": "en/stars/4/",
    "point of sale": "points-of-sale/dv-sunday-market/", "point of sale, English": "en/points-of-sale/dv-sunday-market/",
    "districts index": "districts/", "groups index": "en/groups/", "stars index": "stars/",
    "points of sale index": "points-of-sale/", "season": "season/", "a month's season, English": "en/season/1/",
    "QR page": "t/BK-0001/", "QR page, English": "en/t/BK-0001/", "revoked QR page": "t/QN-0005/",
    "lot": "t/BK-0001/L2412/", "lot, English": "en/t/BK-0001/L2412/",
    "hand-written": "about-ocop/", "hand-written, English": "en/about-ocop/", "not found": "404.html",
    "recalled lot": "t/HG-0007/TGM2610/", "recalled lot, Japanese": "ja/t/HG-0007/TGM2610/",
    "product with allergens and nutrition": "en/products/banh-quy-tam-giac-mach-dong-van/",
    "QR page with allergens and nutrition": "ko/t/QN-0006/",
    "offline page": "offline/", "offline page, Chinese": "zh/offline/", "office's expiry list": "office/expiring/",
}
PHONES = (320, 360, 414)

# The width the page's `sizes` promises for each photo, next to the width it is laid out at.
PHOTO_WIDTHS = """() => [...document.querySelectorAll('img[sizes]')].map(img => {
  let value = null;
  for (const part of img.sizes.split(/,(?![^(]*\\))/)) {
    const m = part.trim().match(/^(\\([^)]*\\))?\\s*(.+)$/);
    if (!m[1] || matchMedia(m[1]).matches) { value = m[2]; break; }
  }
  const probe = document.createElement('div');
  probe.style.position = 'absolute'; probe.style.width = value;
  document.body.appendChild(probe);
  const promised = probe.getBoundingClientRect().width;
  probe.remove();
  return {laid_out: img.getBoundingClientRect().width, promised, sizes: img.sizes};
})"""


@pytest.fixture(scope="module")
def site(sample_site):
    with served(sample_site) as url:
        yield url


@pytest.mark.parametrize("width", PHONES)
def test_no_page_is_wider_than_a_phone(browser, site, width):
    page = browser.new_page(viewport={"width": width, "height": 740})
    too_wide = {}
    for kind, path in PAGES.items():
        page.goto(site + path)
        page.wait_for_load_state("load")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[kind] = scroll_width
        menu = page.locator(".md-select button")
        if menu.count():  # the language menu, opened, fits as well
            menu.first.focus()
            expect(page.locator(".md-select__inner").first).to_have_css("opacity", "1")  # faded in
            box = page.locator(".md-select__inner").first.bounding_box()
            if box["x"] < 0 or box["x"] + box["width"] > width:
                too_wide[kind + ", language menu open"] = box
            assert page.locator(".md-select__link[hreflang=vi]").first.is_visible()
    page.close()
    assert not too_wide


def test_facts_put_the_label_above_the_value_on_a_phone(browser, site):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(site + "en/products/mien-dong-na-ri/")
    rows = page.evaluate("""() => [...document.querySelectorAll('#specs + dl dt')].map(dt => {
        const dd = dt.nextElementSibling, a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
        return [a.bottom <= b.top + 1, b.width]; })""")
    assert len(rows) >= 5
    assert all(above and width > 250 for above, width in rows)
    page.set_viewport_size({"width": 1280, "height": 800})
    side_by_side = page.evaluate("""() => [...document.querySelectorAll('#specs + dl dt')].map(dt =>
        Math.abs(dt.getBoundingClientRect().top - dt.nextElementSibling.getBoundingClientRect().top) < 2)""")
    assert all(side_by_side)
    page.close()


@pytest.mark.parametrize("width", [320, 360, 414, 600, 800, 1000, 1280, 1600])
def test_photos_promise_the_width_they_are_laid_out_at(browser, site, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    wrong = []
    for path in ("", "products/mien-dong-na-ri/", "districts/na-ri/", "groups/food/", "t/BK-0001/"):
        page.goto(site + path)
        photos = page.evaluate(PHOTO_WIDTHS)
        assert photos, path
        # never smaller than shown (blurry), at most a third larger (wasted bytes on a phone)
        wrong += [(path, p) for p in photos if not p["laid_out"] * 0.95 <= p["promised"] <= p["laid_out"] * 1.34 + 8]
    page.close()
    assert not wrong


@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_no_serious_problem(browser, site, axe_source, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    found = {}

    def check(kind):
        page.evaluate(axe_source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found[(kind, violation["id"])] = [node["target"] for node in violation["nodes"][:3]]

    for kind, path in PAGES.items():
        page.goto(site + path)
        page.wait_for_load_state("load")
        check(kind)
    page.goto(site)
    page.locator("#ocop-search input").fill("mien dong")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    check("search results")
    page.close()
    assert not found


def test_keyboard_skips_to_the_content_and_searches(browser, site):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(site)
    page.keyboard.press("Tab")
    skip = page.locator(".ocop-skip")
    assert page.evaluate("document.activeElement.classList.contains('ocop-skip')")
    expect(skip).to_be_visible()
    expect(skip).to_have_css("opacity", "1")  # once faded in
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "ocop-main"
    for _ in range(40):  # onwards to the search box, from the keyboard alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#ocop-search input')"):
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    assert page.evaluate("document.activeElement.labels.length || document.activeElement.getAttribute('aria-labelledby')")
    page.keyboard.type("mien dong")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.pagefind-ui__result-link')"):
            break
    else:
        pytest.fail("the search results cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    page.keyboard.press("Enter")
    page.wait_for_url("**/products/**")
    assert "Miến dong" in page.locator("h1").first.inner_text()
    page.close()


def test_no_page_fetches_a_sitemap_or_a_missing_file(browser, site):
    """The sitemap is for crawlers: a visitor's page never downloads it (Material fetches
    the sitemap.xml beside every <link rel=alternate>), and nothing a page asks for is missing."""
    pages = {**PAGES, "province": "provinces/thai-nguyen/", "province, English": "en/provinces/thai-nguyen/",
             "provinces index": "en/provinces/", "points of sale index, English": "en/points-of-sale/",
             "kiosk": "kiosk/", "kiosk, English": "en/kiosk/"}
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    requested, missing = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    for kind, path in pages.items():
        requested.clear()
        page.goto(site + path, wait_until="networkidle")
        assert requested, kind
        assert not [url for url in requested if re.search(r"/sitemap[^/]*\.xml", url)], kind
        assert not missing, (kind, missing)
    page.goto(site + "en/")
    feed = page.locator('head link[rel~="alternate"][type="application/atom+xml"]')  # feed readers still find it
    assert feed.get_attribute("href") == "feed.xml"  # en/feed.xml
    context.close()


def test_the_policy_holds_and_the_console_stays_clean(browser, site):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.add_init_script("document.addEventListener('securitypolicyviolation',"
                         " e => console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI))")
    for path in ("t/BK-0001/", "en/t/BK-0001/L2412/", "products/mien-dong-na-ri/", "about-ocop/", "districts/na-ri/"):
        page.goto(site + path)
        page.wait_for_load_state("load")
    page.goto(site)
    search(page, "mien dong")  # every result loaded, with its photo
    # the filter label in the page's language
    assert page.locator(".pagefind-ui__result", has_text="Địa phương: Xã Côn Minh, tỉnh Thái Nguyên").count()
    assert not problems
    # and the policy is enforced: a script slipped into the page does not run, and the page says why
    with page.expect_console_message(lambda message: "CSP script-src" in message.text):
        page.evaluate("""() => { const s = document.createElement('script');
            s.textContent = 'window.slipped = true'; document.body.appendChild(s); }""")
    assert page.evaluate("window.slipped") is None
    context.close()


def test_the_themes_script_waits_for_the_page_and_still_runs(browser, sample_site, site):
    """Material's bundle is deferred (no longer holding up the first paint), and its back-to-top button works."""
    from conftest import wait_in_page

    html = (sample_site / "products" / "mien-dong-na-ri" / "index.html").read_text("utf-8")
    bundles = re.findall(r"<script src=\"[^\"]*bundle\.[^\"]*\.js\"[^>]*>", html)
    assert bundles and all(" defer" in tag for tag in bundles), bundles
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto(site + "products/mien-dong-na-ri/")
    wait_in_page(page, "document.documentElement.classList.contains('js')")  # the bundle swaps no-js for js
    page.mouse.wheel(0, 1500)
    wait_in_page(page, "scrollY > 1000")
    page.mouse.wheel(0, -200)
    page.locator(".md-top").wait_for(state="visible")
    page.close()
