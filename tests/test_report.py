"""ocop report expiring: what the OCOP office must re-assess, by today's province and area, as a table and as CSV."""
from __future__ import annotations

import csv
import io
import shutil

import pytest

from conftest import PRODUCT_YAML, run_ocop, write_product

TODAY = "1795000000"  # SOURCE_DATE_EPOCH: 2026-11-18


def certificate(product_id: str, issued: str, extra: str = "", district: str | None = "district-0-0") -> str:
    text = PRODUCT_YAML.format(id=product_id).replace("issued: 2025-01-15", f"issued: {issued}{extra}")
    location = "  district: district-0-0\n"
    return text.replace(location, f"  district: {district}\n" if district else "")


@pytest.fixture
def office(project, monkeypatch):
    """Five products around the 90-day horizon of 2026-11-18, and nothing else."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY)
    write_product(project, "EX-0001", certificate("EX-0001", "2023-10-01"))                        # expired 2026-10-01
    write_product(project, "EX-0002", certificate("EX-0002", "2024-01-10", "\n  expires: 2027-01-10",
                                                  district="district-0-1"))                       # in 53 days
    write_product(project, "EX-0003", certificate("EX-0003", "2025-01-15"))                        # 2028: not yet
    write_product(project, "EX-0004", certificate(
        "EX-0004", "2025-02-01", "\n  revoked: {date: 2026-03-01, reason: {vi: Vi phạm, en: Breach}}"))
    write_product(project, "EX-0005", certificate("EX-0005", "2023-11-28", district=None))         # in 10 days
    for generated in project.glob("products/P-*"):
        shutil.rmtree(generated)
    return project


def test_expiring_by_district_with_revoked_apart(office, tmp_path, capsys):
    code, out, err = run_ocop(office, "report", "expiring", capsys=capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == ("Certificates expired or expiring by 2027-02-16 (within 90 days of 2026-11-18): "
                        "1 expired, 2 expiring.")
    current, revoked = out.split("Revoked certificates: 1.")
    assert "EX-0003" not in out
    # grouped by today's province (the generated Hà Giang is part of Tuyên Quang), then area;
    # the product without a district under its province
    expired_block = current[current.index("Tuyên Quang · Huyện Đồng Văn"):]
    assert "EX-0001" in expired_block and "expired 48 days ago" in expired_block
    assert "  EX-0002 " in current and "in 53 days" in current
    province_block = current[current.index("Tuyên Quang (1)"):]
    assert "EX-0005" in province_block and "in 10 days" in province_block
    assert "EX-0004" in revoked and "revoked 2026-03-01" in revoked and "EX-0004" not in current


def test_csv_lists_the_same_certificates(office, tmp_path, capsys):
    target = tmp_path / "expiring.csv"
    code, out, _ = run_ocop(office, "report", "expiring", "--within", "60", "--csv", str(target), capsys=capsys)
    assert code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a byte-order mark correctly
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    # the province's own products (no district) first, then its areas by name; revoked last
    assert [(r["status"], r["id"], r["expires"], r["days_left"]) for r in rows] == [
        ("expiring", "EX-0005", "2026-11-28", "10"),
        ("expired", "EX-0001", "2026-10-01", "-48"),
        ("expiring", "EX-0002", "2027-01-10", "53"),
        ("revoked", "EX-0004", "2028-02-01", ""),
    ]
    assert [r["district"] for r in rows] == ["", "Huyện Đồng Văn", "Huyện Mèo Vạc", "Huyện Đồng Văn"]
    assert {r["province"] for r in rows} == {"Tuyên Quang"}
    assert {r["province_code"] for r in rows} == {"08"} and {r["former_province"] for r in rows} == {"Tỉnh Hà Giang"}
    assert rows[3]["revoked"] == "2026-03-01" and rows[3]["revoked_reason"] == "Vi phạm"
    assert rows[1]["certificate"] == "123/QĐ-UBND" and rows[1]["file"] == "products/EX-0001/product.yaml"
    assert f"Wrote 4 rows to {target}" in out


def test_a_shorter_horizon_leaves_later_expiries_out(office, capsys):
    _, out, _ = run_ocop(office, "report", "expiring", "--within", "30", capsys=capsys)
    assert "EX-0005" in out and "EX-0002" not in out and "1 expired, 1 expiring" in out


RECALL = """traceability:
  lots:
    - lot: L2601
      produced: 2026-01-10
    - lot: L2602
      produced: 2026-02-10
      recall:
        date: 2026-03-05
        reason: {vi: Phát hiện vụn thủy tinh trong hũ, en: Glass fragments found in jars}
        action: {vi: Không dùng; trả lại nơi mua, en: Do not eat; return it to the shop}
"""


def test_recalled_lots_are_listed_apart_whatever_their_date(office, tmp_path, capsys):
    write_product(office, "EX-0006", certificate("EX-0006", "2025-05-02") + RECALL, photo_from="EX-0001")  # its certificate is fine
    target = tmp_path / "expiring.csv"
    code, out, _ = run_ocop(office, "report", "expiring", "--csv", str(target), capsys=capsys)
    assert code == 0
    current, recalled = out.split("Recalled lots: 1.")
    assert "EX-0006" not in current and "Revoked certificates: 1." in current
    assert "lot L2602 recalled 2026-03-05" in recalled and "L2601" not in recalled
    assert "Phát hiện vụn thủy tinh trong hũ; Không dùng; trả lại nơi mua" in recalled
    assert recalled.index("Tuyên Quang · Huyện Đồng Văn (1)") < recalled.index("EX-0006")
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert list(rows[0])[-4:] == ["lot", "recalled", "recall_reason", "recall_action"]  # new columns at the end
    assert [(r["status"], r["id"], r["lot"]) for r in rows][-2:] == [("revoked", "EX-0004", ""),
                                                                    ("recalled", "EX-0006", "L2602")]
    assert rows[-1]["recalled"] == "2026-03-05" and rows[-1]["recall_action"] == "Không dùng; trả lại nơi mua"
    assert rows[-1]["days_left"] == "" and rows[-1]["certificate"] == "123/QĐ-UBND"


def test_the_office_page_lists_the_recalled_lots(office):
    write_product(office, "EX-0006", certificate("EX-0006", "2025-05-02") + RECALL, photo_from="EX-0001")
    assert run_ocop(office, "build", "--quiet")[0] == 0
    html = (office / "site" / "office" / "expiring" / "index.html").read_text("utf-8")
    recalls = html[html.index('<h2 id="recalls">'):]
    assert "Lô bị thu hồi <small>(1)</small>" in recalls
    assert ("Lô <strong>L2602</strong>: Lô này đã bị thu hồi ngày 5 tháng 3, 2026: Phát hiện vụn thủy tinh trong hũ; "
            "Không dùng; trả lại nơi mua") in recalls
    csv_text = (office / "site" / "office" / "expiring" / "expiring.csv").read_bytes().decode("utf-8-sig")
    assert "recalled," in csv_text and "L2602" in csv_text
