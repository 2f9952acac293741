"""The permanent URLs of the built site (CONTRACT §5), relative or absolute."""
from __future__ import annotations

import posixpath

from .i18n import Lang


def depth(path: str) -> int:
    """How many folders deep a page URL like 'en/products/x/' is."""
    return len([part for part in path.split("/") if part])


def product_path(slug: str, lang: Lang) -> str:
    return f"{lang.prefix}products/{slug}/"


def province_path(slug: str, lang: Lang) -> str:
    """Today's province: the slug of its name without "tỉnh"/"thành phố" (provinces/tuyen-quang/)."""
    return f"{lang.prefix}provinces/{slug}/"


def district_path(district_id: str, lang: Lang) -> str:
    return f"{lang.prefix}districts/{district_id}/"


def group_path(group: str, lang: Lang) -> str:
    return f"{lang.prefix}groups/{group}/"


def stars_path(stars: int, lang: Lang) -> str:
    return f"{lang.prefix}stars/{stars}/"


def season_path(lang: Lang) -> str:
    return f"{lang.prefix}season/"


def month_path(month: int, lang: Lang) -> str:
    """What is in season in one month, 1-12: ``season/5/``."""
    return f"{season_path(lang)}{month}/"


def point_path(point_id: str, lang: Lang) -> str:
    return f"{lang.prefix}points-of-sale/{point_id.lower()}/"


def trace_path(product_id: str, lang: Lang | None = None) -> str:
    """The QR target: ``t/<ID>/`` has no language; ``<L>t/<ID>/`` does."""
    prefix = lang.prefix if lang else ""
    return f"{prefix}t/{product_id}/"


def lot_path(product_id: str, lot: str, lang: Lang | None = None) -> str:
    return f"{trace_path(product_id, lang)}{lot}/"


def gs1_path(gtin14: str, lot: str | None = None) -> str:
    return f"01/{gtin14}/" + (f"10/{lot}/" if lot else "")


def paged(path: str, page: int) -> str:
    return path if page <= 1 else f"{path}page/{page}/"


class Links:
    """Links as seen from one page: relative, so the site works in any folder."""

    def __init__(self, page_path: str, site_url: str | None):
        self.page_path = page_path
        self.root = "../" * depth(page_path)
        self.site_url = site_url or ""

    def to(self, path: str) -> str:
        """A relative link from this page to a site path ('' is the site root)."""
        return (self.root + path) or "./"

    def absolute(self, path: str) -> str:
        return self.site_url + path

    def img(self, name: str) -> str:
        return self.to(f"img/{name}")

    @staticmethod
    def join(*parts: str) -> str:
        return posixpath.join(*parts)
