"""builder/files: the data files beside the pages, as the programs that read them see them."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import jsonschema

from builder.files.sitemap import sitemap_files
from conftest import PRODUCT_YAML, run_ocop, write_product
from conftest import in_chromium, served

# GS1's linkset schema (github.com/gs1/linkset, gs1-linkset-schema.json, Apache-2.0) states
# these rules; the file itself cannot be committed here (the workplace keeps fetched files out of
# commits), so its rules are restated. If a copy is put at shared/gs1-linkset-schema.json, the
# linksets are checked against that file too.
URL = "^https?://[a-zA-z0-9./]+"
GS1_LINKSET_RULES = {
    "type": "object", "required": ["linkset"], "additionalProperties": False,
    "properties": {"linkset": {"type": "array", "items": {
        "type": "object", "required": ["anchor", "itemDescription"], "additionalProperties": False,
        "properties": {"anchor": {"type": "string", "pattern": URL}, "itemDescription": {"type": "string"}},
        "patternProperties": {"(?!(anchor|itemDescription))^([a-z-]+$)|(^https?://[a-zA-z0-9./]+$)": {
            "type": "array", "items": {
                "type": "object", "required": ["href", "title"], "additionalProperties": False,
                "properties": {
                    "href": {"type": "string", "pattern": URL}, "title": {"type": "string"},
                    "hreflang": {"type": "array", "items": {"type": "string", "pattern": r"(^\w{2}$)|(^\w{2}-\w{2}$)"}},
                    "type": {"type": "string", "pattern": r"\w+/[-+.\w]+"},
                    "context": {"type": "array"}, "fwqs": {"type": "boolean"}, "public": {"type": "boolean"}}}}}}}},
}
SHARED_GS1_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "gs1-linkset-schema.json"


def built(project) -> Path:
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017") + "traceability:\n  gtin: \"8938500000010\"\n"
                  "  lots:\n    - lot: L2409\n      produced: 2025-02-01\n")
    assert run_ocop(project, "build", "--quiet")[0] == 0
    return project / "site"


def test_linksets_follow_gs1_and_name_each_language(project):
    site = built(project)
    linkset = json.loads((site / "01" / "08938500000010" / "linkset.json").read_text("utf-8"))
    jsonschema.validate(linkset, GS1_LINKSET_RULES)
    if SHARED_GS1_SCHEMA.is_file():
        jsonschema.validate(linkset, json.loads(SHARED_GS1_SCHEMA.read_text("utf-8")))
    entry = linkset["linkset"][0]
    assert entry["itemDescription"] == "Mật ong bạc hà BK-0017"
    pip = entry["https://gs1.org/voc/pip"]
    assert [(link["hreflang"], link["title"]) for link in pip] == [
        (["vi"], "Mật ong bạc hà BK-0017"), (["en"], "Mint honey BK-0017")]
    assert pip[1]["href"].endswith("/en/products/mat-ong-bac-ha-bk-0017/")
    assert entry["https://gs1.org/voc/defaultLink"][0]["href"] == "https://ocop.example.vn/t/BK-0017/"


def test_the_sample_catalogues_linksets_in_five_languages_follow_gs1(sample_site):
    linksets = sorted((sample_site / "01").glob("*/linkset.json"))
    assert linksets
    for path in linksets:
        linkset = json.loads(path.read_text("utf-8"))
        jsonschema.validate(linkset, GS1_LINKSET_RULES)
        languages = [link["hreflang"][0] for link in linkset["linkset"][0]["https://gs1.org/voc/pip"]]
        assert languages == ["vi", "en", "zh", "ko", "ja"]


def test_a_wrong_linkset_fails_the_rules():
    wrong = {"linkset": [{"anchor": "https://ocop.example.vn/01/1/", "https://gs1.org/voc/pip": [{"href": "https://x.vn/"}]}]}
    try:
        jsonschema.validate(wrong, GS1_LINKSET_RULES)
    except jsonschema.ValidationError:
        return
    raise AssertionError("no itemDescription and no title must fail")


def test_feeds_parse_as_atom_newest_recognition_first(project):
    site = built(project)
    for prefix, language in (("", "vi"), ("en/", "en")):
        feed = feedparser.parse((site / prefix / "feed.xml").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10" and feed.feed.language == language
        published = [entry.published for entry in feed.entries]
        assert published == sorted(published, reverse=True) and len(feed.entries) == 13
        assert feed.entries[0].link.startswith("https://ocop.example.vn/" + prefix + "products/")
    english = feedparser.parse((site / "en" / "feed.xml").read_bytes())
    assert any("Mint honey" in entry.title for entry in english.entries)
    assert "4-star OCOP, decision 123/QĐ-UBND" in english.entries[-1].summary or any(
        "4-star OCOP, decision 123/QĐ-UBND" in entry.summary for entry in english.entries)


def test_a_feed_carries_the_newest_recognitions_and_every_recall(project, tmp_path, monkeypatch):
    from builder.files import feeds

    recalled = PRODUCT_YAML.format(id="BK-0018") + """traceability:
  lots:
    - lot: L1901
      produced: 2019-01-02
      recall: {date: 2019-03-04, reason: "Nhãn thiếu tên chất gây dị ứng", action: "Đổi tại nơi bán"}
"""
    write_product(project, "BK-0018", recalled.replace("Mật ong bạc hà", "Mật ong cũ"))
    whole = feedparser.parse((built(project) / "feed.xml").read_bytes()).entries
    monkeypatch.setattr(feeds, "NEWEST", 5)
    assert run_ocop(project, "build", "--quiet", "--site-dir", str(tmp_path / "short"))[0] == 0
    short = feedparser.parse((tmp_path / "short" / "feed.xml").read_bytes()).entries
    is_recall = [any(tag.term == "recall" for tag in entry.get("tags", [])) for entry in short]
    assert is_recall.count(True) == 1 and is_recall[-1], "the recall is in, dated by the recall: last"
    products = [entry.id for entry in whole if not any(tag.term == "recall" for tag in entry.get("tags", []))]
    assert [entry.id for entry, recall in zip(short, is_recall) if not recall] == products[:5]


def test_feeds_are_dated_by_the_data_not_the_clock(project, tmp_path, monkeypatch):
    site = built(project)
    first = (site / "feed.xml").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # a build on another day
    assert run_ocop(project, "build", "--quiet", "--site-dir", str(tmp_path / "later"))[0] == 0
    updated = re.compile(rb"<updated>[^<]*</updated>")
    assert updated.findall(first) == updated.findall((tmp_path / "later" / "feed.xml").read_bytes())


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_urls(data: bytes) -> dict[str, list[str]]:
    """Each <url>'s loc with the hrefs of its alternates, as a crawler parses them."""
    root = ET.fromstring(data)
    assert root.tag == "{%s}urlset" % SITEMAP_NS["s"]
    return {url.findtext("s:loc", namespaces=SITEMAP_NS): [link.get("href") for link in url.findall("x:link", SITEMAP_NS)]
            for url in root.findall("s:url", SITEMAP_NS)}


def small_catalogue(pages_per_section: dict[str, int]) -> dict[str, list]:
    return {section: [[("vi", f"{section}/p{n}/"), ("en", f"en/{section}/p{n}/")] for n in range(count)]
            for section, count in pages_per_section.items()}


def test_a_section_past_the_url_limit_goes_on_in_more_files_listed_by_the_index():
    files = dict(sitemap_files(small_catalogue({"pages": 1, "products": 7}), "https://ocop.example.vn/", max_urls=4))
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == "{%s}sitemapindex" % SITEMAP_NS["s"]
    listed = [loc.text for loc in index.iterfind("s:sitemap/s:loc", SITEMAP_NS)]
    assert listed == ["https://ocop.example.vn/sitemap-pages.xml", "https://ocop.example.vn/sitemap-products.xml",
                      "https://ocop.example.vn/sitemap-products-2.xml", "https://ocop.example.vn/sitemap-products-3.xml",
                      "https://ocop.example.vn/sitemap-products-4.xml"]
    assert sorted(files) == sorted(["sitemap.xml"] + [url.rsplit("/", 1)[1] for url in listed])
    products = [sitemap_urls(files[name]) for name in ("sitemap-products.xml", "sitemap-products-2.xml",
                                                       "sitemap-products-3.xml", "sitemap-products-4.xml")]
    assert [len(urls) for urls in products] == [4, 4, 4, 2]  # 7 pages in 2 languages; a page's languages stay together
    every = {loc: alternates for urls in products for loc, alternates in urls.items()}
    assert len(every) == 14
    assert every["https://ocop.example.vn/en/products/p6/"] == ["https://ocop.example.vn/products/p6/",
                                                                "https://ocop.example.vn/en/products/p6/"]


def test_a_section_past_the_size_limit_goes_on_in_more_files():
    limit = 1_500
    files = sitemap_files(small_catalogue({"districts": 12}), "https://ocop.example.vn/", max_bytes=limit)
    parts = files[1:]
    assert len(parts) > 1 and all(len(data) <= limit for _, data in parts)
    assert sum(len(sitemap_urls(data)) for _, data in parts) == 24


def test_the_sample_sitemap_index_lists_files_that_exist_within_the_limits(sample_site):
    index = ET.parse(sample_site / "sitemap.xml").getroot()
    listed = [loc.text for loc in index.iterfind("s:sitemap/s:loc", SITEMAP_NS)]
    assert "https://ocop.example.vn/sitemap-products.xml" in listed and len(listed) == len(set(listed))
    on_disk = sorted(path.name for path in sample_site.glob("sitemap*.xml"))
    assert on_disk == sorted(["sitemap.xml"] + [url.removeprefix("https://ocop.example.vn/") for url in listed])
    for url in listed:
        data = (sample_site / url.removeprefix("https://ocop.example.vn/")).read_bytes()
        urls = sitemap_urls(data)
        assert 0 < len(urls) <= 50_000 and len(data) <= 50 * 1024 * 1024
        assert all(len(alternates) == 5 and loc in alternates for loc, alternates in urls.items())


@in_chromium
def test_gs1_links_follow_the_link_type_in_the_browser(browser, project):
    gtin = "08938500000010"
    with served(built(project)) as site_url:
        page = browser.new_page(locale="en-GB")
        page.goto(site_url + f"01/{gtin}/")
        page.wait_for_url("**/t/BK-0017/")
        page.goto(site_url + f"01/{gtin}/?linkType=gs1:pip")
        page.wait_for_url("**/en/products/mat-ong-bac-ha-bk-0017/")
        page.goto(site_url + f"01/{gtin}/10/L2409/?linkType=gs1:traceability")
        page.wait_for_url("**/en/t/BK-0017/L2409/")
        page.goto(site_url + f"01/{gtin}/?linkType=linkset")
        page.wait_for_url("**/01/08938500000010/linkset.json")


def test_the_sample_lots_have_linksets_with_their_recall_status(sample_site):
    lot_linksets = sorted((sample_site / "01").glob("*/10/*/linkset.json"))
    assert len(lot_linksets) >= 7
    for path in lot_linksets:
        linkset = json.loads(path.read_text("utf-8"))
        jsonschema.validate(linkset, GS1_LINKSET_RULES)
        if SHARED_GS1_SCHEMA.is_file():
            jsonschema.validate(linkset, json.loads(SHARED_GS1_SCHEMA.read_text("utf-8")))
        entry = linkset["linkset"][0]
        assert entry["anchor"] == f"https://ocop.example.vn/{path.parent.relative_to(sample_site).as_posix()}/"
        status = entry["https://gs1.org/voc/recallStatus"]
        assert [link["hreflang"][0] for link in status] == ["vi", "en", "zh", "ko", "ja"]
    cookies = "01/08938512340074/10/{}/linkset.json"
    recalled = json.loads((sample_site / cookies.format("TGM2610")).read_text("utf-8"))["linkset"][0]
    assert recalled["itemDescription"] == "Bánh quy tam giác mạch Đồng Văn – Lô TGM2610"
    assert recalled["https://gs1.org/voc/recallStatus"][1] == {
        "href": "https://ocop.example.vn/en/t/HG-0007/TGM2610/#recall", "title": "Recall status: lot TGM2610",
        "type": "text/html", "hreflang": ["en"]}
    fine = json.loads((sample_site / cookies.format("TGM2609")).read_text("utf-8"))["linkset"][0]
    assert fine["https://gs1.org/voc/recallStatus"][0]["href"] == "https://ocop.example.vn/t/HG-0007/TGM2609/#recall-status"


def test_the_product_linkset_leads_to_allergens_nutrition_and_retailers(sample_site):
    entry = json.loads((sample_site / "01" / "08938512340074" / "linkset.json").read_text("utf-8"))["linkset"][0]
    assert entry["https://gs1.org/voc/allergenInfo"][2]["href"] == "https://ocop.example.vn/zh/t/HG-0007/#allergens"
    assert entry["https://gs1.org/voc/nutritionalInfo"][0] == {
        "href": "https://ocop.example.vn/t/HG-0007/#nutrition", "type": "text/html", "hreflang": ["vi"],
        "title": "Giá trị dinh dưỡng: Bánh quy tam giác mạch Đồng Văn"}
    retailers = [(link["hreflang"][0], link["title"], link["href"]) for link in entry["https://gs1.org/voc/hasRetailers"]]
    assert ("vi", "Chợ phiên Đồng Văn", "https://ocop.example.vn/points-of-sale/dv-sunday-market/") in retailers
    assert ("en", "Dong Van Sunday market", "https://ocop.example.vn/en/points-of-sale/dv-sunday-market/") in retailers
    assert len(retailers) == 2 * 5  # one link per point of sale and language
    assert "https://gs1.org/voc/recallStatus" not in entry  # a product has lots; a lot has a recall status
    honey = json.loads((sample_site / "01" / "08938512340036" / "linkset.json").read_text("utf-8"))["linkset"][0]
    assert "https://gs1.org/voc/nutritionalInfo" in honey and "https://gs1.org/voc/allergenInfo" not in honey


def test_feeds_have_an_entry_per_recall_dated_by_it(sample_site):
    for prefix, title in (("", "Thu hồi: Bánh quy tam giác mạch Đồng Văn, lô TGM2610"),
                          ("en/", "Recall: Dong Van buckwheat cookies, lot TGM2610")):
        feed = feedparser.parse((sample_site / prefix / "feed.xml").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        recalls = [entry for entry in feed.entries if any(tag.term == "recall" for tag in entry.get("tags", []))]
        assert [entry.title for entry in recalls] == [title]
        assert recalls[0].published.startswith("2026-10-15") and recalls[0].updated.startswith("2026-10-15")
        assert recalls[0].link == f"https://ocop.example.vn/{prefix}t/HG-0007/TGM2610/#recall"
        published = [entry.published for entry in feed.entries]
        assert published == sorted(published, reverse=True)
        assert feed.feed.updated.startswith("2026-10-15")  # the newest date in the data: this recall
    assert "the label left peanuts out" in feedparser.parse((sample_site / "en" / "feed.xml").read_bytes()).entries[0].summary


@in_chromium
def test_the_recall_status_link_type_leads_to_the_banner(browser, sample_site):
    with served(sample_site) as site_url:
        page = browser.new_page(locale="en-GB")
        page.goto(site_url + "01/08938512340074/10/TGM2610/?linkType=gs1:recallStatus")
        page.wait_for_url("**/en/t/HG-0007/TGM2610/#recall")
        assert "This lot was recalled on 15 October 2026" in page.locator("#recall").inner_text()
        page.goto(site_url + "01/08938512340074/10/TGM2609/?linkType=https://gs1.org/voc/recallStatus")
        page.wait_for_url("**/en/t/HG-0007/TGM2609/#recall-status")
        assert "No recall known for this lot" in page.locator("#recall-status").inner_text()
        page.goto(site_url + "01/08938512340074/10/TGM2610/?linkType=linkset")
        page.wait_for_url("**/01/08938512340074/10/TGM2610/linkset.json")
        page.close()


def test_a_file_joined_from_kept_pieces_is_the_file_encoded_whole():
    """Every-product files are joined from each product's encoded piece: byte for byte the same."""
    from builder.files.jsonfile import json_bytes, json_bytes_of_pieces, json_piece

    products = [{"n": 'Nước mắm "Sa Huỳnh"', "z": [1, 2.5, None], "a": {"vi": "Tỏi đen\n", "zh": "黑蒜"}},
                {"n": "products", "u": "pieces"}, {}]
    data = {"version": 3, "lang": "vi", "options": {"products": []}, "z": "\\0pieces\\0"}
    assert json_bytes_of_pieces(data, "products", [json_piece(p) for p in products]) \
        == json_bytes({**data, "products": products}, compact=True)
    assert json_bytes_of_pieces({"count": 0}, "products", []) == json_bytes({"count": 0, "products": []}, compact=True)
