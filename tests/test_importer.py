"""ocop import: a province's annex, as provinces publish it, brought in as product folders."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from builder.importer import sheet as sheet_module
from conftest import run_ocop

DECISION = ("--decision", "1978/QĐ-UBND", "--issued", "2024-08-06", "--issuer", "UBND tỉnh Trà Vinh")
TRA_VINH = """\
- id: tra-vinh
  name: {vi: Trà Vinh, en: Tra Vinh}
  districts:
  - id: cau-ke
    name: {vi: Huyện Cầu Kè, en: Cau Ke District}
  - id: duyen-hai
    name: {vi: Thị xã Duyên Hải, en: Duyen Hai Town}
"""
HEADER = ["STT", "Tên sản phẩm", "Tên chủ thể", "Địa chỉ", "Hạng sao", "Ghi chú"]
ROWS = [  # spreadsheet rows 4.. (two title rows and the header above)
    [1, "Mật ong hoa nhãn", "HTX Nông nghiệp Thông Hòa", "ấp Trà Mềm, xã Thông Hòa, huyện Cầu Kè, tỉnh Trà Vinh",
     "4 sao", None],                                                                     # row 4: imported
    [2, "Rượu Xuân Thạnh", "Công ty TNHH Rượu Xuân Thạnh", "xã Đa Lộc, huyện Châu Thành, tỉnh Trà Vinh",
     "★★★★★", None],                                                                     # row 5: new district
    [3, "Bánh tét Trà Cuôn", "Hộ kinh doanh Út Hậu", "xã Kim Hòa, huyện Cầu Ngang, tỉnh Trà Vinh",
     None, "chưa xếp hạng"],                                                             # row 6: blank stars
    [4, "Chiếu Cà Hom", "Tổ hợp tác dệt chiếu Cà Hom", "xã Hàm Giang, tỉnh Trà Vinh", "3*", None],  # row 7: no district
    [5, "Mật ong hoa nhãn", "HTX Nông nghiệp Thông Hòa", "xã Thông Hòa, huyện Cầu Kè, tỉnh Trà Vinh",
     4, None],                                                                           # row 8: duplicate of 4
    [None, None, None, None, None, None],                                                # row 9: blank
    [6, "Khô cá lóc", "Hộ kinh doanh Ba Tâm", "phường 1, huyện Cầu Kè, tỉnh Trà Vinh", "2 sao", None],  # row 10
    [7, "Nghêu Duyên Hải", "HTX Nghêu Đông Hải", "xã Đông Hải, TX. Duyên Hải, tỉnh Trà Vinh", "4*", None],  # row 11
]


@pytest.fixture
def office(project) -> Path:
    """The generated catalogue, plus Trà Vinh with two districts and its ID prefix in mkdocs.yml."""
    areas = project / "catalogue" / "areas.yaml"
    areas.write_text(areas.read_text("utf-8") + TRA_VINH, "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      search:", "      id_prefixes: {tra-vinh: TV}\n      search:"),
                      "utf-8")
    return project


def write_annex(path: Path, rows=ROWS, header=HEADER, title=True) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    if title:
        sheet.append(["DANH SÁCH SẢN PHẨM OCOP TỈNH TRÀ VINH NĂM 2024"])
        sheet.append(["(Kèm theo Quyết định số 1978/QĐ-UBND ngày 06/8/2024 của UBND tỉnh Trà Vinh)"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def product(project: Path, product_id: str) -> dict:
    return yaml.safe_load((project / "products" / product_id / "product.yaml").read_text("utf-8"))


def snapshot(project: Path) -> dict[str, tuple[int, bytes]]:
    """Every catalogue and product file with its modification time and bytes."""
    return {str(p.relative_to(project)): (p.stat().st_mtime_ns, p.read_bytes())
            for folder in ("catalogue", "products") for p in sorted((project / folder).rglob("*")) if p.is_file()}


def import_annex(project, annex, *extra, capsys):
    return run_ocop(project, "import", str(annex), *DECISION, *extra, capsys=capsys)


def test_every_row_is_imported_or_reported_by_its_row_number(office, tmp_path, capsys):
    annex = write_annex(tmp_path / "phu-luc.xlsx")
    code, out, err = import_annex(office, annex, capsys=capsys)
    assert code == 1, err  # rows were left out: the office must look
    assert "header on row 3" in out
    assert "B  Tên sản phẩm" in out and "-> name" in out
    assert 'not used (add --map "Ghi chú=FIELD"' in out
    assert "row    6: no stars" in out
    assert "row    8: duplicate of row 4" in out
    assert "row   10: stars must be 3, 4 or 5; the sheet says 2" in out
    assert "row    9" not in out  # a blank row is no product and no problem
    assert "4 rows imported: 4 new" in out

    honey, wine, mat, clams = (product(office, f"TV-000{n}") for n in (1, 2, 3, 4))
    assert (honey["name"], honey["stars"], honey["location"]) == (
        "Mật ong hoa nhãn", 4, {"province": "tra-vinh", "district": "cau-ke", "commune": "Xã Thông Hòa"})
    assert honey["certificate"] == {"number": "1978/QĐ-UBND", "issued": dt.date(2024, 8, 6),
                                    "issuer": "UBND tỉnh Trà Vinh"}
    assert (honey["group"], honey["producer"]["kind"]) == ("food", "cooperative")
    assert (wine["stars"], wine["group"], wine["location"]["district"]) == (5, "beverages", "chau-thanh")
    # no district in the row: the official lists place xã Hàm Giang in the former huyện Trà Cú (an area added)
    assert mat["stars"] == 3 and mat["location"]["district"] == "tra-cu" and mat["producer"]["kind"] == "cooperative-group"
    assert clams["location"]["district"] == "duyen-hai"  # "TX. Duyên Hải" is "Thị xã Duyên Hải"
    text = (office / "products" / "TV-0001" / "product.yaml").read_text("utf-8")
    assert "group: food        # review: guessed from the name" in text
    assert "# district: ...    # review:" not in (office / "products" / "TV-0003" / "product.yaml").read_text("utf-8")
    assert "place: xã Hàm Giang, tỉnh Vĩnh Long (today's names), formed from huyện Trà Cú, tỉnh Trà Vinh" in out, out

    assert "district chau-thanh: Huyện Châu Thành in tra-vinh" in out
    areas = yaml.safe_load((office / "catalogue" / "areas.yaml").read_text("utf-8"))
    tra_vinh = next(p for p in areas["provinces"] if p["id"] == "tra-vinh")
    assert [d["id"] for d in tra_vinh["districts"]] == ["cau-ke", "duyen-hai", "chau-thanh", "tra-cu"]

    code, out, err = run_ocop(office, "validate", capsys=capsys)
    assert code == 0, err
    assert "OK: 16 products" in out
    assert "products/TV-0001/product.yaml:4: warning: TV-0001 still lacks photos (images), summary, description" in err
    assert "has no district" not in err  # every row found its area through the official lists


def test_a_second_import_of_the_same_file_changes_nothing(office, tmp_path, capsys):
    annex = write_annex(tmp_path / "phu-luc.xlsx")
    import_annex(office, annex, capsys=capsys)
    before = snapshot(office)
    code, out, _ = import_annex(office, annex, capsys=capsys)
    assert snapshot(office) == before
    assert "4 rows imported: 0 new, 0 updated, 0 re-assessed, 4 unchanged" in out
    assert "Areas" not in out


def test_hand_edits_are_kept_and_reported_unless_forced(office, tmp_path, capsys):
    annex = write_annex(tmp_path / "phu-luc.xlsx")
    import_annex(office, annex, capsys=capsys)
    path = office / "products" / "TV-0001" / "product.yaml"
    edited = path.read_text("utf-8").replace("name: Mật ong hoa nhãn", "name: {vi: Mật ong hoa nhãn Cầu Kè, en: Cau Ke longan honey}") \
        + "summary: {vi: Mật ong từ vườn nhãn ven sông Hậu., en: Honey from longan orchards.}\n"
    path.write_text(edited, "utf-8")

    code, out, _ = import_annex(office, annex, capsys=capsys)
    assert path.read_text("utf-8") == edited
    assert "row 4 TV-0001 name: kept 'Mật ong hoa nhãn Cầu Kè' (the sheet says 'Mật ong hoa nhãn')" in out
    assert "0 new" in out  # still recognised as the same product after the rename

    code, out, _ = import_annex(office, annex, "--force", capsys=capsys)
    forced = product(office, "TV-0001")
    assert forced["name"] == {"vi": "Mật ong hoa nhãn", "en": "Cau Ke longan honey"}
    assert forced["summary"]["en"] == "Honey from longan orchards."  # not a sheet field: untouched


def test_an_updated_sheet_changes_only_untouched_fields(office, tmp_path, capsys):
    import_annex(office, write_annex(tmp_path / "v1.xlsx"), capsys=capsys)
    path = office / "products" / "TV-0002" / "product.yaml"
    path.write_text(path.read_text("utf-8").replace("# review: guessed", "# checked by the office; was guessed"), "utf-8")
    rows = [list(r) for r in ROWS]
    rows[1][3] = "ấp Phú Hòa, xã Đa Lộc, huyện Châu Thành, tỉnh Trà Vinh"
    code, out, _ = import_annex(office, write_annex(tmp_path / "v2.xlsx", rows), capsys=capsys)
    assert "1 updated" in out
    text = path.read_text("utf-8")
    assert "address: ấp Phú Hòa, xã Đa Lộc, huyện Châu Thành, tỉnh Trà Vinh" in text
    assert "# checked by the office; was guessed" in text  # the office's comments survive the edit


def test_a_reassessment_keeps_the_replaced_certificate(office, tmp_path, capsys):
    import_annex(office, write_annex(tmp_path / "2024.xlsx"), capsys=capsys)
    rows = [[1, "Mật ong hoa nhãn", "HTX Nông nghiệp Thông Hòa",
             "ấp Trà Mềm, xã Thông Hòa, huyện Cầu Kè, tỉnh Trà Vinh", "3 sao", None]]
    code, out, err = run_ocop(office, "import", str(write_annex(tmp_path / "2027.xlsx", rows)),
                              "--decision", "2210/QĐ-UBND", "--issued", "2027-08-01", "--issuer", "UBND tỉnh Trà Vinh",
                              capsys=capsys)
    assert code == 0, out + err
    assert "re-assessed: 4★ → 3★ by 2210/QĐ-UBND (2027-08-01)" in out
    honey = product(office, "TV-0001")
    assert honey["stars"] == 3
    assert (honey["certificate"]["number"], honey["certificate"]["issued"]) == ("2210/QĐ-UBND", dt.date(2027, 8, 1))
    assert honey["certificate"]["previous"] == [
        {"number": "1978/QĐ-UBND", "issued": dt.date(2024, 8, 6), "expires": dt.date(2027, 8, 6), "stars": 4}]
    assert run_ocop(office, "validate", capsys=capsys)[0] == 0


def test_numbers_are_never_reused(office, tmp_path, capsys):
    import_annex(office, write_annex(tmp_path / "a.xlsx"), capsys=capsys)
    for folder in (office / "products" / "TV-0004").iterdir():
        folder.unlink()
    (office / "products" / "TV-0004").rmdir()
    rows = [[1, "Trà mãng cầu", "HTX Mãng cầu Cầu Kè", "xã Hòa Tân, huyện Cầu Kè, tỉnh Trà Vinh", "3 sao", None]]
    code, out, _ = import_annex(office, write_annex(tmp_path / "b.xlsx", rows), capsys=capsys)
    assert "new        TV-0005" in out
    assert not (office / "products" / "TV-0004").exists()


def test_dry_run_writes_nothing(office, tmp_path, capsys):
    before = snapshot(office)
    code, out, _ = import_annex(office, write_annex(tmp_path / "a.xlsx"), "--dry-run", capsys=capsys)
    assert "4 rows would be imported: 4 new" in out and "Dry run: nothing was written." in out
    assert snapshot(office) == before


def test_csv_with_english_headers_and_a_mapped_column(office, tmp_path, capsys):
    annex = tmp_path / "annex.csv"
    annex.write_text(
        "Recognised OCOP products 2024\n"
        "No.,Product name,Producer,Commune,Huyen,Province,Rating,Decision,Ngay cong nhan\n"
        "1,Bột sắn dây,HTX Sắn dây Cầu Kè,xã Phong Phú,Cầu Kè,Trà Vinh,4,1978/QĐ-UBND,06/08/2024\n", "utf-8-sig")
    code, out, err = run_ocop(office, "import", str(annex), "--map", "Huyen=district", capsys=capsys)
    assert code == 0, out + err
    assert "district (--map)" in out
    powder = product(office, "TV-0001")
    assert powder["location"] == {"province": "tra-vinh", "district": "cau-ke", "commune": "Xã Phong Phú"}
    assert powder["certificate"]["issued"] == dt.date(2024, 8, 6)


@pytest.mark.parametrize("name, content, reason", [
    ("notes.xlsx", b"just some text, not a workbook", "not a complete .xlsx file"),
    ("old.xls", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 600, "old binary Excel file (.xls)"),
    ("locked.xlsx", bytes.fromhex("d0cf11e0a1b11ae1") + "EncryptedPackage".encode("utf-16-le"), "password-protected"),
    ("photo.jpg", b"\xff\xd8\xff\xe0 not a sheet", "not a spreadsheet"),
    ("empty.csv", "a,b\n1,2\n".encode(), "no header row found"),
])
def test_bad_files_are_refused_by_name_and_nothing_is_written(office, tmp_path, capsys, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    before = snapshot(office)
    code, out, err = run_ocop(office, "import", str(bad), *DECISION, capsys=capsys)
    assert code == 1
    assert f"{bad}: " in err and reason in err and "Nothing was written." in err
    assert "Traceback" not in err
    assert snapshot(office) == before


def test_a_damaged_workbook_is_refused(office, tmp_path, capsys):
    bad = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
    code, _, err = run_ocop(office, "import", str(bad), *DECISION, capsys=capsys)
    assert code == 1 and f"{bad}: " in err and "Nothing was written." in err


def test_an_import_stopped_halfway_leaves_no_half_written_product(office, tmp_path, capsys, monkeypatch):
    import builder.importer as importer

    annex = write_annex(tmp_path / "a.xlsx")
    real_rename, calls = importer.os.rename, []

    def interrupted(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_rename(source, target)

    monkeypatch.setattr(importer.os, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        importer.run_import(load(office), {"tra-vinh": "TV"}, importer.ImportOptions(annex, *DECISION[1::2]))
    monkeypatch.undo()
    folders = sorted(p.name for p in (office / "products").iterdir() if p.name.startswith(("TV", ".")))
    assert folders == ["TV-0001", "TV-0002"]  # whole folders only; no hidden leftovers
    assert run_ocop(office, "validate", capsys=capsys)[0] == 0
    code, out, _ = import_annex(office, annex, capsys=capsys)  # the import finishes the job, no duplicates
    assert "2 new" in out and "2 unchanged" in out
    assert sorted(p.name for p in (office / "products").iterdir() if p.name.startswith("TV")) == [
        "TV-0001", "TV-0002", "TV-0003", "TV-0004"]


def load(project: Path):
    from builder.commands import load_project

    return load_project(project)


def test_header_spellings_are_recognised():
    from builder.importer.columns import field_of

    assert [field_of(h) for h in ("STT", "Tên sản phẩm", "(Tên) chủ thể", "Địa chỉ", "Xã/Phường",
                                  "Huyện/Thị xã/Thành phố", "Tỉnh", "Số sao", "Hạng sao", "Xếp hạng", "Nhóm",
                                  "Phân nhóm", "Số quyết định", "Ngày quyết định", "Ngày công nhận",
                                  "TEN SAN PHAM", "So sao", "Product name", "Star rating", "Decision date",
                                  "Ngày quyết định công nhận", "Số quyết định công nhận", "Địa chỉ chủ thể",
                                  "Tên sản phẩm\n(ghi đầy đủ)", "Kết quả đánh giá, phân hạng", "Ghi chú")] == [
        "number", "name", "producer", "address", "commune", "district", "province", "stars", "stars", "stars",
        "group", "group", "decision", "issued", "issued", "name", "stars", "name", "stars", "issued",
        "issued", "decision", "address", "name", "stars", None]


def test_star_and_address_spellings():
    from builder.importer.values import BadValue, address_parts, stars

    assert [stars(s) for s in ("4", "4 sao", "4*", "★★★★", 5, "3 SAO", "5.0")] == [4, 4, 4, 4, 5, 3, 5]
    with pytest.raises(BadValue, match="no stars"):
        stars(None)
    assert address_parts("ấp Trà Mềm, xã Thông Hòa, huyện Cầu Kè, tỉnh Trà Vinh") == {
        "commune": "xã Thông Hòa", "district": "huyện Cầu Kè", "province": "tỉnh Trà Vinh"}
    assert address_parts("phường 7, TP. Trà Vinh, tỉnh Trà Vinh")["district"] == "TP. Trà Vinh"
    assert address_parts("xã Côn Minh, tỉnh Thái Nguyên") == {"commune": "xã Côn Minh", "province": "tỉnh Thái Nguyên"}


def test_reading_keeps_excel_row_numbers(tmp_path):
    table = sheet_module.read_table(write_annex(tmp_path / "a.xlsx"))
    numbers = [n for n, cells in table.rows if cells and cells[1] == "Chiếu Cà Hom"]
    assert numbers == [7]


def test_imported_products_build_onto_their_district_pages(office, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    import_annex(office, write_annex(tmp_path / "a.xlsx"), capsys=capsys)
    code, _, err = run_ocop(office, "build", "--quiet", capsys=capsys)
    assert code == 0, err
    site = office / "site"
    assert "Mật ong hoa nhãn" in (site / "districts" / "cau-ke" / "index.html").read_text("utf-8")
    assert "Rượu Xuân Thạnh" in (site / "districts" / "chau-thanh" / "index.html").read_text("utf-8")
    # no district in the row: found from its commune (xã Hàm Giang was in huyện Trà Cú), and the
    # former Trà Vinh is browsed under today's Vĩnh Long
    assert "Chiếu Cà Hom" in (site / "districts" / "tra-cu" / "index.html").read_text("utf-8")
    assert "Chiếu Cà Hom" in (site / "provinces" / "vinh-long" / "index.html").read_text("utf-8")
    # no photo: the group's drawing and the words, never a made-up photo
    page = (site / "products" / "chieu-ca-hom" / "index.html").read_text("utf-8")
    assert 'class="ocop-pictogram"' in page and "Ảnh sản phẩm chưa được cung cấp" in page
    assert 'aria-label="Thủ công mỹ nghệ: Ảnh sản phẩm chưa được cung cấp"' in page
    assert "Photo not yet provided" in (site / "en" / "products" / "chieu-ca-hom" / "index.html").read_text("utf-8")
    assert (site / "t" / "TV-0003" / "qr.svg").is_file()


def test_districts_are_found_through_now_part_of(office, tmp_path, capsys):
    areas = office / "catalogue" / "areas.yaml"
    areas.write_text(areas.read_text("utf-8").replace(
        "    name: {vi: Huyện Cầu Kè, en: Cau Ke District}\n",
        "    name: {vi: Huyện Cầu Kè, en: Cau Ke District}\n    now_part_of: {vi: tỉnh Vĩnh Long (từ 7/2025)}\n"), "utf-8")
    before = areas.read_bytes()
    rows = [[1, "Bột sắn dây", "HTX Sắn dây Cầu Kè", "xã Phong Phú, huyện Cầu Kè, tỉnh Vĩnh Long", "4 sao", None]]
    code, out, _ = import_annex(office, write_annex(tmp_path / "vinh-long.xlsx", rows), capsys=capsys)
    assert code == 0 and "Areas" not in out
    assert product(office, "TV-0001")["location"]["district"] == "cau-ke"
    assert areas.read_bytes() == before


def test_a_broken_areas_file_stops_the_import_before_anything_is_written(office, tmp_path, capsys):
    areas = office / "catalogue" / "areas.yaml"
    areas.write_text(areas.read_text("utf-8") + "  - id: [broken\n", "utf-8")
    before = snapshot(office)
    code, _, err = import_annex(office, write_annex(tmp_path / "a.xlsx"), capsys=capsys)
    assert code == 1 and f"{areas}:" in err and "not valid YAML" in err and "Nothing was written." in err
    assert snapshot(office) == before
