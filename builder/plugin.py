"""The MkDocs side: hand-written pages per language, and every generated page.

MkDocs renders the few hand-written pages (``catalogue/*.md``, ``*.<lang>.md``);
the thousands of catalogue pages come from the builder's own stages and are
written in ``on_post_build``, so MkDocs never holds them in its navigation.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation

from .build import Progress, prepare, spare_the_garbage_collector, write_site
from .i18n import Lang
from .pages import PageRenderer, compiled_templates_cache
from .problems import CatalogueError
from .settings import LANGUAGE_NAMES, OcopPluginConfig, project_from_mkdocs
from .shell import ShellFactory
from .write import Output

log = logging.getLogger("mkdocs.plugins.ocop")
STATUS_CSS = Path(__file__).parent / "static" / "status.css"
STATUS_CSS_URI = "assets/ocop-status.css"
NOT_PUBLISHED = re.compile(r"(\.ya?ml$|^areas/)")


class OcopPlugin(BasePlugin[OcopPluginConfig]):
    quiet = False
    prepared_site = None  # set by ``ocop build`` so validation runs once
    previous_manifest = None  # set by ``ocop build``: files already published, by key
    last_output = None  # what this build produced, for ``ocop build`` to publish
    mkdocs_outputs: list[str] = []  # what MkDocs itself wrote: theme assets, hand-written pages

    def on_config(self, config):
        spare_the_garbage_collector()  # for `mkdocs build`; `ocop build` has done it already
        self.project = project_from_mkdocs(config, self.config)
        self.langs = {code: Lang(code, self.project.languages) for code in self.project.languages}
        try:
            self.site = OcopPlugin.prepared_site or prepare(self.project, Progress(self.quiet))
        except CatalogueError as exc:
            raise PluginError("the catalogue has problems:\n" + exc.problems.report()) from None
        OcopPlugin.prepared_site = None
        self.renderer = PageRenderer(self.site)
        config.theme["language"] = self.project.default_language
        config.extra["alternate"] = [
            {"name": LANGUAGE_NAMES.get(code, code), "link": lang.prefix or "./", "lang": code, "tag": lang.tag}
            for code, lang in self.langs.items()]
        config.extra["language_tags"] = {code: lang.tag for code, lang in self.langs.items()}  # zh -> zh-Hans
        if STATUS_CSS_URI not in config.extra_css:
            config.extra_css.insert(0, STATUS_CSS_URI)
        return config

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
            if NOT_PUBLISHED.search(file.src_uri):
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
            Link(lang.ui("districts"), f"{lang.prefix}districts/"),
            Link(lang.ui("groups"), f"{lang.prefix}groups/"),
            Link(lang.ui("stars"), f"{lang.prefix}stars/"),
            Link(lang.ui("points_of_sale"), f"{lang.prefix}points-of-sale/"),
        ] + others
        language_nav = Navigation(items, [p for p in [home] + others if p])
        language_nav.homepage = home
        return language_nav

    def on_page_markdown(self, markdown: str, page, config, files):
        code = self.page_langs.get(page.file.src_uri, self.project.default_language)
        page.meta["ocop_lang"] = code
        if self.neutral.get(page.file.src_uri) == "":
            page.meta.setdefault("hide", ["navigation", "toc"])  # the home page is a wide catalogue
        page.meta["ocop_alternates"] = self.renderer.alternates(self.langs[code].prefix + self.neutral.get(page.file.src_uri, ""), self.langs[code])
        return unicodedata.normalize("NFC", markdown)  # as the catalogue files: what people type

    def on_page_content(self, html: str, page, config, files):
        if self.neutral.get(page.file.src_uri) == "":
            lang = self.langs[page.meta["ocop_lang"]]
            html += self.renderer.home_sections(lang, lang.prefix)
        return html

    def on_page_context(self, context, page, config, nav):
        context["nav"] = self.navs[page.meta.get("ocop_lang", self.project.default_language)]
        page.previous_page = page.next_page = None
        return context

    # --- the generated catalogue --------------------------------------------

    def on_env(self, env, config, files):
        self.files = files
        env.bytecode_cache = compiled_templates_cache(self.project.cache_dir)
        self.shells = ShellFactory(config, env, files, self.navs,
                                   lambda path, lang: self.renderer.alternates(path, lang))
        return env

    def on_post_build(self, config):
        self.renderer.shells = self.shells
        extra = sorted(set(self.neutral.values()))
        output = Output(Path(config.site_dir), OcopPlugin.previous_manifest)
        counts = write_site(self.site, self.shells, output, Progress(self.quiet), extra)
        OcopPlugin.last_output = output
        site_dir = Path(config.site_dir)
        written = [f.dest_uri for f in self.files] + list(config.theme.static_templates)
        OcopPlugin.mkdocs_outputs = sorted(p for p in set(written) if (site_dir / p).is_file())
        log.info(f"ocop: {counts['pages']} catalogue pages ({counts['rendered']} rendered, "
                 f"{counts['pages'] - counts['rendered']} unchanged)")

    def on_serve(self, server, config, builder):
        server.watch(str(self.project.products_dir))
        return server
