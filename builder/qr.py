"""QR codes for packages: SVG for print and pages, PNG sized for 2 cm at 300 dpi.

Error correction M restores up to 15% of damaged modules: the usual trade-off
for URLs printed small on packaging (Q or H would need a denser code).
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass

import qrcode
from PIL import Image

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
PRINT_DPI = 300
PRINT_SIZE_PX = round(2 / 2.54 * PRINT_DPI)  # 2 cm at 300 dpi = 236 px
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M


@dataclass(frozen=True)
class QrInfo:
    version: int
    modules: int  # per side, without the quiet zone
    error_correction: str


def _code(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE, box_size=1)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_matrix(url: str) -> list[list[bool]]:
    """Dark (True) and light modules, quiet zone included."""
    return _code(url).get_matrix()


def qr_info(url: str) -> QrInfo:
    code = _code(url)
    return QrInfo(code.version, 17 + 4 * code.version, "M")


def dark_runs(matrix: list[list[bool]]):
    """(x, y, length) of each horizontal run of dark modules."""
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                yield start, y, x - start
            else:
                x += 1


def qr_svg(url: str) -> bytes:
    matrix = qr_matrix(url)
    size = len(matrix)
    path = "".join(f"M{x} {y}h{n}v1h-{n}z" for x, y, n in dark_runs(matrix))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
            f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path fill="#000" d="{path}"/></svg>\n').encode("ascii")


def qr_png(url: str) -> bytes:
    matrix = qr_matrix(url)
    size = len(matrix)
    scale = math.ceil(PRINT_SIZE_PX / size)  # whole pixels per module: sharp edges, at least 2 cm
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    image = image.resize((size * scale, size * scale), Image.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(PRINT_DPI, PRINT_DPI), optimize=True)
    return out.getvalue()
