"""``sitemap.xml``, with every language of a page as its alternates."""
from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from ..kinds import sitemap_paths
from ..pipeline.write import Output

SITEMAP_LIMIT = 45_000  # the protocol allows 50,000 URLs a file


def sitemap_entries(renderer, jobs: list, extra_paths: list[str]) -> list[list[tuple[str, str]]]:
    """Each entry: the same page in every language, as (language, path)."""
    langs = list(renderer.langs.values())
    neutral = sitemap_paths(jobs, langs[0].code) + list(extra_paths)
    return [[(lang.tag, lang.prefix + path) for lang in langs] for path in neutral]  # hreflang: zh-Hans


def sitemap_xml(entries, site_url: str) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for group in entries:
        for _, path in group:
            lines.append(f"<url><loc>{xml_escape(site_url + path)}</loc>")
            for code, alternate in group:
                lines.append(f'<xhtml:link rel="alternate" hreflang="{code}" href="{xml_escape(site_url + alternate)}"/>')
            lines.append("</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_sitemap(site, renderer, jobs: list, output: Output, extra_paths: list[str]) -> None:
    site_url = site.project.site_url
    entries = sitemap_entries(renderer, jobs, extra_paths)
    per_file = max(1, SITEMAP_LIMIT // max(1, len(renderer.langs)))
    (output.out_dir / "sitemap.xml.gz").unlink(missing_ok=True)  # MkDocs' own, without alternates
    (output.out_dir / "sitemap.xml").unlink(missing_ok=True)
    if len(entries) <= per_file:
        output.put_bytes("sitemap.xml", sitemap_xml(entries, site_url))
        return
    index = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for number, start in enumerate(range(0, len(entries), per_file), 1):
        output.put_bytes(f"sitemap-{number}.xml", sitemap_xml(entries[start:start + per_file], site_url))
        index.append(f"<sitemap><loc>{xml_escape(site_url)}sitemap-{number}.xml</loc></sitemap>")
    index.append("</sitemapindex>")
    output.put_bytes("sitemap.xml", ("\n".join(index) + "\n").encode("utf-8"))


