"""Where a catalogue project keeps its files, and the ``ocop`` plugin options.

The options are declared the MkDocs way, so ``mkdocs.yml`` is validated with
the rest of the MkDocs configuration and all its errors are shown at once.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as opt

from .i18n import available_languages, language_name

# Each language's own name now lives in its strings file (locale/<code>.yaml: language_name).
LANGUAGE_NAMES = {code: language_name(code) for code in available_languages()}


class OcopPluginConfig(base.Config):
    languages = opt.ListOfItems(opt.Choice(available_languages()), default=["vi", "en"])
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


@dataclass(frozen=True)
class Project:
    root: Path
    config_file: Path
    catalogue_dir: Path
    products_dir: Path
    cache_dir: Path
    languages: tuple[str, ...]
    site_url: str | None
    site_name: str
    page_size: int
    featured: int
    jobs: int
    search: bool
    build_date: dt.date

    @property
    def default_language(self) -> str:
        return self.languages[0]


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH for reproducible builds on another day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


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
        languages=tuple(plugin_config.languages),
        site_url=site_url,
        site_name=config.site_name,
        page_size=max(plugin_config.page_size, 1),
        featured=plugin_config.featured,
        jobs=plugin_config.jobs or os.cpu_count() or 1,
        search=plugin_config.search,
        build_date=build_date(),
    )
