"""The search box on every page: which index bundles it loads, and the script that starts it.

Apart from the index (files/search.py), so that a page's key holds what the
box shows, and not the code that runs Pagefind and writes its files.
"""
from __future__ import annotations

SEARCH_SCRIPT = "assets/ocop-search.js"  # starts Pagefind's UI on the search box's first use

PRODUCTS_PER_SHARD, MOST_SHARDS = 500, 8  # each shard is one more bundle a visitor's phone fetches and merges
# The preview (ocop serve) splits finer: on 127.0.0.1 a bundle more costs the browser next to nothing, and
# Pagefind takes about a second per 500 products in two languages, which an edit would wait for.
PREVIEW_PRODUCTS_PER_SHARD, PREVIEW_MOST_SHARDS = 100, 16


def shard_count(products: int, preview: bool = False) -> int:
    per_shard, most = (PREVIEW_PRODUCTS_PER_SHARD, PREVIEW_MOST_SHARDS) if preview else \
        (PRODUCTS_PER_SHARD, MOST_SHARDS)
    return max(1, min(most, products // per_shard))


def search_bundles(products: int, preview: bool = False) -> list[str]:
    """The site folders of the search index shards, the main one first."""
    return ["pagefind/"] + [f"pagefind-{n}/" for n in range(1, shard_count(products, preview))]


def search_box(links, lang, site) -> dict:
    """What the search box's script (static/search.js) starts Pagefind's UI with: links from the page."""
    bundles = search_bundles(len(site.items), site.project.preview)
    return {"script": links.to("pagefind/pagefind-ui.js"), "style": links.to("pagefind/pagefind-ui.css"),
            "bundles": [links.to(bundle) for bundle in bundles], "base": links.to(""),
            "placeholder": lang.s["search_placeholder"], "location": lang.s["location"]}
