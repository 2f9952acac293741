"""The QR codes printed on packs: an SVG and a PNG beside each page a code opens."""
from __future__ import annotations

from functools import partial
from typing import Callable

from .. import links as paths
from ..pipeline.keys import digest
from ..stored import FileCache
from ..qr import qr_png, qr_svg

QR_VERSION = 2  # change when the QR drawing changes, so cached codes are redrawn


def qr_target(item, lot: str | None, site_url: str) -> str:
    """The URL printed in a QR code: the t/ page, or its GS1 Digital Link form."""
    if item.product.qr == "gs1" and item.gtin14:
        return site_url + paths.gs1_path(item.gtin14, lot)
    return site_url + (paths.lot_path(item.id, lot) if lot else paths.trace_path(item.id))


class QrCodes:
    """The codes beside the pages they open (``t/<ID>/qr.svg``, ...).

    The page's worker writes them with the page (see PageWriter), into the
    folder it has just made: creating the same folders from two processes
    makes each wait for the other.
    """

    NAMES = (("qr.svg", qr_svg), ("qr.png", qr_png))

    def __init__(self, site):
        self.cache = FileCache(site.project.cache_dir / "qr")
        self.site_url = site.project.site_url

    def beside(self, page_path: str, item, lot: str | None = None) -> list[tuple[str, str, Callable[[], str]]]:
        """(site path, key, cached file maker) of the codes beside the page a code opens."""
        url = qr_target(item, lot, self.site_url)
        keys = [(name, make, digest("qr", QR_VERSION, name, url)) for name, make in self.NAMES]
        return [(page_path + name, key, partial(self._cached, key, make, url)) for name, make, key in keys]

    def _cached(self, key: str, make, url: str) -> str:
        return self.cache.get(key) or self.cache.put(key, make(url))
