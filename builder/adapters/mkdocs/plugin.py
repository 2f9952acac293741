"""The ``ocop`` MkDocs plugin: hand-written pages per language, and the theme's shells.

Driven by ``ocop build`` (through MkDocsAdapter.render), it renders only the
theme's side. Under plain ``mkdocs build`` or ``mkdocs serve`` it is a thin
wrapper: it runs the catalogue's stages itself and writes the generated pages
when MkDocs is done.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from urllib.parse import urlsplit
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation

from ...csp import with_policy
from ...i18n import Lang
from ...problems import CatalogueError
from ...settings import LANGUAGE_NAMES
from ...stored import compiled_templates_cache
from .config import OcopPluginConfig, project_from_mkdocs
from .shells import ShellFactory

log = logging.getLogger("mkdocs.plugins.ocop")
STATUS_CSS = Path(__file__).parents[2] / "static" / "status.css"
STATUS_CSS_URI = "assets/ocop-status.css"
NOT_PUBLISHED = re.compile(r"(\.ya?ml$|^areas/)")
SITEMAP = "sitemap.xml"  # written by files/sitemap.py, not by MkDocs
SCRIPT_FILE = re.compile(r"<script src=(\"[^\"]*\")>")


class MkDocsTheme:
    """What one MkDocs run gives the pipeline (the RenderedTheme of adapters/)."""

    def __init__(self, shells: ShellFactory, outputs: list[str], pages: list[str]):
        self.shells, self.outputs, self.pages = shells, outputs, pages

    def shell(self, lang, section: str, depth: int):
        return self.shells.shell(lang, section, depth)

    def fingerprint(self) -> str:
        return self.shells.fingerprint()

    def rendered_shells(self) -> dict:
        return self.shells.rendered()


class OcopPlugin(BasePlugin[OcopPluginConfig]):
    def __init__(self):
        super().__init__()
        self.driver = None  # (project, hooks) when ocop runs the pipeline; None under plain mkdocs
        self.theme: MkDocsTheme | None = None

    def drive(self, project, hooks) -> None:
        self.driver = (project, hooks)

    serving = False  # plain `mkdocs serve`: its live-reload script is inline and new on every request

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        if self.driver:
            self.project, self.hooks = self.driver
        else:
            self.project = project_from_mkdocs(config, self.config)
            self.hooks = self._prepare()  # the Renderer: alternates and home sections
        self.langs = {code: Lang(code, self.project.languages) for code in self.project.languages}
        config.theme["language"] = self.project.default_language
        config.extra["alternate"] = [
            {"name": LANGUAGE_NAMES.get(code, code), "link": lang.prefix or "./", "lang": code, "tag": lang.tag}
            for code, lang in self.langs.items()]
        config.extra["language_tags"] = {code: lang.tag for code, lang in self.langs.items()}  # zh -> zh-Hans
        site_path = urlsplit(self.project.site_url or "/").path or "/"  # a 404 is served at any depth
        config.extra["not_found"] = [  # one 404 page for every language: it says so in each
            {"tag": lang.tag, "title": lang.s["not_found.title"], "text": lang.s["not_found.text"],
             "home": lang.s["not_found.home"], "link": site_path + lang.prefix} for lang in self.langs.values()]
        # The sitemap is ours (files/sitemap.py, an index with every language); MkDocs' own,
        # without alternates, would replace it in a build that re-renders only the theme's pages.
        config.theme.static_templates.discard(SITEMAP)
        if STATUS_CSS_URI not in config.extra_css:
            config.extra_css.insert(0, STATUS_CSS_URI)
        return config

    def _prepare(self):
        """Plain ``mkdocs build``: the catalogue's stages run here."""
        from ...pipeline.build import prepare, spare_the_garbage_collector
        from ...pipeline.render import Renderer

        spare_the_garbage_collector()
        try:
            self.site = prepare(self.project)
        except CatalogueError as exc:
            raise PluginError("the catalogue has problems:\n" + exc.problems.report()) from None
        renderer = Renderer(self.site)
        renderer.content_policy = not self.serving
        return renderer

    # --- hand-written pages, one folder per language --------------------------

    def language_of(self, src_uri: str) -> tuple[str, str]:
        """('en', 'about-ocop') for 'about-ocop.en.md'; the default language otherwise."""
        stem = src_uri[:-3]
        base, _, suffix = stem.rpartition(".")
        if base and suffix in self.langs and suffix != self.project.default_language:
            return suffix, base
        return self.project.default_language, stem

    def on_files(self, files: Files, config):
        for file in list(files):
            if NOT_PUBLISHED.search(file.src_uri) or file.src_uri == SITEMAP:  # its template, else copied as it is
                files.remove(file)
        self.page_langs: dict[str, str] = {}
        self.neutral: dict[str, str] = {}
        for file in files.documentation_pages():
            code, stem = self.language_of(file.src_uri)
            lang = self.langs[code]
            is_index = stem == "index" or stem.endswith("/index")
            dest = f"{stem}.html" if is_index else f"{stem}/index.html"
            file.dest_uri = lang.prefix + dest
            self.page_langs[file.src_uri] = code
            self.neutral[file.src_uri] = dest[: -len("index.html")]
        self._add_missing_homes(files, config)
        files.append(File.generated(config, STATUS_CSS_URI, content=STATUS_CSS.read_bytes()))
        return files

    def _add_missing_homes(self, files: Files, config) -> None:
        """A language without its own index.<lang>.md still gets a home page."""
        default_home = files.get_file_from_path("index.md")
        for code, lang in self.langs.items():
            if not lang.prefix or files.get_file_from_path(f"index.{code}.md"):
                continue
            content = default_home.content_string if default_home else f"# {self.project.site_name}\n"
            home = File.generated(config, f"index.{code}.md", content=content)
            home.dest_uri = f"{lang.prefix}index.html"
            files.append(home)
            self.page_langs[home.src_uri] = code
            self.neutral[home.src_uri] = ""

    def on_nav(self, nav: Navigation, config, files: Files):
        self.navs = {code: self._language_nav(nav, lang) for code, lang in self.langs.items()}
        return nav

    def _language_nav(self, nav: Navigation, lang: Lang) -> Navigation:
        own_pages = [p for p in nav.pages if self.page_langs.get(p.file.src_uri) == lang.code]
        home = next((p for p in own_pages if self.neutral[p.file.src_uri] == ""), None)
        others = sorted((p for p in own_pages if p is not home), key=lambda p: p.file.src_uri)
        items = ([home] if home else []) + [
            Link(lang.ui("provinces"), f"{lang.prefix}provinces/"),
            Link(lang.ui("groups"), f"{lang.prefix}groups/"),
            Link(lang.ui("stars"), f"{lang.prefix}stars/"),
            Link(lang.ui("points_of_sale"), f"{lang.prefix}points-of-sale/"),
            Link(lang.ui("season"), f"{lang.prefix}season/"),
        ] + others
        language_nav = Navigation(items, [p for p in [home] + others if p])
        language_nav.homepage = home
        return language_nav

    def on_page_markdown(self, markdown: str, page, config, files):
        code = self.page_langs.get(page.file.src_uri, self.project.default_language)
        page.meta["ocop_lang"] = code
        if self.neutral.get(page.file.src_uri) == "":
            page.meta.setdefault("hide", ["navigation", "toc"])  # the home page is a wide catalogue
        page.meta["ocop_alternates"] = self.hooks.alternates(
            self.langs[code].prefix + self.neutral.get(page.file.src_uri, ""), self.langs[code])
        return unicodedata.normalize("NFC", markdown)  # as the catalogue files: what people type

    def on_page_content(self, html: str, page, config, files):
        if self.neutral.get(page.file.src_uri) == "":
            lang = self.langs[page.meta["ocop_lang"]]
            html += self.hooks.home_sections(lang, lang.prefix)
        return html

    def on_page_context(self, context, page, config, nav):
        code = page.meta.get("ocop_lang", self.project.default_language)
        config.site_name = self.project.site_name_in(code)  # this page's language; on_post_page restores it
        context["nav"] = self.navs[code]
        page.previous_page = page.next_page = None
        return context

    def on_post_page(self, output: str, page, config):
        config.site_name = self.project.site_name
        return with_policy(output, enforce=not self.serving)

    def on_post_template(self, output: str, template_name: str, config):
        return with_policy(output, enforce=not self.serving) if template_name.endswith(".html") else output

    # --- the generated catalogue --------------------------------------------

    def on_env(self, env, config, files):
        self.files = files
        env.bytecode_cache = compiled_templates_cache(self.project.cache_dir)
        env.filters["ocop_deferred"] = deferred
        self.shells = ShellFactory(config, env, files, self.navs, self.hooks.alternates, self.project.site_name_in)
        return env

    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        written = [f.dest_uri for f in self.files] + list(config.theme.static_templates)
        outputs = sorted(p for p in set(written) if (site_dir / p).is_file())
        self.theme = MkDocsTheme(self.shells, outputs, sorted(set(self.neutral.values())))
        if not self.driver:
            from ...pipeline.build import begin_search, write_generated
            from ...progress import Progress
            from ...pipeline.write import Output

            counts = write_generated(self.site, self.hooks, self.theme, Output(site_dir), Progress(),
                                     search=begin_search(self.site, self.hooks))
            log.info(f"ocop: {counts['pages']} catalogue pages")

    def on_serve(self, server, config, builder):
        server.watch(str(self.project.products_dir))
        return server


def deferred(html: str) -> str:
    """The theme's scripts, run once the page is parsed (``defer``) instead of
    holding up its first paint; a deferred script still runs before DOMContentLoaded,
    which Material's bundle waits for."""
    return SCRIPT_FILE.sub(r"<script src=\1 defer>", html)
