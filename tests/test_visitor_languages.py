"""A catalogue in vi, en, zh, ko and ja as its visitors see it: pages, alternates, QR page offers, search.

Search: Pagefind's extended build splits Chinese and Japanese into words.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.dev.generate import generate
from conftest import PRODUCT_YAML, REPO, needs_chromium, read_sitemaps, run_ocop, served, write_product
from conftest import search as search_page

pytestmark = needs_chromium

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
def site(tmp_path_factory) -> Path:
    project = generate(tmp_path_factory.mktemp("cjk") / "project", 6, languages=("vi", "en", "zh", "ko", "ja"),
                       photo_size=(320, 240), search=True, project_root=REPO)
    write_product(project, "HG-0001", HONEY_ZH)
    write_product(project, "HG-0002", TEA_ZH)
    assert run_ocop(project, "build", "--quiet")[0] == 0
    return project / "site"


@pytest.fixture(scope="module")
def site_url(site):
    with served(site) as url:
        yield url


def search(browser, url: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(url)
    found = search_page(page, query)
    page.close()
    return found


def test_searching_a_word_inside_a_chinese_name_finds_it(browser, site_url):
    assert search(browser, site_url + "zh/", "蜂蜜") == ["苗旺薄荷蜂蜜"]
    assert search(browser, site_url + "zh/", "古树茶") == ["雪山古树茶"]


def test_searching_a_word_inside_a_japanese_name_finds_it(browser, site_url):
    assert search(browser, site_url + "ja/", "はちみつ") == ["苗旺のミントはちみつ"]


def test_a_chinese_product_page_speaks_chinese_and_marks_what_falls_back(site):
    html = (site / "zh" / "products" / "mat-ong-bac-ha-mieu-vuong" / "index.html").read_text("utf-8")
    assert '<html lang="zh-Hans"' in html
    assert "<h1>苗旺薄荷蜂蜜</h1>" in html or ">苗旺薄荷蜂蜜<" in html
    assert "产品介绍" in html and "认定决定编号" in html and "2025年1月15日" in html
    # the description has no Chinese yet: Vietnamese, marked, with the note in Chinese
    assert '<div lang="vi" class="ocop-fallback"><p>Mật ong <strong>thơm</strong>.</p>' in html
    assert "（尚未翻译）" in html or "(尚未翻译)" in html


def test_alternates_and_sitemap_name_every_language_with_zh_hans(site):
    html = (site / "ko" / "t" / "HG-0001" / "index.html").read_text("utf-8")
    for tag, prefix in (("vi", ""), ("en", "en/"), ("zh-Hans", "zh/"), ("ko", "ko/"), ("ja", "ja/")):
        assert f'hreflang="{tag}"' in html
    assert '<html lang="ko">' in html and "인정 결정 번호" in html and "2028년 1월 15일까지 유효" in html
    sitemap = read_sitemaps(site)
    entry = sitemap.split("products/mat-ong-bac-ha-mieu-vuong/</loc>")[1].split("</url>")[0]
    assert 'hreflang="zh-Hans" href="https://ocop.example.vn/zh/products/mat-ong-bac-ha-mieu-vuong/"' in entry
    assert [line.split('hreflang="')[1].split('"')[0] for line in entry.splitlines() if "hreflang" in line] == \
        ["vi", "en", "zh-Hans", "ko", "ja"]
    assert 'xml:lang="zh-Hans"' in (site / "zh" / "feed.xml").read_text("utf-8")
    switcher = (site / "ja" / "products" / "mat-ong-bac-ha-mieu-vuong" / "index.html").read_text("utf-8")
    assert 'hreflang="zh-Hans" lang="zh-Hans" class="md-select__link"' in switcher and "简体中文" in switcher


def offer(browser, url: str, locale: str):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(url)
    found = page.locator("[data-ocop-offer]")
    result = (found.get_attribute("data-ocop-offer"), found.get_attribute("lang"), found.inner_text()) \
        if found.count() else None
    context.close()
    return result


@pytest.mark.parametrize("locale, expected", [
    ("zh-TW", ("zh", "zh-TW", "→ 本頁面提供簡體中文版本")),
    ("zh-HK", ("zh", "zh-HK", "→ 本頁面提供簡體中文版本")),
    ("zh-CN", ("zh", "zh-Hans", "→ 本页面有简体中文版本")),
    ("ko-KR", ("ko", "ko", "→ 이 페이지는 한국어로도 볼 수 있습니다")),
    ("ja-JP", ("ja", "ja", "→ このページは日本語でもご覧いただけます")),
])
def test_the_qr_page_offers_every_language_and_says_zh_is_simplified(browser, site_url, locale, expected):
    assert offer(browser, site_url + "t/HG-0001/", locale) == expected


def test_no_offer_in_the_page_own_language(browser, site_url):
    assert offer(browser, site_url + "zh/t/HG-0001/", "zh-TW") is None


def og_image(html: str) -> str:
    return html.split('<meta property="og:image" content="')[1].split('"')[0]


def test_a_translated_name_gets_a_share_card_in_that_language(site):
    page = lambda prefix, slug: (site / prefix / "products" / slug / "index.html").read_text("utf-8")
    vi, zh = og_image(page("", "mat-ong-bac-ha-mieu-vuong")), og_image(page("zh", "mat-ong-bac-ha-mieu-vuong"))
    assert vi != zh and (site / "img" / zh.rsplit("/", 1)[1]).is_file()
    # no Korean name: the Korean page shares the Vietnamese card
    assert og_image(page("ko", "che-shan-tuyet")) == og_image(page("", "che-shan-tuyet"))
