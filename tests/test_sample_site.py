"""The sample catalogue, built and checked page by page, in both languages."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from builder.commands import load_project
from builder.pipeline.build import check
from builder.pipeline.derive import derive
from builder.i18n import Lang
from conftest import REPO, read_sitemaps, run_ocop

LANGS = {"vi": "", "en": "en/"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    site = tmp_path_factory.mktemp("sample") / "site"
    code, _, _ = run_ocop(REPO, "build", "--quiet", "--site-dir", str(site))
    assert code == 0
    project = load_project(REPO)
    problems, catalogue = check(project)
    assert not problems
    return site, derive(catalogue, project)


def card_links(site: Path, first_page: Path) -> set[str]:
    """Product slugs listed on a browse page and the pages after it."""
    slugs, page = set(), first_page
    while page:
        html = page.read_text("utf-8")
        cards = html[html.index("ocop-listing"):]
        slugs |= set(re.findall(r'class="ocop-card__link" href="[./]*(?:en/)?products/([a-z0-9-]+)/"', cards))
        following = re.search(r'<a rel="next" href="([^"]+)"', html)
        page = (page.parent / following.group(1) / "index.html").resolve() if following else None
    return slugs


def test_sample_covers_what_a_province_expects(sample):
    _, model = sample
    items = model.items
    assert len(items) >= 24
    assert len({i.province.id for i in items}) >= 3 and len({i.district.id for i in items}) >= 8
    assert {i.product.group for i in items} == {"food", "beverages", "herbal", "handicrafts", "ornamentals", "tourism"}
    assert {i.product.stars for i in items} == {3, 4, 5}
    assert {"expired", "revoked"} <= {i.status for i in items}
    english = Lang("en", ("vi", "en"))
    assert any(english.is_fallback(i.product.name) for i in items), "one product has no English text"
    assert len(model.points) >= 6 and len({p.kind for p in model.points.values()}) >= 4


def test_every_product_page_in_both_languages(sample):
    site, model = sample
    for item in model.items:
        for code, prefix in LANGS.items():
            html = (site / prefix / "products" / item.slug / "index.html").read_text("utf-8")
            assert f'<html lang="{code}"' in html
            data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
            assert data["hasCertification"]["certificationRating"]["ratingValue"] == item.product.stars
            assert f"ocop-status--{item.status}" in html
            assert item.product.certificate.number in html
            assert len(html.encode()) < 60_000
            assert (site / prefix / "t" / item.id / "index.html").is_file()


def test_untranslated_product_shows_vietnamese_marked_as_such(sample):
    site, model = sample
    english = Lang("en", ("vi", "en"))
    for item in [i for i in model.items if english.is_fallback(i.product.name)]:
        html = (site / "en" / "products" / item.slug / "index.html").read_text("utf-8")
        assert f'<span lang="vi" class="ocop-fallback">{english.plain(item.product.name)}</span>' in html
        assert "not translated yet" in html


@pytest.mark.parametrize("kind", ["districts", "groups", "stars", "points-of-sale"])
def test_browse_pages_list_exactly_their_products(sample, kind):
    site, model = sample
    expected = defaultdict(set)
    for item in model.items:
        if kind == "districts":
            expected[item.district.id].add(item.slug)
        elif kind == "groups":
            expected[item.product.group].add(item.slug)
        elif kind == "stars":
            expected[str(item.product.stars)].add(item.slug)
        else:
            for point in item.points:
                expected[point.id.lower()].add(item.slug)
    assert expected
    for key, slugs in expected.items():
        for prefix in LANGS.values():
            assert card_links(site, site / prefix / kind / key / "index.html") == slugs, (prefix, kind, key)


def test_home_open_data_and_sitemap(sample):
    site, model = sample
    for prefix in LANGS.values():
        home = (site / prefix / "index.html").read_text("utf-8")
        assert "ocop-cards" in home and "districts/" in home
    data = json.loads((site / "api" / "products.json").read_text("utf-8"))
    assert data["count"] == len(model.items)
    csv_lines = (site / "api" / "products.csv").read_text("utf-8-sig").splitlines()
    assert len(csv_lines) == len(model.items) + 1
    sitemap = read_sitemaps(site)
    for item in model.items:
        assert f"<loc>https://ocop.example.vn/en/products/{item.slug}/</loc>" in sitemap
    assert 'hreflang="en" href="https://ocop.example.vn/en/products/' in sitemap
