"""Material shells rendered through the MkDocs theme environment (see builder/shell.py)."""
from __future__ import annotations

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from .. import ProjectError
from .errors import template_problem
from ...shell import CONTENT, DESCRIPTION, HEAD, TITLE, Shell, rest_sentinel, split_shell


class ShellFactory:
    """Renders and caches shells through the MkDocs theme environment."""

    def __init__(self, config, env, files, navs: dict, alternates, site_name_in=None):
        self.config, self.env, self.files, self.navs = config, env, files, navs
        self.site_name_in = site_name_in or (lambda code: config.site_name)  # the site's name in a language
        self.alternates = alternates  # (lang, path) -> list of {name, link, lang}
        self._cache: dict[tuple, Shell] = {}

    def shell(self, lang, section: str, segments: int) -> Shell:
        key = (lang.code, section, segments)
        if key not in self._cache:
            self._cache[key] = self._render(lang, section, segments)
        return self._cache[key]

    def rendered(self) -> dict:
        return dict(self._cache)

    def fingerprint(self) -> str:
        """The chrome of every shell rendered so far, for page cache keys."""
        return "".join(f"{key}{shell.parts}" for key, shell in sorted(self._cache.items()))

    def _render(self, lang, section: str, segments: int) -> Shell:
        rest = rest_sentinel(segments)
        path = f"{lang.prefix}{section}/" + (f"{rest}/" if rest else "")
        page = self._virtual_page(path, lang)
        context = get_context(self.navs[lang.code], self.files, self.config, page)
        self.config._current_page = page
        site_name, self.config.site_name = self.config.site_name, self.site_name_in(lang.code)
        try:
            rendered = self.env.get_template("main.html").render(context)
        except jinja2.TemplateError as exc:  # an override that fails only around generated pages
            raise ProjectError(template_problem(exc, self.config.config_file_path)) from None
        finally:
            self.config._current_page = None
            self.config.site_name = site_name
        return split_shell(rendered, segments)

    def _virtual_page(self, path: str, lang) -> Page:
        file = File("ocop-generated.md", self.config.docs_dir, self.config.site_dir,
                    self.config.use_directory_urls, dest_uri=path + "index.html")
        page = Page(TITLE, file, self.config)
        page.content = CONTENT
        page.toc = []
        page.meta = {
            "description": DESCRIPTION,
            "hide": ["navigation", "toc"],
            "ocop_lang": lang.code,
            "ocop_head": HEAD,
            "ocop_alternates": self.alternates(path, lang),
        }
        return page
