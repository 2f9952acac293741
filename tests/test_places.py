"""Today's map (1 July 2025): provinces and communes from the official lists, former names kept.

A catalogue written the pre-reform way (the sample: Hà Giang, Bắc Kạn, Bắc
Giang, districts) builds unchanged, and every product lands in today's
province and commune, checked against hand-checked facts.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil

import openpyxl
import pytest
import yaml

from builder.commands import default_adapter
from builder.pipeline.build import check
from builder.places.official import official_lists
from conftest import REPO, PRODUCT_YAML, in_chromium, run_ocop, served, write_product

# Checked by hand against Resolution 202/2025/QH15 and the Standing Committee's resolutions on communes.
FACTS = {  # product: (today's province, its code, today's commune or None, former province or None)
    "HG-0001": ("Tỉnh Tuyên Quang", "08", "Xã Mèo Vạc", "Tỉnh Hà Giang"),       # Mèo Vạc
    "BK-0001": ("Tỉnh Thái Nguyên", "19", "Xã Côn Minh", "Tỉnh Bắc Kạn"),       # Na Rì
    "BG-0002": ("Tỉnh Bắc Ninh", "24", None, "Tỉnh Bắc Giang"),                 # Yên Thế (no commune named)
    "BG-0001": ("Tỉnh Bắc Ninh", "24", "Phường Phượng Sơn", "Tỉnh Bắc Giang"),  # Lục Ngạn
    "QN-0001": ("Tỉnh Quảng Ngãi", "51", "Đặc khu Lý Sơn", None),               # Lý Sơn: a special zone
    "LC-0001": ("Tỉnh Lai Châu", "12", "Xã Bình Lư", None),                     # Tam Đường: Lai Châu was not merged
}


@pytest.fixture(scope="module")
def sample_catalogue():
    problems, catalogue = check(default_adapter().load_project(REPO))
    assert not problems, problems.report()
    return problems, catalogue


def test_the_lists_have_todays_34_provinces_and_agree_with_a_second_package():
    lists = official_lists()
    assert len(lists.provinces) == 34 and len(lists.former_provinces) == 63
    assert 3300 <= len(lists.communes) <= 3330
    vietnam_provinces = pytest.importorskip("vietnam_provinces")
    theirs = {f"{int(p.code):02d}": p.name for p in vietnam_provinces.Province.iter_all()}
    assert set(theirs) == set(lists.provinces)
    assert all(theirs[code].endswith(unit.short) for code, unit in lists.provinces.items())
    their_wards = {f"{int(w.code):05d}": w.name for w in vietnam_provinces.Ward.iter_all()}
    ours = {code: unit.name for code, unit in lists.communes.items()}
    assert len(their_wards) == len(ours)
    # the same communes by name (tone marks placed either way: Hòa / Hoà) ...
    assert sorted(map(spelled, ours.values())) == sorted(map(spelled, their_wards.values()))
    # ... and by code, but for 114 (3.4 %) whose codes the two packages give differently, none in the sample
    shared = {code for code in ours if code in their_wards and spelled(ours[code]) == spelled(their_wards[code])}
    assert len(shared) >= 0.96 * len(ours)
    assert all(code in shared for code in ("00769", "02185", "21548", "03390", "07612", "01906", "07330"))


def spelled(name: str) -> str:
    """A name compared across lists: old and new tone-mark placement, spaces and case alike."""
    from builder.slug import fold

    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(name)).split())


def test_the_pre_reform_sample_is_placed_on_todays_map(sample_catalogue):
    _, catalogue = sample_catalogue
    for product_id, (province, code, commune, former) in FACTS.items():
        place = catalogue.places.products[product_id]
        assert (place.province.name, place.province.code) == (province, code), product_id
        assert (place.commune.name if place.commune else None) == commune, product_id
        assert (place.former_province.name if place.former_province else None) == former, product_id
    lai_chau = catalogue.places.districts["tam-duong"]
    assert lai_chau.now.code == "12" and lai_chau.former.name == "Huyện Tam Đường"
    assert catalogue.places.districts["ly-son"].became.name == "Đặc khu Lý Sơn"
    # one browse tree per province of today, however many former provinces the catalogue names
    assert list(catalogue.places.today) == ["thai-nguyen", "quang-ngai", "tuyen-quang", "bac-ninh", "lai-chau"]
    assert catalogue.places.today["tuyen-quang"].area_provinces == ["ha-giang", "tuyen-quang"]


def test_a_divided_commune_is_a_warning_naming_the_candidates(project, capsys):
    lists = official_lists()
    areas = yaml.safe_load((project / "catalogue" / "areas.yaml").read_text("utf-8"))["provinces"][0]["districts"]
    area_of = {area["name"]["vi"]: area["id"] for area in areas}  # the generated Hà Giang's former districts
    former = next(c for c in lists.former_communes.values()
                  if c.key in lists.divided and lists.former_district_of(c).name in area_of)
    area = area_of[lists.former_district_of(former).name]
    write_product(project, "DV-0001", PRODUCT_YAML.format(id="DV-0001").replace(
        "  district: district-0-0\n", f"  district: {area}\n  commune: {former.name}\n"))
    code, out, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 0, err
    candidates = lists.successors_of(former)
    line = next(l for l in err.splitlines() if "DV-0001" in l and "divided" in l)
    assert line.startswith("products/DV-0001/product.yaml:16: warning:"), line  # the commune's line
    assert all(f"{c.name} ({c.code})" in line for c in candidates)


def test_an_unknown_province_is_an_error_that_suggests_the_nearest(project, capsys):
    areas = project / "catalogue" / "areas.yaml"
    areas.write_text(areas.read_text("utf-8").replace("vi: Hà Giang", "vi: Hà Giag", 1), "utf-8")
    write_product(project, "HG-0099", PRODUCT_YAML.format(id="HG-0099").replace("province: province-0",
                                                                                 "province: provnce-0"))
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 1
    assert re.search(r"catalogue/areas\.yaml:\d+: 'Hà Giag' is not a province of Vietnam, before or after "
                     r"1 July 2025.*did you mean 'Hà Giang'\?", err)
    assert "products/HG-0099/product.yaml:14: unknown province 'provnce-0': it is not in catalogue/areas.yaml; " \
           "did you mean 'province-0'?" in err


def page_text(path) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", path.read_text("utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.sub(r"<br>", " | ", html)))


def test_province_area_and_product_pages_speak_both_maps(sample_site):
    tuyen_quang = page_text(sample_site / "provinces" / "tuyen-quang" / "index.html")
    assert "Mã tỉnh 08" in tuyen_quang and "Gồm cả tỉnh Hà Giang trước đây" in tuyen_quang
    assert "Huyện Mèo Vạc" in tuyen_quang and "Mật ong bạc hà Mèo Vạc" in tuyen_quang
    meo_vac = {code: page_text(sample_site / prefix / "districts" / "meo-vac" / "index.html")
               for code, prefix in (("vi", ""), ("en", "en"), ("zh", "zh"), ("ko", "ko"), ("ja", "ja"))}
    assert "Trước đây là huyện Mèo Vạc, tỉnh Hà Giang; từ ngày 1/7/2025 thuộc tỉnh Tuyên Quang." in meo_vac["vi"]
    assert "Formerly Meo Vac District, Ha Giang; since 1 July 2025 part of Tuyen Quang." in meo_vac["en"]
    assert "原为苗旺县，河江省；自2025年7月1日起属于宣光省。" in meo_vac["zh"]
    assert "2025년 7월 1일부터 뚜옌꽝성에 속합니다" in meo_vac["ko"]
    assert "2025年7月1日からトゥエンクアン省の一部です" in meo_vac["ja"]
    assert "từ ngày 1/7/2025 là đặc khu Lý Sơn, tỉnh Quảng Ngãi" in page_text(sample_site / "districts" / "ly-son" / "index.html")
    assert "since 1 July 2025 part of Lai Chau." in page_text(sample_site / "en" / "districts" / "tam-duong" / "index.html")
    honey = page_text(sample_site / "products" / "mat-ong-bac-ha-meo-vac" / "index.html")
    assert "Xã Mèo Vạc, tỉnh Tuyên Quang | trước đây: thị trấn Mèo Vạc, huyện Mèo Vạc, tỉnh Hà Giang" in honey
    assert "Tổ 2, thị trấn Mèo Vạc, Hà Giang (như in trên bao bì)" in honey
    english = page_text(sample_site / "en" / "t" / "HG-0001" / "index.html")
    assert "Meo Vac Commune, Tuyen Quang | formerly Meo Vac Town, Meo Vac District, Ha Giang" in english
    home = page_text(sample_site / "index.html")
    assert "Khám phá theo địa phương" in home and "Tuyên Quang" in home


def test_json_ld_open_data_and_feeds_carry_the_official_codes(sample_site):
    html = (sample_site / "products" / "mat-ong-bac-ha-meo-vac" / "index.html").read_text("utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["manufacturer"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "Tổ 2, thị trấn Mèo Vạc, Hà Giang",
        "addressLocality": "Xã Mèo Vạc", "addressRegion": "Tỉnh Tuyên Quang", "addressCountry": "VN"}
    rows = list(csv.reader(io.StringIO((sample_site / "api" / "products.csv").read_text("utf-8-sig"))))
    places = ["province_code", "province_now", "commune_code", "commune_now", "former_province", "former_district"]
    start = rows[0].index("province_code")  # added at the end of the columns of their day, in this order
    assert rows[0][start:start + 6] == places
    assert rows[0][:3] == ["id", "name", "group"] and rows[0][10:12] == ["province", "district"]
    honey = next(r for r in rows if r[0] == "HG-0001")
    assert honey[10:12] == ["ha-giang", "meo-vac"]  # existing fields keep their meaning
    assert honey[start:start + 6] == ["08", "Tỉnh Tuyên Quang", "00769", "Xã Mèo Vạc", "Tỉnh Hà Giang", "Huyện Mèo Vạc"]
    record = next(p for p in json.loads((sample_site / "api" / "products.json").read_text("utf-8"))["products"]
                  if p["id"] == "QN-0001")
    assert (record["province_code"], record["commune_code"], record["commune_now"]) == ("51", "21548", "Đặc khu Lý Sơn")
    feedparser = pytest.importorskip("feedparser")
    feed = feedparser.parse((sample_site / "en" / "feed.xml").read_bytes())
    entry = next(e for e in feed.entries if "Meo Vac mint honey" in e.title)
    codes = {(t.get("scheme"), t["term"]) for t in entry.tags}
    assert {("urn:vn:gso:province", "08"), ("urn:vn:gso:commune", "00769"),
            ("urn:vn:gso:former-province", "02"), ("urn:vn:gso:former-district", "027")} <= codes


ANNEX_2026 = [  # a 2026 annex: today's names (commune, province), with one legacy row
    ["Miến dong Côn Minh loại đặc biệt", "HTX Côn Minh", "Xã Côn Minh, tỉnh Thái Nguyên", 4],      # an existing area
    ["Hồng không hạt Na Phặc", "HTX Na Phặc", "Xã Na Phặc, tỉnh Thái Nguyên", 3],                  # a new area
    ["Hành tím Lý Sơn", "HTX Hành tỏi Lý Sơn", "Đặc khu Lý Sơn, tỉnh Quảng Ngãi", 4],                # a special zone
    ["Bánh gai Chợ Đồn", "Hộ kinh doanh Hà Thị Mai", "Xã Bằng Lãng, huyện Chợ Đồn, tỉnh Bắc Kạn", 3],  # legacy
]


def write_2026_annex(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Tên sản phẩm", "Tên chủ thể", "Địa chỉ", "Hạng sao"])
    for number, row in enumerate(ANNEX_2026, 1):
        sheet.append([number, *row])
    book.save(path)
    return path


@pytest.fixture
def sample_copy(tmp_path):
    dest = tmp_path / "sample"
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(".git", "site", ".ocop-cache", "node_modules",
                                                              "__pycache__", "*.egg-info", ".ci"))
    return dest


def test_a_mixed_2026_annex_goes_under_todays_provinces(sample_copy, tmp_path, capsys):
    annex = write_2026_annex(tmp_path / "phu-luc-2026.xlsx")
    args = ("import", str(annex), "--decision", "88/QĐ-UBND", "--issued", "2026-03-02")
    code, out, err = run_ocop(sample_copy, *args, capsys=capsys)
    assert code == 0, out + err
    assert "4 rows imported: 4 new" in out
    assert "place: xã Côn Minh, tỉnh Thái Nguyên (today's names), formed from huyện Na Rì, tỉnh Bắc Kạn" in out
    assert "place: huyện Chợ Đồn, tỉnh Bắc Kạn (before 1 July 2025), now tỉnh Thái Nguyên" in out
    files = {p.parent.name: yaml.safe_load(p.read_text("utf-8")) for p in (sample_copy / "products").glob("*/product.yaml")}
    products = {data["name"]: (pid, data) for pid, data in files.items() if isinstance(data["name"], str)}
    locations = {name: (pid, data["location"].get("province"), data["location"].get("district"))
                 for name, (pid, data) in products.items() if name in [r[0] for r in ANNEX_2026]}
    assert locations["Miến dong Côn Minh loại đặc biệt"][1:] == ("bac-kan", "na-ri")
    assert locations["Hồng không hạt Na Phặc"][1:] == ("bac-kan", "ngan-son")
    assert locations["Hành tím Lý Sơn"][1:] == ("quang-ngai", "ly-son")
    assert locations["Bánh gai Chợ Đồn"][1:] == ("bac-kan", "cho-don")
    # new IDs take the prefix today's province's products already use (the sample's Bắc Kạn: BK)
    assert locations["Hồng không hạt Na Phặc"][0].startswith("BK-") and locations["Hành tím Lý Sơn"][0].startswith("QN-")
    areas = yaml.safe_load((sample_copy / "catalogue" / "areas.yaml").read_text("utf-8"))
    ids = [p["id"] for p in areas["provinces"]]
    assert len(ids) == len(set(ids)) == 8  # no second province for one the catalogue has under its former name
    bac_kan = next(p for p in areas["provinces"] if p["id"] == "bac-kan")
    assert [d["id"] for d in bac_kan["districts"]][-1] == "ngan-son"
    code, out, err = run_ocop(sample_copy, "validate", capsys=capsys)
    assert code == 0, err
    # a second import of the same annex changes nothing
    before = {p: p.read_bytes() for folder in ("catalogue", "products") for p in (sample_copy / folder).rglob("*.yaml")}
    code, out, err = run_ocop(sample_copy, *args, capsys=capsys)
    assert code == 0 and "4 unchanged" in out, out
    after = {p: p.read_bytes() for folder in ("catalogue", "products") for p in (sample_copy / folder).rglob("*.yaml")}
    assert before == after


@in_chromium
def test_search_finds_todays_and_former_names_without_diacritics(browser, sample_site):
    with served(sample_site) as site:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        for prefix, query, made_in in (("", "tuyen quang", "Mèo Vạc"), ("", "ha giang", "Mật ong bạc hà Mèo Vạc"),
                                       ("", "meo vac", "Mật ong bạc hà Mèo Vạc"), ("en/", "tuyen quang", "Meo Vac"),
                                       ("en/", "thai nguyen", "Bac Kan"), ("ja/", "tuyen quang", "メオバック")):
            page.goto(site + prefix)
            page.locator("#ocop-search input").fill(query)
            page.locator(".pagefind-ui__result", has_text=made_in).first.wait_for(timeout=30_000)
        page.close()


def test_the_lists_are_kept_in_the_cache_folder_between_processes(tmp_path, monkeypatch):
    from builder.places import official

    kept = tmp_path / "official-lists.pickle"
    first = official.kept_lists(kept)
    assert kept.is_file()
    monkeypatch.setattr(official, "data_dir", lambda: tmp_path / "no-such-package")  # the database is not read again
    again = official.kept_lists(kept)
    assert again.provinces == first.provinces and again.successors == first.successors
