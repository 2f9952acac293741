"""The fonts we draw text with ourselves (share cards, PDF labels), and line breaking.

Two faces ship in ``static/fonts``: DejaVu Sans for Latin (all of Vietnamese)
and a subset of Noto Sans CJK for Chinese, Japanese and Korean (see
``builder/tools/make_cjk_font.py``). Text is drawn in runs: each character in the first
face that has it, so "Mật ong 蜂蜜" mixes both. ``missing`` names what no face
has, for ``ocop validate`` to warn about before anything is drawn as a box.

Lines break where Unicode's line breaking rules (UAX #14, through uniseg) allow:
at spaces, and between CJK characters, never before a closing bracket or a
full stop.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from fontTools.ttLib import TTFont
from uniseg.linebreak import line_break_units

from .stored import load_pickle, save_pickle

FONTS_DIR = Path(__file__).parent / "static" / "fonts"
ELLIPSIS = "…"


@dataclass(frozen=True)
class Face:
    name: str
    regular: str
    bold: str | None = None  # none: bold text is drawn in the regular face

    def file(self, bold: bool = False) -> Path:
        return FONTS_DIR / (self.bold if bold and self.bold else self.regular)


LATIN = Face("DejaVu", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
CJK = Face("NotoSansCJK", "NotoSansCJKsc-OCOP.ttf")
FACES = (LATIN, CJK)


@lru_cache(maxsize=None)
def coverage(face: Face) -> frozenset[int]:
    """The code points a face has glyphs for (its regular style).

    Reading a font's character map takes fontTools 0.2 s (it names every
    glyph first), and every build asks: the answer is kept in the user's
    cache folder under the font file's size and time.
    """
    path = face.file()
    stat = path.stat()
    kept = user_cache_dir() / f"coverage-{path.stem}-{stat.st_size}-{stat.st_mtime_ns}.pickle"
    stored = load_pickle(kept, COVERAGE_VERSION)
    if stored:
        return stored["codes"]
    font = TTFont(str(path), lazy=True)
    try:
        codes = frozenset(font.getBestCmap())
    finally:
        font.close()
    try:
        save_pickle(kept, COVERAGE_VERSION, codes=codes)
    except OSError:  # a read-only home: asked again next time
        pass
    return codes


COVERAGE_VERSION = 1


def user_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ocop-catalogue"


def _drawn(char: str) -> bool:
    return not char.isspace() and ord(char) >= 0x20


@lru_cache(maxsize=None)
def face_for(char: str) -> Face | None:
    """The first face that has the character; None when none has it."""
    code = ord(char)
    return next((face for face in FACES if code in coverage(face)), None)


@lru_cache(maxsize=1)
def drawable() -> frozenset[str]:
    """Every character some face has."""
    return frozenset(chr(code) for face in FACES for code in coverage(face))


def missing(text: str) -> str:
    """The characters of ``text`` that no face has, each once, in order.

    Asked of every product name on every build: the set difference answers
    the usual case, a name every character of which is drawable, at once.
    """
    lacking = set(text) - drawable()
    return "".join(dict.fromkeys(c for c in text if c in lacking and _drawn(c))) if lacking else ""


def runs(text: str) -> list[tuple[Face, str]]:
    """``text`` cut into runs drawn in one face.

    Spaces, digits and punctuation stay in the run they are in when its face
    has them, so "（500克）" is drawn in one face, not three.
    """
    out: list[tuple[Face, str]] = []
    for char in text:
        current = out[-1][0] if out else None
        if current and (not _drawn(char) or (not char.isalpha() and ord(char) in coverage(current))):
            face = current
        else:
            face = face_for(char) or LATIN
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + char)
        else:
            out.append((face, char))
    return out


@lru_cache(maxsize=4096)
def break_units(text: str) -> tuple[str, ...]:
    """The pieces of ``text`` between line break opportunities (UAX #14). Made once per
    text: uniseg is pure Python, and a card tries its title at up to three sizes while
    its place and site name recur on thousands of cards."""
    return tuple(line_break_units(text))


def wrap(text: str, width_of: Callable[[str], float], width: float, lines: int) -> list[str]:
    """At most ``lines`` lines no wider than ``width``; an ellipsis says text was cut.

    Breaks where UAX #14 allows (spaces, between CJK characters); a unit wider
    than a whole line is cut between characters.
    """
    text = " ".join(text.split())
    if width_of(text) <= width:  # what fits stays on one line, with no need to find where it could break
        return [text]
    out: list[str] = []
    line = ""
    for unit in break_units(text):
        if width_of((line + unit).rstrip()) <= width:
            line += unit
            continue
        if line.strip():
            out.append(line.rstrip())
        line = unit
        while len(line.rstrip()) > 1 and width_of(line.rstrip()) > width:  # wider than a line
            cut = next((i for i in range(len(line) - 1, 0, -1) if width_of(line[:i]) <= width), 1)
            out.append(line[:cut])
            line = line[cut:]
    out.append(line.rstrip())
    out = [l for l in out if l] or [""]
    if len(out) > lines:
        out = out[:lines]
        while out[-1] and width_of(out[-1] + ELLIPSIS) > width:
            out[-1] = out[-1][:-1]
        out[-1] = out[-1].rstrip(" ,.、，。") + ELLIPSIS
    return out


# --- Pillow (share cards) ---------------------------------------------------

@lru_cache(maxsize=None)
def _pillow_font(face: Face, size: int, bold: bool):
    from PIL import ImageFont
    return ImageFont.truetype(str(face.file(bold)), size)


class PillowText:
    """Text of one size and weight drawn with Pillow, each run in the face that has it."""

    STAMPS_KEPT = 512

    def __init__(self, size: int, bold: bool = False):
        self.size, self.bold = size, bold
        self.ascent = _pillow_font(LATIN, size, bold).getmetrics()[0]
        self._stamps: dict = {}

    def font(self, face: Face):
        return _pillow_font(face, self.size, self.bold)

    def width(self, text: str) -> float:
        return sum(self.font(face).getlength(part) for face, part in runs(text))

    def draw(self, draw, xy: tuple[float, float], text: str, **options) -> None:
        """Draw with the top of the line at ``xy`` (as ImageDraw.text does), runs on one baseline."""
        x, baseline = xy[0], xy[1] + self.ascent
        for face, part in runs(text):
            font = self.font(face)
            draw.text((x, baseline), part, font=font, anchor="ls", **options)
            x += font.getlength(part)

    def stamp(self, image, xy: tuple[int, int], text: str, fill, stroke_width: int = 0, stroke_fill=None) -> None:
        """As draw, pixel for pixel, from masks rendered once per text: for text that recurs
        (a card's place and site name), since rendering glyphs costs more than blending them."""
        masks, (dx, dy) = self._masks(text, stroke_width)
        x, y = xy[0] + dx, xy[1] + dy
        for mask, colour in zip(masks, (stroke_fill, fill) if stroke_width else (fill,)):
            image.paste(colour, (x, y, x + mask.width, y + mask.height), mask)

    def _masks(self, text: str, stroke_width: int):
        """The stroke's coverage (when stroked) and the letters', cropped; and where they go from xy."""
        from PIL import Image, ImageDraw
        key = (text, stroke_width)
        if key not in self._stamps:
            if len(self._stamps) >= self.STAMPS_KEPT:
                self._stamps.clear()
            pad = self.size  # room for marks above the ascent and the stroke
            size = (int(self.width(text)) + 2 * pad + 2 * stroke_width, 3 * self.size)
            layers = []
            for width in ((stroke_width, 0) if stroke_width else (0,)):
                mask = Image.new("L", size)
                self.draw(ImageDraw.Draw(mask), (pad, pad), text, fill=255, stroke_width=width, stroke_fill=255)
                layers.append(mask)
            box = layers[0].getbbox() or (0, 0, 1, 1)  # the stroke's covers the letters'
            self._stamps[key] = [layer.crop(box) for layer in layers], (box[0] - pad, box[1] - pad)
        return self._stamps[key]


# --- reportlab (PDF labels) -------------------------------------------------

def pdf_font_name(face: Face, bold: bool) -> str:
    return face.name + ("-Bold" if bold and face.bold else "")


def register_pdf_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as PdfFont
    registered = set(pdfmetrics.getRegisteredFontNames())
    for face in FACES:
        for bold in (False, True):
            name = pdf_font_name(face, bold)
            if name not in registered:
                pdfmetrics.registerFont(PdfFont(name, str(face.file(bold))))
                registered.add(name)


def pdf_width(text: str, size: float, bold: bool = False) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return sum(stringWidth(part, pdf_font_name(face, bold), size) for face, part in runs(text))


def pdf_draw_centred(pdf, x: float, y: float, text: str, size: float, bold: bool = False) -> None:
    """Draw ``text`` centred on ``x``, each run in the face that has it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    left = x - pdf_width(text, size, bold) / 2
    for face, part in runs(text):
        name = pdf_font_name(face, bold)
        pdf.setFont(name, size)
        pdf.drawString(left, y, part)
        left += stringWidth(part, name, size)
