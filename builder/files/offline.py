"""What makes the site work offline and installable: the service worker
(``sw.js``), a web manifest per language with icons drawn here, the scripts
of the offline page and of "save this district", and each district's list of
what saving it stores (``<L>districts/<id>/offline.json``)."""
from __future__ import annotations

import io
import json
import math
import os
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from .. import links as paths
from ..pipeline.keys import digest
from ..pipeline.write import Output
from .jsonfile import json_bytes

STATIC = Path(__file__).parents[1] / "static"
THEME_GREEN = "#2e7d32"
SCRIPTS = {"assets/ocop-save-offline.js": "save-offline.js", "assets/ocop-offline-list.js": "offline-list.js"}
ICON_SIZES = (192, 512)


def write_offline(site, renderer, output: Output) -> None:
    """The service worker and the web manifests."""
    output.put_bytes("sw.js", service_worker(site, renderer))
    for lang in renderer.langs.values():
        output.put_bytes(f"{lang.prefix}manifest.webmanifest", web_manifest(site, lang))


def write_save_lists(site, renderer, output: Output) -> None:
    """Each district's save list, in each language: a group of its own, not inside the catalogue's."""
    sizes = PhotoSizes(site)
    for lang in renderer.langs.values():
        for district_id, items in site.by_district.items():
            path = paths.district_path(district_id, lang) + "offline.json"

            def save_list(district_id=district_id, lang=lang, path=path) -> None:
                output.put_bytes(path, json_bytes(district_save_list(site, district_id, lang, path, sizes),
                                                  compact=True))  # only save-offline.js reads it

            # Made again only when one of the district's products changed: keyed as a piece made
            # from products is (Renderer.remembered), by those products.
            output.made_by(f"offline {path}", digest(renderer.shared_inputs_key, renderer.pieces.code, path,
                                                     [renderer.item_key(item) for item in items]), save_list)


def write_app_files(output: Output) -> None:
    """What is the same for every catalogue: the offline scripts and the app icons."""
    for target, source in SCRIPTS.items():
        output.put_bytes(target, (STATIC / source).read_bytes())
    for name, data in icons():
        output.put_bytes(f"icons/{name}", data)


def service_worker(site, renderer) -> bytes:
    """sw.js: its settings on the first line, then the worker. The version names
    the cache of the offline pages, so a change to them installs a new worker."""
    source = (STATIC / "sw.js").read_text("utf-8")
    languages = list(renderer.langs)
    settings = {"languages": languages,
                "version": digest(source, languages, offline_pages_html(renderer),
                                  (STATIC / SCRIPTS["assets/ocop-offline-list.js"]).read_bytes())[:16]}
    return f"const OCOP = {json.dumps(settings, sort_keys=True)};\n{source}".encode("utf-8")


def offline_pages_html(renderer) -> list[str]:
    from ..kinds import offline

    return [renderer.render(job) for lang in renderer.langs.values() for job in offline.site_jobs(renderer, lang)]


def web_manifest(site, lang) -> bytes:
    """Installing the site puts it on the home screen in the visitor's language."""
    to_root = paths.Links(lang.prefix, None).to("")
    manifest = {
        "name": site.project.site_name, "short_name": "OCOP", "lang": lang.tag,
        "start_url": "./", "scope": to_root, "display": "standalone",
        "background_color": "#ffffff", "theme_color": THEME_GREEN,
        "icons": [{"src": f"{to_root}icons/{name}", "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": purpose}
                  for name, size, purpose in icon_names()],
    }
    return json_bytes(manifest)


def icon_names() -> list[tuple[str, int, str]]:
    return [(f"icon-{size}.png", size, "any") for size in ICON_SIZES] + [("maskable-512.png", 512, "maskable")]


@lru_cache(maxsize=1)
def icons() -> tuple[tuple[str, bytes], ...]:
    return tuple((name, draw_icon(size, maskable=purpose == "maskable")) for name, size, purpose in icon_names())


def draw_icon(size: int, maskable: bool) -> bytes:
    """The OCOP star on the site's green; a maskable icon keeps it inside the safe circle."""
    scale = 4  # drawn large and reduced: smooth edges without anti-aliasing support in ImageDraw
    big = size * scale
    image = Image.new("RGB", (big, big), THEME_GREEN)
    draw = ImageDraw.Draw(image)
    centre, outer = big / 2, big * (0.30 if maskable else 0.40)
    draw.ellipse((centre - outer, centre - outer, centre + outer, centre + outer), fill="#ffffff")
    draw.polygon(star_points(centre, centre, outer * 0.78, outer * 0.32), fill="#f9a825")
    small = image.resize((size, size), Image.LANCZOS)
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()


def star_points(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    return points


def district_save_list(site, district_id: str, lang, list_path: str, sizes: "PhotoSizes") -> dict:
    """The pages and small photos that "save this district for offline" stores,
    as links relative to the list itself."""
    links = paths.Links(list_path.rpartition("/")[0] + "/", None)
    items = site.by_district.get(district_id, [])
    pages = [paths.district_path(district_id, lang)]
    for item in items:
        code_lang = lang if lang.prefix else None
        pages.append(paths.product_path(item.slug, lang))
        pages.append(paths.trace_path(item.id, code_lang))
        pages += [paths.lot_path(item.id, lot.lot, code_lang) for lot in item.lots]  # what lot QR codes open
    photos = [smallest_variant(photo) for item in items for photo in item.photos]
    qr_codes = [paths.trace_path(item.id) + "qr.svg" for item in items]  # shown on the product pages
    from .filters import SCRIPTS, filters_path  # (filters.py takes the photo variants from here)

    filters = [filters_path(lang), *SCRIPTS]  # the list's filters, near me, and their style
    return {"pages": [links.to(page) for page in pages], "files": [links.to(path) for path in qr_codes + filters],
            "photos": [links.to(f"img/{variant.name}") for variant in photos],
            "photo_bytes": sum(sizes[variant.name] for variant in photos)}


def smallest_variant(photo):
    preferred = [v for v in photo.variants if v.format == "webp"] or list(photo.variants)
    return min(preferred, key=lambda v: v.width)


class PhotoSizes(dict):
    """The bytes of each photo variant, looked up once for all the languages' lists."""

    def __init__(self, site):
        super().__init__()
        self.site = site

    def __missing__(self, name: str) -> int:
        try:
            size = os.path.getsize(self.site.photo_pipeline.file(name))
        except (OSError, AttributeError):
            size = 0
        self[name] = size
        return size
