"""``sitemap.xml``: an index of one sitemap per section of the site
(``sitemap-products.xml``, ``sitemap-districts.xml``, ...; the home page and
the hand-written pages in ``sitemap-pages.xml``), every page listed in each
language with all its languages as alternates.

The protocol allows 50,000 URLs and 50 MB (uncompressed) a file: a section
past either goes on in ``sitemap-<section>-2.xml`` and so on. A page's
languages stay together in one file.
"""
from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from ..kinds import sitemap_paths
from ..pipeline.write import Output

MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
HAND_WRITTEN = "pages"  # the section of the home page and the hand-written pages

URLSET_START = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
URLSET_END = "</urlset>\n"
INDEX_START = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
INDEX_END = "</sitemapindex>\n"


def section_of(path: str) -> str:
    """'products/mat-ong/' -> 'products'; the folder names are already URL-safe."""
    return path.split("/", 1)[0]


def sitemap_sections(renderer, jobs: list, extra_paths: list[str]) -> dict[str, list[list[tuple[str, str]]]]:
    """The pages of each section, in build order; a page is the same page in every language, as (hreflang, path)."""
    langs = list(renderer.langs.values())
    neutral = [(HAND_WRITTEN, path) for path in extra_paths]
    neutral += [(section_of(path), path) for path in sitemap_paths(jobs, langs[0].code)]
    sections: dict[str, list] = {}
    for section, path in neutral:
        sections.setdefault(section, []).append([(lang.tag, lang.prefix + path) for lang in langs])  # hreflang: zh-Hans
    return sections


def url_elements(page: list[tuple[str, str]], site_url: str) -> str:
    """One <url> for each language of the page, each naming all the languages."""
    alternates = "".join(f'<xhtml:link rel="alternate" hreflang="{code}" href="{xml_escape(site_url + path)}"/>\n'
                         for code, path in page)
    return "".join(f"<url><loc>{xml_escape(site_url + path)}</loc>\n{alternates}</url>\n" for _, path in page)


def fill_files(pages: list[list[tuple[str, str]]], site_url: str, max_urls: int, max_bytes: int) -> list[bytes]:
    """The pages as sitemap files, each as full as the limits allow (at least one page a file)."""
    room = max_bytes - len((URLSET_START + URLSET_END).encode("utf-8"))
    files, blocks, urls, size = [], [], 0, 0
    for page in pages:
        block = url_elements(page, site_url).encode("utf-8")
        if blocks and (urls + len(page) > max_urls or size + len(block) > room):
            files.append(blocks)
            blocks, urls, size = [], 0, 0
        blocks.append(block)
        urls += len(page)
        size += len(block)
    if blocks:
        files.append(blocks)
    return [URLSET_START.encode("utf-8") + b"".join(blocks) + URLSET_END.encode("utf-8") for blocks in files]


def sitemap_files(sections: dict[str, list], site_url: str,
                  max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES) -> list[tuple[str, bytes]]:
    """``sitemap.xml`` (the index) first, then each section's files."""
    files = []
    for section, pages in sections.items():
        for number, data in enumerate(fill_files(pages, site_url, max_urls, max_bytes), 1):
            files.append((f"sitemap-{section}.xml" if number == 1 else f"sitemap-{section}-{number}.xml", data))
    index = "".join(f"<sitemap><loc>{xml_escape(site_url + name)}</loc></sitemap>\n" for name, _ in files)
    return [("sitemap.xml", (INDEX_START + index + INDEX_END).encode("utf-8")), *files]


def write_sitemap(site, renderer, jobs: list, output: Output, extra_paths: list[str]) -> None:
    sections = sitemap_sections(renderer, jobs, extra_paths)
    for name, data in sitemap_files(sections, site.project.site_url):
        output.put_bytes(name, data)
