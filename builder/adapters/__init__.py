"""Theme adapters: the one place a theme engine (MkDocs + Material today) is used.

The commands choose the adapter (``commands.default_adapter``) and hand it to
the pipeline, which never imports an engine's package: the plugin of an engine
may call the pipeline (plain ``mkdocs build``) without an import cycle. The
pipeline (build.py) asks an adapter for four things, and nothing else:

``load_project(project_dir) -> Project``
    Read the site configuration (``mkdocs.yml``) into the engine-free
    ``settings.Project``; problems raise ``ProjectError`` as ``path:line: message``.

``theme_inputs(project) -> list[Path]``
    The files the theme's output depends on (config, hand-written pages,
    template overrides), so an unchanged theme need not render again.

``engine_versions() -> tuple``
    The installed engine and theme, by name and version: updating either
    changes the theme's output as much as editing its templates does.

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

What a rendered theme gives can be kept (``KeptTheme``): a build whose theme
inputs did not change takes its shells from the cache and does not start the
engine at all.

Moving to another engine (Zensical, ProperDocs, plain Jinja) means one new
package here providing these four calls.
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

    def rendered_shells(self) -> dict: ...  # (language code, section, depth) -> shell, for KeptTheme


class ThemeAdapter(Protocol):
    def load_project(self, project_dir: Path): ...

    def theme_inputs(self, project) -> list[Path]: ...

    def engine_versions(self) -> tuple: ...

    def render(self, project, hooks: ThemeHooks, out_dir: Path) -> RenderedTheme: ...


class KeptTheme:
    """A rendered theme as the cache keeps it: its shells, outputs and pages, no engine behind it.

    It serves the shells it holds; ``covers`` says whether those are all a
    build needs (a list that grew a second page needs a shell one level deeper).
    """

    def __init__(self, shells: dict, outputs: list[str], pages: list[str]):
        self.shells, self.outputs, self.pages = shells, outputs, pages
        self._used: set = set()

    @classmethod
    def of(cls, theme: RenderedTheme) -> "KeptTheme":
        return cls(theme.rendered_shells(), list(theme.outputs), list(theme.pages))

    def covers(self, wanted) -> bool:
        return set(wanted) <= self.shells.keys()

    def shell(self, lang, section: str, depth: int):
        key = (lang.code, section, depth)
        self._used.add(key)
        return self.shells[key]

    def rendered_shells(self) -> dict:
        return {key: self.shells[key] for key in self._used}

    def fingerprint(self) -> str:
        """As the engine's theme gives it for the same shells (see ShellFactory.fingerprint)."""
        return "".join(f"{key}{self.shells[key].parts}" for key in sorted(self._used))
