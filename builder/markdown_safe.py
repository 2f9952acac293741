"""Markdown from product files, rendered so that nothing in it can run.

markdown-it-py with raw HTML off escapes every tag, and its link validation
refuses javascript:, vbscript:, file: and data: URLs. Images are off as well:
an image URL in a description would load from another host.
"""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

HEADING_SHIFT = 2  # a "# Title" in a description becomes <h3>: the page owns h1 and h2


def _shift_heading(renderer, tokens, idx, options, env):
    token = tokens[idx]
    level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
    token.tag = f"h{level}"
    return renderer.renderToken(tokens, idx, options, env)


def _external_link(renderer, tokens, idx, options, env):
    token = tokens[idx]
    if (token.attrGet("href") or "").startswith(("http://", "https://")):
        token.attrSet("rel", "nofollow noopener")
    return renderer.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.add_render_rule("heading_open", _shift_heading)
    md.add_render_rule("heading_close", _shift_heading)
    md.add_render_rule("link_open", _external_link)
    return md


@lru_cache(maxsize=256)  # an item's pages are rendered together, and several show the same description
def render_markdown(text: str) -> Markup:
    return Markup(_parser().render(text or ""))


def markdown_tokens(text: str) -> list:
    """The parsed tokens, for those who need the text without the markup (the kiosk)."""
    return _parser().parse(text or "")
