"""Make the CJK font shipped in builder/static/fonts/, from Noto Sans CJK (SIL OFL 1.1).

    apt-get install fonts-noto-cjk      # Debian's Noto Sans CJK collection
    python3 -m builder.tools.make_cjk_font      # writes NotoSansCJKsc-OCOP.ttf and its licence

The full Noto Sans CJK is 16-20 MB per style, far too much for a package. This
keeps the characters that visitors' names and places are written with:

- GB2312, both levels (the 3,755 most used Simplified Chinese characters and
  3,008 more, for names),
- JIS X 0208, both levels of kanji (2,965 + 3,390) and the kana,
- KS X 1001 Hangul (the 2,350 precomposed syllables in everyday use),
- the symbol rows of those three standards (CJK punctuation, full-width forms),
  and ASCII, for spaces and digits inside CJK text.

That is about 13,000 characters in 3.6 MB, under the 8 MB budget.

The Simplified Chinese face is taken (Chinese visitors are the largest group;
kanji and Hangul are in it too). Outlines are converted from CFF to TrueType
quadratic curves, because reportlab embeds only TrueType outlines in PDFs.
`ocop validate` warns about any character to be drawn that is not covered.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
FACE = "Noto Sans CJK SC"
OUT = Path(__file__).resolve().parents[1] / "static" / "fonts"
FONT_FILE = "NotoSansCJKsc-OCOP.ttf"
LICENCE_FILE = "LICENSE-NotoSansCJK.txt"
MAX_BYTES = 8 * 1024 * 1024
MAX_ERROR = 1.0  # font units (of 1000 per em): quadratic curves within a thousandth of an em


def euc_rows(codec: str, rows) -> set[str]:
    """The characters of the given rows of a 94x94 EUC character set."""
    chars = set()
    for row in rows:
        for cell in range(1, 95):
            try:
                chars.add(bytes([0xA0 + row, 0xA0 + cell]).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


def wanted_characters() -> set[str]:
    gb2312_level1 = euc_rows("gb2312", range(16, 56))
    gb2312_level2 = euc_rows("gb2312", range(56, 88))
    jis_level1 = euc_rows("euc_jp", range(16, 48))
    jis_level2 = euc_rows("euc_jp", range(48, 85))
    ksx1001_hangul = euc_rows("euc_kr", range(16, 41))
    symbols = euc_rows("gb2312", range(1, 10)) | euc_rows("euc_jp", range(1, 9)) | euc_rows("euc_kr", range(1, 5))
    kana = {chr(c) for c in range(0x3040, 0x3100)}
    fullwidth = {chr(c) for c in range(0xFF01, 0xFF66)}
    ascii_ = {chr(c) for c in range(0x20, 0x7F)}  # spaces and digits inside CJK text
    return gb2312_level1 | gb2312_level2 | jis_level1 | jis_level2 | ksx1001_hangul | symbols | kana | fullwidth | ascii_


def pick_face(collection: Path, face: str) -> TTFont:
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(4) == face:
            return font
    raise SystemExit(f"{collection} has no face named {face!r}")


def cff_to_truetype(font: TTFont) -> None:
    """Replace CFF outlines by TrueType ones (reportlab embeds only glyf fonts)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    font["loca"] = newTable("loca")
    font["maxp"].tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(font["maxp"], attr, 0)
    font["maxp"].maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: smaller
    font.sfntVersion = "\x00\x01\x00\x00"


def licence_text(font: TTFont) -> str:
    copyright = font["name"].getDebugName(0)
    text = DEBIAN_COPYRIGHT.read_text("utf-8")
    ofl = text[text.rindex("License: SIL-1.1\n") + len("License: SIL-1.1\n"):]
    ofl = "\n".join("" if line.strip() == "." else re.sub(r"^ ", "", line) for line in ofl.splitlines())
    ofl = ofl.split("\nLicense: ")[0].strip()
    return (f"{FONT_FILE}: a subset of {FACE} Regular (https://github.com/notofonts/noto-cjk),\n"
            f"made by tools/make_cjk_font.py (outlines converted to TrueType).\n\n{copyright}\n\n{ofl}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    font = pick_face(args.source, FACE)
    chars = wanted_characters()
    options = subset.Options()
    options.layout_features = ["vert", "vrt2", "kern", "palt"]  # vertical forms, spacing
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    cff_to_truetype(font)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / FONT_FILE
    font.recalcTimestamp = False  # the same input gives the same file
    font.save(str(target), reorderTables=True)
    (args.out / LICENCE_FILE).write_text(licence_text(font), "utf-8")
    size = target.stat().st_size
    print(f"{target}: {len(chars)} characters, {len(font.getGlyphOrder())} glyphs, {size / 1e6:.2f} MB")
    if size > MAX_BYTES:
        raise SystemExit(f"{target} is over {MAX_BYTES / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
