"""Material page shells: the theme's chrome rendered once, filled thousands of times.

Rendering Material's ``main.html`` costs milliseconds a page; a catalogue has
tens of thousands of generated pages whose chrome differs only in title,
description, URL, head extras and content. So the real template is rendered
once per (language, section, depth) with sentinel values, split at them, and
each page is a string join. The pages keep Material's exact markup; a
successor theme only needs another way to produce the same shell.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from mkdocs.commands.build import get_context
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

TITLE = "ocopshelltitle"
DESCRIPTION = "ocopshelldescription"
REST = "ocopshellrest"
HEAD = "<!--ocopshellhead-->"
CONTENT = '<h1 id="ocopshellcontent"></h1>'
_SLOTS = {TITLE: "title", DESCRIPTION: "description", HEAD: "head", CONTENT: "content"}


@dataclass(frozen=True)
class Shell:
    parts: tuple  # literal strings and slot names, alternating as split
    rest_tokens: tuple[str, ...]

    def fill(self, *, rest: str, title: str, description: str, head: str, content: str) -> str:
        values = {
            "title": html.escape(title, quote=True),
            "description": html.escape(description, quote=True),
            "head": head,
            "content": content,
        }
        out = []
        for kind, text in self.parts:
            if kind == "text":
                out.append(text)
            elif kind == "rest":
                out.append(rest)
            else:
                out.append(values[kind])
        return "".join(out)


def rest_sentinel(segments: int) -> str:
    return "/".join(f"{REST}{i}" for i in range(segments))


def split_shell(rendered: str, segments: int) -> Shell:
    rest = rest_sentinel(segments) if segments else None
    tokens = [re.escape(t) for t in _SLOTS] + ([re.escape(rest)] if rest else [])
    pieces = re.split("(" + "|".join(tokens) + ")", rendered)
    parts = []
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            parts.append(("text", piece))
        elif piece == rest:
            parts.append(("rest", piece))
        else:
            parts.append((_SLOTS[piece], piece))
    if REST in "".join(p for kind, p in parts if kind == "text"):
        raise RuntimeError("a shell URL was changed by the theme; cannot reuse it")
    return Shell(tuple(parts), (rest,) if rest else ())


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
