"""builder/kinds/office.py: the office's expiry list at office/expiring/, and nowhere else."""
from __future__ import annotations

import csv
import io

from conftest import PRODUCT_YAML, in_chromium, run_ocop, served, write_product


def test_the_expiry_list_is_on_its_page_and_linked_from_nowhere(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1830000000")  # 2027-12-28: BK-0017's certificate expires 2028-01-15
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017"))
    revoked = PRODUCT_YAML.format(id="BK-0018").replace(
        "  issuer:", "  revoked: {date: 2026-03-01, reason: {vi: Vi phạm an toàn thực phẩm}}\n  issuer:")
    write_product(project, "BK-0018", revoked)
    assert run_ocop(project, "build", "--quiet")[0] == 0
    site = project / "site"
    page = (site / "office" / "expiring" / "index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex,nofollow">' in page
    assert "BK-0017" in page and "còn 18 ngày" in page
    revoked_part = page[page.index("Giấy chứng nhận bị thu hồi"):]
    assert "BK-0018" in revoked_part and "Vi phạm an toàn thực phẩm" in revoked_part
    rows = list(csv.DictReader(io.StringIO((site / "office" / "expiring" / "expiring.csv").read_text("utf-8-sig"))))
    assert {(row["id"], row["status"]) for row in rows} >= {("BK-0017", "expiring"), ("BK-0018", "revoked")}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json") and "office" not in path.parts:
            assert "office/expiring" not in path.read_text("utf-8", errors="replace"), path
    assert "office/" in (site / "sw.js").read_text("utf-8")  # the worker never caches it


def test_the_csv_follows_an_edit_of_the_areas(project, monkeypatch):
    """The list is grouped by the names in areas.yaml: renaming an area re-makes the CSV too."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1830000000")
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017"))
    assert run_ocop(project, "build", "--quiet")[0] == 0
    csv_file = project / "site" / "office" / "expiring" / "expiring.csv"
    assert "Huyện Đồng Văn" in csv_file.read_text("utf-8-sig")
    areas = project / "catalogue" / "areas.yaml"
    areas.write_text(areas.read_text("utf-8").replace("vi: Huyện Đồng Văn", "vi: Vùng cao nguyên đá Đồng Văn", 1),
                     "utf-8")
    assert run_ocop(project, "build", "--quiet")[0] == 0
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text("utf-8-sig"))))
    assert next(row for row in rows if row["id"] == "BK-0017")["district"] == "Vùng cao nguyên đá Đồng Văn"


def test_the_list_is_made_again_only_when_what_it_shows_changes(project, monkeypatch):
    """An edit of a listed product's summary leaves the page and its CSV as they were (the same
    files); renaming the product makes both again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1830000000")
    product = write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017"))
    assert run_ocop(project, "build", "--quiet")[0] == 0
    listed = [project / "site" / "office" / "expiring" / name for name in ("index.html", "expiring.csv")]

    def states():
        return [(path.stat().st_ino, path.stat().st_mtime_ns) for path in listed]

    before = states()
    text = product.read_text("utf-8")
    summary = next(line for line in text.splitlines() if line.startswith("summary:"))
    product.write_text(text.replace(summary, "summary: {vi: Mật ong hoa bạc hà của cao nguyên đá}"), "utf-8")
    assert run_ocop(project, "build", "--quiet")[0] == 0
    assert states() == before
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    product.write_text(product.read_text("utf-8").replace(name, "name: {vi: Mật ong bạc hà Đồng Văn}"), "utf-8")
    assert run_ocop(project, "build", "--quiet")[0] == 0
    assert all(now != then for now, then in zip(states(), before))
    assert all("Mật ong bạc hà Đồng Văn" in path.read_text("utf-8-sig") for path in listed)


@in_chromium
def test_on_a_phone_each_value_of_the_list_says_what_it_is(browser, sample_site):
    """At 360 px the table's rows become blocks: each cell is led by its column's heading."""
    with served(sample_site) as url:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(url + "office/expiring/")
        headings = page.locator(".o-table").first.locator("th").all_inner_texts()
        labels = page.locator(".o-table").first.locator("tbody tr").first.locator("td").evaluate_all(
            "cells => cells.map(cell => getComputedStyle(cell, '::before').content)")
        assert labels == [f'"{heading}: "' for heading in headings] and "Ngày hết hạn" in headings
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.set_viewport_size({"width": 1280, "height": 800})  # a computer shows the table with its headings
        assert page.locator(".o-table").first.locator("th").first.is_visible()
        assert page.locator(".o-table td").first.evaluate("cell => getComputedStyle(cell, '::before').content") == "none"
        page.close()
