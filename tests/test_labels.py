"""ocop labels: a vector PDF whose every code reads back at 150 dpi."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image

from builder.labels import Label, write_labels_pdf
from conftest import run_ocop

zxingcpp = pytest.importorskip("zxingcpp")
needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")


def decode_pdf(pdf, tmp_path) -> set[str]:
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    return {r.text for page in sorted(tmp_path.glob("page*.png")) for r in zxingcpp.read_barcodes(Image.open(page))}


@needs_poppler
def test_every_label_decodes_at_150_dpi(tmp_path):
    labels = [Label(f"https://ocop.example.vn/t/HG-{i:04d}/" + (f"L25{i:02d}/" if i % 2 else ""),
                    "Mật ong bạc hà Mèo Vạc" if i % 3 else "Miến dong Na Rì", 3 + i % 3, f"HG-{i:04d}",
                    f"L25{i:02d}" if i % 2 else None) for i in range(18)]
    pdf = tmp_path / "labels.pdf"
    write_labels_pdf(labels, pdf)
    assert decode_pdf(pdf, tmp_path) == {label.url for label in labels}
    assert len(list(tmp_path.glob("page*.png"))) == 2  # 15 labels a sheet
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "HG-0001 · Lô/Lot L2501" in text and "Miến dong Na Rì" in text


def test_labels_are_byte_identical(tmp_path):
    labels = [Label("https://ocop.example.vn/t/BK-0017/", "Miến dong Na Rì", 4, "BK-0017")]
    write_labels_pdf(labels, tmp_path / "a.pdf")
    write_labels_pdf(labels, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


@needs_poppler
def test_ocop_labels_command_prints_products_and_lots(project, tmp_path, capsys):
    out = tmp_path / "sheet.pdf"
    code, stdout, err = run_ocop(project, "labels", "P-00000", "P-00001", "-o", str(out), capsys=capsys)
    assert code == 0, err
    assert "Wrote 4 labels" in stdout  # P-00000 has two lots
    urls = decode_pdf(out, tmp_path)
    assert urls == {"https://ocop.example.vn/t/P-00000/", "https://ocop.example.vn/t/P-00000/L000/",
                    "https://ocop.example.vn/t/P-00000/L001/", "https://ocop.example.vn/t/P-00001/"}
    # where it is made: today's commune and province, then the former names (in at most two lines)
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert "Xã Phố Bảng, tỉnh Tuyên Quang (trước đây: thị trấn Phố Bảng, huyện Đồng Văn, tỉnh Hà Giang)" in text
