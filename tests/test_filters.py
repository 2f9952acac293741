"""Narrowing the lists: filters (builder/facets.py, files/filters.py, static/filters.js),
seasons (the season: field, the product's strip, <L>season/), near me, and the kiosk's chips.

Browser tests run Debian's Chromium on a generated 1,000-product catalogue and
on the sample, served on 127.0.0.1; expected counts are worked out here from
the catalogue's own fields.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import posixpath
import re
from pathlib import Path

import pytest
import yaml

from conftest import PRODUCT_YAML, REPO, in_chromium, read_sitemaps, run_ocop, served, write_product
from builder.pipeline.build import prepare
from builder.commands import load_project
from builder.dev.generate import generate
from builder.slug import fold

MAY = dt.datetime(2026, 5, 15, 10, 0, 0)


# --- the season: field ---------------------------------------------------------------

def test_a_month_out_of_range_is_an_error_with_its_line(project, capsys):
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + "season: [5, 13]\n")
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    lines = (project / "products" / "BK-0017" / "product.yaml").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("season:"))
    assert code == 1
    assert f"products/BK-0017/product.yaml:{line}: 'season': 13 is not a month" in err
    assert "Traceback" not in err


def test_the_schema_and_the_scaffold_know_the_season():
    schema = json.loads((REPO / "builder" / "schemas" / "product.schema.json").read_text("utf-8"))
    months = schema["properties"]["season"]["items"]
    assert (months["minimum"], months["maximum"]) == (1, 12)
    from builder.scaffold import TEMPLATE

    assert "# season: [5, 6]" in TEMPLATE


# --- the sample: seasons on the pages ---------------------------------------------------

def page_of(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def test_the_product_page_shows_its_season_with_month_names_in_every_language(sample_site):
    marked = {"": ["thg 5", "thg 6"], "en/": ["May", "Jun"], "zh/": ["5月", "6月"], "ko/": ["5월", "6월"],
              "ja/": ["5月", "6月"]}
    for prefix, months in marked.items():
        html = page_of(sample_site, f"{prefix}products/vai-thieu-luc-ngan")
        strip = re.search(r'<ol class="ocop-season"[^>]*>(.*?)</ol>', html, re.S).group(1)
        assert len(re.findall(r"<li", strip)) == 12
        assert re.findall(r'<li class="ocop-season--on">([^<]+)</li>', strip) == months
    assert "Mùa vụ: tháng 5, tháng 6" in page_of(sample_site, "products/vai-thieu-luc-ngan")
    assert 'class="ocop-season"' not in page_of(sample_site, "products/mien-dong-na-ri"), "no season: no strip"


def test_the_season_page_shows_the_whole_year_without_script(sample_site):
    html = page_of(sample_site, "en/season")
    sections = dict(re.findall(r'<section data-month="(\d+)".*?>(.*?)</section>', html, re.S))
    assert sorted(int(m) for m in sections) == list(range(1, 13))
    assert "Luc Ngan lychee" in sections["5"] and "Luc Ngan lychee" in sections["6"]
    assert "Luc Ngan lychee" not in sections["7"]
    assert "Nothing is in season this month." in sections["7"]
    assert "Dong Van ornamental peach tree" in sections["12"] and "Dong Van ornamental peach tree" in sections["1"]
    sitemap = read_sitemaps(sample_site)
    assert "/season/</loc>" in sitemap and 'hreflang="zh-Hans" href="https://' in sitemap
    assert 'href="../../season/"' in page_of(sample_site, "en/groups/food"), "in the navigation"


# --- the filter data -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """A generated 1,000-product catalogue, built."""
    project = generate(tmp_path_factory.mktemp("filters") / "project", 1000, photo_size=(160, 120),
                       project_root=REPO)
    assert run_ocop(project, "build", "--quiet")[0] == 0
    return project


@pytest.fixture(scope="module")
def catalogue(big):
    """The built catalogue's products as the builder derived them (today's province, area, points of sale)."""
    return prepare(load_project(big)).items


def test_the_filter_data_is_one_small_file_per_language_the_same_every_build(big, tmp_path):
    first = {lang: (big / "site" / lang / "filters.json").read_bytes() for lang in ("", "en")}
    assert run_ocop(big, "build", "--quiet", "--site-dir", str(tmp_path / "again"))[0] == 0
    for lang, data in first.items():
        assert (tmp_path / "again" / lang / "filters.json").read_bytes() == data
    data = json.loads(first[""])
    assert len(data["products"]) == 1000
    assert list(data) == sorted(data) and list(data["products"][0]) == sorted(data["products"][0])
    import gzip

    assert len(gzip.compress(first[""], 6)) < 40_000, "about 30 KB gzipped per 1,000 products"
    pages = [p.read_text("utf-8") for p in (big / "site" / "groups").glob("*/index.html")]
    assert all('data-ocop-filters="../../filters.json"' in html for html in pages), "one file for every list"


def test_the_facets_are_the_catalogues_fields(big, catalogue):
    data = {p["u"]: p for p in json.loads((big / "site" / "en" / "filters.json").read_text("utf-8"))["products"]}
    for item in catalogue[:200]:
        p, record = item.product, data[item.slug]
        assert record["g"] == p.group and record["s"] == p.stars and record["p"] == item.place.province.slug
        assert record.get("a") == (item.district.id if item.district else None)
        assert record.get("m", []) == sorted(set(p.season))
        assert record.get("st", []) == sorted({fold(name) for name in p.standards})
        online = bool(p.online) or any(point.kind == "online" for point in item.points)
        assert record.get("o") == (1 if online else None)
        price = p.specs.price
        assert record["pr"] == [price.min, price.max if price.max is not None else price.min]


# --- the season page and the month lists, at 1,000 products ----------------------------------

def card_slugs(html: str) -> list[str]:
    """The products a list's cards open, in order."""
    return re.findall(r'<a class="ocop-card__link" href="[^"]*products/([^/"]+)/"', html)


def month_sections(html: str) -> dict[int, str]:
    return {int(month): body for month, body in re.findall(r'<section data-month="(\d+)".*?>(.*?)</section>', html, re.S)}


def list_pages(site: Path, path: str) -> list[str]:
    """A list's pages, from `path` on, turned by their "next" links as a visitor without script would."""
    pages = []
    while path:
        html = page_of(site, path)
        pages.append(html)
        following = re.search(r'<a rel="next" href="([^"]+)"', html)
        path = posixpath.normpath(posixpath.join(path, following.group(1))) + "/" if following else None
    return pages


def in_season(catalogue, month: int) -> list[str]:
    """The products in season in `month`, in the lists' order."""
    return [item.slug for item in catalogue if month in item.product.season]


@pytest.fixture(scope="module")
def page_size(big) -> int:
    return load_project(big).page_size


def test_the_season_page_shows_a_page_of_each_month_and_links_to_all_of_it(big, catalogue, page_size):
    site = big / "site"
    sections = month_sections(page_of(site, "season"))
    assert sorted(sections) == list(range(1, 13))
    assert any(len(in_season(catalogue, month)) > page_size for month in sections), "a month longer than a page"
    names = ["tháng 1", "tháng 2", "tháng 3", "tháng 4", "tháng 5", "tháng 6", "tháng 7", "tháng 8", "tháng 9",
             "tháng 10", "tháng 11", "tháng 12"]
    for month, section in sections.items():
        want = in_season(catalogue, month)
        assert card_slugs(section) == want[:page_size], f"the first page of month {month}"
        see_all = re.search(r'<p class="ocop-see-all"><a class="md-button" href="([^"]+)">([^<]+)</a>', section)
        if len(want) <= page_size:
            assert see_all is None, f"month {month} is all on the season page"
            continue
        href, text = see_all.groups()
        assert text == f"Xem tất cả {len(want)} sản phẩm vào mùa trong {names[month - 1]} →"
        assert posixpath.normpath(posixpath.join("season/", href)) == f"season/{month}"
        pages = list_pages(site, f"season/{month}/")
        assert len(pages) == math.ceil(len(want) / page_size) > 1
        assert [slug for html in pages for slug in card_slugs(html)] == want, f"month {month}: each product once"
        assert f"<h1>Vào mùa trong {names[month - 1]} <small>· Trang 2</small></h1>" in pages[1]


def test_the_month_lists_are_in_the_sitemap(big):
    sitemap = read_sitemaps(big / "site")
    for month in range(1, 13):
        assert f"<loc>https://ocop.example.vn/season/{month}/</loc>" in sitemap
        assert f'hreflang="en" href="https://ocop.example.vn/en/season/{month}/"' in sitemap
    assert "<loc>https://ocop.example.vn/season/5/page/2/</loc>" in sitemap


def season_page_cards(site: Path) -> tuple[int, int]:
    """The season page's size in bytes and its number of cards."""
    html = page_of(site, "season")
    return len(html.encode("utf-8")), len(card_slugs(html))


def test_the_season_page_does_not_grow_with_the_catalogue(project, tmp_path):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: false\n      page_size: 2"), "utf-8")
    all_year = "season: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n"
    sizes = []
    for start in (100, 130):  # 30 products in season all year, then 30 more
        for n in range(start, start + 30):
            write_product(project, f"BK-{n:04d}", PRODUCT_YAML.format(id=f"BK-{n:04d}") + all_year)
        site = tmp_path / f"site-{start}"
        assert run_ocop(project, "build", "--quiet", "--site-dir", str(site))[0] == 0
        sizes.append(season_page_cards(site))
        assert len(list_pages(site, "season/5/")) == math.ceil((start - 100 + 30) / 2)
    (before, cards_before), (after, cards_after) = sizes
    assert cards_before == cards_after == 12 * 2, "a page of each month: 12 x page_size cards"
    assert after <= before, "30 more products in season every month, not one byte more"


# --- filters in the browser --------------------------------------------------------------

def expected(items, *, group=None, stars=(), province=None, area=None, price=(), standard=(), online=False,
             month=None) -> int:
    """How many products a list keeps, by the rules of the issue, from the catalogue's fields."""
    def keeps(item):
        p = item.product
        if group and p.group != group:
            return False
        if stars and p.stars not in stars:
            return False
        if province and item.place.province.slug != province:
            return False
        if area and (not item.district or item.district.id != area):
            return False
        if price:
            if not (p.specs and p.specs.price):
                return False
            low, high = p.specs.price.min, p.specs.price.max or p.specs.price.min
            if not any(low <= (top if top is not None else math.inf) and high >= bottom for bottom, top in price):
                return False
        if standard and not {fold(s) for s in p.standards} & {fold(s) for s in standard}:
            return False
        if online and not (p.online or any(point.kind == "online" for point in item.points)):
            return False
        if month and month not in p.season:
            return False
        return True
    return sum(1 for item in items if keeps(item))


@pytest.fixture(scope="module")
def big_url(big):
    with served(big / "site") as url:
        yield url


@pytest.fixture(scope="module")
def sample_url(sample_site):
    with served(sample_site) as url:
        yield url


def ready(page):
    page.wait_for_selector("[data-ocop-filters][data-ready]")


def shown_count(page) -> int:
    text = page.locator(".ocop-filters__summary span").first.inner_text()
    return int(re.sub(r"\D", "", text) or 0)


def option_count(page, name: str, value: str) -> int:
    row = page.locator(f'.ocop-filters__option:has(input[name="{name}"][value="{value}"])')
    return int(re.sub(r"\D", "", row.locator(".ocop-filters__count").inner_text()))


@in_chromium
def test_counts_of_combined_filters_match_the_catalogue(browser, big_url, catalogue):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(big_url + "stars/4/?group=food&price=100000-200000")
    ready(page)
    want = expected(catalogue, stars={4}, group="food", price=[(100_000, 200_000)])
    assert want and shown_count(page) == want
    assert page.locator(".ocop-filters__results > li.ocop-card").count() == min(want, 24)
    # Each choice's count: what ticking it would leave, the other choices kept.
    assert option_count(page, "price", "0-100000") == expected(catalogue, stars={4}, group="food",
                                                               price=[(0, 100_000)])
    assert option_count(page, "group", "herbal") == expected(catalogue, stars={4}, group="herbal",
                                                             price=[(100_000, 200_000)])
    assert page.locator('input[name="stars"]').count() == 0, "no stars filter on a stars list"

    page.goto(big_url + "en/groups/food/?standard=VietGAP&online=1")  # folded: VietGAP is vietgap
    ready(page)
    want = expected(catalogue, group="food", standard=["vietgap"], online=True)
    assert want and shown_count(page) == want
    assert page.locator('input[name="group"]').count() == 0, "no group filter on a group's list"

    province = catalogue[0].place.province.slug
    area = next(item.district.id for item in catalogue if item.place.province.slug == province and item.district)
    page.goto(big_url + f"provinces/{province}/?area={area}&stars=5&stars=3&price=500000-")
    ready(page)
    want = expected(catalogue, province=province, area=area, stars={5, 3}, price=[(500_000, None)])
    assert shown_count(page) == want
    page.close()


@in_chromium
def test_in_season_now_follows_the_visitors_clock(browser, big_url, catalogue):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.clock.set_fixed_time(MAY)
    page.goto(big_url + "groups/herbal/?season=now")
    ready(page)
    assert shown_count(page) == expected(catalogue, group="herbal", month=5) > 0
    page.close()


@in_chromium
def test_the_query_string_keeps_the_filters_and_the_back_button_steps_back(browser, big_url, catalogue):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(big_url + "groups/food/?stars=4")
    ready(page)
    assert page.locator('input[name="stars"][value="4"]').is_checked()
    assert page.locator(".ocop-filters__panel").is_visible(), "opened, to show what is chosen"
    page.locator('input[name="online"][value="1"]').check()
    page.wait_for_url("**/groups/food/?stars=4&online=1")
    assert shown_count(page) == expected(catalogue, group="food", stars={4}, online=True)
    page.go_back()
    page.wait_for_url("**/groups/food/?stars=4")
    assert not page.locator('input[name="online"]').is_checked()
    assert shown_count(page) == expected(catalogue, group="food", stars={4})
    page.go_forward()
    page.wait_for_url("**/groups/food/?stars=4&online=1")
    assert page.locator('input[name="online"]').is_checked()
    page.get_by_role("button", name="Xóa bộ lọc").click()
    page.wait_for_url("**/groups/food/")
    assert page.locator("[data-ocop-list]").is_visible() and page.locator(".ocop-filters__results").is_hidden()
    page.close()


@in_chromium
def test_a_months_list_is_a_filtered_list_reached_from_the_season_page(browser, big_url, catalogue, page_size):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.clock.set_fixed_time(MAY)
    page.goto(big_url + "season/")
    may = page.locator("section[data-month]:visible")
    assert may.count() == 1 and may.get_attribute("data-month") == "5"
    assert may.locator(".ocop-card").count() == page_size
    want = in_season(catalogue, 5)
    may.get_by_role("link", name=f"Xem tất cả {len(want)} sản phẩm vào mùa trong tháng 5").click()
    page.wait_for_url("**/season/5/")
    seen = []
    while True:  # every page of the month, by its "next" link
        seen += [re.search(r"products/([^/]+)/$", href).group(1)
                 for href in page.locator("[data-ocop-list] .ocop-card__link").evaluate_all("links => links.map(a => a.href)")]
        following = page.locator("[data-ocop-list] .ocop-pager a[rel=next]")
        if not following.count():
            break
        following.click()
        page.wait_for_url(f"**/season/5/page/{len(seen) // page_size + 1}/")
    assert seen == want

    page.goto(big_url + "season/5/?group=herbal&stars=5")
    ready(page)
    assert shown_count(page) == expected(catalogue, group="herbal", stars={5}, month=5) > 0
    assert option_count(page, "group", "food") == expected(catalogue, group="food", stars={5}, month=5)
    assert page.locator('input[name="season"]').count() == 0, "no season filter on a month's list"
    page.close()


@in_chromium
def test_an_empty_result_says_so_and_offers_to_clear(browser, sample_url):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(sample_url + "en/groups/tourism/?price=500000-&standard=organic")
    ready(page)
    assert page.locator(".ocop-filters__summary").inner_text().startswith("No products match these filters.")
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_url("**/en/groups/tourism/")
    assert page.locator("[data-ocop-list] .ocop-card").count() > 0
    page.close()


@in_chromium
def test_without_script_the_paged_lists_stay_as_they_are(browser, big_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(big_url + "stars/4/?group=food")
    assert page.locator("[data-ocop-list] .ocop-card").count() == 48
    assert page.locator(".ocop-pager a[rel=next]").is_visible()
    assert page.locator("[data-ocop-filters]").is_hidden()
    page.goto(big_url + "season/")
    assert page.locator("section[data-month]:visible").count() == 12
    context.close()


@in_chromium
def test_the_sample_in_may(browser, sample_url):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.clock.set_fixed_time(MAY)
    page.goto(sample_url + "groups/food/?season=now")
    ready(page)
    assert page.locator(".ocop-filters__results .ocop-card__name").all_text_contents() == ["Vải thiều Lục Ngạn"]
    page.goto(sample_url + "en/season/")
    visible = page.locator("section[data-month]:visible")
    assert visible.count() == 1 and visible.get_attribute("data-month") == "5"
    assert "Luc Ngan lychee" in visible.inner_text()
    page.get_by_role("button", name="Show the whole year").click()
    assert page.locator("section[data-month]:visible").count() == 12
    page.close()


# --- near me ------------------------------------------------------------------------------------

def haversine(a, b) -> float:
    (lat1, lon1), (lat2, lon2) = (map(math.radians, a), map(math.radians, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


LUC_NGAN = {"latitude": 21.38, "longitude": 106.55}


@in_chromium
def test_near_me_orders_points_of_sale_by_distance(browser, sample_url):
    points = {p["id"]: p for p in yaml.safe_load((REPO / "catalogue" / "points_of_sale.yaml").read_text("utf-8"))}
    context = browser.new_context(geolocation=LUC_NGAN, permissions=["geolocation"], locale="en-GB",
                                  viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(sample_url + "en/points-of-sale/")
    listed = page.locator("[data-ocop-near-lists] li[data-point]").evaluate_all("items => items.map(i => i.dataset.point)")
    page.get_by_role("button", name="Near me").click()
    page.wait_for_selector(".ocop-near__sorted")
    here = (LUC_NGAN["latitude"], LUC_NGAN["longitude"])
    placed = sorted((p for p in listed if points[p].get("coordinates")), key=lambda p: haversine(here, points[p]["coordinates"]))
    want = placed + [p for p in listed if not points[p].get("coordinates")]
    rows = page.locator(".ocop-near__sorted > li")
    assert rows.evaluate_all("items => items.map(i => i.dataset.point)") == want
    nearest = haversine(here, points[want[0]]["coordinates"])
    assert rows.first.locator(".ocop-near__km").inner_text() == f"{nearest:.1f} km".replace(".0 km", " km")
    assert rows.last.locator(".ocop-near__km").inner_text() == "no map position"
    assert page.locator("[data-ocop-near-lists]").is_hidden()
    assert "sent nowhere" in page.locator(".ocop-near [role=status]").inner_text()
    context.close()


@in_chromium
def test_near_me_on_an_area_page_and_a_denied_location(browser, sample_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})  # no permission: denied
    page = context.new_page()
    page.goto(sample_url + "districts/luc-ngan/")
    before = page.locator("[data-ocop-near-lists]").inner_text()
    page.get_by_role("button", name="Gần tôi").click()
    page.wait_for_selector(".ocop-near [role=status]:has-text('Không lấy được vị trí')")
    assert page.locator("[data-ocop-near-lists]").is_visible()
    assert page.locator("[data-ocop-near-lists]").inner_text() == before
    assert page.locator(".ocop-near__sorted").count() == 0
    context.close()


# --- accessibility, with the filters open ---------------------------------------------------------

@in_chromium
@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_no_serious_problem_with_the_filters_open(browser, sample_url, axe_source, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    found = {}
    for path in ("groups/food/?stars=4", "en/provinces/bac-ninh/?price=0-100000", "en/points-of-sale/",
                 "season/", "en/season/1/?group=herbal", "products/vai-thieu-luc-ngan/"):
        page.goto(sample_url + path)
        page.wait_for_load_state("load")
        if page.locator("[data-ocop-filters]").count():
            ready(page)
            if page.get_attribute(".ocop-filters__toggle", "aria-expanded") != "true":
                page.click(".ocop-filters__toggle")
        page.evaluate(axe_source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found[(path, violation["id"])] = [node["target"] for node in violation["nodes"][:3]]
    page.close()
    assert not found


# --- the kiosk's chips -------------------------------------------------------------------------------

@in_chromium
def test_the_kiosk_filters_with_chips_until_the_idle_reset(browser, sample_url):
    products = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((REPO / "products").glob("*/product.yaml"))]
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, has_touch=True, service_workers="block")
    page = context.new_page()
    page.goto(sample_url + "en/kiosk/?idle=3")
    page.wait_for_selector("body.k-ready")
    page.locator('[data-k-tab="all"]').tap()
    page.locator('[data-k-chip="stars"][data-k-value="5"]').tap()
    page.wait_for_selector('[data-k-chip="stars"][data-k-value="5"][aria-pressed="true"]')
    tiles = page.locator(".k-tile[data-k-product]")
    five = sum(1 for p in products if p["stars"] == 5)
    assert tiles.count() == five and page.locator("[data-k-list-title]").inner_text() == f"All products ({len(products)}) · {five} products"
    page.locator('[data-k-chip="group"][data-k-value="food"]').tap()
    page.wait_for_selector('[data-k-chip="group"][data-k-value="food"][aria-pressed="true"]')
    assert sorted(t.get_attribute("data-k-product") for t in tiles.all()) == sorted(
        p["id"] for p in products if p["stars"] == 5 and p["group"] == "food")
    page.locator("[data-k-attract]").wait_for(state="visible", timeout=8_000)  # idle: start over
    page.locator("[data-k-attract]").tap()
    page.locator('[data-k-tab="all"]').tap()
    page.wait_for_selector('[data-k-chip="stars"][data-k-value="5"]')
    assert page.locator('.k-chip[aria-pressed="true"]').count() == 0
    assert page.locator("[data-k-list-title]").inner_text() == f"All products ({len(products)})", "the whole list again"
    context.close()


@in_chromium
def test_search_results_narrow_by_the_same_filters(browser, sample_url):
    from builder.slug import slugify

    stars = {}
    for path in (REPO / "products").glob("*/product.yaml"):
        product = yaml.safe_load(path.read_text("utf-8"))
        name = product["name"]["vi"] if isinstance(product["name"], dict) else product["name"]
        stars[product.get("slug") or slugify(name)] = product["stars"]
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(sample_url + "en/?stars=4")
    page.locator("#ocop-search input").fill("ly son")
    from playwright.sync_api import expect

    message = page.locator(".pagefind-ui__message")
    expect(message).to_contain_text("result")
    found = int(re.search(r"\d+", message.inner_text()).group())
    results = page.locator(".pagefind-ui__result")
    expect(results).to_have_count(min(found, 5))  # Pagefind shows five, then "load more"
    slugs = [re.search(r"/products/([^/]+)/", link).group(1)
             for link in results.locator("a.pagefind-ui__result-link").evaluate_all("links => links.map(a => a.href)")]
    kept = [slug for slug in slugs if stars[slug] == 4]
    assert kept and len(kept) < len(slugs), "some results kept, some left out"
    expect(page.locator(".pagefind-ui__result:visible")).to_have_count(len(kept))
    visible = page.locator(".pagefind-ui__result:visible a.pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.href)")
    assert [re.search(r"/products/([^/]+)/", link).group(1) for link in visible] == kept
    expect(page.locator(".ocop-filters__summary span").first).to_have_text(f"{len(kept)} products" if len(kept) > 1
                                                                           else "1 product")
    page.close()


def test_a_saved_district_keeps_the_filter_data(sample_site):
    saved = json.loads((sample_site / "en" / "districts" / "luc-ngan" / "offline.json").read_text("utf-8"))
    assert {"../../../en/filters.json", "../../../assets/ocop-filters.js"} <= set(saved["files"])
    assert "fresh(event)" in (sample_site / "sw.js").read_text("utf-8")
