"""``ocop labels``: A4 sheets of QR labels, drawn as vectors, with cut marks.

Each label carries the QR code (25 mm: with a version-3 code a module is
0.6 mm, which a phone reads from print and a 150 dpi scan still resolves),
the product name, its stars, its ID and, for lots, the lot number, and where
it is made: today's commune and province, then the former names.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from . import fonts
from .qr import dark_runs, qr_matrix

LABEL_W, LABEL_H = 63 * mm, 50 * mm
QR_SIZE = 25 * mm
COLUMNS, ROWS = 3, 5
MARGIN_X = (A4[0] - COLUMNS * LABEL_W) / 2
MARGIN_Y = (A4[1] - ROWS * LABEL_H) / 2
CUT = 3 * mm


@dataclass(frozen=True)
class Label:
    url: str
    name: str
    stars: int
    product_id: str
    lot: str | None = None
    place: str = ""  # "Xã Mèo Vạc, tỉnh Tuyên Quang (trước đây: ...)"


def draw_qr(pdf: canvas.Canvas, url: str, x: float, y: float, size: float) -> None:
    matrix = qr_matrix(url)
    module = size / len(matrix)
    pdf.setFillColorRGB(0, 0, 0)
    path = pdf.beginPath()
    for mx, my, run in dark_runs(matrix):
        path.rect(x + mx * module, y + size - (my + 1) * module, run * module, module)
    pdf.drawPath(path, stroke=0, fill=1)


def fitted_lines(text: str, size: float, width: float, lines: int = 2, bold: bool = True) -> list[str]:
    """The name in at most ``lines`` lines: broken at spaces, or between CJK characters."""
    return fonts.wrap(text, lambda line: fonts.pdf_width(line, size, bold), width, lines)


def draw_label(pdf: canvas.Canvas, label: Label, x: float, y: float) -> None:
    draw_qr(pdf, label.url, x + (LABEL_W - QR_SIZE) / 2, y + LABEL_H - QR_SIZE - 3 * mm, QR_SIZE)
    text_y = y + LABEL_H - QR_SIZE - 7 * mm
    centre = x + LABEL_W / 2
    for line in fitted_lines(label.name, 8, LABEL_W - 6 * mm):
        fonts.pdf_draw_centred(pdf, centre, text_y, line, 8, bold=True)
        text_y -= 3.4 * mm
    stars = "★" * label.stars + "☆" * (5 - label.stars)
    fonts.pdf_draw_centred(pdf, centre, text_y, f"{stars}  {label.stars}★ OCOP", 7.5)
    text_y -= 3.2 * mm
    ident = label.product_id + (f" · Lô/Lot {label.lot}" if label.lot else "")
    fonts.pdf_draw_centred(pdf, centre, text_y, ident, 7.5)
    for line in fitted_lines(label.place, 6, LABEL_W - 6 * mm, bold=False) if label.place else []:
        text_y -= 2.6 * mm
        fonts.pdf_draw_centred(pdf, centre, text_y, line, 6)


def draw_cut_marks(pdf: canvas.Canvas) -> None:
    pdf.setLineWidth(0.25)
    pdf.setStrokeColorRGB(0.4, 0.4, 0.4)
    for column in range(COLUMNS + 1):
        x = MARGIN_X + column * LABEL_W
        pdf.line(x, MARGIN_Y - CUT - 1 * mm, x, MARGIN_Y - 1 * mm)
        pdf.line(x, MARGIN_Y + ROWS * LABEL_H + 1 * mm, x, MARGIN_Y + ROWS * LABEL_H + CUT + 1 * mm)
    for row in range(ROWS + 1):
        y = MARGIN_Y + row * LABEL_H
        pdf.line(MARGIN_X - CUT - 1 * mm, y, MARGIN_X - 1 * mm, y)
        pdf.line(MARGIN_X + COLUMNS * LABEL_W + 1 * mm, y, MARGIN_X + COLUMNS * LABEL_W + CUT + 1 * mm, y)


def write_labels_pdf(labels: list[Label], out: Path | BinaryIO) -> None:
    """Byte-identical for the same labels (reportlab's invariant mode)."""
    fonts.register_pdf_fonts()
    pdf = canvas.Canvas(str(out) if isinstance(out, Path) else out, pagesize=A4, invariant=1,
                        pageCompression=1)
    pdf.setTitle("OCOP QR labels")
    pdf.setAuthor("ocop-catalogue")
    pdf.setCreator("ocop-catalogue")
    per_page = COLUMNS * ROWS
    for start in range(0, max(len(labels), 1), per_page):
        draw_cut_marks(pdf)
        for index, label in enumerate(labels[start:start + per_page]):
            column, row = index % COLUMNS, index // COLUMNS
            draw_label(pdf, label, MARGIN_X + column * LABEL_W, MARGIN_Y + (ROWS - 1 - row) * LABEL_H)
        pdf.showPage()
    pdf.save()
