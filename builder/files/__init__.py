"""Stage 5, write (the files that are not pages): one module per kind of file.

``qrcodes`` (beside the traceability pages), ``gs1`` (Digital Link),
``opendata`` (JSON and CSV), ``feeds`` (Atom), ``sitemap``, ``search`` (Pagefind), ``assets``
(photos, lab documents, JSON Schemas), ``offline`` (service worker, web manifests),
``kiosk`` (its data, script and style), ``filters`` (what the lists are filtered by, and the
scripts of the filters, seasons and near me), ``editor`` (admin/, when the site publishes one).

The files made from the whole catalogue are generated as one group per
module, under a key of everything they show: the build's stamp (code,
templates, registries, date), every product's key and the module's own code.
A build whose key is unchanged leaves them as they are without making them.
The sitemap shows which pages exist, not what they say: its key has the
pages' paths instead of the products' keys, so an edit of a text leaves it.
Each district's offline save list is a group of its own, keyed by its products.
Files that are the same for every catalogue (icons, schemas, scripts) are
keyed by the code and the static files alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..kinds import sitemap_paths
from ..kiosk import files as kiosk
from . import assets, editor, feeds, filters, gs1, offline, opendata, sitemap
from ..pipeline.keys import digest, modules_behind, tree_digest
from ..pipeline.write import Output

STATIC = Path(__file__).resolve().parent.parent / "static"
EDITOR_DATA = Path(__file__).resolve().parent.parent / "editor"  # its labels and hints (hints.yaml)


@dataclass(frozen=True)
class Group:
    module: object
    write: Callable  # (site, renderer, jobs, output, extra paths)
    shows: str = "catalogue"  # or "pages" (which pages exist), or "code" (the same for every catalogue and day)
    data: tuple = ()  # files besides code that the module reads


GROUPS = {
    "gs1": Group(gs1, lambda site, renderer, jobs, output, extra: gs1.write_gs1(site, renderer, output)),
    "open data": Group(opendata, lambda site, renderer, jobs, output, extra: opendata.write_open_data(site, renderer,
                                                                                                    output)),
    "feeds": Group(feeds, lambda site, renderer, jobs, output, extra: feeds.write_feeds(site, renderer, output)),
    "sitemap": Group(sitemap, lambda site, renderer, jobs, output, extra: sitemap.write_sitemap(site, renderer, jobs,
                                                                                               output, extra),
                     "pages"),
    "offline": Group(offline, lambda site, renderer, jobs, output, extra: offline.write_offline(site, renderer,
                                                                                                output)),
    "kiosk": Group(kiosk, lambda site, renderer, jobs, output, extra: kiosk.write_kiosk(site, renderer, output)),
    "filters": Group(filters, lambda site, renderer, jobs, output, extra: filters.write_filters(site, renderer, output)),
    "schemas": Group(assets, lambda site, renderer, jobs, output, extra: assets.write_schemas(output), "code"),
    "app files": Group(offline, lambda site, renderer, jobs, output, extra: offline.write_app_files(output), "code"),
    "editor": Group(editor, lambda site, renderer, jobs, output, extra: editor.write_editor(site, output),
                    data=(EDITOR_DATA,)),
    "filter scripts": Group(filters, lambda site, renderer, jobs, output, extra: filters.write_scripts(output), "code"),
}


def write_all(site, renderer, jobs: list, output: Output, extra_paths: list[str] = (), stamp: str = "") -> None:
    """Every file that is not a page or beside one; `jobs` are the pages, for the sitemap."""
    assets.write_photos(site, output, site.photo_pipeline)
    assets.write_lab_documents(site, output)
    shown = {"catalogue": digest(stamp, renderer.catalogue_key, list(extra_paths)),
             "pages": digest(stamp, sitemap_paths(jobs, site.project.default_language), list(extra_paths)),
             "code": tree_digest([STATIC])}
    for name, group in GROUPS.items():
        inputs = shown[group.shows]
        key = digest(inputs, tree_digest(modules_behind(group.module.__name__)), tree_digest(group.data))
        output.made_by(name, key, lambda: group.write(site, renderer, jobs, output, list(extra_paths)))
    offline.write_save_lists(site, renderer, output)
