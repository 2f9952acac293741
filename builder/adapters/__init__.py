"""Theme adapters: the one place a theme engine (MkDocs + Material today) is used.

The pipeline (build.py) asks an adapter for three things, and nothing else:

``load_project(project_dir) -> Project``
    Read the site configuration (``mkdocs.yml``) into the engine-free
    ``settings.Project``; problems raise ``ProjectError`` as ``path:line: message``.

``theme_inputs(project) -> list[Path]``
    The files the theme's output depends on (config, hand-written pages,
    template overrides), so an unchanged theme need not render again.

``render(project, hooks, out_dir) -> RenderedTheme``
    Write the theme's own files into ``out_dir``: its assets and the
    hand-written pages of ``catalogue/*.md`` (``name.<lang>.md`` for other
    languages), asking ``hooks`` (the catalogue's ``ThemeHooks``) for each
    page's language alternates and for the catalogue sections of the home
    page. The result gives:

    - ``shell(lang, section, depth) -> shell.Shell``: the theme's chrome for a
      generated page of that section (``products``, ``districts``, ...) and
      depth below it, with slots for title, description, head and content;
    - ``fingerprint() -> str``: the chrome of every shell made so far;
    - ``outputs``: the site paths the theme wrote;
    - ``pages``: the language-neutral paths of the hand-written pages (sitemap).

Moving to another engine (Zensical, ProperDocs, plain Jinja) means one new
package here providing these three calls.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol


class ProjectError(Exception):
    """The site configuration cannot be used; the message is ``path:line: message``."""


class ThemeHooks(Protocol):
    def alternates(self, path: str, lang) -> list[dict]: ...

    def home_sections(self, lang, page_path: str) -> str: ...


class RenderedTheme(Protocol):
    outputs: list[str]
    pages: list[str]

    def shell(self, lang, section: str, depth: int): ...

    def fingerprint(self) -> str: ...


class ThemeAdapter(Protocol):
    def load_project(self, project_dir: Path): ...

    def theme_inputs(self, project) -> list[Path]: ...

    def render(self, project, hooks: ThemeHooks, out_dir: Path) -> RenderedTheme: ...


def default_adapter() -> ThemeAdapter:
    from .mkdocs import MkDocsAdapter

    return MkDocsAdapter()
