"""The ``ocop`` plugin options in ``mkdocs.yml``, and the project settings read from it.

The options are declared the MkDocs way, so ``mkdocs.yml`` is validated with
the rest of the MkDocs configuration and all its errors are shown at once.
"""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as opt

from ...settings import LANGUAGE_NAMES, Kiosk, Project, build_date


class KioskConfig(base.Config):
    products = opt.ListOfItems(opt.Type(str), default=[])
    """Product IDs the stand features (start screen, attract loop); default: those with featured: true."""
    districts = opt.ListOfItems(opt.Type(str), default=[])
    """District ids the stand shows; default: every district."""
    idle = opt.Type(int, default=90)
    """Seconds without a touch before the kiosk starts over."""


class OcopPluginConfig(base.Config):
    languages = opt.ListOfItems(opt.Choice(tuple(LANGUAGE_NAMES)), default=["vi", "en"])
    """Catalogue languages; the first is the default, served at the site root."""
    products_dir = opt.Type(str, default="products")
    cache_dir = opt.Type(str, default=".ocop-cache")
    page_size = opt.Type(int, default=48)
    """Products per page on district, group, star and point-of-sale lists."""
    featured = opt.Type(int, default=12)
    """How many featured products the home page shows."""
    jobs = opt.Optional(opt.Type(int))
    """Worker processes for rendering; default: one per core."""
    search = opt.Type(bool, default=True)
    """Build the Pagefind search index."""
    site_name = opt.DictOfItems(opt.Type(str), default={})
    """The site's name per language ({vi: ..., en: ...}); a language not given uses MkDocs' site_name."""
    id_prefixes = opt.Type(dict, default={})
    """Province id -> prefix of the IDs `ocop import` gives new products (BK -> BK-0018)."""
    kiosk = opt.SubConfig(KioskConfig)
    """The trade-fair kiosk (kiosk/): what a stand features."""
    edit = opt.Type(dict, default={})
    """The editor for office staff at admin/, committing to a Git host: {backend: github|gitlab|gitea,
    repo: owner/name, branch: main, ...}; further keys (base_url, api_root, app_id, ...) go to the CMS."""


def project_from_mkdocs(config, plugin_config: OcopPluginConfig) -> Project:
    root = Path(config.config_file_path).resolve().parent
    site_url = config.site_url or None
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return Project(
        root=root,
        config_file=Path(config.config_file_path).resolve(),
        catalogue_dir=Path(config.docs_dir).resolve(),
        products_dir=(root / plugin_config.products_dir).resolve(),
        cache_dir=(root / plugin_config.cache_dir).resolve(),
        site_dir=Path(config.site_dir).resolve(),
        languages=tuple(plugin_config.languages),
        site_url=site_url,
        site_name=config.site_name,
        page_size=max(plugin_config.page_size, 1),
        featured=plugin_config.featured,
        jobs=plugin_config.jobs or os.cpu_count() or 1,
        search=plugin_config.search,
        build_date=build_date(),
        id_prefixes=dict(plugin_config.id_prefixes),
        site_names=tuple(sorted(plugin_config.site_name.items())),
        kiosk=Kiosk(tuple(plugin_config.kiosk.products), tuple(plugin_config.kiosk.districts),
                    max(plugin_config.kiosk.idle, 3)),
        edit=dict(plugin_config.edit),
    )
