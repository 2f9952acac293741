"""The kiosk's files: its data per language, script and style (named by their
content), the list of what it keeps offline, and its part of the site's
service worker, ``sw-kiosk.js``, at the site root."""
from __future__ import annotations

from pathlib import Path

from ..pipeline.write import Output

STATIC = Path(__file__).resolve().parent.parent / "static"
# The kiosk's part of the site's one service worker: sw.js (files/offline.py) imports it first.
WORKER_FILES = ("sw-kiosk.js",)


def write_kiosk(site, renderer, output: Output) -> None:
    from .page import bundle  # here: the page imports the files package, which registers this module

    kiosk = bundle(renderer)
    for asset in [*kiosk.files(), kiosk.offline_list]:
        output.put_bytes(asset.path, asset.data)
    for name in WORKER_FILES:
        output.put_bytes(name, (STATIC / name).read_bytes())
