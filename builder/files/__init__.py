"""Stage 5, write (the files that are not pages): one module per kind of file.

``qrcodes`` (beside the traceability pages), ``gs1`` (Digital Link),
``opendata`` (JSON and CSV), ``feeds`` (Atom), ``sitemap``, ``search`` (Pagefind), ``assets``
(photos, lab documents, JSON Schemas), ``offline`` (service worker, web manifests), ``filters`` (what the lists are filtered by).
"""
from __future__ import annotations

from ..write import Output
from . import assets, feeds, filters, gs1, kiosk, offline, opendata, sitemap


def write_all(site, renderer, jobs: list, output: Output, extra_paths: list[str] = ()) -> None:
    """Every file that is not a page or beside one; `jobs` are the pages, for the sitemap."""
    assets.write_photos(site, output, site.photo_pipeline)
    assets.write_lab_documents(site, output)
    gs1.write_gs1(site, renderer, output)
    opendata.write_open_data(site, renderer, output)
    feeds.write_feeds(site, renderer, output)
    sitemap.write_sitemap(site, renderer, jobs, output, list(extra_paths))
    assets.write_schemas(output)
    offline.write_offline(site, renderer, output)
    kiosk.write_kiosk(site, renderer, output)
    filters.write_filters(site, renderer, output)
