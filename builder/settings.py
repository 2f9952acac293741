"""Where a catalogue project keeps its files, and how it is built.

Engine-free: a theme adapter (see adapters/) reads the site configuration
into a ``Project``.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import available_languages, language_name

# Each language's own name lives in its strings file (locale/<code>.yaml: language_name);
# the languages a catalogue may publish are those that have one.
LANGUAGE_NAMES = {code: language_name(code) for code in available_languages()}


@dataclass(frozen=True)
class Kiosk:
    """What the trade-fair kiosk (``kiosk/``) of a stand features (plugin option ``kiosk``)."""

    products: tuple[str, ...] = ()  # featured on the start screen and in the attract loop; default: featured: true
    districts: tuple[str, ...] = ()  # the districts the stand shows; default: all
    idle: int = 90  # seconds without a touch before the kiosk starts over (a page may say ?idle=N)


@dataclass(frozen=True)
class Project:
    root: Path
    config_file: Path
    catalogue_dir: Path
    products_dir: Path
    cache_dir: Path
    site_dir: Path
    languages: tuple[str, ...]
    site_url: str | None
    site_name: str
    page_size: int
    featured: int
    jobs: int
    search: bool
    build_date: dt.date
    id_prefixes: dict = field(default_factory=dict)  # province id -> prefix of the IDs `ocop import` gives
    site_names: tuple[tuple[str, str], ...] = ()  # (language, name) where the config names the site per language
    kiosk: Kiosk = Kiosk()
    edit: dict = field(default_factory=dict)  # the editor published at admin/: {backend, repo, branch, ...}
    preview: bool = False  # built for ocop serve's preview, never published

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def site_name_in(self, language: str) -> str:
        return dict(self.site_names).get(language, self.site_name)


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH for reproducible builds on another day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
