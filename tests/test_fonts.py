"""CJK text on what we draw ourselves: share cards and PDF labels."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw

from builder import fonts
from builder.images import CardText, card_background, draw_text
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from builder.tools.make_cjk_font import euc_rows
from builder.labels import LABEL_H, LABEL_W, MARGIN_X, MARGIN_Y, QR_SIZE, ROWS, Label, write_labels_pdf
from conftest import PRODUCT_YAML, run_ocop, write_product

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")
NOT_IN_ANY_FONT = "\ue000"  # private use: drawn as the empty box we must avoid


def test_the_cjk_font_covers_the_national_standards_within_8_mb():
    path = fonts.CJK.file()
    assert path.stat().st_size <= 8 * 1024 * 1024
    assert (fonts.FONTS_DIR / "LICENSE-NotoSansCJK.txt").read_text("utf-8").count("SIL OPEN FONT LICENSE") >= 1
    covered = {chr(c) for c in TTFont(str(path)).getBestCmap()}
    gb2312_level1 = euc_rows("gb2312", range(16, 56))
    jis_level1_kanji = euc_rows("euc_jp", range(16, 48))
    kana = euc_rows("euc_jp", (4, 5))
    hangul = euc_rows("euc_kr", range(16, 41))
    assert (len(gb2312_level1), len(jis_level1_kanji), len(hangul)) == (3755, 2965, 2350)
    for name, chars in (("GB2312 level 1", gb2312_level1), ("JIS level 1", jis_level1_kanji),
                        ("kana", kana), ("KS X 1001 Hangul", hangul)):
        assert chars <= covered, f"{name}: {sorted(chars - covered)[:10]}"


def test_each_character_is_drawn_in_a_face_that_has_it():
    assert [(face.name, part) for face, part in fonts.runs("Mật ong 蜂蜜（500克）")] == \
        [("DejaVu", "Mật ong "), ("NotoSansCJK", "蜂蜜（500克）")]
    assert fonts.missing("Mật ong 苗旺 꿀 はちみつ") == ""
    assert fonts.missing("𠀋 Mật 𠀋") == "𠀋"


def test_cjk_lines_break_between_characters_and_latin_at_spaces():
    width_of = len  # one unit per character
    assert fonts.wrap("苗旺薄荷蜂蜜来自河江省", width_of, 4, 3) == ["苗旺薄荷", "蜂蜜来自", "河江省"]
    assert fonts.wrap("Mật ong bạc hà", width_of, 8, 2) == ["Mật ong", "bạc hà"]
    assert fonts.wrap("日本語の「かな」です。", width_of, 4, 3)[1][0] != "」"  # no closing bracket first
    assert fonts.wrap("苗旺薄荷蜂蜜来自河江省", width_of, 4, 2)[-1].endswith("…")


def ink(image: Image.Image, box) -> Image.Image:
    return image.crop(box).convert("L")


def differs(a: Image.Image, b: Image.Image) -> int:
    return ImageChops.difference(a, b).point(lambda v: 255 if v > 64 else 0).histogram()[255]


def test_a_share_card_draws_cjk_glyphs_not_boxes():
    photo = Image.new("RGB", (1200, 630), (120, 160, 90))
    background = card_background(photo)
    real = draw_text(background, CardText("苗旺薄荷蜂蜜", 5, "同文县 · 河江省", "OCOP"))
    boxes = draw_text(background, CardText(NOT_IN_ANY_FONT * 6, 5, NOT_IN_ANY_FONT * 7, "OCOP"))
    title_area = (60, 330, 700, 520)
    assert differs(ink(real, title_area), ink(boxes, title_area)) > 2000
    # and each character is its own glyph, not one shape repeated
    text = fonts.PillowText(60)
    shapes = set()
    for char in "苗旺薄荷蜂蜜한국はち":
        tile = Image.new("L", (80, 80))
        text.draw(ImageDraw.Draw(tile), (5, 5), char, fill=255)
        shapes.add(tile.tobytes())
    assert len(shapes) == 10


@needs_poppler
def test_a_label_sheet_draws_cjk_glyphs_not_boxes(tmp_path):
    names = ["苗旺薄荷蜂蜜", "나리 칡 당면", "はちみつ"]
    real, boxes = tmp_path / "real.pdf", tmp_path / "boxes.pdf"
    write_labels_pdf([Label("https://ocop.example.vn/t/HG-0001/", n, 5, "HG-0001") for n in names], real)
    write_labels_pdf([Label("https://ocop.example.vn/t/HG-0001/", NOT_IN_ANY_FONT * len(n), 5, "HG-0001")
                      for n in names], boxes)
    fonts_listed = subprocess.run(["pdffonts", str(real)], capture_output=True, text=True).stdout
    assert "NotoSansCJK" in fonts_listed
    text = subprocess.run(["pdftotext", str(real), "-"], capture_output=True, text=True).stdout
    assert all(name in text for name in names)
    pages = []
    for pdf in (real, boxes):
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
        pages.append(Image.open(pdf.with_suffix(".png")))
    scale = 150 / 72
    baseline = A4[1] - (MARGIN_Y + (ROWS - 1) * LABEL_H + LABEL_H - QR_SIZE - 7 * mm)  # from the top
    for column in range(3):  # the name line under each QR code, top row
        x0 = MARGIN_X + column * LABEL_W
        area = tuple(int(v * scale) for v in (x0, baseline - 3.5 * mm, x0 + LABEL_W, baseline + 1 * mm))
        assert ink(pages[0], area).getextrema()[0] < 128, f"label {column}: no name drawn"
        assert differs(ink(pages[0], area), ink(pages[1], area)) > 100, f"label {column}: the name looks like boxes"


def test_validate_warns_for_characters_no_font_has(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace("name: {vi: Mật ong bạc hà BK-0017, en: Mint honey BK-0017}",
                                                     "name:\n  vi: Mật ong 𠀋 BK-0017\n  en: Mint honey BK-0017")
    write_product(project, "BK-0017", text)
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 0, err
    assert ("products/BK-0017/product.yaml:3: warning: 'name' has characters that the share cards and labels "
            "cannot draw: 𠀋 (U+2000B)") in err


@pytest.mark.parametrize("stroke", [0, 2])
def test_stamped_text_is_drawn_text_pixel_for_pixel(stroke):
    """Cards stamp their recurring lines from masks rendered once; no one can tell."""
    background = Image.effect_noise((900, 200), 80).convert("RGB")
    for size, bold in ((26, True), (32, False), (60, True)):
        text = fonts.PillowText(size, bold)
        for line in ("Huyện Đồng Văn, Hà Giang", "4★ OCOP", "苗旺薄荷蜂蜜（500克）Ễ", "Sản phẩm OCOP"):
            drawn, stamped = background.copy(), background.copy()
            text.draw(ImageDraw.Draw(drawn), (60, 50), line, fill=(235, 235, 235), stroke_width=stroke,
                      stroke_fill=(0, 0, 0))
            for _ in range(2):  # the second time from the remembered masks
                stamped = background.copy()
                text.stamp(stamped, (60, 50), line, (235, 235, 235), stroke_width=stroke, stroke_fill=(0, 0, 0))
                assert stamped.tobytes() == drawn.tobytes(), (size, line)
