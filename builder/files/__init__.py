"""Stage 5, write (the files that are not pages): one module per kind of file.

``qrcodes`` (beside the traceability pages), ``gs1`` (Digital Link),
``opendata`` (JSON and CSV), ``feeds`` (Atom), ``sitemap``, ``search`` (Pagefind), ``assets``
(photos, lab documents, JSON Schemas), ``offline`` (service worker, web manifests),
``kiosk`` (its data, script and style), ``editor`` (admin/, when the site publishes one).

The files made from the whole catalogue are generated as one group per
module, under a key of everything they show: the build's stamp (code,
templates, registries, date), every product's key and the module's own code.
A build whose key is unchanged leaves them as they are without making them.
"""
from __future__ import annotations

from ..write import Output, digest, tree_digest
from . import assets, editor, feeds, gs1, kiosk, offline, opendata, sitemap

WHOLE_CATALOGUE = {  # group name -> (module, what it writes)
    "gs1": (gs1, lambda site, renderer, jobs, output, extra: gs1.write_gs1(site, renderer, output)),
    "open data": (opendata, lambda site, renderer, jobs, output, extra: opendata.write_open_data(site, renderer, output)),
    "feeds": (feeds, lambda site, renderer, jobs, output, extra: feeds.write_feeds(site, renderer, output)),
    "sitemap": (sitemap, lambda site, renderer, jobs, output, extra: sitemap.write_sitemap(site, renderer, jobs,
                                                                                           output, extra)),
    "schemas": (assets, lambda site, renderer, jobs, output, extra: assets.write_schemas(output)),
    "offline": (offline, lambda site, renderer, jobs, output, extra: offline.write_offline(site, renderer, output)),
    "kiosk": (kiosk, lambda site, renderer, jobs, output, extra: kiosk.write_kiosk(site, renderer, output)),
    "editor": (editor, lambda site, renderer, jobs, output, extra: editor.write_editor(site, output)),
}


def write_all(site, renderer, jobs: list, output: Output, extra_paths: list[str] = (), stamp: str = "") -> None:
    """Every file that is not a page or beside one; `jobs` are the pages, for the sitemap."""
    from ..build import modules_behind  # the pipeline's own rule for what code a product depends on

    assets.write_photos(site, output, site.photo_pipeline)
    assets.write_lab_documents(site, output)
    catalogue = digest(stamp, renderer.catalogue_key, list(extra_paths))
    for name, (module, write) in WHOLE_CATALOGUE.items():
        key = digest(catalogue, tree_digest(modules_behind(module.__name__)))
        output.made_by(name, key, lambda: write(site, renderer, jobs, output, list(extra_paths)))
