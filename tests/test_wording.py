"""What the built sample pages say, read as a visitor reads them, and the
policies every page carries (the pages' templates, locale strings and csp.py)."""
from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import yaml

from builder import csp
from conftest import REPO


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def text_of(markup: str) -> str:
    """The page's visible text, tags dropped and spaces collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_a_point_of_sale_address_is_on_todays_map(sample_site):
    english = text_of(page(sample_site, "en/points-of-sale/dv-sunday-market"))
    assert "Address Dong Van Commune, Tuyen Quang Province Opening hours" in english  # as written: nothing added
    vietnamese = text_of(page(sample_site, "points-of-sale/dv-sunday-market"))
    assert "Địa chỉ Xã Đồng Văn, tỉnh Tuyên Quang Giờ mở cửa" in vietnamese
    assert "Huyện Đồng Văn" not in vietnamese.split("Địa chỉ", 1)[1].split("Giờ mở cửa", 1)[0]
    # an address that does not name today's province gets it
    assert "Cảng Lý Sơn, thôn Đông, đặc khu Lý Sơn, tỉnh Quảng Ngãi" in text_of(page(sample_site, "points-of-sale/ls-port-shop"))


def test_standards_are_named_in_words_in_each_language(sample_site):
    english = text_of(page(sample_site, "en/products/mien-dong-na-ri"))
    vietnamese = text_of(page(sample_site, "products/mien-dong-na-ri"))
    assert "Collective trademark, HACCP" in english
    assert "Nhãn hiệu tập thể, HACCP" in vietnamese
    for built in sample_site.rglob("index.html"):
        assert "collective-trademark" not in text_of(built.read_text("utf-8")), built
    assert "Hữu cơ" in text_of(page(sample_site, "products/tra-hoa-vang-ba-be"))  # "Organic", as the office types it


def search_options(html: str) -> dict:
    """What the page gives the search box's script (static/search.js) to start Pagefind's UI with."""
    return json.loads(re.search(r'<script type="application/json" id="ocop-search-options">(.*?)</script>', html,
                                re.S).group(1))


def test_search_results_label_the_district_in_the_page_language(sample_site):
    vietnamese, english = page(sample_site, ""), page(sample_site, "en")
    assert search_options(vietnamese)["location"] == "Địa phương"  # shown in the browser: test_phone.py
    assert search_options(english)["location"] == "Origin"
    assert 'aria-labelledby="ocop-search-title"' in vietnamese
    # the placeholder is short enough for a phone's search box; that accents are optional is said in full
    assert "Có thể gõ không dấu: “mien dong” tìm ra Miến dong." in text_of(vietnamese)
    assert "Accents are optional" in text_of(english)
    assert 'aria-describedby="ocop-search-hint"' in english


def test_the_qr_code_downloads_are_one_sentence(sample_site):
    english = text_of(page(sample_site, "en/products/mien-dong-na-ri"))
    assert "Download the QR code: SVG · PNG" in english
    assert "(SVG, PNG)" not in english
    assert "Tải mã QR: SVG · PNG" in text_of(page(sample_site, "products/mien-dong-na-ri"))


def test_each_language_carries_its_own_site_name(sample_site):
    names = {"": "Sản phẩm OCOP", "en/": "OCOP Vietnam"}
    for prefix, name in names.items():
        other = next(n for p, n in names.items() if p != prefix)
        for path in ("t/BK-0001", "t/BK-0001/L2412", "products/mien-dong-na-ri", "districts/na-ri", "about-ocop", ""):
            built = page(sample_site, prefix + path)
            title = re.search(r"<title>(.*?)</title>", built, re.S).group(1)
            assert title.endswith(name), (prefix + path, title)
            assert not re.fullmatch(r"(.+) - \1", title.strip()), title  # not "Sản phẩm OCOP - Sản phẩm OCOP"
            assert other not in text_of(built), (prefix + path, other)
    assert '<a href="../../../en/">OCOP Vietnam</a>' in page(sample_site, "en/t/BK-0001")


def test_a_lapsed_certificate_shows_what_the_stars_were(sample_site):
    revoked = page(sample_site, "en/t/QN-0005")
    assert 'class="ocop-status ocop-status--revoked"' in revoked
    stars = re.search(r'<span class="ocop-stars ocop-stars--3 ocop-stars--was"[^>]*aria-label="([^"]+)"', revoked)
    assert stars and "no longer valid" in stars.group(1)
    identity = text_of(revoked.split("<h1>", 1)[1].split("</div>", 1)[0])
    assert re.search(r"was \d★", identity) and "-star OCOP" not in identity
    assert re.search(r"từng đạt \d★", text_of(page(sample_site, "t/QN-0005")))
    assert "ocop-stars--3 ocop-stars--was" in page(sample_site, "en/stars/3")  # its card on the list, too
    valid = page(sample_site, "en/t/BK-0001")
    assert "ocop-stars--was\"" not in valid and "4-star OCOP" in text_of(valid)


def test_a_lot_past_its_best_before_date_says_so(sample_site):
    built_on = "2026-11-18"  # SAMPLE_BUILD_DAY
    assert "This lot is past its best-before date (10 December 2025)." in text_of(page(sample_site, "en/t/BK-0001/L2412"))
    assert "Lô này đã quá hạn sử dụng" in text_of(page(sample_site, "t/BK-0001/L2412"))
    seen = set()
    for product in sorted((REPO / "products").glob("*/product.yaml")):
        data = yaml.safe_load(product.read_text("utf-8"))
        for lot in (data.get("traceability") or {}).get("lots", []):
            past = "best_before" in lot and str(lot["best_before"]) < built_on
            seen.add(past)
            assert ("past its best-before" in page(sample_site, f"en/t/{data['id']}/{lot['lot']}")) == past, lot
    assert seen == {True, False}


def test_every_page_has_a_favicon_that_exists(sample_site):
    assert (sample_site / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    for path in ("t/BK-0001", "en/t/BK-0001/L2412", "products/mien-dong-na-ri", "", "about-ocop"):
        built = page(sample_site, path)
        href = re.search(r'<link rel="icon" href="([^"]+)"', built).group(1)
        assert (sample_site / path / href).resolve() == (sample_site / "favicon.ico").resolve(), path


def test_readme_examples_exist_in_the_sample_catalogue(sample_site):
    readme = (REPO / "README.md").read_text("utf-8")
    ids = set(re.findall(r"\b[A-Z]{2}-\d{4}\b", readme))
    assert ids, "the README shows product ids"
    for product_id in ids:
        assert (REPO / "products" / product_id / "product.yaml").is_file(), product_id
        assert (sample_site / "t" / product_id / "index.html").is_file(), product_id
    for url in re.findall(r"`((?:t|products)/[A-Za-z0-9/-]+/)`", readme):
        if "<" not in url and "ID" not in url:
            assert (sample_site / url / "index.html").is_file(), url
    example = yaml.safe_load(re.search(r"```yaml\n(# yaml-language-server.*?)```", readme, re.S).group(1))
    real = yaml.safe_load((REPO / "products" / example["id"] / "product.yaml").read_text("utf-8"))
    for key in ("name", "group", "stars", "certificate", "location", "standards", "points_of_sale"):
        assert example[key] == real[key], key


def test_every_page_carries_a_content_security_policy(sample_site):
    pages = [p for p in sample_site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 100
    for built in pages:
        markup = built.read_text("utf-8")
        head = markup.split("</head>", 1)[0]
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert policy, built
        assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in head, built
        assert head.index("Content-Security-Policy") < min([head.find(t) for t in ("<script", "<style", "<link")
                                                             if t in head] or [len(head)]), built
        assert "unsafe-inline" not in policy.group(1) and " style=" not in markup, built
        if "01" not in built.relative_to(sample_site).parts:  # GS1 redirects allow nothing at all
            assert csp.policy(markup.replace(policy.group(0), "")) == policy.group(1), built


def test_policy_hashes_inline_scripts_and_styles_but_not_data_blocks():
    page_html = ('<html><head><meta charset="utf-8"><script>run()</script>'
                 '<script type="application/ld+json">{"a": 1}</script><script src="x.js"></script>'
                 '<style>p{color:red}</style></head><body><picture class="ocop-picture ocop-ph-64967a">'
                 '</picture></body></html>')
    out = csp.with_policy(page_html)
    policy = re.search(r'content="([^"]+)"', out).group(1)
    assert csp.source_hash("run()") in policy and csp.source_hash('{"a": 1}') not in policy
    assert csp.source_hash("p{color:red}") in policy
    assert "<style>.ocop-ph-64967a{background:#64967a}</style>" in out
    assert csp.source_hash(".ocop-ph-64967a{background:#64967a}") in policy
    assert out.index("Content-Security-Policy") < out.index("<script>")


def test_policy_hashes_each_inline_script_whole_up_to_its_own_closing_tag():
    first, second = "if (a < b && c<d) { el.innerHTML = '<b>x</b>'; }", "x()"
    page_html = (f'<html><head><meta charset="utf-8"><script>{first}</script>\n<script defer>{second}</script>'
                 '<style>a<b{}</style></head><body><scripts>not a script</scripts></body></html>')
    policy = re.search(r'content="([^"]+)"', csp.with_policy(page_html)).group(1)
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert script_src == " ".join(["script-src 'self' 'wasm-unsafe-eval'",
                                   *sorted([csp.source_hash(first), csp.source_hash(second)])])
    assert csp.source_hash("a<b{}") in policy


def test_a_broken_address_says_so_in_every_language_and_leads_home(sample_site):
    html = (sample_site / "404.html").read_text("utf-8")
    assert '<section lang="vi" class="ocop-not-found"><h1>Không tìm thấy trang này</h1>' in html
    assert '<a href="/en/">Go to the home page</a>' in html
    assert html.count('class="ocop-not-found"') == 5  # vi, en, zh, ko, ja
    assert "404 - Not found" not in html
